// `npm run bench`: timings that must not be pass/fail tests on a noisy machine. Each figure is
// printed with the bound or baseline it is compared to.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startOfflineWorld } from '../src/demo/offline-world.js';
import { extractHtml } from '../src/extract/html.js';
import { personalizedPageRank } from '../src/rank/authority.js';

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
