// The linernotes CLI as the crawl benchmark runs it: the real `main` with the real streams,
// then, on exit, this process's CPU time (all threads, and the main thread alone), peak RSS and
// the main thread's busy share written as JSON to $LN_BENCH_USAGE (a child's own resource
// usage is not visible to its parent in Node).
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { main } from '../src/cli/main.js';
import { startTrace } from './trace-recorder.js';

/**
 * CPU ms of this process's main thread (Linux: its task is the one whose id is the pid), or
 * null elsewhere. The fetch thread, GC helpers and libuv's pool are the rest of the process.
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

const finishTrace = process.env.LN_BENCH_TRACE ? startTrace(process.env.LN_BENCH_TRACE) : null;
const started = performance.now();
const elu = performance.eventLoopUtilization();
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
const usage = process.resourceUsage();
finishTrace?.();
const out = process.env.LN_BENCH_USAGE;
if (out) {
  writeFileSync(out, JSON.stringify({
    code,
    wallMs: performance.now() - started,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    mainThreadCpuMs: mainThreadCpuMs(),
    maxRssMb: usage.maxRSS / 1024,
    // Share of the wall the main thread was busy: near 1, the crawl waits for its own CPU.
    eventLoopBusy: performance.eventLoopUtilization(elu).utilization,
  }));
}
process.exitCode = code;
