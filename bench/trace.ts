// `node dist/bench/trace.js --size medium --latency 50 [--out trace.json]`: one crawl of a
// generated world with the crawl trace on (bench/trace-recorder.ts), its summary printed: where
// request slots' time went, requests on the wire, answers waiting for their commit turn and the
// memory over the crawl. For finding out, not for pass/fail.
import { readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crawlOnce, SIZES, startBenchWorld, type WorldSize } from './crawl-bench.js';

const argv = process.argv.slice(2);
const get = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const size = SIZES[get('--size', 'medium') as WorldSize['name']];
if (!size) throw new Error('--size must be small, medium or large');
const latency = Number(get('--latency', '50'));
const concurrency = Number(get('--concurrency', '64'));
const out = get('--out', join(tmpdir(), `ln-trace-${size.name}-${latency}.json`));
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

const w = await startBenchWorld({ sites: size.sites, posts: size.posts, latencyMs: latency });
const before = load();
const m = await crawlOnce(w, concurrency, { trace: out });
await w.close();
const { summary } = JSON.parse(readFileSync(out, 'utf8')) as { summary: Record<string, unknown> };
console.log(JSON.stringify({
  size: size.name, latency, concurrency, load: `${before} / ${load()}`, requests: m.requests, wallS: m.wallS, boundS: m.boundS,
  ratioToBound: m.ratioToBound, cpuMsPerRequest: m.cpuMsPerRequest, mainThreadCpuMsPerRequest: m.mainThreadCpuMs === null ? null : m.mainThreadCpuMs / m.requests,
  peakRssMb: m.peakRssMb, eventLoopBusy: m.eventLoopBusy, trace: out, ...summary,
}, null, 1));
