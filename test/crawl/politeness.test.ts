import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { HostScheduler } from '../../src/crawl/politeness.js';

/** Record when (in virtual time) each task ran, per host. */
async function runTasks(scheduler: HostScheduler, clock: ManualClock, hosts: string[]) {
  const log: { host: string; start: number; end: number }[] = [];
  await Promise.all(
    hosts.map((host) =>
      scheduler.schedule(host, async () => {
        const start = clock.now();
        await clock.sleep(100); // the request itself takes 100 ms of virtual time
        log.push({ host, start, end: clock.now() });
      }),
    ),
  );
  return log;
}

describe('HostScheduler', () => {
  it('keeps one request in flight per host and waits --delay after each', async () => {
    const clock = new ManualClock(0);
    const scheduler = new HostScheduler(clock, { concurrency: 16, delayMs: 1000 });
    const log = await runTasks(scheduler, clock, ['a', 'a', 'a']);
    const starts = log.map((l) => l.start);
    expect(starts).toEqual([0, 1100, 2200]);
  });

  it('runs different hosts in parallel', async () => {
    const clock = new ManualClock(0);
    const scheduler = new HostScheduler(clock, { concurrency: 16, delayMs: 1000 });
    const log = await runTasks(scheduler, clock, ['a', 'b', 'c']);
    expect(log.map((l) => l.start)).toEqual([0, 0, 0]);
  });

  it('caps requests in flight across hosts', async () => {
    const clock = new ManualClock(0);
    const scheduler = new HostScheduler(clock, { concurrency: 2, delayMs: 0 });
    const log = await runTasks(scheduler, clock, ['a', 'b', 'c', 'd']);
    const starts = log.map((l) => l.start).sort((x, y) => x - y);
    expect(starts).toEqual([0, 0, 100, 100]);
  });

  it('lets a larger Crawl-delay win over --delay, capped', async () => {
    const clock = new ManualClock(0);
    const scheduler = new HostScheduler(clock, { delayMs: 1000, maxCrawlDelayMs: 5000 });
    scheduler.setCrawlDelay('a', 3000);
    scheduler.setCrawlDelay('b', 500);
    scheduler.setCrawlDelay('c', 3_600_000);
    expect(scheduler.gapFor('a')).toBe(3000);
    expect(scheduler.gapFor('b')).toBe(1000);
    expect(scheduler.gapFor('c')).toBe(5000);
    const log = await runTasks(scheduler, clock, ['a', 'a']);
    expect(log[1]!.start - log[0]!.end).toBe(3000);
  });

  it('holds a host after a backoff, without holding other hosts', async () => {
    const clock = new ManualClock(0);
    const scheduler = new HostScheduler(clock, { delayMs: 0 });
    scheduler.backoff('a', 60_000);
    const log = await runTasks(scheduler, clock, ['a', 'b']);
    expect(log.find((l) => l.host === 'b')!.start).toBe(0);
    expect(log.find((l) => l.host === 'a')!.start).toBe(60_000);
  });

  it('rejects a bad concurrency with the value in the message', () => {
    expect(() => new HostScheduler(new ManualClock(), { concurrency: 0 })).toThrow(/got 0/);
  });
});

describe('API pacing', () => {
  it('paces an API host by its published policy instead of --delay, Crawl-delay still winning', () => {
    const scheduler = new HostScheduler(new ManualClock(0), { delayMs: 1000 });
    scheduler.setApiGap('api', 200);
    expect(scheduler.gapFor('api')).toBe(200);
    expect(scheduler.gapFor('site')).toBe(1000);
    scheduler.setCrawlDelay('api', 5000);
    expect(scheduler.gapFor('api')).toBe(5000);
  });
});

describe('adaptive politeness', () => {
  it('follows a 304 with a quarter of the gap, but never shortens a Crawl-delay', async () => {
    const clock = new ManualClock(0);
    const scheduler = new HostScheduler(clock, { delayMs: 1000, isCheap: (r) => r === 304 });
    const starts: number[] = [];
    const get = (status: number) => scheduler.schedule('a', async () => (starts.push(clock.now()), status));
    await Promise.all([get(304), get(200), get(200)]);
    expect(starts).toEqual([0, 250, 1250]);
    scheduler.setCrawlDelay('b', 3000);
    expect(scheduler.cheapGapFor('b')).toBe(3000);
  });
});
