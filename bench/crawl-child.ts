// The linernotes CLI as the crawl benchmark runs it: the real `main` with the real streams,
// then, on exit, this process's CPU time and peak RSS written as JSON to $LN_BENCH_USAGE (a
// child's own resource usage is not visible to its parent in Node).
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { main } from '../src/cli/main.js';

const started = performance.now();
const elu = performance.eventLoopUtilization();
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
const usage = process.resourceUsage();
const out = process.env.LN_BENCH_USAGE;
if (out) {
  writeFileSync(out, JSON.stringify({
    code,
    wallMs: performance.now() - started,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    maxRssMb: usage.maxRSS / 1024,
    // Share of the wall the main thread was busy: near 1, the crawl waits for its own CPU.
    eventLoopBusy: performance.eventLoopUtilization(elu).utilization,
  }));
}
process.exitCode = code;
