// Turns one source outcome into database rows: documents, facts about the entity, typed edges,
// identity claims, discovery steps and new frontier rows. Everything here runs inside the
// row's transaction; the crawl loop owns when, this module owns what.
import type { FrontierInput, FrontierRow } from '../store/frontier.js';
import type { EntityKind } from '../store/graph.js';
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

/** Writes outcomes of one run. */
export class OutcomeWriter {
  /** Rows not added because their entity had used up --per-site. */
  overBudget = 0;
  private readonly rowsPerEntity: Map<number, number>;
  /** Rows added or moved to a lower depth since the last {@link takePlaced}. */
  private placed: FrontierRow[] = [];

  constructor(private readonly store: Store, private readonly runId: number, private readonly settings: CrawlSettings) {
    this.rowsPerEntity = store.frontier.entityCounts(runId);
  }

  /** Store one outcome (call inside a transaction). */
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
    for (const f of outcome.followUps) {
      this.enqueue({ url: f.url, depth: row.depth, role: f.role, entityId, foundFromUrl: row.url, foundEdge: 'same-site', probeIndex: f.probeIndex ?? null }, now);
    }
    for (const link of outcome.links) this.link(row, entityId, link, now);
    for (const claim of outcome.claims) this.claim(row, entityId, claim, now);
    store.frontier.finish(row.id, outcome.status, outcome.reason, now);
    store.runs.count(this.runId, outcome.fetched ? 1 : 0, outcome.status === 'failed' ? 1 : 0);
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
  private link(row: FrontierRow, fromId: number, link: FoundLink, now: number): void {
    const id = link.account ? identifyAccount(link.account) : this.identifyUrl(link.targetUrl);
    if (!id) return;
    const toId = this.ensure(id, now);
    if (toId === fromId) return;
    const { graph } = this.store;
    graph.addEdge({ from: fromId, to: toId, type: link.type, evidenceUrl: link.evidenceUrl, targetUrl: link.targetUrl, anchorText: link.anchorText }, this.runId, now);
    const hop = row.depth + 1;
    graph.offerDiscovery({ entityId: toId, runId: this.runId, depth: hop, parentEntity: fromId, edgeType: link.type, evidenceUrl: link.evidenceUrl, targetUrl: link.targetUrl }, now, edgeStrength);
    if (!link.follow || hop > this.settings.depth) return;
    this.visit(id, toId, hop, link.evidenceUrl, link.type, now);
  }

  /**
   * "I am also X": recorded for merging, and for a claim that needs a backlink, X is visited at
   * the same hop (it is the same person, and its answer may hold the backlink).
   */
  private claim(row: FrontierRow, fromId: number, claim: IdentityClaim, now: number): void {
    const id = claim.account ? identifyAccount(claim.account) : this.identifyUrl(claim.targetUrl);
    if (!id || id.isPlatform) return;
    const toId = this.ensure(id, now);
    if (toId === fromId) return;
    const { graph } = this.store;
    graph.addClaim({ from: fromId, to: toId, kind: claim.kind, evidenceUrl: claim.evidenceUrl, targetUrl: claim.targetUrl }, this.runId, now);
    graph.offerDiscovery({ entityId: toId, runId: this.runId, depth: row.depth, parentEntity: fromId, edgeType: 'same-as', evidenceUrl: claim.evidenceUrl, targetUrl: claim.targetUrl }, now, edgeStrength);
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

  private ensure(id: Identity, now: number): number {
    const entityId = this.store.graph.ensureEntity(id.key, id.kind as EntityKind, { homeUrl: id.homeUrl, isPlatform: id.isPlatform }, this.runId, now);
    if (id.handle || id.profileUrl) this.store.graph.describeIfBlank(entityId, { handle: id.handle, profileUrl: id.profileUrl });
    return entityId;
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

  /** Add a row unless it is already there or its entity has used up --per-site. */
  enqueue(input: FrontierInput, now: number): void {
    const { frontier } = this.store;
    if (frontier.has(this.runId, input.url)) {
      const moved = frontier.place(this.runId, input, now); // may lower its depth
      if (moved) this.placed.push(moved);
      return;
    }
    const used = this.rowsPerEntity.get(input.entityId) ?? 0;
    if (used >= this.settings.perSite) {
      this.overBudget++;
      return;
    }
    const added = frontier.place(this.runId, input, now);
    if (added) {
      this.rowsPerEntity.set(input.entityId, used + 1);
      this.placed.push(added);
    }
  }
}
