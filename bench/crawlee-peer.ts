// The peer: Crawlee 3's CheerioCrawler on the same generated world, through the same proxy,
// at the same fixed concurrency. Crawlee is never a dependency of linernotes: the benchmark
// installs it on first use into a cache folder outside the project
// (~/.cache/linernotes-bench/crawlee, or $LINERNOTES_BENCH_CACHE/crawlee) and runs it there.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostOf } from './world-gen.js';
import { servedSince, type BenchWorld } from './crawl-bench.js';

/** What the peer's crawl measured. */
export interface PeerMeasure {
  requests: number;
  wallS: number;
  pagesPerS: number;
  cpuMs: number;
  peakRssMb: number;
}

/** The cache folder Crawlee lives in, installed if missing; null when it cannot be installed. */
export function crawleeHome(log: (s: string) => void): string | null {
  const dir = join(process.env.LINERNOTES_BENCH_CACHE ?? join(homedir(), '.cache', 'linernotes-bench'), 'crawlee');
  if (existsSync(join(dir, 'node_modules', 'crawlee', 'package.json'))) return dir;
  mkdirSync(dir, { recursive: true });
  log(`installing crawlee@3 into ${dir} (once; not a dependency of linernotes)`);
  try {
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel', 'error', 'crawlee@3'], { stdio: ['ignore', 'ignore', 'inherit'] });
    return dir;
  } catch {
    return null;
  }
}

// Runs inside the cache folder. Follows what linernotes follows: links on pages, the feed a home
// page declares, and the posts a feed lists; everything else Crawlee does its own way.
const SCRIPT = `
import { writeFileSync } from 'node:fs';
import { CheerioCrawler, Configuration, ProxyConfiguration } from 'crawlee';
const concurrency = Number(process.env.PEER_CONCURRENCY);
const started = performance.now();
const crawler = new CheerioCrawler({
  proxyConfiguration: new ProxyConfiguration({ proxyUrls: [process.env.PEER_PROXY] }),
  minConcurrency: concurrency,
  maxConcurrency: concurrency,
  maxRequestRetries: 0,
  additionalMimeTypes: ['application/rss+xml'],
  async requestHandler({ request, body, enqueueLinks, crawler }) {
    const text = body.toString();
    if (/^\\s*<\\?xml/.test(text)) {
      const links = [...text.matchAll(/<link>([^<]+)<\\/link>/g)].map((m) => m[1]);
      await crawler.addRequests(links);
      return;
    }
    await enqueueLinks({ selector: 'a[href], link[rel=alternate][href]', strategy: 'all' });
  },
}, new Configuration({ persistStorage: false }));
await crawler.run([process.env.PEER_SEED]);
const u = process.resourceUsage();
writeFileSync(process.env.PEER_OUT, JSON.stringify({ wallMs: performance.now() - started, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024 }));
`;

/** Crawl `w` with Crawlee; null when Crawlee is not available. */
export async function crawlWithCrawlee(w: BenchWorld, concurrency: number, log: (s: string) => void): Promise<PeerMeasure | null> {
  const home = crawleeHome(log);
  if (!home) return null;
  const script = join(home, 'peer-crawl.mjs');
  writeFileSync(script, SCRIPT);
  const tmp = mkdtempSync(join(tmpdir(), 'ln-bench-crawlee-'));
  const out = join(tmp, 'out.json');
  const from = w.proxy.requests.length;
  const started = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [script], {
      cwd: home,
      env: {
        ...process.env, PEER_PROXY: w.proxy.url, PEER_SEED: `http://${hostOf(0)}/`, PEER_CONCURRENCY: String(concurrency), PEER_OUT: out,
        CRAWLEE_STORAGE_DIR: join(tmp, 'storage'), CRAWLEE_LOG_LEVEL: 'ERROR', CRAWLEE_AVAILABLE_MEMORY_RATIO: '0.5',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  const wallS = (performance.now() - started) / 1000;
  if (code !== 0 || !existsSync(out)) {
    log(`crawlee exited with ${code}; no peer figures`);
    return null;
  }
  const usage = JSON.parse(readFileSync(out, 'utf8')) as { cpuMs: number; maxRssMb: number };
  const requests = servedSince(w, from).length;
  return { requests, wallS, pagesPerS: requests / wallS, cpuMs: usage.cpuMs, peakRssMb: usage.maxRssMb };
}
