// Rank what a crawl stored: read entities, edges and texts from the store, fold moved sites and
// one person's accounts into one candidate, run the pure ranker, and keep the result as the run's scores.
import type { Store } from '../store/store.js';
import type { EntityRow } from '../store/graph.js';
import { identityGroups } from './identity.js';
import { displayName } from './liner-notes.js';
import { rankEntities } from './score.js';
import { EDGE_TYPES, type EdgeType, type RankEdge, type RankEntity, type RankOptions } from './types.js';

/** Every entity mapped to the entity that stands for its person (moved sites and merged accounts included). */
export function personOf(store: Store, rows: readonly EntityRow[] = store.graph.entities()): Map<number, number> {
  return identityGroups(rows, store.graph.claims());
}

/** Rank the stored graph and save the scores under `runId`; returns how many candidates. */
export function computeAndStoreScores(store: Store, runId: number, opts: RankOptions): number {
  const rows = store.graph.entities();
  const canon = personOf(store, rows);
  // Seeds are what the seeds table says now (a removed seed becomes a candidate again).
  const seedEntities = new Set(store.seeds.list().filter((s) => s.status === 'active' && s.entityId !== null).map((s) => s.entityId!));
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
  const edges = new Map<string, RankEdge>();
  for (const e of store.graph.edgeCounts()) {
    if (!(EDGE_TYPES as readonly string[]).includes(e.type)) continue;
    const from = canon.get(e.from)!;
    const to = canon.get(e.to)!;
    if (from === to) continue;
    const key = `${from} ${to} ${e.type}`;
    const prev = edges.get(key);
    if (prev) prev.count += e.count;
    else edges.set(key, { from, to, type: e.type as EdgeType, count: e.count });
  }
  const ranked = rankEntities(entities, [...edges.values()], opts);
  store.scores.replaceRun(
    runId,
    ranked.map((r) => ({
      entityId: r.id, rank: r.rank, score: r.score, relevance: r.relevance, authority: r.authority,
      authorityNorm: r.authorityNorm, referrers: r.referrers, seedsReaching: r.seedsReaching, topTerms: r.topTerms,
    })),
  );
  return ranked.length;
}
