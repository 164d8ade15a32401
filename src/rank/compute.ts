// Rank what a crawl stored: read entities, edges and texts from the store, fold moved sites and
// one person's accounts into one candidate, run the pure ranker, and keep the result as the run's scores.
import type { Store } from '../store/store.js';
import type { EdgeGroups, EntityRow } from '../store/graph.js';
import { identityGroups } from './identity.js';
import { peopleIndex, type PeopleIndex } from './people.js';
import { rankEntities } from './score.js';
import { EntityTerms } from './relevance.js';
import { EDGE_TYPES, type RankEdge, type RankNode, type RankOptions } from './types.js';
import { fromColumns, RankEdgeColumnsBuilder, type RankEdgeColumns } from './edge-columns.js';

/**
 * Every entity mapped to the entity that stands for its person (moved sites and merged accounts
 * included); the user's vetoes (`linernotes unmerge`) keep their pairs apart.
 */
export function personOf(store: Store, rows: readonly EntityRow[] = store.graph.entities()): Map<number, number> {
  return identityGroups(rows, store.graph.claims(), store.vetoes.list());
}

/**
 * Edges between people: per (person, person, type), the number of distinct documents showing
 * it. One post that links both of a person's identities (old and new domain, blog and Bluesky)
 * is one piece of evidence, not two; `forRanking`: a feed item whose page was read too adds
 * nothing to the page's link (the graph exports show both). Self-edges inside a person are dropped.
 * In order of first appearance in (from, to, type, evidence) order.
 */
export function personEdges(store: Store, people: ReadonlyMap<number, number>, forRanking = false): RankEdge[] {
  return fromColumns(personEdgeColumns(store, people, forRanking));
}

/**
 * `personEdges` as columns. The store counts each entity pair's distinct evidence; only where
 * two entity pairs become one pair of people (a merged person's identities) are the evidence
 * URLs read, to count a document that shows both once.
 */
export function personEdgeColumns(store: Store, people: ReadonlyMap<number, number>, forRanking = false): RankEdgeColumns {
  let maxId = 0;
  for (const [id, person] of people) maxId = Math.max(maxId, id, person);
  // canon[id]: the person of entity id; shared[id]: another entity belongs to its person too.
  const canon = new Int32Array(maxId + 1);
  for (let i = 0; i <= maxId; i++) canon[i] = i;
  const shared = new Uint8Array(maxId + 1);
  for (const [id, person] of people) {
    if (id < 0) continue;
    canon[id] = person;
    if (id !== person) {
      shared[id] = 1;
      shared[person] = 1;
    }
  }
  const personOfId = (id: number): number => (id >= 0 && id <= maxId ? canon[id]! : (people.get(id) ?? id));
  const isShared = (id: number): boolean => (id >= 0 && id <= maxId ? shared[id] === 1 : people.has(id));
  return edgesBetweenPeople(store, personOfId, isShared, forRanking);
}

/** `personEdgeColumns` with the people as columns (`peopleIndex`), from groups read ahead. */
function peopleEdgeColumns(store: Store, people: PeopleIndex, forRanking: boolean, groups: EdgeGroups): RankEdgeColumns {
  const { person, shared, maxId } = people;
  const personOfId = (id: number): number => (id >= 0 && id <= maxId && person[id] !== -1 ? person[id]! : id);
  const isShared = (id: number): boolean => id >= 0 && id <= maxId && shared[id] === 1;
  return edgesBetweenPeople(store, personOfId, isShared, forRanking, groups);
}

function edgesBetweenPeople(
  store: Store, personOfId: (id: number) => number, isShared: (id: number) => boolean, forRanking: boolean,
  groups: EdgeGroups = store.graph.edgeGroups(EDGE_TYPES, forRanking),
): RankEdgeColumns {
  const out = new RankEdgeColumnsBuilder(groups.length);
  // Groups of merged people by "from to type": the output edge and the entity groups behind it.
  const merged = new Map<string, { at: number; groups: number[] }>();
  for (let g = 0; g < groups.length; g++) {
    const from = personOfId(groups.from[g]!);
    const to = personOfId(groups.to[g]!);
    if (from === to) continue;
    const type = groups.type[g]!;
    if (!isShared(groups.from[g]!) && !isShared(groups.to[g]!)) {
      out.push(from, to, type, groups.count[g]!);
      continue;
    }
    const key = `${from} ${to} ${type}`;
    const seen = merged.get(key);
    if (seen) seen.groups.push(g);
    else merged.set(key, { at: out.push(from, to, type, groups.count[g]!), groups: [g] });
  }
  for (const { at, groups: members } of merged.values()) {
    if (members.length < 2) continue;
    const docs = new Set<string>();
    for (const g of members) {
      for (const url of store.graph.groupEvidence(groups.from[g]!, groups.to[g]!, EDGE_TYPES[groups.type[g]!]!, forRanking)) docs.add(url);
    }
    out.setCount(at, docs.size);
  }
  return out.done();
}

/**
 * People a seed names as its own (its profile's website, a rel=me) that nobody but that seed
 * points at: the seed's own unverified homes (a site that could not be read, so the claim was
 * never answered), not candidates. A seed's merged identities are the seed already.
 */
function seedOwned(store: Store, personOfId: (id: number) => number, people: (id: number) => RankNode | undefined, edges: RankEdgeColumns): number[] {
  const claimedBy = new Map<number, Set<number>>();
  for (const c of store.graph.claims()) {
    const from = personOfId(c.from);
    const to = personOfId(c.to);
    if (from === to || !people(from)?.isSeed || people(to)?.isSeed) continue;
    claimedBy.set(to, (claimedBy.get(to) ?? new Set()).add(from));
  }
  if (claimedBy.size === 0) return [];
  // Only the claimed people's referrers matter.
  const pointedBy = new Map<number, Set<number>>();
  for (let k = 0; k < edges.length; k++) {
    const to = edges.to[k]!;
    if (claimedBy.has(to)) pointedBy.set(to, (pointedBy.get(to) ?? new Set()).add(edges.from[k]!));
  }
  return [...claimedBy].filter(([to, seeds]) => [...(pointedBy.get(to) ?? [])].every((from) => seeds.has(from))).map(([to]) => to);
}

/** Steps of `computeAndStoreScores`, for the ranking benchmark's breakdown. */
export const RANK_STEPS = ['entities', 'texts', 'edges', 'rank', 'store'] as const;
export type RankStep = (typeof RANK_STEPS)[number];

/**
 * Rank the stored graph and save the scores under `runId`; returns how many candidates.
 * `times`, if given, receives the milliseconds each step took: entities (read and fold into
 * people), texts, edges, rank (rankEntities), store (write the scores).
 */
export function computeAndStoreScores(store: Store, runId: number, opts: RankOptions, times?: Partial<Record<RankStep, number>>): number {
  let mark = performance.now();
  const lap = (step: RankStep): void => {
    if (!times) return;
    const now = performance.now();
    times[step] = (times[step] ?? 0) + (now - mark);
    mark = now;
  };
  // The edges are read on another thread meanwhile where the store can (a big SQLite graph).
  const edgeGroups = store.graph.edgeGroupsAhead(EDGE_TYPES, true);
  const people = peopleIndex(store);
  const { entities: all, person, shared, maxId } = people;
  const isEntity = (id: number): boolean => id >= 0 && id <= maxId && person[id] !== -1;
  // Seeds are what the seeds table says now (a removed seed becomes a candidate again).
  const seedEntities = store.seeds.activeEntityIds();
  lap('entities');
  // Only the words of each text are kept (a large crawl's texts are hundreds of MB), except
  // the seeds': theirs are the topic.
  const terms = new EntityTerms();
  const seedTexts = new Map<number, string>();
  const seedPeople = new Set<number>();
  for (const id of seedEntities) if (isEntity(id)) seedPeople.add(person[id]!);
  for (const [id, text] of store.documents.eachEntityText()) {
    if (!isEntity(id)) continue;
    terms.add(id, text);
    if (text && seedPeople.has(person[id]!)) seedTexts.set(id, text);
  }
  lap('texts');
  // One node per person, in the order of its first entity by id; the person's own entity says
  // whether it is a platform (or never shown), any member whether it is a seed.
  const at = new Int32Array(maxId + 1).fill(-1);
  const entities: RankNode[] = [];
  const merged = new Map<number, number[]>();
  for (let i = 0; i < all.length; i++) {
    const id = all.id[i]!;
    const p = person[id]!;
    let k = at[p]!;
    if (k === -1) {
      k = at[p] = entities.length;
      entities.push({ id: p, isSeed: false, isPlatform: false, text: '' });
    }
    const target = entities[k]!;
    // An account that opted out of logged-out apps, or is gone, is never a candidate: like a
    // platform it still passes on what points at it, but it is never ranked.
    if (id === p) target.isPlatform = all.isPlatform[i] === 1 || all.hidden[i] === 1;
    if (seedEntities.has(id)) target.isSeed = true;
    const text = seedTexts.get(id);
    if (text) target.text = target.text ? `${target.text}\n${text}` : text;
    if (shared[p] === 1) {
      const members = merged.get(p);
      if (members) members.push(id);
      else merged.set(p, [id]);
    }
  }
  // A person of one entity reads that entity's terms already.
  for (const [id, members] of merged) terms.join(id, members);
  lap('entities');
  const edges = peopleEdgeColumns(store, people, true, edgeGroups());
  const personOfId = (id: number): number => (isEntity(id) ? person[id]! : id);
  const nodeOf = (id: number): RankNode | undefined => (id >= 0 && id <= maxId && at[id] !== -1 ? entities[at[id]!] : undefined);
  for (const id of seedOwned(store, personOfId, nodeOf, edges)) nodeOf(id)!.isPlatform = true;
  lap('edges');
  const ranked = rankEntities(entities, edges, opts, terms);
  lap('rank');
  store.scores.replaceRun(
    runId,
    ranked.map((r) => ({
      entityId: r.id, rank: r.rank, score: r.score, relevance: r.relevance, authority: r.authority,
      authorityNorm: r.authorityNorm, referrers: r.referrers, seedsReaching: r.seedsReaching, topTerms: r.topTerms,
      topicality: r.topicality, endorsement: r.endorsement,
    })),
  );
  lap('store');
  return ranked.length;
}
