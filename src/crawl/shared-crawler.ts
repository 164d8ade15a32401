// The crawl loop of one worker among several on a PostgreSQL database. Every worker claims
// queued rows (lowest hop and id first, under a lease: store/pg/work-queue.ts), fetches and
// parses them, and stores the parsed outcome in crawl_outcomes. One worker at a time — the
// committer, holder of the run's advisory lock — applies those outcomes in the commit order of
// crawler.ts (always the unstored row with the lowest (hop, id)), with the same OutcomeWriter,
// so the stored graph, hop numbers, discovery paths and budgets are exactly what one process
// stores, whatever the number of workers or the order their answers arrive in. A committer
// that dies releases its lock with its connection and the next worker takes over; rows a dead
// worker had claimed go back to the queue; a row whose outcome is stored is never fetched again.
import type { FrontierRole, FrontierRow } from '../store/frontier.js';
import type { WorkQueue } from '../store/pg/work-queue.js';
import { gzipBody, type CachedResponse } from '../store/documents.js';
import type { EntityRow } from '../store/graph.js';
import type { SourceContext, TaskOutcome } from '../sources/source.js';
import { processRow, sourceContext, type CrawlDeps, type CrawlResult } from './crawler.js';
import { OutcomeWriter } from './outcome-writer.js';
import type { CrawlSettings } from './settings.js';

/** How a worker's crawl ended. */
export interface SharedCrawlResult extends CrawlResult {
  /** This worker stored the end of the run (so it ranks and closes it); false when another did. */
  committer: boolean;
  /** Pages this worker fetched whose outcomes it handed in. */
  fetchedHere: number;
}

/** How long a claimed row stays ours without a heartbeat, in ms. */
export const LEASE_MS = 60_000;
/** How often leases are renewed. */
const HEARTBEAT_MS = 5_000;
/** How often a non-committer asks for the committer's lock (a dead committer is replaced this fast). */
const COMMITTER_RETRY_MS = 250;
/** How often the committer sends rows of dead workers back to the queue. */
const RECLAIM_MS = 200;
/** Longest wait between two looks at the database when nothing happened here. */
const POLL_MS = 10;
/** How often a worker that is not the committer looks whether the run has ended. */
const STATUS_CHECK_MS = 100;
/** After a claim that found nothing, the next is not tried sooner than this (a claim is a worker's heaviest statement). */
const EMPTY_CLAIM_MS = 25;
/** Rows claimed per unit of concurrency (several wait on hosts while others are on the wire). */
const WINDOW_FACTOR = 2;
/** Rows of one host taken per claim. */
const PER_HOST_CLAIM = 2;
/** Progress is read from the database at most this often (it counts the whole frontier). */
const REPORT_MS = 250;
/** Outcomes applied per transaction at most. */
const FLUSH_MAX = 32;
/** The committer refreshes the planner's statistics at this many stored pages, then at each doubling. */
const FIRST_ANALYZE = 64;

const ROLES: readonly FrontierRole[] = ['home', 'page', 'feed', 'probe', 'bsky-account', 'fedi-account'];

/** Crawl run `runId` as one worker of `queue` until its frontier is drained, --max-pages or `signal`. */
export async function crawlShared(runId: number, settings: CrawlSettings, deps: CrawlDeps & { queue: WorkQueue }, signal?: AbortSignal): Promise<SharedCrawlResult> {
  return new SharedCrawler(runId, settings, deps).run(signal);
}

class SharedCrawler {
  private readonly inFlight = new Set<number>();
  private readonly ctx: SourceContext;
  private readonly gated: FrontierRole[];
  private readonly queue: WorkQueue;
  private writer: OutcomeWriter | null = null;
  /** Pages fetched among the stored outcomes (committer only). */
  private fetched = 0;
  private fetchedHere = 0;
  private stopped = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;
  private signal: AbortSignal | undefined;
  private nextReport = 0;
  /** No claim before this time (Date.now()): the last one found nothing. */
  private nextClaim = 0;
  /** Stored pages at which the committer next refreshes the planner's statistics. */
  private nextAnalyze = FIRST_ANALYZE;
  /** Server facts being computed here, by key. */
  private readonly facts = new Map<string, Promise<unknown>>();

  constructor(private readonly runId: number, private readonly settings: CrawlSettings, private readonly deps: CrawlDeps & { queue: WorkQueue }) {
    this.queue = deps.queue;
    this.ctx = { ...sourceContext(deps.store, runId, settings, deps), remember: (key, maxAgeMs, compute) => this.remember(key, maxAgeMs, compute) };
    // Sources that read the run's own state are fetched only in their turn, by the committer.
    this.gated = ROLES.filter((role) => deps.sources.find((s) => s.handles({ role } as FrontierRow))?.readsRunState);
  }

  async run(signal?: AbortSignal): Promise<SharedCrawlResult> {
    this.signal = signal;
    const { queue, store } = this.deps;
    queue.ensureTables();
    const beat = setInterval(() => {
      try {
        queue.renew(LEASE_MS);
      } catch (err) {
        this.failure ??= err;
        this.wakeUp();
      }
    }, HEARTBEAT_MS);
    beat.unref();
    const abort = () => this.wakeUp();
    signal?.addEventListener('abort', abort);
    let stopReason: CrawlResult['stopReason'] = 'finished';
    let abandoned = false;
    let nextCommitterTry = 0;
    let nextReclaim = 0;
    let nextStatusCheck = 0;
    try {
      for (;;) {
        if (this.failure) throw this.failure;
        if (signal?.aborted) {
          stopReason = 'interrupted';
          queue.releaseMine(this.runId);
          break;
        }
        const now = Date.now();
        if (!this.writer && now >= nextCommitterTry) {
          nextCommitterTry = now + COMMITTER_RETRY_MS;
          if (queue.tryCommitter(this.runId)) {
            // Read the budgets afresh: the last committer may have stored much since we started.
            this.writer = new OutcomeWriter(store, this.runId, this.settings, false);
            this.fetched = store.runs.get(this.runId)?.pagesFetched ?? 0;
          }
        }
        if (this.writer) {
          if (now >= nextReclaim) {
            nextReclaim = now + RECLAIM_MS;
            queue.reclaimLost(this.runId);
          }
          const state = this.commit(this.writer);
          if (this.fetched >= this.nextAnalyze) {
            this.nextAnalyze = this.fetched * 2;
            queue.analyze();
          }
          if (state === 'drained') break;
          if (state === 'max-pages') {
            stopReason = 'max-pages';
            queue.dropAhead(this.runId);
            break;
          }
          if (state === 'more') continue;
        }
        if (now >= nextStatusCheck) {
          // Not on every wake (each finished fetch wakes the loop): a poll's worth of lag is enough.
          // Another worker stored the end of the run, or `discover --restart` abandoned it: then
          // even the committer stops, and leaves the run as it was said to be.
          nextStatusCheck = now + STATUS_CHECK_MS;
          if (store.runs.get(this.runId)?.status !== 'running') {
            if (this.writer) abandoned = true;
            break;
          }
        }
        this.fill();
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, POLL_MS);
        });
        this.wake = null;
      }
    } finally {
      this.stopped = true;
      clearInterval(beat);
      signal?.removeEventListener('abort', abort);
    }
    const counts = store.frontier.statusCounts(this.runId);
    const committer = this.writer !== null && stopReason !== 'interrupted' && !abandoned;
    return {
      stopReason, committer, fetchedHere: this.fetchedHere,
      fetched: committer ? this.fetched : store.runs.get(this.runId)?.pagesFetched ?? 0,
      failed: counts.failed, skipped: counts.skipped, overBudget: this.writer?.overBudget ?? 0,
    };
  }

  /**
   * Apply, in one transaction, every stored outcome whose turn has come. Returns 'drained' when
   * no row of the run is left unstored, 'max-pages' when the budget is spent, 'more' when it
   * stopped at FLUSH_MAX, else 'waiting' (the head is still being fetched; a gated head not
   * yet out is claimed and fetched here).
   */
  private commit(writer: OutcomeWriter): 'drained' | 'max-pages' | 'more' | 'waiting' {
    const { store, clock } = this.deps;
    const { queue } = this;
    let stored = 0;
    let gatedHead: FrontierRow | null = null;
    const state = store.tx(() => writer.inBatch((): 'drained' | 'max-pages' | 'more' | 'waiting' => {
      const now = clock.now();
      for (;;) {
        if (this.fetched >= this.settings.maxPages) return 'max-pages';
        if (stored >= FLUSH_MAX) return 'more';
        const head = queue.takeHead(this.runId);
        if (!head) return 'drained';
        if (head.outcome === null) {
          if (!head.leased && head.row.status === 'queued' && this.gated.includes(head.row.role)) gatedHead = head.row;
          return 'waiting';
        }
        const outcome = parseOutcome(head.outcome);
        writer.apply(head.row, outcome, now);
        if (outcome.fetched) this.fetched++;
        stored++;
      }
    }));
    if (gatedHead !== null) {
      const row = queue.claimRow((gatedHead as FrontierRow).id, LEASE_MS);
      if (row) this.start(row);
    }
    if (stored > 0 && Date.now() >= this.nextReport) {
      this.nextReport = Date.now() + REPORT_MS;
      this.report();
    }
    return state;
  }

  /**
   * Claim rows up to the window (and within what --max-pages leaves) and start them: once half
   * the window is free, not after every finished fetch (a claim is the heaviest statement a
   * worker sends, and the rows still out keep `concurrency` requests busy meanwhile).
   */
  private fill(): void {
    const { concurrency, maxPages } = this.settings;
    const room = concurrency * WINDOW_FACTOR - this.inFlight.size;
    if (room < Math.ceil((concurrency * WINDOW_FACTOR) / 2)) return;
    const now = Date.now();
    if (now < this.nextClaim) return;
    const rows = this.queue.claim(this.runId, room, this.gated, PER_HOST_CLAIM, LEASE_MS, maxPages);
    this.nextClaim = rows.length === 0 ? now + EMPTY_CLAIM_MS : 0;
    if (rows.length === 0) return;
    // What each row's fetch asks the store first (its entity, the answer kept from an earlier
    // run), read for all the claimed rows at once.
    const { store } = this.deps;
    const entities = new Map(store.graph.entitiesAmong([...new Set(rows.map((r) => r.entityId))]).map((e) => [e.id, e]));
    const cached = store.documents.cachedAmong(rows.map((r) => r.url));
    for (const row of rows) this.start(row, { entity: entities.get(row.entityId) ?? null, cached: cached.get(row.url) ?? null });
  }

  private start(row: FrontierRow, ahead?: ReadAhead): void {
    this.inFlight.add(row.id);
    this.process(row, ahead)
      .catch((err: unknown) => {
        if (!this.stopped) this.failure ??= err;
      })
      .finally(() => {
        this.inFlight.delete(row.id);
        this.wakeUp();
      });
  }

  private async process(row: FrontierRow, ahead?: ReadAhead): Promise<void> {
    const { store, sources } = this.deps;
    const ctx: SourceContext = ahead ? { ...this.ctx, cached: (url) => (url === row.url ? ahead.cached : this.ctx.cached(url)) } : this.ctx;
    const { outcome, cut } = await processRow(row, store, sources.find((s) => s.handles(row)), ctx, this.signal, ahead?.entity);
    // Cut short by Ctrl-C, or the run ended meanwhile: nothing is handed in; the lease is
    // given back (or dropped with the run's leftovers) and the row is fetched again later.
    if (cut || this.stopped) return;
    // Compressed here, in parallel, not by the one committer that stores every worker's pages;
    // the text itself need not travel (the store keeps only the compressed body).
    for (const doc of outcome.documents) {
      if (doc.body && !doc.bodyGzip) doc.bodyGzip = gzipBody(doc.body);
      if (doc.bodyGzip) doc.body = null;
    }
    if (this.queue.putOutcome(row.id, serializeOutcome(outcome)) && outcome.fetched) this.fetchedHere++;
  }

  /**
   * A fact about a server kept between runs, computed by one worker of all: the others (and
   * other rows here) wait for it to be stored instead of asking the server again.
   */
  private remember<T>(key: string, maxAgeMs: number, compute: () => Promise<T>): Promise<T> {
    let pending = this.facts.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = this.rememberShared(key, maxAgeMs, compute);
      this.facts.set(key, pending);
      void pending.finally(() => this.facts.delete(key)).catch(() => {});
    }
    return pending;
  }

  private async rememberShared<T>(key: string, maxAgeMs: number, compute: () => Promise<T>): Promise<T> {
    const { store, clock } = this.deps;
    for (;;) {
      const kept = store.serverFacts.get(key, maxAgeMs, clock.now());
      if (kept !== null) return JSON.parse(kept) as T;
      if (this.queue.tryFact(key)) {
        try {
          const again = store.serverFacts.get(key, maxAgeMs, clock.now());
          if (again !== null) return JSON.parse(again) as T;
          const value = await compute();
          store.serverFacts.put(key, JSON.stringify(value), clock.now());
          return value;
        } finally {
          this.queue.releaseFact(key);
        }
      }
      await clock.sleep(POLL_MS * 2, this.signal);
    }
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private report(): void {
    const counts = this.deps.store.frontier.statusCounts(this.runId);
    this.deps.onProgress?.({
      depth: this.deps.store.frontier.lowestPendingDepth(this.runId) ?? 0,
      fetched: this.fetched,
      queued: counts.queued,
      inFlight: counts.fetching,
      failed: counts.failed,
      entities: this.deps.store.graph.entityCount(),
    });
  }
}

/** What a claimed row's fetch would first ask the store, read with the other rows of its claim. */
interface ReadAhead {
  entity: EntityRow | null;
  cached: CachedResponse | null;
}

/** An outcome as text for crawl_outcomes (byte arrays as base64). */
export function serializeOutcome(outcome: TaskOutcome): string {
  // The holder's own value: a Buffer has become {type, data} (its toJSON) by the time `value` is.
  return JSON.stringify(outcome, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Uint8Array ? { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') } : value;
  });
}

/** The outcome {@link serializeOutcome} wrote. */
export function parseOutcome(text: string): TaskOutcome {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && typeof (value as { $bytes?: unknown }).$bytes === 'string' && Object.keys(value).length === 1) {
      return new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'base64'));
    }
    return value;
  }) as TaskOutcome;
}
