// Scratch: Crawlee on a world size at a latency (development aid).
import { startBenchWorld, SIZES } from './crawl-bench.js';
import { crawlWithCrawlee } from './crawlee-peer.js';
const size = SIZES[(process.argv[2] ?? 'small') as 'small'];
const w = await startBenchWorld({ sites: size.sites, posts: size.posts, latencyMs: Number(process.argv[3] ?? 0) });
console.log(await crawlWithCrawlee(w, 64, console.error));
await w.close();
