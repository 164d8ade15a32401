// The crawl loop: breadth-first by hop, level by level, so every URL is reached at its
// shortest hop count whatever order pages finish in. Each row's outcome is stored in one
// transaction (documents, edges, new rows, the row's own status), so a process killed at any
// moment leaves the frontier exactly as it was after the last finished page.
import type { Clock } from '../clock.js';
import { oneLine } from '../errors.js';
import { originRoot } from '../extract/url.js';
import { siteKeyOf } from '../extract/site.js';
import type { FrontierInput, FrontierRow } from '../store/frontier.js';
import type { Store } from '../store/store.js';
import type { PoliteFetch } from './polite-fetch.js';
import { identify } from './identify.js';
import type { CrawlSettings } from './settings.js';
import { emptyOutcome, type FoundLink, type Source, type SourceContext, type TaskOutcome } from '../sources/source.js';

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
  private readonly rowsPerEntity: Map<number, number>;
  private readonly ctx: SourceContext;
  private fetched: number;
  private overBudget = 0;
  private depth = 0;

  constructor(private readonly runId: number, private readonly settings: CrawlSettings, private readonly deps: CrawlDeps) {
    const { store } = deps;
    this.rowsPerEntity = store.frontier.entityCounts(runId);
    this.fetched = store.runs.get(runId)?.pagesFetched ?? 0;
    this.ctx = {
      fetch: deps.fetch,
      clock: deps.clock,
      settings: {
        itemsPerFeed: settings.itemsPerFeed, postsPerSite: settings.postsPerSite, maxBytes: settings.maxBytes,
        postsPerAccount: settings.postsPerAccount, blueskyApi: settings.blueskyApi,
      },
      sameEntity: (a, b) => safeSiteKey(a) === safeSiteKey(b),
    };
  }

  async run(signal?: AbortSignal): Promise<CrawlResult> {
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
    return { stopReason, fetched: this.fetched, failed: counts.failed, skipped: counts.skipped, overBudget: this.overBudget };
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
      this.inFlight.set(row.id, task);
      taken++;
    }
  }

  private async process(row: FrontierRow): Promise<void> {
    const entity = this.deps.store.graph.entity(row.entityId);
    const source = this.deps.sources.find((s) => s.handles(row));
    let outcome: TaskOutcome;
    if (!entity || !source) {
      outcome = emptyOutcome('skipped', source ? 'entity missing' : `no source handles role ${row.role}`, false);
    } else {
      try {
        outcome = await source.process(row, entity, this.ctx);
      } catch (err) {
        // A bug or a hostile document must cost one row, never the run.
        outcome = emptyOutcome('failed', `internal error: ${oneLine(err)}`, false);
      }
    }
    this.apply(row, outcome);
    this.report();
  }

  /** Store one outcome atomically. */
  private apply(row: FrontierRow, outcome: TaskOutcome): void {
    const { store, clock } = this.deps;
    const now = clock.now();
    store.tx(() => {
      let entityId = row.entityId;
      if (outcome.movedTo) entityId = this.moveEntity(row, outcome.movedTo, now);
      for (const doc of outcome.documents) store.documents.save({ ...doc, entityId: doc.entityId ?? entityId }, this.runId, now);
      if (outcome.facts) store.graph.describe(entityId, outcome.facts);
      for (const f of outcome.followUps) {
        this.enqueue({ url: f.url, depth: row.depth, role: f.role, entityId, foundFromUrl: row.url, foundEdge: 'same-site', probeIndex: f.probeIndex ?? null }, now);
      }
      for (const link of outcome.links) this.link(row, entityId, link, now);
      store.frontier.finish(row.id, outcome.status, outcome.reason, now);
      store.runs.count(this.runId, outcome.fetched ? 1 : 0, outcome.status === 'failed' ? 1 : 0);
    });
    if (outcome.fetched) this.fetched++;
  }

  /** A home page answered from another site: the publication moved; follow it there. */
  private moveEntity(row: FrontierRow, movedTo: string, now: number): number {
    const { graph } = this.deps.store;
    const id = identify(movedTo, this.settings.platforms);
    const newId = graph.ensureEntity(id.key, id.kind, { homeUrl: originRoot(movedTo), isPlatform: id.isPlatform }, this.runId, now);
    if (newId === row.entityId) return newId;
    graph.setAlias(row.entityId, newId);
    const old = graph.entity(row.entityId);
    if (old?.isSeed) graph.markSeed(newId);
    const step = graph.discovery(row.entityId);
    graph.offerDiscovery({ entityId: newId, runId: this.runId, depth: step?.depth ?? row.depth, parentEntity: row.entityId, edgeType: 'moved', evidenceUrl: row.url, targetUrl: movedTo }, now);
    return newId;
  }

  /** A link to another entity: an edge, a discovery step, and within --depth a hop. */
  private link(row: FrontierRow, fromId: number, link: FoundLink, now: number): void {
    const { graph } = this.deps.store;
    let id;
    try {
      id = identify(link.targetUrl, this.settings.platforms);
    } catch {
      return;
    }
    const toId = graph.ensureEntity(id.key, id.kind, { homeUrl: originRoot(link.targetUrl), isPlatform: id.isPlatform }, this.runId, now);
    if (toId === fromId) return;
    graph.addEdge({ from: fromId, to: toId, type: link.type, evidenceUrl: link.evidenceUrl, targetUrl: link.targetUrl, anchorText: link.anchorText }, this.runId, now);
    const hop = row.depth + 1;
    graph.offerDiscovery({ entityId: toId, runId: this.runId, depth: hop, parentEntity: fromId, edgeType: link.type, evidenceUrl: link.evidenceUrl, targetUrl: link.targetUrl }, now);
    if (!link.follow || id.isPlatform || hop > this.settings.depth) return;
    const root = originRoot(link.targetUrl);
    this.enqueue({ url: root, depth: hop, role: 'home', entityId: toId, foundFromUrl: link.evidenceUrl, foundEdge: link.type }, now);
    if (link.targetUrl !== root) {
      this.enqueue({ url: link.targetUrl, depth: hop, role: 'page', entityId: toId, foundFromUrl: link.evidenceUrl, foundEdge: link.type }, now);
    }
  }

  /** Add a row unless it is already there or its entity has used up --per-site. */
  private enqueue(input: FrontierInput, now: number): void {
    const { frontier } = this.deps.store;
    if (frontier.has(this.runId, input.url)) {
      frontier.enqueue(this.runId, input, now); // may lower its depth
      return;
    }
    const used = this.rowsPerEntity.get(input.entityId) ?? 0;
    if (used >= this.settings.perSite) {
      this.overBudget++;
      return;
    }
    if (frontier.enqueue(this.runId, input, now)) this.rowsPerEntity.set(input.entityId, used + 1);
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
