// The report's influence graph: the seeds, the top N candidates and the people between them that
// carry their liner notes (each candidate's discovery chain and its strongest referrers' chains),
// with the person-level edges among them, laid out once in Node with ForceAtlas2 so the page
// only draws. The folding and edge weights are the exports' (export/graph-model.ts).
import { createRequire } from 'node:module';
import graphology from 'graphology';
import type { ForceAtlas2Settings } from 'graphology-layout-forceatlas2';
import { personGraph, type GraphNode } from '../export/graph-model.js';
import { explainWith, type ExplainContext } from '../rank/explain.js';
import type { Store } from '../store/store.js';
import { mulberry32 } from '../prng.js';

/** One drawn person; coordinates are in a 0–1000 box. */
export interface ReportNode {
  id: number;
  label: string;
  url: string;
  kind: string;
  /** seed, candidate (in the top N), between (carries a path), platform */
  role: 'seed' | 'candidate' | 'between' | 'platform';
  rank: number | null;
  score: number | null;
  relevance: number | null;
  authority: number | null;
  status: string;
  /** Relevance relative to the most relevant person drawn (0–1), which the colour shows. */
  shade: number | null;
  x: number;
  y: number;
}

/** The graph as the page draws it; edges are `[source index, target index, type index, count]`. */
export interface ReportGraph {
  nodes: ReportNode[];
  edgeTypes: string[];
  edges: [number, number, number, number][];
  /** Candidates left out of the drawing because they rank below `top`. */
  top: number;
}

/** Options of {@link reportGraph}. */
export interface ReportGraphOptions {
  /** Candidates to draw. */
  top: number;
  /** The explanation context of the run (referrers of each top candidate come from it). */
  ctx: ExplainContext;
  /** Referring people per candidate, strongest first, where already explained (saves explaining again). */
  referrers?: ReadonlyMap<number, readonly number[]>;
  /** ForceAtlas2 iterations. @default 300 up to 300 people, fewer above (100 at 1,000) */
  iterations?: number;
}

/** The part of graphology-layout-forceatlas2 used here. */
interface ForceAtlas2 {
  assign(graph: unknown, params: { iterations: number; settings?: ForceAtlas2Settings }): void;
  inferSettings(graph: unknown): ForceAtlas2Settings;
}
// A CommonJS package whose typings describe an ES default export; require() gives the layout
// function itself, as its README shows.
const forceAtlas2 = createRequire(import.meta.url)('graphology-layout-forceatlas2') as ForceAtlas2;

/** Referrers per top candidate whose own chains are drawn too. */
const REFERRERS_PER_CANDIDATE = 3;

/** Select and lay out the graph of `runId`. */
export function reportGraph(store: Store, runId: number, opts: ReportGraphOptions): ReportGraph {
  const full = personGraph(store, runId);
  const byId = new Map(full.nodes.map((n) => [n.id, n]));
  const roles = new Map<number, ReportNode['role']>();
  for (const n of full.nodes) if (n.isSeed) roles.set(n.id, 'seed');
  const top = full.nodes.filter((n) => !n.isSeed && n.rank !== null && n.rank <= opts.top);
  for (const n of top) roles.set(n.id, 'candidate');
  const personOf = (id: number) => opts.ctx.personOf.get(id) ?? id;
  const addChain = (entityId: number) => {
    let cur: number | null = entityId;
    for (let i = 0; cur !== null && i < 32; i++) {
      const p = personOf(cur);
      const node = byId.get(p);
      if (node && !roles.has(p)) roles.set(p, node.isPlatform ? 'platform' : 'between');
      cur = store.graph.discovery(cur)?.parentEntity ?? null;
    }
  };
  for (const n of top) {
    for (const m of opts.ctx.members.get(n.id) ?? []) addChain(m.id);
    const known = opts.referrers?.get(n.id);
    const referrers = known ?? explainWith(opts.ctx, n.id, { maxPaths: 0, maxEvidence: REFERRERS_PER_CANDIDATE }).evidence.map((g) => g.fromEntityId);
    for (const r of referrers.slice(0, REFERRERS_PER_CANDIDATE)) addChain(r);
  }
  const nodes = [...roles.keys()].map((id) => byId.get(id)!).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.id - b.id);
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const edgeTypes: string[] = [];
  const edges: ReportGraph['edges'] = [];
  for (const e of full.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    let type = edgeTypes.indexOf(e.type);
    if (type < 0) type = edgeTypes.push(e.type) - 1;
    edges.push([s, t, type, e.count]);
  }
  // Big graphs settle in fewer iterations per node, and each costs more: keep the layout near a second or two.
  const positions = layout(nodes, edges, opts.iterations ?? Math.max(60, Math.min(300, Math.round(100_000 / Math.max(1, nodes.length)))));
  const maxRelevance = Math.max(0, ...nodes.map((n) => n.relevance ?? 0)) || 1;
  return {
    nodes: nodes.map((n, i) => toReportNode(n, roles.get(n.id)!, positions[i]!, maxRelevance)),
    edgeTypes,
    edges,
    top: opts.top,
  };
}

function toReportNode(n: GraphNode, role: ReportNode['role'], [x, y]: [number, number], maxRelevance: number): ReportNode {
  return {
    id: n.id, label: n.label, url: n.url, kind: n.kind, role, rank: n.rank, score: n.score, relevance: n.relevance, authority: n.authority, status: n.status,
    shade: n.relevance === null ? null : Math.round((n.relevance / maxRelevance) * 1000) / 1000,
    x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10,
  };
}


/**
 * ForceAtlas2 on the undirected, weight-merged graph, scaled into a 0–1000 box (with a margin
 * for the largest circles). Exported for the benchmark of big graphs.
 */
export function layout(nodes: readonly { id: number }[], edges: readonly [number, number, number, number][], iterations: number): [number, number][] {
  if (nodes.length === 0) return [];
  const g = new graphology.UndirectedGraph({ allowSelfLoops: false });
  const random = mulberry32(nodes.length * 7919 + edges.length);
  nodes.forEach((_, i) => g.addNode(i, { x: random() * 100, y: random() * 100 }));
  for (const [s, t, , count] of edges) {
    if (s === t) continue;
    g.updateEdge(s, t, (attr: { weight?: number }) => ({ weight: (attr.weight ?? 0) + Math.log2(1 + count) }));
  }
  if (g.size > 0) {
    // Strong gravity keeps people with few ties (or none among the drawn) near the middle.
    forceAtlas2.assign(g, { iterations, settings: { ...forceAtlas2.inferSettings(g), strongGravityMode: true, gravity: 0.5, barnesHutOptimize: g.order > 400 } });
  }
  const raw = nodes.map((_, i) => [g.getNodeAttribute(i, 'x') as number, g.getNodeAttribute(i, 'y') as number] as [number, number]);
  // Scale by the 2nd–98th percentile box, pulling the odd far-flung node to the edge, so a
  // single outlier cannot shrink everybody else into a corner.
  const box = (values: number[]): [number, number] => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
    return sorted.length > 20 ? [at(0.02), at(0.98)] : [sorted[0]!, sorted[sorted.length - 1]!];
  };
  const [minX, maxX] = box(raw.map((p) => p[0]));
  const [minY, maxY] = box(raw.map((p) => p[1]));
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const margin = 40;
  const clamp = (v: number) => Math.min(1000 - margin / 2, Math.max(margin / 2, v));
  const offX = (span - (maxX - minX)) / 2;
  const offY = (span - (maxY - minY)) / 2;
  return raw.map(([x, y]) => [
    clamp(margin + ((x - minX + offX) / span) * (1000 - 2 * margin)),
    clamp(margin + ((y - minY + offY) / span) * (1000 - 2 * margin)),
  ]);
}
