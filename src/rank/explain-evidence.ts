// The evidence half of an explanation: every edge into a person's entities, grouped per
// referring person and edge kind, counted in distinct evidence documents, dated, and ordered
// the way the ranking weighs them. Self-edges inside the person are not evidence.
import type { EntityRow } from '../store/graph.js';
import type { Store } from '../store/store.js';
import { displayName } from './liner-notes.js';
import { EDGE_TYPES, type EdgeType } from './types.js';

/** The edges of one referring person of one kind. */
export interface EvidenceGroup {
  /** Name of the referring person (its representative's name, else its address or @handle). */
  from: string;
  /** The referring person's representative entity. */
  fromEntityId: number;
  fromIsSeed: boolean;
  /** Hop of the referrer (its smallest discovery depth), null if unknown. */
  fromDepth: number | null;
  type: EdgeType;
  /** Distinct evidence documents. */
  count: number;
  /** Up to 3, newest first; `date` is the document's published date, else when the edge was first seen (YYYY-MM-DD, UTC). */
  examples: { evidenceUrl: string; targetUrl: string; date: string | null }[];
}

/** One stored edge into the person. */
export interface EvidenceEdge {
  from: number;
  to: number;
  type: string;
  evidenceUrl: string;
  targetUrl: string;
  firstSeenAt: number;
}

/** What the evidence gatherer needs from the explanation's context. */
export interface EvidenceContext {
  store: Store;
  byId: Map<number, EntityRow>;
  personOf: Map<number, number>;
  members: Map<number, EntityRow[]>;
  seedIds: Set<number>;
}

const MAX_EXAMPLES = 3;

/**
 * Group the edges into `group` (the person's entities) by referring person and type, strongest
 * first. Also returns, per referring person, the edge a liner note should end with: from its
 * member nearest a seed, of its strongest kind, the newest.
 */
export function gatherEvidence(
  ctx: EvidenceContext, person: number, group: readonly EntityRow[], weights: Record<EdgeType, number>,
): { groups: EvidenceGroup[]; edgesByReferrer: Map<number, EvidenceEdge> } {
  const { store } = ctx;
  const edges = (store.graph.edgesInto(group.map((m) => m.id)) as EvidenceEdge[])
    .filter((e) => (EDGE_TYPES as readonly string[]).includes(e.type) && (ctx.personOf.get(e.from) ?? e.from) !== person);
  const published = publishedDates(store, [...new Set(edges.map((e) => e.evidenceUrl))]);
  const when = (e: EvidenceEdge): number => published.get(e.evidenceUrl) ?? e.firstSeenAt;
  const depthOf = depthLookup(store);

  const byKey = new Map<string, { referrer: number; type: EdgeType; docs: Map<string, EvidenceEdge> }>();
  const edgesByReferrer = new Map<number, EvidenceEdge>();
  const weight = (type: string) => weights[type as EdgeType] ?? 0;
  for (const e of edges) {
    const referrer = ctx.personOf.get(e.from) ?? e.from;
    const key = `${referrer} ${e.type}`;
    const g = byKey.get(key) ?? { referrer, type: e.type as EdgeType, docs: new Map<string, EvidenceEdge>() };
    const prev = g.docs.get(e.evidenceUrl);
    // One document, several targets or members: one piece of evidence, its earliest sighting.
    const first = Math.min(e.firstSeenAt, prev?.firstSeenAt ?? Infinity);
    g.docs.set(e.evidenceUrl, !prev || e.targetUrl < prev.targetUrl ? { ...e, firstSeenAt: first } : { ...prev, firstSeenAt: first });
    byKey.set(key, g);
    const best = edgesByReferrer.get(referrer);
    if (!best || compareTail(e, best, depthOf, weight, when) < 0) edgesByReferrer.set(referrer, e);
  }

  const groups = [...byKey.values()].map((g) => {
    const rep = ctx.byId.get(g.referrer);
    const members = ctx.members.get(g.referrer) ?? (rep ? [rep] : []);
    const depths = members.map((m) => depthOf(m.id)).filter((d) => d !== Infinity);
    const docs = [...g.docs.values()].sort((a, b) => when(b) - when(a) || (a.evidenceUrl < b.evidenceUrl ? -1 : 1));
    const evidence: EvidenceGroup = {
      from: rep ? rep.name ?? displayName(rep) : String(g.referrer),
      fromEntityId: g.referrer,
      fromIsSeed: members.some((m) => ctx.seedIds.has(m.id)),
      fromDepth: depths.length > 0 ? Math.min(...depths) : null,
      type: g.type,
      count: g.docs.size,
      examples: docs.slice(0, MAX_EXAMPLES).map((d) => ({ evidenceUrl: d.evidenceUrl, targetUrl: d.targetUrl, date: isoDay(when(d)) })),
    };
    return { evidence, strength: weight(g.type) * Math.log2(1 + g.docs.size) };
  });
  // Compare strengths on a 1e-9 grid so float noise cannot beat the seed and hop rules.
  const grid = (x: number) => Math.round(x * 1e9);
  groups.sort((a, b) =>
    grid(b.strength) - grid(a.strength)
    || Number(b.evidence.fromIsSeed) - Number(a.evidence.fromIsSeed)
    || (a.evidence.fromDepth ?? Infinity) - (b.evidence.fromDepth ?? Infinity)
    || a.evidence.from.localeCompare(b.evidence.from)
    || a.evidence.fromEntityId - b.evidence.fromEntityId
    || EDGE_TYPES.indexOf(a.evidence.type) - EDGE_TYPES.indexOf(b.evidence.type));
  return { groups: groups.map((g) => g.evidence), edgesByReferrer };
}

/** Order for the last hop of a liner note: nearest member, strongest kind, newest, then by URL. */
function compareTail(
  a: EvidenceEdge, b: EvidenceEdge, depthOf: (id: number) => number, weight: (t: string) => number, when: (e: EvidenceEdge) => number,
): number {
  return depthOf(a.from) - depthOf(b.from) || weight(b.type) - weight(a.type) || when(b) - when(a)
    || (a.evidenceUrl < b.evidenceUrl ? -1 : a.evidenceUrl > b.evidenceUrl ? 1 : 0);
}

/** An entity's discovery depth (Infinity when it has none), cached. */
function depthLookup(store: Store): (id: number) => number {
  const cache = new Map<number, number>();
  return (id) => {
    let d = cache.get(id);
    if (d === undefined) {
      d = store.graph.discovery(id)?.depth ?? Infinity;
      cache.set(id, d);
    }
    return d;
  };
}

/** Newest published date of the documents behind each evidence URL (by URL or final URL). */
function publishedDates(store: Store, urls: string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (urls.length === 0) return out;
  const rows = store.documents.publishedAmong(urls);
  const wanted = new Set(urls);
  for (const r of rows) {
    for (const u of [r.url, r.finalUrl]) {
      if (u !== null && wanted.has(u) && r.publishedAt > (out.get(u) ?? -Infinity)) out.set(u, r.publishedAt);
    }
  }
  return out;
}

/** Epoch milliseconds as YYYY-MM-DD (UTC); null when it is not a real date. */
function isoDay(ms: number): string | null {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 10) : null;
}
