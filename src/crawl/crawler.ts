// The crawl loop: breadth-first by hop, level by level, so every URL is reached at its
// shortest hop count whatever order pages finish in. Rows are chosen from an in-memory ready
// queue (round-robin over hosts) that mirrors the frontier table. Outcomes that finish together
// are stored in one transaction, each whole (documents, edges, new rows, the row's own status),
// so a process killed at any moment leaves the frontier as it was after the last commit.
import type { Clock } from '../clock.js';
import { oneLine } from '../errors.js';
import { siteKeyOf } from '../extract/site.js';
import type { FrontierRow } from '../store/frontier.js';
import type { Store } from '../store/store.js';
import type { PoliteFetch } from './polite-fetch.js';
import { DispatchQueue } from './dispatch-queue.js';
import { OutcomeWriter } from './outcome-writer.js';
import type { CrawlSettings } from './settings.js';
import { emptyOutcome, type Source, type SourceContext, type TaskOutcome } from '../sources/source.js';

/** What the crawler needs from the outside world. */
export interface CrawlDeps {
  store: Store;
  fetch: PoliteFetch;
  clock: Clock;
  sources: readonly Source[];
  /** Called after every finished row, for progress displays. */
  onProgress?: (p: CrawlProgress) => void;
}

/** A snapshot for progress displays. */
export interface CrawlProgress {
  depth: number;
  fetched: number;
  queued: number;
  inFlight: number;
  failed: number;
  entities: number;
}

/** How a crawl ended. */
export interface CrawlResult {
  stopReason: 'finished' | 'max-pages' | 'interrupted';
  fetched: number;
  failed: number;
  skipped: number;
  overBudget: number;
}

/** Rows handed to host queues at once, per unit of concurrency (the rest wait in the ready queue). */
const DISPATCH_FACTOR = 4;
/** Rows of one host handed out at once: one being fetched, one ready behind it. */
const PER_HOST_DISPATCH = 2;

/** Crawl run `runId` until its frontier is exhausted, --max-pages is reached or `signal` aborts. */
export async function crawl(runId: number, settings: CrawlSettings, deps: CrawlDeps, signal?: AbortSignal): Promise<CrawlResult> {
  return new Crawler(runId, settings, deps).run(signal);
}

/** A finished row whose outcome waits for the next batch commit. */
interface Finished {
  row: FrontierRow;
  outcome: TaskOutcome;
}

class Crawler {
  private readonly inFlight = new Set<number>();
  private readonly queue = new DispatchQueue<FrontierRow>({ perHost: PER_HOST_DISPATCH, hostOf });
  private readonly writer: OutcomeWriter;
  private readonly ctx: SourceContext;
  private fetched: number;
  private failed = 0;
  /** Entities in the db when the run (re)started, less those this handle had created by then. */
  private entities = 0;
  private depth = 0;
  private signal: AbortSignal | undefined;
  private finished: Finished[] = [];
  private flushScheduled = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  constructor(private readonly runId: number, private readonly settings: CrawlSettings, private readonly deps: CrawlDeps) {
    const { store } = deps;
    this.writer = new OutcomeWriter(store, runId, settings);
    this.fetched = store.runs.get(runId)?.pagesFetched ?? 0;
    this.ctx = {
      fetch: deps.fetch,
      clock: deps.clock,
      settings: {
        itemsPerFeed: settings.itemsPerFeed, postsPerSite: settings.postsPerSite, maxBytes: settings.maxBytes,
        postsPerAccount: settings.postsPerAccount, blueskyApi: settings.blueskyApi,
      },
      sameEntity: (a, b) => safeSiteKey(a) === safeSiteKey(b),
      cached: (url) => store.documents.cached(url),
      knownBefore: (url, kind) => store.documents.knownBefore(url, kind, runId),
      readThisRun: (urls) => store.frontier.anyDone(runId, urls),
      storedPage: (url) => store.replay.page(url, runId),
      storedLinks: (key) => store.replay.linksFrom(key),
      remember: async <T>(key: string, maxAgeMs: number, compute: () => Promise<T>): Promise<T> => {
        const kept = store.serverFacts.get(key, maxAgeMs, deps.clock.now());
        if (kept !== null) return JSON.parse(kept) as T;
        const value = await compute();
        store.serverFacts.put(key, JSON.stringify(value), deps.clock.now());
        return value;
      },
    };
  }

  async run(signal?: AbortSignal): Promise<CrawlResult> {
    this.signal = signal;
    const { frontier, graph } = this.deps.store;
    frontier.requeueInFlight(this.runId);
    for (const row of frontier.queued(this.runId)) this.queue.add(row);
    this.failed = frontier.statusCounts(this.runId).failed;
    this.entities = graph.entityCount() - graph.entitiesCreated;
    const abort = () => this.wakeUp();
    signal?.addEventListener('abort', abort);
    let stopReason: CrawlResult['stopReason'] = 'finished';
    try {
      for (;;) {
        if (this.failure) throw this.failure;
        if (signal?.aborted) stopReason = 'interrupted';
        else if (this.fetched + this.inFlight.size >= this.settings.maxPages) stopReason = 'max-pages';
        else {
          // Breadth-first: a level is dispatched only once every row of the ones above is stored.
          const depth = this.inFlight.size > 0 ? this.depth : this.queue.lowestDepth();
          if (depth === null) break;
          this.depth = depth;
          this.dispatch(depth);
        }
        if (this.inFlight.size === 0 && stopReason !== 'finished') break;
        if (this.inFlight.size === 0) continue;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      while (this.inFlight.size > 0) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      if (this.failure) throw this.failure;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    const counts = frontier.statusCounts(this.runId);
    return { stopReason, fetched: this.fetched, failed: counts.failed, skipped: counts.skipped, overBudget: this.writer.overBudget };
  }

  /**
   * Hand waiting rows of `depth` to their hosts, round-robin. The rows are marked 'fetching' in
   * one commit before any request goes out, so a resumed run knows exactly what was in flight.
   */
  private dispatch(depth: number): void {
    const capacity = this.settings.concurrency * DISPATCH_FACTOR - this.inFlight.size;
    const budgetLeft = this.settings.maxPages - this.fetched - this.inFlight.size;
    const rows: FrontierRow[] = [];
    for (let n = Math.min(capacity, budgetLeft); rows.length < n; ) {
      const row = this.queue.take(depth);
      if (!row) break;
      rows.push(row);
    }
    if (rows.length === 0) return;
    const { store } = this.deps;
    store.tx(() => {
      for (const row of rows) store.frontier.markFetching(row.id);
    });
    for (const row of rows) {
      this.inFlight.add(row.id);
      // process() stores nothing itself (flush does, and keeps its errors for the loop); anything
      // else it throws ends the run the same way, never as an unhandled rejection.
      this.process(row).catch((err: unknown) => {
        this.failure ??= err;
        this.wakeUp();
      });
    }
  }

  private async process(row: FrontierRow): Promise<void> {
    const entity = this.deps.store.graph.entity(row.entityId);
    const source = this.deps.sources.find((s) => s.handles(row));
    let outcome: TaskOutcome;
    // A fetch refused or cut short by Ctrl-C must not be stored as the page's failure: the row
    // is left as it was (in flight), and the resumed run fetches it again.
    let cut = false;
    const signal = this.signal;
    const ctx: SourceContext = signal
      ? { ...this.ctx, fetch: async (req) => {
        try {
          return await this.ctx.fetch(req);
        } catch (err) {
          if (signal.aborted) cut = true;
          throw err;
        }
      } }
      : this.ctx;
    if (!entity || !source) {
      outcome = emptyOutcome('skipped', source ? 'entity missing' : `no source handles role ${row.role}`, false);
    } else {
      try {
        outcome = await source.process(row, entity, ctx);
      } catch (err) {
        // A bug or a hostile document must cost one row, never the run.
        outcome = emptyOutcome('failed', `internal error: ${oneLine(err)}`, false);
      }
    }
    if (cut) {
      // Nothing is stored: the row stays 'fetching' in the db, which the resumed run re-queues.
      this.queue.release(row);
      this.inFlight.delete(row.id);
      this.wakeUp();
      return;
    }
    this.finished.push({ row, outcome });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Outcomes that finish in the same turn of the event loop share one commit.
      setImmediate(() => this.flush());
    }
  }

  /**
   * Store every finished outcome in one transaction: each page's writes are all in it or (if
   * the process dies first) none are, and its row is still 'fetching', so a resume fetches it
   * again. Only after the commit do the new rows reach the ready queue.
   */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.finished;
    this.finished = [];
    const { store, clock } = this.deps;
    try {
      const now = clock.now();
      store.tx(() => {
        for (const f of batch) this.writer.apply(f.row, f.outcome, now);
      });
    } catch (err) {
      this.writer.takePlaced(); // rolled back with the transaction
      this.failure = err;
      this.wakeUp();
      return;
    }
    for (const row of this.writer.takePlaced()) this.queue.add(row);
    for (const { row, outcome } of batch) {
      if (outcome.fetched) this.fetched++;
      if (outcome.status === 'failed') this.failed++;
      this.queue.release(row);
      this.inFlight.delete(row.id);
    }
    this.report();
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private report(): void {
    this.deps.onProgress?.({
      depth: this.depth,
      fetched: this.fetched,
      queued: this.queue.size,
      inFlight: this.inFlight.size,
      failed: this.failed,
      entities: this.entities + this.deps.store.graph.entitiesCreated,
    });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Site keys of recent URLs: a page compares each of its links with itself several times. */
const siteKeys = new Map<string, string>();
const SITE_KEY_CACHE = 10_000;

function safeSiteKey(url: string): string {
  let key = siteKeys.get(url);
  if (key !== undefined) return key;
  try {
    key = siteKeyOf(url);
  } catch {
    key = url;
  }
  if (siteKeys.size >= SITE_KEY_CACHE) siteKeys.clear();
  siteKeys.set(url, key);
  return key;
}
