// The person-level graph that the GEXF and GraphML exports write: one node per person (moved
// sites and one person's accounts folded together, as the ranking folds them) and one edge per
// (source person, target person, edge type), weighted as the ranking weighed it. Keeping the
// folding and weighting identical to rank/compute.ts is the point: what a user sees in Gephi is
// the graph the scores came from.
import { personName, personUrl } from '../rank/person-view.js';
import { personEdges, personOf } from '../rank/compute.js';
import { DEFAULT_EDGE_WEIGHTS } from '../rank/types.js';
import { markAuthor, marksByPerson } from '../store/marks.js';
import type { Store } from '../store/store.js';
import { membersByPerson } from '../rank/members.js';

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
  /** One of the person's entities is an active seed (the seeds table, as the ranking reads it). */
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
  /** Who made that mark (`unknown` for marks older than names); null when new. */
  pickedBy: string | null;
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

/** A typed attribute column both graph formats declare, and how to read it from an item. */
export interface AttributeColumn<T> {
  /** Column name (GEXF attribute id and title, GraphML key id and attr.name). */
  id: string;
  /** Value type in GEXF's words; GraphML writes `integer` as `int`. */
  type: 'string' | 'integer' | 'double' | 'boolean';
  /** The item's value; null or undefined means unknown, and nothing is written. */
  value: (item: T) => string | number | boolean | null | undefined;
}

/** Node columns, in the order a data table should show them. */
export const NODE_ATTRIBUTES: readonly AttributeColumn<GraphNode>[] = [
  { id: 'key', type: 'string', value: (n) => n.key },
  { id: 'kind', type: 'string', value: (n) => n.kind },
  { id: 'url', type: 'string', value: (n) => n.url || null },
  { id: 'seed', type: 'boolean', value: (n) => n.isSeed },
  { id: 'platform', type: 'boolean', value: (n) => n.isPlatform },
  { id: 'rank', type: 'integer', value: (n) => n.rank },
  { id: 'score', type: 'double', value: (n) => n.score },
  { id: 'relevance', type: 'double', value: (n) => n.relevance },
  { id: 'authority', type: 'double', value: (n) => n.authority },
  { id: 'status', type: 'string', value: (n) => n.status },
  { id: 'picked_by', type: 'string', value: (n) => n.pickedBy },
];

/** Edge columns besides the weight, which both formats carry in their own way. */
export const EDGE_ATTRIBUTES: readonly AttributeColumn<GraphEdge>[] = [
  { id: 'type', type: 'string', value: (e) => e.type },
  { id: 'count', type: 'integer', value: (e) => e.count },
];

/** The XML id of a person's node: stable across exports of the same database. */
export function nodeXmlId(id: number): string {
  return `n${id}`;
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
  const members = membersByPerson(entities, people);
  const byId = new Map(entities.map((e) => [e.id, e]));
  const scores = new Map(store.scores.forRun(runId).map((s) => [s.entityId, s]));
  const marks = marksByPerson(store.marks.all(), people);
  // Seeds are what the seeds table says now, as rank/compute.ts decides (a removed seed is a candidate again).
  const seeds = store.seeds.activeEntityIds();
  const fetched = store.documents.fetchedEntityIds();
  // Accounts that opted out of logged-out apps, or are gone, are never shown, not even as nodes.
  const hidden = new Set<number>();

  const nodes: GraphNode[] = [];
  for (const [id, group] of members) {
    const rep = byId.get(id) ?? group[0]!;
    if (rep.hidden !== null) {
      hidden.add(id);
      continue;
    }
    // A moved site's old entity is history: its home URL is the address that no longer works.
    const live = group.filter((m) => m.aliasOf === null || m.id === rep.id);
    const s = scores.get(id);
    const mark = marks.get(id);
    nodes.push({
      id,
      key: rep.key,
      label: personName(rep, live, fetched),
      kind: group.some((m) => m.isPodcast) ? 'podcast' : rep.kind,
      url: personUrl(rep, live, fetched),
      isSeed: group.some((m) => seeds.has(m.id)),
      isPlatform: rep.isPlatform,
      rank: s?.rank ?? null,
      score: s ? round4(s.score) : null,
      relevance: s ? round4(s.relevance) : null,
      authority: s ? round4(s.authorityNorm) : null,
      status: mark?.status ?? 'new',
      pickedBy: mark ? markAuthor(mark) : null,
    });
  }
  nodes.sort((a, b) => a.id - b.id);

  // The same folded, distinct-evidence edges the ranker sees (rank/compute.ts).
  const edges: GraphEdge[] = personEdges(store, people).filter((e) => !hidden.has(e.from) && !hidden.has(e.to)).map((e) => ({
    source: e.from, target: e.to, type: e.type, count: e.count, weight: DEFAULT_EDGE_WEIGHTS[e.type] * Math.log2(1 + e.count),
  }));
  edges.sort((a, b) => a.source - b.source || a.target - b.target || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { nodes, edges };
}
