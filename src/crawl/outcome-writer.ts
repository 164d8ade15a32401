// Turns one source outcome into database rows: documents, facts about the entity, typed edges,
// identity claims, discovery steps and new frontier rows. Everything here runs inside the
// row's transaction; the crawl loop owns when, this module owns what.
//
// A page's links are written set-wise: the entities and frontier rows they lead to are read in
// one statement each, the links are then resolved in memory in their order (as if written one by
// one), and the edges go out in a few multi-row statements. A statement per link was most of a
// crawl's store time on SQLite and most of the committer's round trips on PostgreSQL.
import type { FrontierInput, FrontierRow, FrontierStatus } from '../store/frontier.js';
import { replacesStep, type Discovery, type EdgeInput, type EntityKind, type KnownEntity } from '../store/graph.js';
import type { Store } from '../store/store.js';
import type { FoundLink, IdentityClaim, TaskOutcome } from '../sources/source.js';
import { PROOF_KINDS } from '../rank/identity.js';
import { DEFAULT_EDGE_WEIGHTS, type EdgeType } from '../rank/types.js';
import { identify, identifyAccount, type Identity } from './identify.js';
import type { CrawlSettings } from './settings.js';

/** Rank edge types for liner notes: the ranking's own weights; identity steps come last. */
function edgeStrength(edgeType: string | null): number {
  return edgeType !== null && edgeType in DEFAULT_EDGE_WEIGHTS ? DEFAULT_EDGE_WEIGHTS[edgeType as EdgeType] : 0;
}

/** The same URL over the other of http and https, or null for other schemes. */
function otherScheme(url: string): string | null {
  if (url.startsWith('https://')) return `http://${url.slice('https://'.length)}`;
  if (url.startsWith('http://')) return `https://${url.slice('http://'.length)}`;
  return null;
}

/** Writes outcomes of one run. */
export class OutcomeWriter {
  /** Rows not added because their entity had used up --per-site. */
  overBudget = 0;
  private readonly rowsPerEntity: Map<number, number>;
  /** Rows added or moved to a lower depth since the last {@link takePlaced}. */
  private placed: FrontierRow[] = [];
  /** Pages and errors applied but not yet added to the run's counters ({@link inBatch}). */
  private counted = { pages: 0, errors: 0 };
  /** The page being applied, between its read-ahead and its last write. */
  private page: PageState | null = null;

  /**
   * `placedRows`: the caller takes the rows added or moved up ({@link takePlaced}). Without,
   * a row the page read ahead is written without asking for it back (on PostgreSQL it goes with
   * the page's next statement).
   */
  constructor(private readonly store: Store, private readonly runId: number, private readonly settings: CrawlSettings, private readonly placedRows = true) {
    this.rowsPerEntity = store.frontier.entityCounts(runId);
  }

  /** Store one outcome (call inside a transaction, within {@link inBatch}). */
  apply(row: FrontierRow, outcome: TaskOutcome, now: number): void {
    const { store } = this;
    let entityId = row.entityId;
    const moved = outcome.movedTo ? this.identifyUrl(outcome.movedTo) : null;
    if (moved) entityId = this.adopt(row, moved, 'moved', outcome.movedTo!, now);
    if (outcome.facts?.key) {
      const current = store.graph.entity(entityId);
      if (current && current.key !== outcome.facts.key) {
        const facts = outcome.facts;
        const id: Identity = { key: facts.key!, kind: current.kind, isPlatform: false, visits: [], homeUrl: null, handle: facts.handle ?? null, profileUrl: facts.profileUrl ?? null };
        entityId = this.adopt(row, id, 'same-as', row.url, now, entityId);
      }
    }
    for (const doc of outcome.documents) store.documents.save({ ...doc, entityId: doc.entityId ?? entityId }, this.runId, now);
    if (outcome.facts) store.graph.describe(entityId, outcome.facts);
    const linkIds = outcome.links.map((l) => (l.account ? identifyAccount(l.account) : this.identifyUrl(l.targetUrl)));
    const claimIds = outcome.claims.map((c) => (c.account ? identifyAccount(c.account) : this.identifyUrl(c.targetUrl)));
    const retryOther = outcome.status === 'failed' && !outcome.fetched && row.url.startsWith('https://') && (row.role === 'home' || row.role === 'page');
    this.page = this.readAhead(row, entityId, outcome, linkIds, claimIds, retryOther);
    try {
      for (const f of outcome.followUps) {
        this.enqueue({ url: f.url, depth: row.depth, role: f.role, entityId, foundFromUrl: row.url, foundEdge: 'same-site', probeIndex: f.probeIndex ?? null }, now);
      }
      outcome.links.forEach((link, i) => this.link(row, entityId, link, linkIds[i]!, now));
      outcome.claims.forEach((claim, i) => this.claim(row, entityId, claim, claimIds[i]!, now));
      store.frontier.finish(row.id, outcome.status, outcome.reason, now);
      this.page.frontier.set(row.url, { depth: row.depth, status: outcome.status });
      // No answer over https (no TLS there, or refused): the http address is worth one try, even
      // when it was left out as the https row's twin.
      if (retryOther) {
        this.enqueue({ url: otherScheme(row.url)!, depth: row.depth, role: row.role, entityId: row.entityId, foundFromUrl: row.foundFromUrl, foundEdge: row.foundEdge }, now);
      }
      this.flush(now);
    } finally {
      this.page = null;
    }
    this.counted.pages += outcome.fetched ? 1 : 0;
    this.counted.errors += outcome.status === 'failed' ? 1 : 0;
  }

  /**
   * Run `apply`s (call inside a transaction): then add their pages and errors to the run's
   * counters, once per transaction rather than once per page. When `fn` throws, the transaction
   * rolls back and what it counted is dropped with it.
   */
  inBatch<T>(fn: () => T): T {
    let result: T;
    try {
      result = fn();
    } catch (err) {
      this.counted = { pages: 0, errors: 0 };
      throw err;
    }
    const { pages, errors } = this.counted;
    this.counted = { pages: 0, errors: 0 };
    if (pages > 0 || errors > 0) this.store.runs.count(this.runId, pages, errors);
    return result;
  }

  /**
   * What the page's links and claims may touch, read in one statement each: the entities of
   * their targets (with discovery steps, and the page's own for its key) and the frontier rows
   * of every URL they may enqueue and of its http/https twin.
   */
  private readAhead(row: FrontierRow, entityId: number, outcome: TaskOutcome, linkIds: (Identity | null)[], claimIds: (Identity | null)[], retryOther: boolean): PageState {
    const keys = new Set<string>();
    const urls = new Set<string>();
    const addUrl = (u: string): void => {
      urls.add(u);
      const twin = otherScheme(u);
      if (twin !== null) urls.add(twin);
    };
    addUrl(row.url);
    for (const f of outcome.followUps) addUrl(f.url);
    const hop = row.depth + 1;
    outcome.links.forEach((link, i) => {
      const id = linkIds[i];
      if (!id) return;
      keys.add(id.key);
      if (link.follow && hop <= this.settings.depth) for (const v of id.visits) addUrl(v.url);
    });
    outcome.claims.forEach((claim, i) => {
      const id = claimIds[i];
      if (!id || id.isPlatform) return;
      keys.add(id.key);
      if (!PROOF_KINDS.has(claim.kind)) for (const v of id.visits) addUrl(v.url);
    });
    if (retryOther) addUrl(otherScheme(row.url)!);
    // The page's own entity comes along: its key is the parent key of every step offered here.
    // Both reads in one round trip (PostgreSQL: the committer's reads are what bound it).
    const { frontier: frontierStore, graph } = this.store;
    const [found, entities] = this.store.together(frontierStore.lookupRead(this.runId, [...urls]), graph.entitiesByKeyRead([...keys], keys.size > 0 ? entityId : null));
    const frontier = new Map<string, FrontierState | null>();
    for (const u of urls) frontier.set(u, found.get(u) ?? null);
    const parentKeys = new Map<number, string>();
    for (const [key, e] of entities) {
      if (e.id === entityId) parentKeys.set(entityId, key);
      if (e.id === entityId && !keys.has(key)) entities.delete(key);
    }
    return { entities, frontier, seen: new Set(), edges: [], steps: new Map(), parentKeys };
  }

  /** Write what the page's links left in memory: last-seen times, edges, discovery steps. */
  private flush(now: number): void {
    const page = this.page!;
    const { graph } = this.store;
    graph.touch([...page.seen], now);
    graph.addEdges(page.edges, this.runId, now);
    for (const d of page.steps.values()) graph.putDiscovery(d, now);
  }

  /**
   * The row's entity turned out to be another one (a site that moved, a Bluesky handle whose
   * DID we now know). The other entity is created if needed and the old one becomes its alias,
   * whatever the order pages finish in, so the stored graph is the same on every run.
   */
  private adopt(row: FrontierRow, id: Identity, edgeType: string, targetUrl: string, now: number, fromId = row.entityId): number {
    const { graph } = this.store;
    const newId = this.ensure(id, now);
    if (newId === fromId) return newId;
    graph.setAlias(fromId, newId);
    if (graph.entity(fromId)?.isSeed) graph.markSeed(newId);
    const step = graph.discovery(fromId);
    if (edgeType === 'same-as' && step) {
      // A re-keyed account is the very same account: it inherits the path, not a step of its own.
      graph.offerDiscovery({ ...step, entityId: newId, runId: this.runId }, now, edgeStrength);
    } else {
      graph.offerDiscovery({ entityId: newId, runId: this.runId, depth: step?.depth ?? row.depth, parentEntity: fromId, edgeType, evidenceUrl: row.url, targetUrl }, now, edgeStrength);
    }
    return newId;
  }

  /** A link to another entity: an edge, a discovery step, and within --depth a hop. */
  private link(row: FrontierRow, fromId: number, link: FoundLink, id: Identity | null, now: number): void {
    if (!id) return;
    const toId = this.ensure(id, now);
    if (toId === fromId) return;
    // The label is on the author view of the post too: such an account is never shown, even unread.
    if (link.account?.optedOut) this.store.graph.hide(toId, 'opted-out');
    this.page!.edges.push({ from: fromId, to: toId, type: link.type, evidenceUrl: link.evidenceUrl, targetUrl: link.targetUrl, anchorText: link.anchorText });
    const hop = row.depth + 1;
    this.offer(id.key, { entityId: toId, runId: this.runId, depth: hop, parentEntity: fromId, edgeType: link.type, evidenceUrl: link.evidenceUrl, targetUrl: link.targetUrl });
    if (!link.follow || hop > this.settings.depth) return;
    this.visit(id, toId, hop, link.evidenceUrl, link.type, now);
  }

  /**
   * "I am also X": recorded for merging, and for a claim that needs a backlink, X is visited at
   * the same hop (it is the same person, and its answer may hold the backlink).
   */
  private claim(row: FrontierRow, fromId: number, claim: IdentityClaim, id: Identity | null, now: number): void {
    if (!id || id.isPlatform) return;
    const toId = this.ensure(id, now);
    if (toId === fromId) return;
    this.store.graph.addClaim({ from: fromId, to: toId, kind: claim.kind, evidenceUrl: claim.evidenceUrl, targetUrl: claim.targetUrl }, this.runId, now);
    this.offer(id.key, { entityId: toId, runId: this.runId, depth: row.depth, parentEntity: fromId, edgeType: 'same-as', evidenceUrl: claim.evidenceUrl, targetUrl: claim.targetUrl });
    // A proof needs no answer from the other side; a claim does, so go and read it.
    if (!PROOF_KINDS.has(claim.kind)) this.visit(id, toId, row.depth, claim.evidenceUrl, 'same-as', now);
  }

  private visit(id: Identity, entityId: number, depth: number, foundFromUrl: string, edge: string, now: number): void {
    for (const v of id.visits) this.enqueue({ url: v.url, depth, role: v.role, entityId, foundFromUrl, foundEdge: edge }, now);
  }

  private identifyUrl(url: string): Identity | null {
    try {
      return identify(url, this.settings.platforms);
    } catch {
      return null;
    }
  }

  /** The entity of `id`, created if new; within a page, from what {@link readAhead} read. */
  private ensure(id: Identity, now: number): number {
    const { graph } = this.store;
    const init = { homeUrl: id.homeUrl, isPlatform: id.isPlatform };
    let entityId: number;
    const page = this.page;
    const known = page?.entities.get(id.key);
    if (!page) {
      entityId = graph.ensureEntity(id.key, id.kind as EntityKind, init, this.runId, now);
    } else if (known) {
      entityId = known.id;
      page.seen.add(id.key);
    } else {
      entityId = graph.insertEntity(id.key, id.kind as EntityKind, init, this.runId, now);
      page.entities.set(id.key, { id: entityId, step: null });
    }
    if (id.handle || id.profileUrl) graph.describeIfBlank(entityId, { handle: id.handle, profileUrl: id.profileUrl });
    return entityId;
  }

  /**
   * Offer a discovery step to the entity with `key` (read ahead for this page): kept in memory
   * when it beats the stored one, written once when the page is done.
   */
  private offer(key: string, d: Discovery): void {
    const page = this.page!;
    const known = page.entities.get(key)!;
    let parentKey = d.parentEntity === null ? null : page.parentKeys.get(d.parentEntity);
    if (parentKey === undefined) {
      parentKey = this.store.graph.keyOf(d.parentEntity!);
      page.parentKeys.set(d.parentEntity!, parentKey);
    }
    const step = { runId: d.runId, depth: d.depth, edgeType: d.edgeType, parentKey, evidenceUrl: d.evidenceUrl, targetUrl: d.targetUrl };
    if (!replacesStep(step, known.step, edgeStrength)) return;
    known.step = step;
    page.steps.set(d.entityId, d);
  }

  /**
   * The frontier rows written since the last call (new, or moved to a lower depth), for the
   * crawler's ready queue; call after the transaction committed.
   */
  takePlaced(): FrontierRow[] {
    const rows = this.placed;
    this.placed = [];
    return rows;
  }

  /** The frontier row of `url` as this page read it ahead (null: none), or undefined when it was not read. */
  private ahead(url: string): FrontierState | null | undefined {
    const rows = this.page?.frontier;
    return rows?.has(url) ? rows.get(url)! : undefined;
  }

  /** Add a row unless it is already there (over http or https) or its entity has used up --per-site. */
  enqueue(input: FrontierInput, now: number): void {
    const { frontier } = this.store;
    const read = this.ahead(input.url);
    const current = read !== undefined ? read : frontier.has(this.runId, input.url) ? UNKNOWN : null;
    if (current !== null) {
      // It may move up to this depth: only a row not yet stored, and only to a lower depth.
      if (current !== UNKNOWN && !(input.depth < current.depth && (current.status === 'queued' || current.status === 'fetching'))) return;
      this.place(input, now, current === UNKNOWN ? null : { depth: input.depth, status: current.status });
      return;
    }
    // One page is one page whether linked over http or https: the first address queued is read.
    const twin = otherScheme(input.url);
    if (twin !== null) {
      const other = this.ahead(twin);
      if (other === undefined ? frontier.pendingOrDone(this.runId, twin) : other !== null && other.status !== 'failed') return;
    }
    const used = this.rowsPerEntity.get(input.entityId) ?? 0;
    if (used >= this.settings.perSite) {
      this.overBudget++;
      return;
    }
    // Not there (read ahead, or asked): the insert adds it.
    if (this.place(input, now, { depth: input.depth, status: 'queued' })) this.rowsPerEntity.set(input.entityId, used + 1);
  }

  /**
   * Add or move up `input`'s row; returns whether the store changed it. `expected`: what the row
   * will be, known from the read-ahead (null: not known). Known, and with no caller taking the
   * placed rows, it is written without asking for the row back.
   */
  private place(input: FrontierInput, now: number, expected: FrontierState | null): boolean {
    if (expected !== null && !this.placedRows) {
      this.store.frontier.placeLater(this.runId, input, now);
      this.page?.frontier.set(input.url, expected);
      return true;
    }
    const row = this.store.frontier.place(this.runId, input, now);
    if (row === null) return false;
    this.placed.push(row);
    this.page?.frontier.set(input.url, { depth: row.depth, status: row.status });
    return true;
  }
}

/** Depth and status of a frontier row. */
interface FrontierState {
  depth: number;
  status: FrontierStatus;
}

/** A frontier row known to exist whose depth and status were not read. */
const UNKNOWN: FrontierState = { depth: -1, status: 'queued' };

/** What one page's links are written against, and what they leave to write at its end. */
interface PageState {
  /** Entities by key, read ahead (and those created since). */
  entities: Map<string, KnownEntity>;
  /** Frontier rows by URL, read ahead (null: no row); a URL not in the map was not read, so ask the store. */
  frontier: Map<string, FrontierState | null>;
  /** Keys of known entities seen again. */
  seen: Set<string>;
  edges: EdgeInput[];
  /** Discovery steps that beat the stored one, by entity id. */
  steps: Map<number, Discovery>;
  parentKeys: Map<number, string>;
}
