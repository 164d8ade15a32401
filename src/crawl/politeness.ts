// Politeness: at most one request in flight per host, a minimum gap between requests to the
// same host (the larger of --delay and the site's Crawl-delay), a global concurrency cap, and
// host-wide backoff after 429/503. Waiting for a host's turn never holds a global slot.
import PQueue from 'p-queue';
import type { Clock } from '../clock.js';
import { slotChannel, type SlotEvent } from './crawl-trace.js';

/** Options for the host scheduler. */
export interface PolitenessOptions {
  /** Requests in flight across all hosts. @default 16 */
  concurrency?: number;
  /** Minimum gap between two requests to one host, in ms. @default 1000 */
  delayMs?: number;
  /** Upper bound for a site's Crawl-delay, so one robots.txt cannot stall a run. @default 60000 */
  maxCrawlDelayMs?: number;
  /** Whether a task's result was cheap for the server (a 304), earning a shorter gap. @default never */
  isCheap?: (result: unknown) => boolean;
  /**
   * Ctrl-C: once aborted, waits for a host's turn (delays, backoffs) end at once and tasks not
   * yet started are refused with `InterruptedError`; requests already on the wire finish.
   */
  signal?: AbortSignal;
}

/** A task refused or a wait cut short because the run is stopping (Ctrl-C). */
export class InterruptedError extends Error {
  readonly code = 'LN_INTERRUPTED';
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

/** What polite fetching needs of a scheduler: this process's {@link HostScheduler}, or shared-politeness.ts's one shared by workers. */
export interface RequestScheduler {
  /** Run `task` when `host` is free and its delay has passed, within the global cap. */
  schedule<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** A site's robots.txt Crawl-delay in ms. */
  setCrawlDelay(host: string, ms: number): void;
  /** An API's published pacing in ms. */
  setApiGap(host: string, ms: number): void;
  /** Hold every request to `host` until `untilMs`. */
  backoff(host: string, untilMs: number): void;
}

/** Share of the usual gap that follows a cheap answer. */
export const CHEAP_ANSWER_SHARE = 0.25;

/**
 * The gap rules, per host: --delay, or an API's published pacing instead; a site's Crawl-delay
 * (capped) when larger; a quarter of the usual gap after a cheap answer. Both schedulers (this
 * process's and the one shared by workers) ask this one copy.
 */
export class HostGaps {
  private readonly crawlDelay = new Map<string, number>();
  private readonly apiGap = new Map<string, number>();
  private readonly delayMs: number;
  private readonly maxCrawlDelayMs: number;

  constructor(opts: Pick<PolitenessOptions, 'delayMs' | 'maxCrawlDelayMs'> = {}) {
    this.delayMs = opts.delayMs ?? 1000;
    if (!(this.delayMs >= 0)) throw new RangeError(`Expected delayMs to be a number >= 0, got ${this.delayMs}`);
    this.maxCrawlDelayMs = opts.maxCrawlDelayMs ?? 60_000;
  }

  /** A site's robots.txt Crawl-delay (seconds converted to ms); the larger of it and --delay wins. */
  setCrawlDelay(host: string, ms: number): void {
    if (ms > 0) this.crawlDelay.set(host, Math.min(ms, this.maxCrawlDelayMs));
  }

  /**
   * An API that publishes its rate-limit policy is paced by it instead of --delay (see
   * rate-limit.ts `policyGapMs`); a site's Crawl-delay still wins if larger.
   */
  setApiGap(host: string, ms: number): void {
    if (ms > 0) this.apiGap.set(host, ms);
  }

  /** The gap this host gets between requests. */
  gapFor(host: string): number {
    return Math.max(this.apiGap.get(host) ?? this.delayMs, this.crawlDelay.get(host) ?? 0);
  }

  /**
   * The gap after an answer that cost the server next to nothing (a 304 Not Modified): a quarter
   * of --delay, adaptive politeness as Heritrix does it. A site's Crawl-delay is never shortened.
   */
  cheapGapFor(host: string): number {
    return Math.max((this.apiGap.get(host) ?? this.delayMs) * CHEAP_ANSWER_SHARE, this.crawlDelay.get(host) ?? 0);
  }
}

/** Runs tasks per host, politely. */
export class HostScheduler implements RequestScheduler {
  private readonly global: PQueue;
  private readonly hosts = new Map<string, PQueue>();
  private readonly nextAt = new Map<string, number>();
  private readonly gaps: HostGaps;
  private readonly isCheap: ((result: unknown) => boolean) | undefined;
  private readonly signal: AbortSignal | undefined;

  constructor(private readonly clock: Clock, opts: PolitenessOptions = {}) {
    const concurrency = opts.concurrency ?? 16;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`Expected concurrency to be an integer >= 1, got ${concurrency}`);
    this.gaps = new HostGaps(opts);
    this.isCheap = opts.isCheap;
    this.signal = opts.signal;
    this.global = new PQueue({ concurrency });
  }

  /** Run `task` when `host` is free and its delay has passed, within the global cap. */
  schedule<T>(host: string, task: () => Promise<T>): Promise<T> {
    let queue = this.hosts.get(host);
    if (!queue) {
      queue = new PQueue({ concurrency: 1 });
      this.hosts.set(host, queue);
    }
    return queue.add(async () => {
      await this.waitForTurn(host);
      let cheap = false;
      const traced = slotChannel.hasSubscribers;
      const readyAt = traced ? performance.now() : 0;
      let startedAt = 0;
      try {
        const result = (await this.global.add(() => {
          if (this.signal?.aborted) throw new InterruptedError();
          if (traced) startedAt = performance.now();
          return task();
        })) as T;
        cheap = this.isCheap?.(result) ?? false;
        return result;
      } finally {
        if (traced && startedAt > 0) slotChannel.publish({ host, readyAt, startedAt, endedAt: performance.now() } satisfies SlotEvent);
        const gap = cheap ? this.cheapGapFor(host) : this.gapFor(host);
        this.nextAt.set(host, Math.max(this.nextAt.get(host) ?? 0, this.clock.now() + gap));
      }
    }) as Promise<T>;
  }

  /** A site's robots.txt Crawl-delay in ms (see {@link HostGaps}). */
  setCrawlDelay(host: string, ms: number): void {
    this.gaps.setCrawlDelay(host, ms);
  }

  /** An API's published pacing in ms (see {@link HostGaps}). */
  setApiGap(host: string, ms: number): void {
    this.gaps.setApiGap(host, ms);
  }

  /** Hold every request to `host` until `untilMs` (after a 429/503). */
  backoff(host: string, untilMs: number): void {
    this.nextAt.set(host, Math.max(this.nextAt.get(host) ?? 0, untilMs));
  }

  /** The gap this host gets between requests. */
  gapFor(host: string): number {
    return this.gaps.gapFor(host);
  }

  /** The gap after a cheap answer (a 304). */
  cheapGapFor(host: string): number {
    return this.gaps.cheapGapFor(host);
  }

  /** Loop, because a backoff may push the turn further while we sleep. */
  private async waitForTurn(host: string): Promise<void> {
    for (;;) {
      if (this.signal?.aborted) throw new InterruptedError();
      const wait = (this.nextAt.get(host) ?? 0) - this.clock.now();
      if (wait <= 0) return;
      try {
        await this.clock.sleep(wait, this.signal);
      } catch (err) {
        if (this.signal?.aborted) throw new InterruptedError();
        throw err;
      }
    }
  }
}
