// The crawl loop. Fetches are dispatched from an in-memory ready queue (in commit order,
// at most two rows of a host out) without waiting for a hop to end: rows of hop h+1 go out while hop h
// is still in flight. Outcomes are stored in commit order (crawl/commit-order.ts): always the
// unstored row with the lowest (hop, id), exactly as a crawl reading one row at a time
// breadth-first would store them; an answer that arrives early waits in memory for its turn.
// So hop numbers, discovery paths, --per-site, --depth and --max-pages never depend on which
// request finished first. Outcomes whose turn comes in the same event-loop turn share one
// transaction, each whole (documents, edges, new rows, the row's own status), so a process
// killed at any moment leaves a prefix of that order stored and resumes it exactly.
import type { Clock } from '../clock.js';
import { oneLine } from '../errors.js';
import { siteKeyOf } from '../extract/site.js';
import type { FrontierRow } from '../store/frontier.js';
import type { EntityRow } from '../store/graph.js';
import type { Store } from '../store/store.js';
import type { PoliteFetch } from './polite-fetch.js';
import { CommitOrder } from './commit-order.js';
import { rowChannel, stateChannel } from './crawl-trace.js';
import { DispatchQueue, type ReadyQueue } from './dispatch-queue.js';
import { OutcomeWriter } from './outcome-writer.js';
import { outcomeBytes } from './outcome-size.js';
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

/** Rows fetched at once, per unit of concurrency (the host scheduler keeps the global cap). */
const DISPATCH_FACTOR = 4;
/** Rows of one host handed out at once: one being fetched, one ready behind it. */
const PER_HOST_DISPATCH = 2;
/**
 * Outcomes fetched ahead of their turn kept in memory at most (plus what is in flight): far
 * enough ahead to keep every slot busy while the row whose turn it is waits for its host.
 */
const MAX_AHEAD = 4096;

/**
 * Outcomes stored per transaction at most: a long commit holds the event loop, and answers that
 * arrive meanwhile keep their request slots until it ends.
 */
const FLUSH_MAX = 32;

/** Crawl run `runId` until its frontier is exhausted, --max-pages is reached or `signal` aborts. */
export async function crawl(runId: number, settings: CrawlSettings, deps: CrawlDeps, signal?: AbortSignal): Promise<CrawlResult> {
  return new Crawler(runId, settings, deps).run(signal);
}

class Crawler {
  /** Rows being fetched or processed now. */
  private readonly inFlight = new Set<number>();
  /** Rows waiting to be fetched. */
  private readonly queue: ReadyQueue<FrontierRow> = new DispatchQueue<FrontierRow>({ perHost: PER_HOST_DISPATCH, hostOf });
  /** Waiting rows of sources that read the run's own state: fetched only in their turn. */
  private readonly gated = new Map<number, FrontierRow>();
  /** Every unstored row (waiting, in flight, or fetched and waiting for its turn). */
  private readonly order = new CommitOrder();
  /** The latest version of every unstored row (its depth may have dropped since it was fetched). */
  private readonly rows = new Map<number, FrontierRow>();
  /** Outcomes fetched ahead of their turn. */
  private readonly held = new Map<number, TaskOutcome>();
  /** Rows taken from the ready queue, which counts them against their host until released. */
  private readonly fromQueue = new Set<number>();
  private readonly writer: OutcomeWriter;
  private readonly ctx: SourceContext;
  /** Pages fetched among the stored outcomes (what --max-pages counts). */
  private fetched: number;
  private failed = 0;
  /** Entities in the db when the run (re)started, less those this handle had created by then. */
  private entities = 0;
  private signal: AbortSignal | undefined;
  private flushScheduled = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  constructor(private readonly runId: number, private readonly settings: CrawlSettings, private readonly deps: CrawlDeps) {
    const { store } = deps;
    this.writer = new OutcomeWriter(store, runId, settings);
    this.fetched = store.runs.get(runId)?.pagesFetched ?? 0;
    this.ctx = sourceContext(store, runId, settings, deps);
  }

  async run(signal?: AbortSignal): Promise<CrawlResult> {
    this.signal = signal;
    const { frontier, graph } = this.deps.store;
    frontier.requeueInFlight(this.runId);
    for (const row of frontier.queued(this.runId)) this.enqueue(row);
    this.failed = frontier.statusCounts(this.runId).failed;
    this.entities = graph.entityCount() - graph.entitiesCreated;
    const abort = () => this.wakeUp();
    signal?.addEventListener('abort', abort);
    let stopReason: CrawlResult['stopReason'] = 'finished';
    try {
      for (;;) {
        if (this.failure) throw this.failure;
        if (signal?.aborted) stopReason = 'interrupted';
        else if (this.fetched >= this.settings.maxPages) stopReason = 'max-pages';
        else if (this.order.size === 0) break;
        else this.dispatch();
        if (this.inFlight.size === 0 && !this.flushScheduled) {
          if (stopReason !== 'finished') break;
          // The head is always either out, held (a flush is due) or dispatched just now.
          throw new Error(`crawl stalled with ${this.order.size} rows unstored (a bug in the commit order)`);
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      if (this.failure) throw this.failure;
      // Fetched ahead of a --max-pages stop: a one-at-a-time crawl never got to these rows.
      if (stopReason === 'max-pages') frontier.requeueInFlight(this.runId);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    const counts = frontier.statusCounts(this.runId);
    return { stopReason, fetched: this.fetched, failed: counts.failed, skipped: counts.skipped, overBudget: this.writer.overBudget };
  }

  /** A row the table added or moved to a lower depth: it joins the order and, unless already out, the ready queue. */
  private enqueue(row: FrontierRow): void {
    const out = this.order.has(row.id) && !this.queue.has(row.id) && !this.gated.has(row.id);
    this.order.add(row);
    this.rows.set(row.id, row);
    if (out) return; // in flight or fetched ahead: only its depth (and path) changed, its answer did not
    if (this.sourceOf(row)?.readsRunState) this.gated.set(row.id, row);
    else this.queue.add(row);
  }

  /**
   * Start fetches: the row whose turn it is first (out of turn if it must: nothing can be
   * stored before it), then rows from the ready queue, lowest hop first, while the window and
   * --max-pages leave room. The rows are marked 'fetching' in one commit before any request
   * goes out, so a resumed run knows exactly what was in flight. (After a flush, the flush's
   * own commit marks them: see {@link flush}.)
   */
  private dispatch(): void {
    const rows = this.take();
    if (rows.length === 0) return;
    this.deps.store.tx(() => this.mark(rows));
    this.start(rows);
  }

  /** Take the rows to fetch next (the caller marks them, then starts them). */
  private take(): FrontierRow[] {
    const rows: FrontierRow[] = [];
    const head = this.order.head();
    if (head && !this.inFlight.has(head.id) && !this.held.has(head.id)) {
      const gated = this.gated.get(head.id);
      if (gated) {
        this.gated.delete(head.id);
        rows.push(gated);
      } else {
        const row = this.queue.remove(head.id);
        if (row) {
          this.fromQueue.add(row.id);
          rows.push(row);
        }
      }
    }
    const { concurrency, maxPages } = this.settings;
    for (;;) {
      const out = this.inFlight.size + rows.length;
      if (out >= concurrency * DISPATCH_FACTOR || out + this.held.size >= MAX_AHEAD || this.fetched + out + this.held.size >= maxPages) break;
      const row = this.queue.takeLowest();
      if (!row) break;
      this.fromQueue.add(row.id);
      rows.push(row);
    }
    return rows;
  }

  /** Mark rows 'fetching' (inside a transaction). */
  private mark(rows: FrontierRow[]): void {
    for (const row of rows) this.deps.store.frontier.markFetching(row.id);
  }

  /** Send the rows taken (and committed as 'fetching'). */
  private start(rows: FrontierRow[]): void {
    const traced = rowChannel.hasSubscribers;
    for (const row of rows) {
      this.inFlight.add(row.id);
      if (traced) rowChannel.publish({ type: 'dispatched', id: row.id, at: performance.now() });
      // process() stores nothing itself (flush does, and keeps its errors for the loop); anything
      // else it throws ends the run the same way, never as an unhandled rejection.
      this.process(row).catch((err: unknown) => {
        this.failure ??= err;
        this.wakeUp();
      });
    }
  }

  private sourceOf(row: FrontierRow): Source | undefined {
    return this.deps.sources.find((s) => s.handles(row));
  }

  private async process(row: FrontierRow): Promise<void> {
    const { outcome, cut } = await processRow(row, this.deps.store, this.sourceOf(row), this.ctx, this.signal);
    this.inFlight.delete(row.id);
    if (this.fromQueue.delete(row.id)) this.queue.release(row);
    // Cut: nothing is stored and nothing after it can be; the row stays 'fetching' in the db,
    // which the resumed run re-queues.
    if (!cut) this.held.set(row.id, outcome);
    if (rowChannel.hasSubscribers) rowChannel.publish({ type: 'answered', id: row.id, at: performance.now(), bytes: outcomeBytes(outcome) });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Outcomes that finish in the same turn of the event loop share one commit.
      setImmediate(() => this.flush());
    }
  }

  /**
   * Store, in one transaction, every held outcome whose turn has come: the head of the commit
   * order, then the new head, and so on until the head is still out (or --max-pages is
   * reached). Each page's writes are all in it or (if the process dies first) none are, and its
   * row is still 'fetching', so a resume fetches it again.
   */
  private flush(): void {
    this.flushScheduled = false;
    const { store, clock } = this.deps;
    let stored = 0;
    // The rows this flush lets out are marked in its own commit: one commit, not two, per turn.
    let next: FrontierRow[] = [];
    try {
      const now = clock.now();
      store.tx(() => this.writer.inBatch(() => {
        for (let head = this.order.head(); head && this.fetched < this.settings.maxPages; head = this.order.head()) {
          const outcome = this.held.get(head.id);
          if (!outcome) break;
          const row = this.rows.get(head.id)!;
          this.writer.apply(row, outcome, now);
          this.order.commit(row.id);
          this.rows.delete(row.id);
          this.held.delete(row.id);
          if (rowChannel.hasSubscribers) rowChannel.publish({ type: 'stored', id: row.id, at: performance.now() });
          if (outcome.fetched) this.fetched++;
          if (outcome.status === 'failed') this.failed++;
          stored++;
          // New rows join the order at once: one of them may be the next to store.
          for (const placed of this.writer.takePlaced()) this.enqueue(placed);
          if (stored >= FLUSH_MAX) break;
        }
        // Also when nothing was stored: an answer that must wait for its turn frees a slot.
        if (!this.signal?.aborted && this.fetched < this.settings.maxPages) {
          next = this.take();
          this.mark(next);
        }
      }));
    } catch (err) {
      this.writer.takePlaced(); // rolled back with the transaction
      this.failure = err;
      this.wakeUp();
      return;
    }
    if (stored >= FLUSH_MAX && !this.flushScheduled) {
      // More may be due: the rest after the loop has dispatched and answers were read.
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    this.start(next);
    if (stateChannel.hasSubscribers) this.trace();
    if (stored > 0) this.report();
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** What waits in memory now, for the state channel (crawl-trace.ts). */
  private trace(): void {
    stateChannel.publish({
      at: performance.now(), held: this.held.size, inFlight: this.inFlight.size,
      queued: this.queue.size + this.gated.size, unstored: this.order.size,
    });
  }

  private report(): void {
    this.deps.onProgress?.({
      depth: this.order.head()?.depth ?? 0,
      fetched: this.fetched,
      queued: this.queue.size + this.gated.size,
      inFlight: this.inFlight.size,
      failed: this.failed,
      entities: this.entities + this.deps.store.graph.entitiesCreated,
    });
  }
}

/** What sources may use while crawling run `runId` (shared-crawler.ts builds the same). */
export function sourceContext(store: Store, runId: number, settings: CrawlSettings, deps: Pick<CrawlDeps, 'fetch' | 'clock'>): SourceContext {
  return {
    fetch: deps.fetch,
    clock: deps.clock,
    settings: {
      itemsPerFeed: settings.itemsPerFeed, postsPerSite: settings.postsPerSite, maxBytes: settings.maxBytes,
      postsPerAccount: settings.postsPerAccount, blueskyApi: settings.blueskyApi,
    },
    sameEntity: (a, b) => safeSiteKey(a) === safeSiteKey(b),
    cached: (url) => store.documents.cached(url),
    knownBefore: (urls, kind) => store.documents.knownBefore(urls, kind, runId),
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

/**
 * Run `source` on `row`. A bug or a hostile document costs the row (a 'failed' outcome), never
 * the run. `cut`: a fetch was refused or cut short because `signal` aborted (Ctrl-C), so the
 * outcome is not the page's and must not be stored: the row is fetched again later.
 */
export async function processRow(row: FrontierRow, store: Store, source: Source | undefined, ctx: SourceContext, signal?: AbortSignal, known?: EntityRow | null): Promise<{ outcome: TaskOutcome; cut: boolean }> {
  // `known`: the row's entity as the caller read it with others (null: it has none).
  const entity = known !== undefined ? known : store.graph.entity(row.entityId);
  let cut = false;
  const watched: SourceContext = signal
    ? { ...ctx, fetch: async (req) => {
      try {
        return await ctx.fetch(req);
      } catch (err) {
        if (signal.aborted) cut = true;
        throw err;
      }
    } }
    : ctx;
  if (!entity || !source) return { outcome: emptyOutcome('skipped', source ? 'entity missing' : `no source handles role ${row.role}`, false), cut };
  try {
    return { outcome: await source.process(row, entity, watched), cut };
  } catch (err) {
    return { outcome: emptyOutcome('failed', `internal error: ${oneLine(err)}`, false), cut };
  }
}
