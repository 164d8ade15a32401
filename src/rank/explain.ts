// Why a candidate ranks where it does, read back from the store: its identities and numbers,
// the liner notes that lead to it through different referrers, the evidence grouped per
// referring person and kind, and the identity claims that made (or did not make) it one person.
// Everything is gathered over all entities of the person, so a blog and its Bluesky account are
// explained together and a referrer's blog and account count as one referrer.
import type { EntityRow } from '../store/graph.js';
import { markAuthor, marksByPerson } from '../store/marks.js';
import type { ScoreRow } from '../store/scores.js';
import type { Store } from '../store/store.js';
import { personOf } from './compute.js';
import { gatherEvidence, type EvidenceGroup } from './explain-evidence.js';
import { relevanceGate } from './gate.js';
import { bestStart, discoveryPath, displayName, formatVia, type DiscoveryPath } from './liner-notes.js';
import { DEFAULT_EDGE_WEIGHTS, DEFAULT_RELEVANCE_WEIGHT, type EdgeType } from './types.js';
import { personName, personWebsite } from './person-view.js';
import { membersByPerson } from './members.js';

export type { EvidenceGroup } from './explain-evidence.js';

/** Everything `why` shows about one person. */
export interface Explanation {
  /** The entity that stands for the person. */
  entityId: number;
  name: string;
  /** Rank in the run, null when the person is not a candidate (a seed, a platform). */
  rank: number | null;
  status: 'picked' | 'rejected' | 'skipped' | 'new';
  /** Who made the mark behind `status` (`unknown` for marks older than names); null when new. */
  pickedBy: string | null;
  /** The note given with that mark (`pick --note`), null when none. */
  note: string | null;
  /** Handles without a leading `@` (as in exports). */
  identities: { website: string | null; feed: string | null; bluesky: string[]; mastodon: string[] };
  /**
   * The parts of the score (score = gate × topicality^relevanceWeight × authority): `relevance`
   * the cosine, `topicality` it relative to the niche's typical level, `gate` what the gate makes
   * of that, `endorsement` the breadth of trusted endorsement and `bestEndorsement` the run's
   * highest, `authority` their ratio, `pagerank` the trust from the seeds.
   */
  score: {
    score: number; relevance: number; topicality: number; gate: number; authority: number; endorsement: number; bestEndorsement: number;
    pagerank: number; referrers: number; seedsReaching: number; relevanceWeight: number;
  } | null;
  topTerms: string[];
  /**
   * Whether the crawl could read the person's own pages or accounts in this run: `read`, or why
   * not — `failed`/`skipped` with the recorded reason of its first row, `pending` (the run stopped
   * first), `not-crawled` (beyond --depth: known only from links to it).
   */
  reading: { state: 'read' | 'failed' | 'skipped' | 'pending' | 'not-crawled'; url: string | null; reason: string | null };
  /** The person's rank in every run that ranked it, oldest first (dates as YYYY-MM-DD). */
  history: { run: number; date: string; rank: number }[];
  /** Liner notes, the stored discovery path first, then one per other last referrer, shortest first. */
  paths: string[];
  /** Strongest first: type weight × log2(1 + count), then seeds and near referrers. */
  evidence: EvidenceGroup[];
  /** How many evidence groups there are in all (`evidence` is cut at `maxEvidence`). */
  evidenceTotal: number;
  /** Identity evidence touching this person's entities; `merged` when both sides are this person now. */
  /** Identity evidence: which link on which page, when first seen, and what came of it. */
  claims: { kind: string; from: string; to: string; evidenceUrl: string; targetUrl: string; seen: string; merged: boolean; vetoed: boolean }[];
  /** The liner notes hop by hop, each hop with its evidence link, in the order of `paths` (only with `routes: true`). */
  routes?: DiscoveryPath[];
}

/** Knobs of `explainCandidate`. */
export interface ExplainOptions {
  /** Most liner notes to return. @default 3 */
  maxPaths?: number;
  /** Most evidence groups to return. @default 10 */
  maxEvidence?: number;
  /** Edge weights that order the evidence; pass the ranking's own. @default DEFAULT_EDGE_WEIGHTS */
  edgeWeights?: Partial<Record<EdgeType, number>>;
  /** Relevance's share in the score, reported with the numbers. @default 0.5 */
  relevanceWeight?: number;
  /** Also return the liner notes hop by hop (`routes`), for reports that link each hop's evidence. @default false */
  routes?: boolean;
}

/** What several explanations of one run share (loaded once, e.g. for a whole review session). */
export interface ExplainContext {
  store: Store;
  runId: number;
  byId: Map<number, EntityRow>;
  personOf: Map<number, number>;
  /** Person -> its entities (aliases included). */
  members: Map<number, EntityRow[]>;
  /** Entities that are active seeds now (as ranking counts them). */
  seedIds: Set<number>;
  /** Entities with a page or feed that answered: the sites that may be shown as websites. */
  fetched: Set<number>;
  scores: Map<number, ScoreRow>;
  /** The run's highest endorsement (authority 1). */
  bestEndorsement: number;
}

/** Load what explanations of `runId` need. */
export function explainContext(store: Store, runId: number): ExplainContext {
  const entities = store.graph.entities();
  const people = personOf(store, entities);
  const byId = new Map(entities.map((e) => [e.id, e]));
  const members = membersByPerson(entities, people);
  const seeds = store.seeds.activeEntityIds();
  const seedIds = seeds.size > 0 ? seeds : new Set(entities.filter((e) => e.isSeed).map((e) => e.id));
  const scores = new Map(store.scores.forRun(runId).map((s) => [s.entityId, s]));
  const bestEndorsement = Math.max(0, ...[...scores.values()].map((x) => x.endorsement));
  return { store, runId, byId, personOf: people, members, seedIds, scores, bestEndorsement, fetched: store.documents.fetchedEntityIds() };
}

/** Explain the person `entityId` belongs to, as of run `runId`. */
export function explainCandidate(store: Store, runId: number, entityId: number, opts: ExplainOptions = {}): Explanation {
  return explainWith(explainContext(store, runId), entityId, opts);
}

/** Explain with a context loaded once; marks are read fresh, so a review sees its own decisions. */
export function explainWith(ctx: ExplainContext, entityId: number, opts: ExplainOptions = {}): Explanation {
  const { store } = ctx;
  const person = ctx.personOf.get(entityId) ?? entityId;
  const rep = ctx.byId.get(person) ?? store.graph.entity(person);
  const group = ctx.members.get(person) ?? (rep ? [rep] : []);
  const weights = { ...DEFAULT_EDGE_WEIGHTS, ...opts.edgeWeights };
  const s = ctx.scores.get(person);
  const mark = marksByPerson(store.marks.all(), ctx.personOf).get(person);
  const { groups, edgesByReferrer } = gatherEvidence(ctx, person, group, weights);
  const routes = paths(ctx, person, group, groups, edgesByReferrer, opts.maxPaths ?? 3);
  const ex: Explanation = {
    entityId: person,
    name: rep ? personName(rep, group.filter((m) => m.aliasOf === null), ctx.fetched) : String(person),
    rank: s?.rank ?? null,
    status: mark?.status ?? 'new',
    pickedBy: mark ? markAuthor(mark) : null,
    note: mark?.note ?? null,
    identities: identities(group, person, ctx.fetched),
    score: s
      ? {
          score: s.score, relevance: s.relevance, topicality: s.topicality, gate: relevanceGate(s.topicality), authority: s.authorityNorm,
          endorsement: s.endorsement, bestEndorsement: ctx.bestEndorsement, pagerank: s.authority, referrers: s.referrers,
          seedsReaching: s.seedsReaching, relevanceWeight: opts.relevanceWeight ?? DEFAULT_RELEVANCE_WEIGHT,
        }
      : null,
    topTerms: s?.topTerms ?? [],
    reading: reading(store, ctx.runId, group),
    history: store.scores.history(group.map((m) => m.id)).map((h) => ({ run: h.runId, date: new Date(h.startedAt).toISOString().slice(0, 10), rank: h.rank })),
    paths: routes.map(formatVia),
    evidence: groups.slice(0, opts.maxEvidence ?? 10),
    evidenceTotal: groups.length,
    claims: claims(ctx, person, group),
  };
  if (opts.routes) ex.routes = routes;
  return ex;
}

/** Whether the person's own rows were read in the run, and if not, why (see `Explanation.reading`). */
function reading(store: Store, runId: number, group: EntityRow[]): Explanation['reading'] {
  const rows = store.outcomes.forEntities(runId, group.map((m) => m.id));
  if (rows.length === 0) return { state: 'not-crawled', url: null, reason: null };
  const done = rows.find((r) => r.status === 'done');
  if (done) return { state: 'read', url: done.url, reason: null };
  const ended = rows.find((r) => r.status === 'failed') ?? rows.find((r) => r.status === 'skipped');
  if (ended) return { state: ended.status as 'failed' | 'skipped', url: ended.url, reason: ended.reason };
  return { state: 'pending', url: rows[0]!.url, reason: null };
}

/** Website, feed and handles of a person, as the exports name them. */
function identities(group: EntityRow[], person: number, fetched: ReadonlySet<number>): Explanation['identities'] {
  const live = group.filter((m) => m.aliasOf === null || m.id === person);
  const handle = (m: EntityRow) => m.handle ?? m.key.replace(/^[a-z]+:/, '');
  return {
    // Only a site we read: a domain handle's host, never fetched, is no website to show.
    website: personWebsite(live, fetched),
    feed: live.find((m) => m.feedUrl)?.feedUrl ?? null,
    bluesky: live.filter((m) => m.key.startsWith('bsky:')).map(handle),
    mastodon: live.filter((m) => m.key.startsWith('fedi:')).map(handle),
  };
}

/** Entity ids from `id` back along the stored discovery steps to its seed (cycle-safe). */
function chain(store: Store, id: number): number[] {
  const ids: number[] = [];
  let cur: number | null = id;
  while (cur !== null && !ids.includes(cur) && ids.length < 32) {
    ids.push(cur);
    cur = store.graph.discovery(cur)?.parentEntity ?? null;
  }
  return ids;
}

/**
 * The stored discovery path first, then one path per other referring person: the way to the
 * referrer (its own discovery path) plus its strongest edge into this person. Paths that loop
 * back through this person or do not start at a seed are left out.
 */
function paths(
  ctx: ExplainContext, person: number, group: EntityRow[], groups: EvidenceGroup[],
  edgesByReferrer: Map<number, { from: number; to: number; type: string; evidenceUrl: string; targetUrl: string }>, max: number,
): DiscoveryPath[] {
  const { store } = ctx;
  if (max <= 0) return [];
  const mine = new Set(group.map((m) => m.id));
  const out: DiscoveryPath[] = [];
  const texts: string[] = [];
  const used = new Set<number>();
  const start = bestStart(store.graph, group, person);
  const storedPath = discoveryPath(store.graph, start);
  const stored = formatVia(storedPath);
  if (stored) {
    out.push(storedPath);
    texts.push(stored);
    const referrer = chain(store, start).find((id) => !mine.has(id));
    if (referrer !== undefined) used.add(ctx.personOf.get(referrer) ?? referrer);
  }
  const extra: { length: number; text: string; path: DiscoveryPath }[] = [];
  for (const g of groups) {
    const referrer = g.fromEntityId;
    if (used.has(referrer)) continue;
    used.add(referrer);
    const edge = edgesByReferrer.get(referrer);
    if (!edge || chain(store, edge.from).some((id) => mine.has(id))) continue;
    const base = discoveryPath(store.graph, edge.from);
    if (base.seed === null) continue;
    const from = ctx.byId.get(edge.from);
    const to = ctx.byId.get(edge.to);
    const path: DiscoveryPath = {
      seed: base.seed,
      entity: base.entity,
      steps: [...base.steps, {
        fromName: from ? displayName(from) : '', edgeType: edge.type, targetUrl: edge.targetUrl, evidenceUrl: edge.evidenceUrl,
        toAccount: to?.kind === 'account' ? displayName(to) : null,
      }],
    };
    extra.push({ length: path.steps.length, text: formatVia(path), path });
  }
  // A stable sort keeps the evidence order among paths of equal length.
  extra.sort((a, b) => a.length - b.length);
  for (const p of extra) {
    if (out.length < max && !texts.includes(p.text)) {
      out.push(p.path);
      texts.push(p.text);
    }
  }
  return out.slice(0, max);
}

/** Identity claims from or to any of the person's entities. */
function claims(ctx: ExplainContext, person: number, group: EntityRow[]): Explanation['claims'] {
  const mine = new Set(group.map((m) => m.id));
  const name = (id: number) => {
    const e = ctx.byId.get(id);
    return e ? displayName(e) : String(id);
  };
  const of = (id: number) => ctx.personOf.get(id) ?? id;
  const key = (id: number) => ctx.byId.get(id)?.key ?? '';
  const vetoed = new Set(ctx.store.vetoes.list().flatMap((v) => [`${v.aKey} ${v.bKey}`, `${v.bKey} ${v.aKey}`]));
  return ctx.store.graph
    .claims()
    .filter((c) => mine.has(c.from) || mine.has(c.to))
    .map((c) => ({
      kind: c.kind, from: name(c.from), to: name(c.to), evidenceUrl: c.evidenceUrl, targetUrl: c.targetUrl,
      seen: new Date(c.firstSeenAt).toISOString().slice(0, 10),
      merged: of(c.from) === person && of(c.to) === person,
      vetoed: vetoed.has(`${key(c.from)} ${key(c.to)}`),
    }));
}
