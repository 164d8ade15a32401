// `npm run bench -- --workers 1,2,4`: N worker processes crawling one generated world into one
// PostgreSQL database (`discover` plus N-1 `linernotes worker`), against one worker alone. The
// world server checks what they did together: no URL asked for twice, never two requests in
// flight to one host, the smallest gap between two requests to a host. A throwaway PostgreSQL
// cluster (the tests' helper) is started for the bench and stopped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgBridge } from '../src/store/pg/bridge.js';
import { startPgCluster } from './pg-cluster.js';
import { discoverArgs, startBenchWorld, type BenchWorld, type WorldSize } from './crawl-bench.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/linernotes');

/** What N workers did. */
export interface WorkersMeasure {
  workers: number;
  concurrency_per_worker: number;
  requests: number;
  wall_s: number;
  pages_per_s: number;
  /** pages/s over one worker's pages/s (target >= 0.8 x workers). */
  speedup?: number;
  /** URLs asked for more than once. */
  duplicates: number;
  /** The most requests in flight at once to one host. */
  max_host_in_flight: number;
  /** The smallest gap between two requests to one host, in ms (--delay is 0 here). */
  min_host_gap_ms: number;
  load_before: string;
  load_after: string;
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

function start(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<number> } {
  // For profiles and V8 experiments, as in crawl-bench (LN_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p").
  const nodeArgs = (process.env.LN_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1))) };
}

/** Wait until discover has created the run (workers started earlier would find nothing to join). */
async function runStarted(url: string): Promise<void> {
  const db = new PgBridge({ url, name: 'bench', queryTimeoutMs: 10_000 });
  try {
    for (let i = 0; i < 2000; i++) {
      try {
        if ((db.query("SELECT count(*) AS n FROM runs WHERE status = 'running'").rows[0] as { n: number }).n > 0) return;
      } catch {
        /* no schema yet */
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('discover did not start a run');
  } finally {
    db.close();
  }
}

/** The world server's view of the crawl: duplicates, host concurrency, smallest host gap. */
function served(w: BenchWorld): Pick<WorkersMeasure, 'requests' | 'duplicates' | 'max_host_in_flight' | 'min_host_gap_ms'> {
  const reqs = w.proxy.requests.filter((r) => r.method !== 'CONNECT');
  const seen = new Set<string>();
  let duplicates = 0;
  const byHost = new Map<string, typeof reqs>();
  for (const r of reqs) {
    const key = `${r.host}${r.path}`;
    if (seen.has(key)) duplicates++;
    seen.add(key);
    let list = byHost.get(r.host);
    if (!list) byHost.set(r.host, (list = []));
    list.push(r);
  }
  let maxInFlight = 0;
  let minGap = Infinity;
  for (const list of byHost.values()) {
    list.sort((a, b) => a.at - b.at);
    for (let i = 0; i < list.length; i++) {
      // Requests that arrived before this one and had not been answered in full yet.
      let open = 1;
      for (let j = 0; j < i; j++) if ((list[j]!.doneAt ?? Infinity) > list[i]!.at) open++;
      maxInFlight = Math.max(maxInFlight, open);
      if (i > 0) minGap = Math.min(minGap, list[i]!.at - list[i - 1]!.at);
    }
  }
  return { requests: reqs.length, duplicates, max_host_in_flight: maxInFlight, min_host_gap_ms: Number.isFinite(minGap) ? minGap : 0 };
}

/** Crawl a fresh copy of the world with `n` workers on a fresh database of `cluster`. */
async function crawlWith(n: number, size: WorldSize, latencyMs: number, concurrency: number, url: string): Promise<WorkersMeasure> {
  const w = await startBenchWorld({ sites: size.sites, posts: size.posts, latencyMs });
  const env = { ...w.env, LINERNOTES_DB: url };
  const loadBefore = load();
  const started = performance.now();
  const procs = [start(discoverArgs(w, url, concurrency), env)];
  await runStarted(url);
  for (let i = 1; i < n; i++) procs.push(start(['worker', '-q'], env));
  const codes = await Promise.all(procs.map((p) => p.done));
  const wallS = (performance.now() - started) / 1000;
  await w.close();
  if (codes.some((c) => c !== 0 && c !== 4)) throw new Error(`a worker exited with ${codes.join(', ')}`);
  const s = served(w);
  return { workers: n, concurrency_per_worker: concurrency, ...s, wall_s: wallS, pages_per_s: s.requests / wallS, load_before: loadBefore, load_after: load() };
}

/** Measure each worker count of `counts` on the `size` world. */
export async function benchWorkers(counts: number[], size: WorldSize, latencyMs: number, concurrency: number, log: (line: string) => void): Promise<WorkersMeasure[]> {
  const cluster = startPgCluster();
  const admin = new PgBridge({ url: cluster.url('postgres'), name: 'bench cluster', queryTimeoutMs: 30_000 });
  const out: WorkersMeasure[] = [];
  try {
    for (const n of counts) {
      const name = `ln_bench_${n}_${randomBytes(4).toString('hex')}`;
      admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
      const m = await crawlWith(n, size, latencyMs, concurrency, cluster.url(name));
      const one = out.find((o) => o.workers === 1);
      if (one) m.speedup = m.pages_per_s / one.pages_per_s;
      out.push(m);
      const vs = m.speedup === undefined ? '' : `; ${m.speedup.toFixed(2)} x one worker (target >= ${(0.8 * n).toFixed(1)})`;
      log(`${n} worker(s) x concurrency ${concurrency}: ${m.requests} requests in ${m.wall_s.toFixed(1)} s = ${m.pages_per_s.toFixed(0)} pages/s${vs}`);
      log(`  world server: ${m.duplicates} URLs asked twice, at most ${m.max_host_in_flight} request(s) in flight per host, smallest gap ${m.min_host_gap_ms} ms at --delay 0 (load ${m.load_before} -> ${m.load_after})`);
    }
  } finally {
    admin.close();
    cluster.stop();
  }
  return out;
}
