// Ctrl-C reaches the host scheduler: a host's wait for its turn (the --delay gap, a 429/503
// backoff) ends at once with InterruptedError instead of being waited out, tasks not yet on the
// wire are refused, and a task already running finishes.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { HostScheduler, InterruptedError } from '../../src/crawl/politeness.js';

describe('HostScheduler with an AbortSignal', () => {
  it('cuts a backoff wait short when aborted, without advancing the clock', async () => {
    const clock = new ManualClock(0);
    const abort = new AbortController();
    const scheduler = new HostScheduler(clock, { delayMs: 0, signal: abort.signal });
    scheduler.backoff('a.example', 60_000);
    let ran = false;
    const waiting = scheduler.schedule('a.example', async () => (ran = true));
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
    expect(ran).toBe(false);
    expect(clock.now()).toBeLessThan(60_000);
  });

  it('lets the request in flight finish and refuses the ones queued behind it', async () => {
    const clock = new ManualClock(0);
    const abort = new AbortController();
    const scheduler = new HostScheduler(clock, { delayMs: 1000, signal: abort.signal });
    let release!: () => void;
    const first = scheduler.schedule('a.example', () => new Promise<string>((r) => (release = () => r('first'))));
    const second = scheduler.schedule('a.example', async () => 'second');
    const other = scheduler.schedule('b.example', async () => 'other');
    await new Promise((r) => setImmediate(r));
    abort.abort();
    release();
    await expect(first).resolves.toBe('first');
    await expect(second).rejects.toBeInstanceOf(InterruptedError);
    // b.example's task had already started (no wait), so it is allowed to finish.
    await expect(other).resolves.toBe('other');
    await expect(scheduler.schedule('c.example', async () => 'late')).rejects.toBeInstanceOf(InterruptedError);
  });

  it('ManualClock.sleep rejects on abort like the real clock', async () => {
    const clock = new ManualClock(0);
    const abort = new AbortController();
    const sleeping = clock.sleep(10_000, abort.signal);
    abort.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    await expect(clock.sleep(5, abort.signal)).rejects.toThrow('stop');
  });
});
