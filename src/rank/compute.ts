// Rank what a crawl stored: read entities, edges and texts from the store, fold moved sites and
// one person's accounts into one candidate, run the pure ranker, and keep the result as the run's scores.
import type { Store } from '../store/store.js';
import type { EntityRow } from '../store/graph.js';
import { identityGroups } from './identity.js';
import { personName } from './person-view.js';
import { rankEntities } from './score.js';
import { EDGE_TYPES, type EdgeType, type RankEdge, type RankEntity, type RankOptions } from './types.js';

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
 */
export function personEdges(store: Store, people: ReadonlyMap<number, number>, forRanking = false): RankEdge[] {
  const evidence = new Map<string, Set<string>>();
  const all = [...store.graph.edgeEvidence()];
  // A post read both as a page and as its feed item is one document linking once, not twice.
  const asPage = new Set(!forRanking ? [] : all.filter((e) => e.type === 'link').map((e) => `${e.from} ${e.to} ${e.evidence}`));
  for (const e of all) {
    if (!(EDGE_TYPES as readonly string[]).includes(e.type)) continue;
    if (forRanking && e.type === 'feed-item' && asPage.has(`${e.from} ${e.to} ${e.evidence}`)) continue;
    const from = people.get(e.from) ?? e.from;
    const to = people.get(e.to) ?? e.to;
    if (from === to) continue;
    const key = `${from} ${to} ${e.type}`;
    let docs = evidence.get(key);
    if (!docs) evidence.set(key, (docs = new Set()));
    docs.add(e.evidence);
  }
  return [...evidence].map(([key, docs]) => {
    const [from, to, type] = key.split(' ');
    return { from: Number(from), to: Number(to), type: type as EdgeType, count: docs.size };
  });
}

/**
 * People a seed names as its own (its profile's website, a rel=me) that nobody but that seed
 * points at: the seed's own unverified homes (a site that could not be read, so the claim was
 * never answered), not candidates. A seed's merged identities are the seed already.
 */
function seedOwned(store: Store, canon: ReadonlyMap<number, number>, people: ReadonlyMap<number, RankEntity>, edges: readonly RankEdge[]): number[] {
  const claimedBy = new Map<number, Set<number>>();
  for (const c of store.graph.claims()) {
    const from = canon.get(c.from) ?? c.from;
    const to = canon.get(c.to) ?? c.to;
    if (from === to || !people.get(from)?.isSeed || people.get(to)?.isSeed) continue;
    claimedBy.set(to, (claimedBy.get(to) ?? new Set()).add(from));
  }
  const pointedBy = new Map<number, Set<number>>();
  for (const e of edges) pointedBy.set(e.to, (pointedBy.get(e.to) ?? new Set()).add(e.from));
  return [...claimedBy].filter(([to, seeds]) => [...(pointedBy.get(to) ?? [])].every((from) => seeds.has(from))).map(([to]) => to);
}

/** Rank the stored graph and save the scores under `runId`; returns how many candidates. */
export function computeAndStoreScores(store: Store, runId: number, opts: RankOptions): number {
  const rows = store.graph.entities();
  const canon = personOf(store, rows);
  // Seeds are what the seeds table says now (a removed seed becomes a candidate again).
  const seedEntities = store.seeds.activeEntityIds();
  const texts = store.documents.entityTexts();
  const fetched = store.documents.fetchedEntityIds();
  const groups = new Map<number, EntityRow[]>();
  for (const e of rows) {
    const group = groups.get(canon.get(e.id)!);
    if (group) group.push(e);
    else groups.set(canon.get(e.id)!, [e]);
  }
  const merged = new Map<number, RankEntity>();
  for (const e of rows) {
    const id = canon.get(e.id)!;
    const target = merged.get(id) ?? { id, key: e.key, name: e.name ?? e.key, isSeed: false, isPlatform: false, text: '' };
    if (id === e.id) {
      target.key = e.key;
      target.name = personName(e, groups.get(id) ?? [e], fetched);
      // An account that opted out of logged-out apps, or is gone, is never a candidate: like a
      // platform it still passes on what points at it, but it is never ranked.
      target.isPlatform = e.isPlatform || e.hidden !== null;
    }
    target.isSeed ||= seedEntities.has(e.id);
    const text = texts.get(e.id);
    if (text) target.text = target.text ? `${target.text}\n${text}` : text;
    merged.set(id, target);
  }
  const edges = personEdges(store, canon, true);
  for (const id of seedOwned(store, canon, merged, edges)) merged.get(id)!.isPlatform = true;
  const entities = [...merged.values()];
  const ranked = rankEntities(entities, edges, opts);
  store.scores.replaceRun(
    runId,
    ranked.map((r) => ({
      entityId: r.id, rank: r.rank, score: r.score, relevance: r.relevance, authority: r.authority,
      authorityNorm: r.authorityNorm, referrers: r.referrers, seedsReaching: r.seedsReaching, topTerms: r.topTerms,
      topicality: r.topicality, endorsement: r.endorsement,
    })),
  );
  return ranked.length;
}
