// Scratch: one crawl of a world size at a latency (development aid, not part of npm run bench).
import { crawlOnce, SIZES, startBenchWorld } from './crawl-bench.js';
const size = SIZES[(process.argv[2] ?? 'small') as 'small'];
const latency = Number(process.argv[3] ?? 0);
const w = await startBenchWorld({ sites: size.sites, posts: size.posts, latencyMs: latency });
const m = await crawlOnce(w, 64, { profile: process.argv.includes('--profile') });
console.log(JSON.stringify(m, null, 1));
await w.close();
