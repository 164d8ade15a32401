// One crawl of a generated world by linernotes, measured: wall time, the politeness bound,
// CPU time and peak RSS of the crawling process (a child, so the world proxy's own CPU is not
// counted), and optionally a CPU profile split into stages.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorldProxy, type WorldProxy } from '../src/demo/world-proxy.js';
import { stageShares, type StageShares } from './profile-stages.js';
import { generateWorld, hostOf, type GeneratedWorld, type WorldGenOptions } from './world-gen.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = join(ROOT, 'dist/bench/crawl-child.js');

/** A benchmark world size. */
export interface WorldSize {
  name: 'small' | 'medium' | 'large';
  sites: number;
  posts: number;
}

export const SIZES: Record<WorldSize['name'], WorldSize> = {
  small: { name: 'small', sites: 100, posts: 22 },
  medium: { name: 'medium', sites: 1000, posts: 22 },
  large: { name: 'large', sites: 4000, posts: 22 },
};

/** What one crawl measured. */
export interface CrawlMeasure {
  requests: number;
  wallS: number;
  pagesPerS: number;
  /** max(Σ latency ÷ concurrency, max over hosts of Σ latency of its requests), in s. */
  boundS: number;
  ratioToBound: number;
  /** CPU of the whole crawling process: main thread, fetch thread, GC and libuv helpers. */
  cpuMs: number;
  cpuMsPerRequest: number;
  /** CPU of the main thread alone (null off Linux): what the crawl loop waits for. */
  mainThreadCpuMs: number | null;
  peakRssMb: number;
  /**
   * CPU of the bench process meanwhile: the world server and the fixture proxy (and the
   * little the bench itself does), on the same cores as the crawler.
   */
  serverCpuMs: number;
  /** Share of the wall the crawler's main thread was busy. */
  eventLoopBusy: number;
  /** Stage shares of the main thread's busy time. */
  stages?: StageShares;
  /** Stage shares of the fetch thread's busy time, when there is one. */
  workerStages?: StageShares;
}

/** A running generated world behind the fixture proxy. */
export interface BenchWorld {
  world: GeneratedWorld;
  proxy: WorldProxy;
  env: Record<string, string>;
  seedsFile: string;
  close(): Promise<void>;
}

/** Start a generated world; its only seed is s0. */
export async function startBenchWorld(opts: WorldGenOptions): Promise<BenchWorld> {
  const world = generateWorld(opts);
  const dir = mkdtempSync(join(tmpdir(), 'ln-bench-world-'));
  const proxy = await startWorldProxy({ root: dir, handle: (host, path, req, res) => world.handle(host, path, req, res) });
  const seedsFile = join(dir, 'seeds.txt');
  writeFileSync(seedsFile, `http://${hostOf(0)}/\n`);
  const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '', http_proxy: proxy.url, https_proxy: proxy.url, no_proxy: '' };
  return { world, proxy, env, seedsFile, close: () => proxy.close() };
}

/** Requests (not CONNECT tunnels) the proxy saw since index `from`. */
export function servedSince(w: BenchWorld, from: number): { host: string; path: string }[] {
  return w.proxy.requests.slice(from).filter((r) => r.method !== 'CONNECT');
}

/** The politeness bound of a set of requests at this concurrency, in seconds. */
export function boundOf(w: BenchWorld, served: { host: string; path: string }[], concurrency: number): number {
  let total = 0;
  const perHost = new Map<string, number>();
  for (const r of served) {
    const l = w.world.latencyOf(r.host, r.path);
    total += l;
    perHost.set(r.host, (perHost.get(r.host) ?? 0) + l);
  }
  return Math.max(total / concurrency, ...perHost.values(), 0) / 1000;
}

/** The discover flags that make a crawl read the whole world. */
export function discoverArgs(w: BenchWorld, db: string, concurrency: number): string[] {
  const { posts } = w.world.options;
  return [
    'discover', w.seedsFile, '--db', db, '--topic', 'content marketing', '-q', '--depth', '10', '--delay', '0',
    '--concurrency', String(concurrency), '--items-per-feed', String(posts), '--posts-per-site', String(posts),
    '--per-site', String(posts + 2), '--max-pages', '10000000',
  ];
}

/** Crawl `w` once with linernotes in a child process. */
export async function crawlOnce(w: BenchWorld, concurrency: number, opts: { profile?: boolean; trace?: string; env?: Record<string, string> } = {}): Promise<CrawlMeasure> {
  const dir = mkdtempSync(join(tmpdir(), 'ln-bench-run-'));
  const usageFile = join(dir, 'usage.json');
  const from = w.proxy.requests.length;
  const nodeArgs = opts.profile ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
  // For experiments with V8's flags (LN_BENCH_NODE_ARGS="--max-semi-space-size=32").
  if (process.env.LN_BENCH_NODE_ARGS) nodeArgs.push(...process.env.LN_BENCH_NODE_ARGS.split(' ').filter(Boolean));
  const started = performance.now();
  const serverCpu = process.cpuUsage();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, CHILD, ...discoverArgs(w, join(dir, 'bench.db'), concurrency)], {
      env: { ...process.env, ...w.env, ...opts.env, NO_COLOR: '1', LN_BENCH_USAGE: usageFile, ...(opts.trace ? { LN_BENCH_TRACE: opts.trace } : {}) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  const wallS = (performance.now() - started) / 1000;
  const serverUsage = process.cpuUsage(serverCpu);
  const serverCpuMs = (serverUsage.user + serverUsage.system) / 1000;
  if (code !== 0 && code !== 4) throw new Error(`linernotes discover exited with ${code}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; mainThreadCpuMs: number | null; maxRssMb: number; eventLoopBusy: number };
  const served = servedSince(w, from);
  const boundS = boundOf(w, served, concurrency);
  const m: CrawlMeasure = {
    requests: served.length, wallS, pagesPerS: served.length / wallS, boundS, ratioToBound: boundS > 0 ? wallS / boundS : NaN,
    cpuMs: usage.cpuMs, cpuMsPerRequest: usage.cpuMs / served.length, mainThreadCpuMs: usage.mainThreadCpuMs ?? null, peakRssMb: usage.maxRssMb, serverCpuMs, eventLoopBusy: usage.eventLoopBusy,
  };
  if (opts.profile) {
    // One profile per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile): thread 0 is
    // the main thread, whose stages the crawl loop waits for; the fetch thread's are kept apart.
    const profiles = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
    const main = profiles.find((f) => f.split('.')[4] === '0') ?? profiles[0];
    const worker = profiles.find((f) => f !== main);
    if (main) {
      m.stages = stageShares(JSON.parse(readFileSync(join(dir, main), 'utf8')));
      if (process.env.LN_BENCH_KEEP_PROFILE) writeFileSync(process.env.LN_BENCH_KEEP_PROFILE, readFileSync(join(dir, main)));
    }
    if (worker) {
      m.workerStages = stageShares(JSON.parse(readFileSync(join(dir, worker), 'utf8')));
      if (process.env.LN_BENCH_KEEP_PROFILE) writeFileSync(`${process.env.LN_BENCH_KEEP_PROFILE}.worker`, readFileSync(join(dir, worker)));
    }
  }
  return m;
}
