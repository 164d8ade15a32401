// Rank what a crawl stored: read entities, edges and texts from the store, fold moved sites and
// one person's accounts into one candidate, run the pure ranker, and keep the result as the run's scores.
import type { Store } from '../store/store.js';
import type { EntityRow } from '../store/graph.js';
import { identityGroups } from './identity.js';
import { VetoStore } from '../store/vetoes.js';
import { displayName } from './liner-notes.js';
import { rankEntities } from './score.js';
import { EDGE_TYPES, type EdgeType, type RankEdge, type RankEntity, type RankOptions } from './types.js';

/**
 * Every entity mapped to the entity that stands for its person (moved sites and merged accounts
 * included); the user's vetoes (`linernotes unmerge`) keep their pairs apart.
 */
export function personOf(store: Store, rows: readonly EntityRow[] = store.graph.entities()): Map<number, number> {
  return identityGroups(rows, store.graph.claims(), new VetoStore(store.db).list());
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

/** Rank the stored graph and save the scores under `runId`; returns how many candidates. */
export function computeAndStoreScores(store: Store, runId: number, opts: RankOptions): number {
  const rows = store.graph.entities();
  const canon = personOf(store, rows);
  // Seeds are what the seeds table says now (a removed seed becomes a candidate again).
  const seedEntities = store.seeds.activeEntityIds();
  const texts = store.documents.entityTexts();
  const merged = new Map<number, RankEntity>();
  for (const e of rows) {
    const id = canon.get(e.id)!;
    const target = merged.get(id) ?? { id, key: e.key, name: e.name ?? e.key, isSeed: false, isPlatform: false, text: '' };
    if (id === e.id) {
      target.key = e.key;
      target.name = e.name ?? displayName(e);
      target.isPlatform = e.isPlatform;
    }
    target.isSeed ||= seedEntities.has(e.id);
    const text = texts.get(e.id);
    if (text) target.text = target.text ? `${target.text}\n${text}` : text;
    merged.set(id, target);
  }
  const entities = [...merged.values()];
  const ranked = rankEntities(entities, personEdges(store, canon, true), opts);
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
