// Politeness across worker processes: the same rules as politeness.ts (one request in flight
// per host, the larger of --delay and Crawl-delay between two, host-wide backoff, a cap on this
// process's requests in flight), but the host's turn is a row in the database (crawl_hosts,
// store/pg/work-queue.ts) that every worker claims before it sends a request, so N workers
// together are exactly as polite as one. Times are the database server's, one clock for all.
import PQueue from 'p-queue';
import type { Clock } from '../clock.js';
import type { WorkQueue } from '../store/pg/work-queue.js';
import { HostGaps, InterruptedError, type PolitenessOptions, type RequestScheduler } from './politeness.js';

/** Options for the shared scheduler: those of politeness.ts and how long a host is held at most. */
export interface SharedPolitenessOptions extends PolitenessOptions {
  /** A host taken by a worker that stops answering is free again after this long, in ms. @default 120000 */
  hostLeaseMs?: number;
}

/** Longest single sleep while waiting for a host's turn, so a backoff set meanwhile is seen. */
const MAX_POLL_MS = 1000;

/** Runs tasks per host, politely across every worker of the database. */
export class SharedHostScheduler implements RequestScheduler {
  private readonly global: PQueue;
  private readonly hosts = new Map<string, PQueue>();
  private readonly gaps: HostGaps;
  private readonly hostLeaseMs: number;

  constructor(private readonly queue: WorkQueue, private readonly clock: Clock, private readonly opts: SharedPolitenessOptions = {}) {
    const concurrency = opts.concurrency ?? 16;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`Expected concurrency to be an integer >= 1, got ${concurrency}`);
    this.gaps = new HostGaps(opts);
    this.hostLeaseMs = opts.hostLeaseMs ?? 120_000;
    this.global = new PQueue({ concurrency });
  }

  schedule<T>(host: string, task: () => Promise<T>): Promise<T> {
    let local = this.hosts.get(host);
    if (!local) {
      local = new PQueue({ concurrency: 1 });
      this.hosts.set(host, local);
    }
    return local.add(async () => {
      // The host's turn first, then a slot of this process's cap (as politeness.ts does).
      await this.takeHost(host);
      let cheap = false;
      try {
        const result = (await this.global.add(() => {
          if (this.opts.signal?.aborted) throw new InterruptedError();
          return task();
        })) as T;
        cheap = this.opts.isCheap?.(result) ?? false;
        return result;
      } finally {
        this.queue.releaseHost(host, cheap ? this.cheapGapFor(host) : this.gapFor(host));
      }
    }) as Promise<T>;
  }

  setCrawlDelay(host: string, ms: number): void {
    this.gaps.setCrawlDelay(host, ms);
  }

  setApiGap(host: string, ms: number): void {
    this.gaps.setApiGap(host, ms);
  }

  /** Every worker holds off `host` until `untilMs` (this process's clock, converted to a wait). */
  backoff(host: string, untilMs: number): void {
    this.queue.backoffHost(host, untilMs - this.clock.now());
  }

  gapFor(host: string): number {
    return this.gaps.gapFor(host);
  }

  cheapGapFor(host: string): number {
    return this.gaps.cheapGapFor(host);
  }

  private async takeHost(host: string): Promise<void> {
    const signal = this.opts.signal;
    for (;;) {
      if (signal?.aborted) throw new InterruptedError();
      const wait = this.queue.tryHost(host, this.hostLeaseMs);
      if (wait === 0) return;
      try {
        await this.clock.sleep(Math.min(wait, MAX_POLL_MS), signal);
      } catch (err) {
        if (signal?.aborted) throw new InterruptedError();
        throw err;
      }
    }
  }
}
