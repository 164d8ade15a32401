// The clock is injected everywhere time matters (politeness delays, backoff, timestamps),
// so tests drive time by hand instead of sleeping.

/** Source of time and of waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolve after `ms` milliseconds of this clock's time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (ms <= 0) return resolve();
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock for tests: time stands still until a sleeper is due; `sleep` advances time to the
 * earliest pending wake-up on the next macrotask, so code that waits never waits for real.
 */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: { at: number; resolve: () => void }[] = [];
  private scheduled = false;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Move time forward by `ms`, waking every sleeper that becomes due. */
  advance(ms: number): void {
    this.current += ms;
    this.wakeDue();
  }

  /** Like the real clock, an abort rejects the sleep at once with the signal's reason. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper = { at: this.current + Math.max(0, ms), resolve: () => { signal?.removeEventListener('abort', onAbort); resolve(); } };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
      this.scheduleAutoAdvance();
    });
  }

  private wakeDue(): void {
    const due = this.sleepers.filter((s) => s.at <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.at > this.current);
    for (const s of due) s.resolve();
  }

  private scheduleAutoAdvance(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.sleepers.length === 0) return;
      const next = Math.min(...this.sleepers.map((s) => s.at));
      if (next > this.current) this.current = next;
      this.wakeDue();
      if (this.sleepers.length > 0) this.scheduleAutoAdvance();
    });
  }
}
