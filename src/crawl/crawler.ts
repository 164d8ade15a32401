// The crawl loop: breadth-first by hop, level by level, so every URL is reached at its
// shortest hop count whatever order pages finish in. Each row's outcome is stored in one
// transaction (documents, edges, new rows, the row's own status), so a process killed at any
// moment leaves the frontier exactly as it was after the last finished page.
import type { Clock } from '../clock.js';
import { oneLine } from '../errors.js';
import { siteKeyOf } from '../extract/site.js';
import type { FrontierRow } from '../store/frontier.js';
import type { Store } from '../store/store.js';
import type { PoliteFetch } from './polite-fetch.js';
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

/** Rows dispatched to host queues at once, per unit of concurrency. */
const DISPATCH_FACTOR = 4;
/** Rows of one host dispatched at once; the rest wait so other hosts get slots. */
const PER_HOST_DISPATCH = 2;

/** Crawl run `runId` until its frontier is exhausted, --max-pages is reached or `signal` aborts. */
export async function crawl(runId: number, settings: CrawlSettings, deps: CrawlDeps, signal?: AbortSignal): Promise<CrawlResult> {
  return new Crawler(runId, settings, deps).run(signal);
}

class Crawler {
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly hostLoad = new Map<string, number>();
  private readonly writer: OutcomeWriter;
  private readonly ctx: SourceContext;
  private fetched: number;
  private depth = 0;
  private signal: AbortSignal | undefined;

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
    const { frontier } = this.deps.store;
    frontier.requeueInFlight(this.runId);
    let stopReason: CrawlResult['stopReason'] = 'finished';
    for (;;) {
      if (signal?.aborted) stopReason = 'interrupted';
      else if (this.fetched + this.inFlight.size >= this.settings.maxPages) stopReason = 'max-pages';
      else {
        const depth = frontier.lowestPendingDepth(this.runId);
        if (depth === null) break;
        this.depth = depth;
        this.dispatch(depth);
      }
      if (this.inFlight.size === 0) {
        if (stopReason !== 'finished') break;
        // Nothing dispatchable: rows left at this depth belong to busy hosts, which is impossible
        // with nothing in flight, so the level is done; loop to re-read the lowest depth.
        continue;
      }
      await Promise.race(this.inFlight.values());
    }
    await Promise.all(this.inFlight.values());
    const counts = frontier.statusCounts(this.runId);
    return { stopReason, fetched: this.fetched, failed: counts.failed, skipped: counts.skipped, overBudget: this.writer.overBudget };
  }

  /** Hand queued rows of `depth` to their hosts, spreading slots across hosts. */
  private dispatch(depth: number): void {
    const capacity = this.settings.concurrency * DISPATCH_FACTOR - this.inFlight.size;
    const budgetLeft = this.settings.maxPages - this.fetched - this.inFlight.size;
    if (capacity <= 0 || budgetLeft <= 0) return;
    const rows = this.deps.store.frontier.queuedAt(this.runId, depth, capacity * 8);
    let taken = 0;
    for (const row of rows) {
      if (taken >= Math.min(capacity, budgetLeft)) break;
      const host = hostOf(row.url);
      if ((this.hostLoad.get(host) ?? 0) >= PER_HOST_DISPATCH) continue;
      this.hostLoad.set(host, (this.hostLoad.get(host) ?? 0) + 1);
      this.deps.store.frontier.markFetching(row.id);
      const task = this.process(row).finally(() => {
        this.inFlight.delete(row.id);
        this.hostLoad.set(host, (this.hostLoad.get(host) ?? 1) - 1);
      });
      // A failed write (disk full) ends the run through the race below; the rows still in flight
      // fail the same way and must not surface as unhandled rejections after the one-line error.
      task.catch(() => undefined);
      this.inFlight.set(row.id, task);
      taken++;
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
    if (cut) return;
    this.apply(row, outcome);
    this.report();
  }

  /** Store one outcome atomically. */
  private apply(row: FrontierRow, outcome: TaskOutcome): void {
    this.deps.store.tx(() => this.writer.apply(row, outcome, this.deps.clock.now()));
    if (outcome.fetched) this.fetched++;
  }

  private report(): void {
    if (!this.deps.onProgress) return;
    const counts = this.deps.store.frontier.statusCounts(this.runId);
    this.deps.onProgress({
      depth: this.depth,
      fetched: this.fetched,
      queued: counts.queued,
      inFlight: this.inFlight.size,
      failed: counts.failed,
      entities: (this.deps.store.db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n,
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

function safeSiteKey(url: string): string {
  try {
    return siteKeyOf(url);
  } catch {
    return url;
  }
}
