// The person-level graph that the GEXF and GraphML exports write: one node per person (moved
// sites and one person's accounts folded together, as the ranking folds them) and one edge per
// (source person, target person, edge type), weighted as the ranking weighed it. Keeping the
// folding and weighting identical to rank/compute.ts is the point: what a user sees in Gephi is
// the graph the scores came from.
import { personOf } from '../rank/compute.js';
import { displayName } from '../rank/liner-notes.js';
import { DEFAULT_EDGE_WEIGHTS, EDGE_TYPES, type EdgeType } from '../rank/types.js';
import type { EntityRow } from '../store/graph.js';
import { marksByPerson } from '../store/marks.js';
import type { Store } from '../store/store.js';

/** One person in the exported graph. */
export interface GraphNode {
  /** Id of the entity that stands for the person (see rank/identity.ts); node ids derive from it. */
  id: number;
  /** That entity's key (`site:ada.example`, `bsky:did:plc:…`, `fedi:…`). */
  key: string;
  /** Display name. */
  label: string;
  /** `site`, `account`, or `podcast` when any of the person's feeds is a podcast. */
  kind: string;
  /** Main address: website, else profile, else home URL; '' when none is known. */
  url: string;
  /** One of the person's entities is a seed. */
  isSeed: boolean;
  /** A platform (wikipedia, youtube, …): in the graph, never a candidate. */
  isPlatform: boolean;
  /** Place in the run's ranking; null for seeds, platforms and anything the run did not rank. */
  rank: number | null;
  /** Combined score 0–1, rounded to 4 places as in CSV; null when unranked. */
  score: number | null;
  /** Relevance 0–1; null when unranked. */
  relevance: number | null;
  /** Authority 0–1 (the log-scaled one the score uses, as in CSV); null when unranked. */
  authority: number | null;
  /** The user's mark: picked, rejected, skipped, or new when unmarked. */
  status: string;
}

/** Evidence of one type from one person to another. */
export interface GraphEdge {
  /** Source node's `id`. */
  source: number;
  /** Target node's `id`. */
  target: number;
  /** Edge type: link, feed-item, blogroll, repost, boost, quote, mention, guest. */
  type: string;
  /** DEFAULT_EDGE_WEIGHTS[type] × log2(1 + count): the weight PageRank used. */
  weight: number;
  /** Distinct evidence documents, summed over the entity pairs folded into this edge. */
  count: number;
}

/** A person-level graph, nodes by id, edges by (source, target, type). */
export interface PersonGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Round for export: scores carry no meaning past 4 decimals (same as candidates.ts). */
function round4(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

/**
 * The stored graph folded to persons, with `runId`'s scores and the user's marks on the nodes.
 * Edges of types the ranking does not know are left out, as the ranking leaves them out;
 * self-loops that folding creates (a site linking its own old domain) are dropped.
 */
export function personGraph(store: Store, runId: number): PersonGraph {
  const entities = store.graph.entities();
  const people = personOf(store, entities);
  const personOfId = (id: number): number => people.get(id) ?? id;
  const members = new Map<number, EntityRow[]>();
  for (const e of entities) {
    const p = personOfId(e.id);
    const list = members.get(p);
    if (list) list.push(e);
    else members.set(p, [e]);
  }
  const byId = new Map(entities.map((e) => [e.id, e]));
  const scores = new Map(store.scores.forRun(runId).map((s) => [s.entityId, s]));
  const marks = marksByPerson(store.marks.all(), people);

  const nodes: GraphNode[] = [];
  for (const [id, group] of members) {
    const rep = byId.get(id) ?? group[0]!;
    // A moved site's old entity is history: its home URL is the address that no longer works.
    const live = group.filter((m) => m.aliasOf === null || m.id === rep.id);
    const site = live.find((m) => m.kind === 'site' && m.homeUrl);
    const s = scores.get(id);
    nodes.push({
      id,
      key: rep.key,
      label: rep.name ?? displayName(rep),
      kind: group.some((m) => m.isPodcast) ? 'podcast' : rep.kind,
      url: site?.homeUrl ?? rep.profileUrl ?? rep.homeUrl ?? '',
      isSeed: group.some((m) => m.isSeed),
      isPlatform: rep.isPlatform,
      rank: s?.rank ?? null,
      score: s ? round4(s.score) : null,
      relevance: s ? round4(s.relevance) : null,
      authority: s ? round4(s.authorityNorm) : null,
      status: marks.get(id)?.status ?? 'new',
    });
  }
  nodes.sort((a, b) => a.id - b.id);

  const known = new Set<string>(EDGE_TYPES);
  const folded = new Map<string, GraphEdge>();
  for (const e of store.graph.edgeCounts()) {
    if (!known.has(e.type)) continue;
    const source = personOfId(e.from);
    const target = personOfId(e.to);
    if (source === target) continue;
    const k = `${source} ${target} ${e.type}`;
    const prev = folded.get(k);
    // Summed per entity pair, exactly as rank/compute.ts sums them before PageRank.
    if (prev) prev.count += e.count;
    else folded.set(k, { source, target, type: e.type, weight: 0, count: e.count });
  }
  const edges = [...folded.values()];
  for (const edge of edges) edge.weight = DEFAULT_EDGE_WEIGHTS[edge.type as EdgeType] * Math.log2(1 + edge.count);
  edges.sort((a, b) => a.source - b.source || a.target - b.target || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { nodes, edges };
}
