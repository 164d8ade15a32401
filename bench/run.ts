// `npm run bench`: timings that must not be pass/fail tests on a noisy machine. Each figure is
// printed with the bound or baseline it is compared to. Sections (`--only`): crawl (generated
// worlds, `--size small|medium|large|all`), peer (Crawlee on the same world), rank (1M / 5M
// edges, `--rank-edges`), demo (the demo world, recrawl, extraction), and with `--workers 1,2,4`
// only: N worker processes on one PostgreSQL database (workers-bench.ts). The figures are also
// merged into bench/results/latest.json with the machine and its load.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startOfflineWorld } from '../src/demo/offline-world.js';
import { extractHtml } from '../src/extract/html.js';
import { personalizedPageRank } from '../src/rank/authority.js';
import { crawlOnce, SIZES, startBenchWorld, type CrawlMeasure, type WorldSize } from './crawl-bench.js';
import { crawlWithCrawlee, type PeerMeasure } from './crawlee-peer.js';
import { STAGES } from './profile-stages.js';
import { benchRanking } from './rank-bench.js';
import { benchWorkers } from './workers-bench.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/linernotes');
const WORLD = join(ROOT, 'fixtures/demo-world');

function runCli(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

interface CrawlTiming {
  seconds: number;
  requests: number;
  recrawlSeconds: number;
  recrawlRequests: number;
  /** Pages and feeds the first crawl stored validators for. */
  withValidators: number;
  /** Of those, how many the recrawl asked for conditionally (the rest were posts it skips). */
  conditional: number;
  /** Asked for without validators (should be 0). */
  unconditional: number;
  notModified: number;
}

/** Discover on the demo world, then recrawl the unchanged world; both with the same settings. */
async function timeDemoCrawl(extra: string[]): Promise<CrawlTiming> {
  const world = await startOfflineWorld(WORLD);
  const db = join(mkdtempSync(join(tmpdir(), 'ln-bench-')), 'bench.db');
  let started = performance.now();
  await runCli(['discover', join(WORLD, 'seeds.txt'), '--db', db, '--topic', 'content marketing', '-q', '--bluesky-api', world.blueskyApi!, ...extra], world.env);
  const seconds = (performance.now() - started) / 1000;
  const requests = world.proxy.requests.length;
  const conn = new Database(db, { readonly: true });
  const validated = conn.prepare("SELECT url FROM documents WHERE kind IN ('html','feed') AND (etag IS NOT NULL OR last_modified IS NOT NULL)").pluck().all() as string[];
  conn.close();
  started = performance.now();
  await runCli(['recrawl', '--db', db, '-q'], world.env);
  const recrawlSeconds = (performance.now() - started) / 1000;
  const again = world.proxy.requests.slice(requests);
  const byUrl = new Map(again.map((r) => [`http://${r.host}${r.path}`, r]));
  const asked = validated.map((u) => byUrl.get(u)).filter((r) => r !== undefined);
  await world.close();
  return {
    seconds, requests, recrawlSeconds, recrawlRequests: again.length, withValidators: validated.length,
    conditional: asked.filter((r) => r.headers['if-none-match'] || r.headers['if-modified-since']).length,
    unconditional: asked.filter((r) => !r.headers['if-none-match'] && !r.headers['if-modified-since']).length,
    notModified: asked.filter((r) => r.status === 304).length,
  };
}

function timePageRank(nodes: number, edges: number): number {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const list = Array.from({ length: edges }, () => ({ from: Math.floor(rand() * nodes), to: Math.floor(rand() * nodes), weight: 1 }));
  const p = new Float64Array(nodes);
  for (let i = 0; i < 10; i++) p[i] = 0.1;
  const started = performance.now();
  personalizedPageRank(nodes, list, p);
  return performance.now() - started;
}

function timeExtract(): number {
  const html = readFileSync(join(ROOT, 'fixtures/html/blog-home.html'), 'utf8');
  const big = html.repeat(Math.max(1, Math.ceil(100_000 / html.length)));
  for (let i = 0; i < 20; i++) extractHtml(big, 'https://blog.example/');
  const runs = 200;
  const started = performance.now();
  for (let i = 0; i < runs; i++) extractHtml(big, 'https://blog.example/');
  return (performance.now() - started) / runs;
}

async function demoSection(): Promise<void> {
  const polite = await timeDemoCrawl([]);
  console.log(`demo crawl, default politeness (--delay 1): ${polite.seconds.toFixed(1)} s for ${polite.requests} requests (bound: 60 s)`);
  console.log(
    `recrawl of the unchanged demo world: ${polite.recrawlSeconds.toFixed(1)} s for ${polite.recrawlRequests} requests ` +
      `(${((100 * polite.recrawlSeconds) / polite.seconds).toFixed(0)}% of the first crawl's time); ` +
      `${polite.conditional} conditional requests (${polite.notModified} answered 304) for the ${polite.withValidators} pages and feeds with validators, ` +
      `${polite.unconditional} asked without them; the other ${polite.withValidators - polite.conditional - polite.unconditional} are posts read before, not asked for again`,
  );
  const fast = await timeDemoCrawl(['--delay', '0']);
  console.log(`demo crawl, --delay 0: ${fast.seconds.toFixed(1)} s (${(polite.seconds / fast.seconds).toFixed(1)}x faster; politeness is the cost); recrawl ${fast.recrawlSeconds.toFixed(1)} s`);
  const pr = timePageRank(100_000, 1_000_000);
  console.log(`personalized PageRank, 100k nodes / 1M edges: ${pr.toFixed(0)} ms`);
  console.log(`extractHtml on a ~100 KB page: ${timeExtract().toFixed(2)} ms/page`);
}

// ---- generated worlds -------------------------------------------------------------------------

interface Flags {
  sizes: WorldSize['name'][];
  only: Set<string>;
  latency: number;
  jitter: number;
  concurrency: number;
  rankEdges: number[];
  stages: boolean;
  largeLatency: boolean;
  /** Worker counts to compare on one PostgreSQL database, or null. */
  workers: number[] | null;
  workerConcurrency: number;
}

function parseFlags(argv: string[]): Flags {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const size = get('--size') ?? 'small';
  const sizes = size === 'all' ? (['small', 'medium', 'large'] as const) : size.split(',');
  for (const s of sizes) if (!(s in SIZES)) throw new Error(`--size must be small, medium, large or all, got ${JSON.stringify(s)}`);
  const edges = (get('--rank-edges') ?? '1m').split(',').map((e) => Number(e.replace(/m$/i, '')) * 1_000_000);
  return {
    sizes: sizes as WorldSize['name'][],
    only: new Set((get('--only') ?? 'crawl,peer,rank,demo').split(',')),
    latency: Number(get('--latency') ?? 50),
    jitter: Number(get('--jitter') ?? 0),
    concurrency: Number(get('--concurrency') ?? 64),
    rankEdges: edges,
    stages: !argv.includes('--no-stages'),
    largeLatency: argv.includes('--large-latency'),
    workers: get('--workers') === undefined ? null : get('--workers')!.split(',').map(Number),
    workerConcurrency: Number(get('--worker-concurrency') ?? 4),
  };
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

interface SizeResult {
  requests: number;
  latency_ms: number;
  concurrency: number;
  load_before: string;
  wall_s?: number;
  pages_per_s?: number;
  bound_s?: number;
  ratio_to_bound?: number;
  cpu_ms_per_request: number;
  /** CPU ms per request of the main thread alone (the crawl loop, politeness, the store). */
  main_thread_cpu_ms_per_request?: number;
  /** Main-thread CPU ms per request by stage (stage share of the profile x main-thread CPU). */
  main_stage_ms_per_request?: Record<string, number>;
  /** Stage shares of the fetch thread (requests, decoding, parsing). */
  worker_stages?: Record<string, number>;
  /** parse + extract + store + dispatch, the issue's target. */
  crawl_cpu_ms_per_request?: number;
  stages?: Record<string, number>;
  peak_rss_mb: number;
  /** CPU ms per request of the world server + proxy (same machine), at 0 ms latency. */
  server_cpu_ms_per_request?: number;
  /**
   * The shortest wall the CPU allows on this machine at 50 ms: (crawler + server CPU) ÷ cores,
   * or the crawler's main-thread CPU alone if it is the longer (it runs on one core), over the bound.
   */
  cpu_floor_over_bound?: number;
  /** At 50 ms: CPU of crawler and server over wall, in cores busy. */
  cores_busy?: number;
  /** At 50 ms: share of the wall the crawler's main thread was busy. */
  event_loop_busy?: number;
  /** At 50 ms: main-thread CPU over the bound (it cannot go faster than its own CPU). */
  main_thread_over_bound?: number;
  peer?: PeerMeasure & { load_before: string };
  vs_crawlee?: number;
}

async function crawlSection(flags: Flags, results: Record<string, unknown>): Promise<void> {
  const sizes = (results.sizes ??= {}) as Record<string, SizeResult>;
  for (const name of flags.sizes) {
    const size = SIZES[name];
    console.log(`\n== ${name} world: ${size.sites} sites x ${size.posts} posts, concurrency ${flags.concurrency} (load ${load()})`);
    const idle = await startBenchWorld({ sites: size.sites, posts: size.posts, latencyMs: 0 });
    const loadIdle = load();
    const cpu = await crawlOnce(idle, flags.concurrency);
    let stages: CrawlMeasure['stages'];
    let workerStages: CrawlMeasure['workerStages'];
    if (flags.stages && name !== 'large') ({ stages, workerStages } = await crawlOnce(idle, flags.concurrency, { profile: true }));
    await idle.close();
    const r: SizeResult = {
      requests: cpu.requests, latency_ms: flags.latency, concurrency: flags.concurrency, load_before: loadIdle,
      cpu_ms_per_request: cpu.cpuMsPerRequest, peak_rss_mb: cpu.peakRssMb,
    };
    r.server_cpu_ms_per_request = cpu.serverCpuMs / cpu.requests;
    console.log(`0 ms latency: ${cpu.requests} requests, ${cpu.cpuMs.toFixed(0)} ms CPU = ${cpu.cpuMsPerRequest.toFixed(2)} ms/request (whole process: start-up, fetch, rank included), peak RSS ${cpu.peakRssMb.toFixed(0)} MB`);
    if (cpu.mainThreadCpuMs !== null) {
      r.main_thread_cpu_ms_per_request = cpu.mainThreadCpuMs / cpu.requests;
      console.log(`  main thread alone: ${cpu.mainThreadCpuMs.toFixed(0)} ms CPU = ${r.main_thread_cpu_ms_per_request.toFixed(2)} ms/request (the rest: fetch thread, GC and libuv helpers)`);
    }
    console.log(`  world server + proxy (same cores): ${cpu.serverCpuMs.toFixed(0)} ms CPU = ${r.server_cpu_ms_per_request.toFixed(2)} ms/request`);
    if (stages) {
      r.stages = stages;
      if (r.main_thread_cpu_ms_per_request !== undefined) {
        const perRequest = r.main_thread_cpu_ms_per_request;
        r.main_stage_ms_per_request = Object.fromEntries(STAGES.map((s) => [s, stages![s] * perRequest]));
        console.log(`  main thread, ms/request: ${STAGES.map((s) => `${s} ${r.main_stage_ms_per_request![s]!.toFixed(3)}`).join(', ')}`);
      }
      r.crawl_cpu_ms_per_request = cpu.cpuMsPerRequest * (stages.parse + stages.extract + stages.store + stages.dispatch);
      console.log(`  stages: ${STAGES.map((s) => `${s} ${pct(stages[s])}`).join(', ')}`);
      console.log(`  parse + extract + store + dispatch: ${r.crawl_cpu_ms_per_request.toFixed(2)} ms/request (target <= 1.5)`);
    }
    if (workerStages) {
      r.worker_stages = workerStages;
      console.log(`  fetch thread stages: ${STAGES.map((s) => `${s} ${pct(workerStages![s])}`).join(', ')}`);
    }
    // The latency run: large only with --large-latency (minutes at 50 ms on a small box).
    if (name !== 'large' || flags.largeLatency) {
      const w = await startBenchWorld({ sites: size.sites, posts: size.posts, latencyMs: flags.latency, jitterMs: flags.jitter });
      r.load_before = `${loadIdle} / ${load()}`;
      const m = await crawlOnce(w, flags.concurrency);
      Object.assign(r, { wall_s: m.wallS, pages_per_s: m.pagesPerS, bound_s: m.boundS, ratio_to_bound: m.ratioToBound });
      // The main thread runs on one core at a time; the fetch thread and the server share the rest.
      const floorS = Math.max((m.cpuMs + m.serverCpuMs) / cpus().length, m.mainThreadCpuMs ?? m.cpuMs) / 1000;
      r.cpu_floor_over_bound = floorS / m.boundS;
      r.cores_busy = (m.cpuMs + m.serverCpuMs) / 1000 / m.wallS;
      r.event_loop_busy = m.eventLoopBusy;
      if (m.mainThreadCpuMs !== null) r.main_thread_over_bound = m.mainThreadCpuMs / 1000 / m.boundS;
      console.log(`${flags.latency} ms latency: ${m.requests} requests in ${m.wallS.toFixed(1)} s = ${m.pagesPerS.toFixed(0)} pages/s; bound ${m.boundS.toFixed(1)} s; wall / bound ${m.ratioToBound.toFixed(2)} (target <= 1.3)`);
      console.log(`  CPU meanwhile: crawler ${(m.cpuMs / 1000).toFixed(1)} s, server ${(m.serverCpuMs / 1000).toFixed(1)} s (${r.cores_busy.toFixed(2)} cores busy); the CPU alone needs ${floorS.toFixed(1)} s = ${r.cpu_floor_over_bound.toFixed(2)} x the bound on ${cpus().length} cores`);
      const mainShare = m.mainThreadCpuMs === null ? '' : `; main thread ${(m.mainThreadCpuMs / 1000).toFixed(1)} s CPU = ${r.main_thread_over_bound!.toFixed(2)} x the bound`;
      console.log(`  main thread busy ${pct(m.eventLoopBusy)} of the wall${mainShare} (load ${load()})`);
      if (flags.only.has('peer') && name !== 'large') {
        const loadPeer = load();
        const peer = await crawlWithCrawlee(w, flags.concurrency, (s) => console.log(s));
        if (peer) {
          r.peer = { ...peer, load_before: loadPeer };
          r.vs_crawlee = m.pagesPerS / peer.pagesPerS;
          console.log(`crawlee CheerioCrawler, same world and concurrency: ${peer.requests} requests in ${peer.wallS.toFixed(1)} s = ${peer.pagesPerS.toFixed(0)} pages/s, ${(peer.cpuMs / peer.requests).toFixed(2)} ms CPU/request, peak RSS ${peer.peakRssMb.toFixed(0)} MB`);
          console.log(`linernotes / crawlee pages/s: ${r.vs_crawlee.toFixed(2)} (target >= 4)`);
        }
      }
      await w.close();
    }
    sizes[name] = r;
  }
  const small = sizes.small;
  const large = sizes.large;
  if (small && large) {
    results.per_request_large_over_small = large.cpu_ms_per_request / small.cpu_ms_per_request;
    console.log(`\nper-request CPU, large / small: ${(results.per_request_large_over_small as number).toFixed(2)} (target <= 1.2)`);
  }
}

function rankSection(flags: Flags, results: Record<string, unknown>): void {
  const rank = (results.rank ??= {}) as Record<string, unknown>;
  for (const edges of flags.rankEdges) {
    const label = `${edges / 1_000_000}m`;
    const loadBefore = load();
    const m = benchRanking(edges, { networkx: edges <= 1_000_000 });
    rank[label] = { ...m, load_before: loadBefore };
    const nx = m.networkxS === null ? (edges <= 1_000_000 ? 'networkx not installed (apt-get install python3-networkx)' : 'networkx not run above 1M edges') : `networkx.pagerank ${m.networkxS.toFixed(2)} s = ${(m.networkxS / m.pprS).toFixed(0)}x ours`;
    console.log(`\nranking ${m.edges.toLocaleString('en')} edges / ${m.nodes.toLocaleString('en')} nodes: ${m.rankS.toFixed(2)} s from SQLite to stored scores (target <= 1 s at 1M); PageRank alone ${m.pprS.toFixed(2)} s; ${nx}`);
    console.log(`  ${m.rankCpuS.toFixed(2)} s CPU; steps: ${Object.entries(m.steps).map(([k, v]) => `${k} ${pct(v)}`).join(', ')}; peak RSS of the bench process ${m.peakRssMb.toFixed(0)} MB`);
  }
}

const RESULTS = join(ROOT, 'bench/results/latest.json');

function saveResults(measured: Record<string, unknown>): void {
  // Re-read: another bench run (another size) may have written since this one started.
  const results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  if (measured.workers !== undefined) results.workers = measured.workers;
  for (const group of ['sizes', 'rank']) {
    results[group] = { ...((results[group] ?? {}) as object), ...((measured[group] ?? {}) as object) };
  }
  if (measured.per_request_large_over_small !== undefined) results.per_request_large_over_small = measured.per_request_large_over_small;
  const sizes = results.sizes as Record<string, SizeResult>;
  const rank = results.rank as Record<string, { rankS: number }>;
  // The headline keys the issue asks for.
  if (sizes.medium?.ratio_to_bound !== undefined) results.ratio_to_bound = sizes.medium.ratio_to_bound;
  if (sizes.medium?.vs_crawlee !== undefined) results.vs_crawlee = sizes.medium.vs_crawlee;
  const cpuFrom = sizes.medium ?? sizes.small;
  if (cpuFrom) results.cpu_ms_per_request = cpuFrom.crawl_cpu_ms_per_request ?? cpuFrom.cpu_ms_per_request;
  if (cpuFrom) results.cpu_ms_per_request_whole_process = cpuFrom.cpu_ms_per_request;
  if (sizes.large) results.peak_rss_mb_100k = sizes.large.peak_rss_mb;
  if (rank['1m']) results.pagerank_1m_s = rank['1m'].rankS;
  results.machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, note: 'shared with other jobs; load averages are recorded with each figure' };
  results.updated = new Date().toISOString();
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${RESULTS}`);
}

const flags = parseFlags(process.argv.slice(2));
// Earlier figures stay until a run measures them again (sizes run separately on a small box);
// the small world's figures are read so large / small can be computed.
const earlier = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as { sizes?: Record<string, SizeResult> }) : {};
const results: Record<string, unknown> = { sizes: {}, rank: {} };
if (earlier.sizes?.small && !flags.sizes.includes('small')) (results.sizes as Record<string, SizeResult>).small = earlier.sizes.small;
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, load ${load()}`);
if (flags.workers) {
  // Only this section: the others are measured by their own runs.
  const size = SIZES[flags.sizes[0]!];
  console.log(`\n== workers on one PostgreSQL database: ${size.name} world (${size.sites} sites x ${size.posts} posts), ${flags.latency} ms latency, concurrency ${flags.workerConcurrency} per worker`);
  const runs = await benchWorkers(flags.workers, size, flags.latency, flags.workerConcurrency, (l) => console.log(l));
  saveResults({ workers: { world: size.name, latency_ms: flags.latency, concurrency_per_worker: flags.workerConcurrency, runs, target: 'pages/s of N workers >= 0.8 x N x one worker', measured: new Date().toISOString() } });
  process.exit(0);
}
if (flags.only.has('crawl')) await crawlSection(flags, results);
if (flags.only.has('rank')) rankSection(flags, results);
saveResults(results);
if (flags.only.has('demo')) {
  console.log('\n== demo world');
  await demoSection();
}
