// Personalized PageRank by power iteration on typed arrays. Owns only the numerics: callers map
// their ids to 0..n-1 indices, choose edge weights and the restart (personalization) vector.
// The semantics are those of networkx.pagerank(G, alpha, personalization, weight='weight')
// with dangling=None, checked against a reference produced by networkx itself
// (fixtures/rank/make-ppr-reference.py).

import type { WeightedColumns } from './edge-columns.js';

export type { WeightedColumns } from './edge-columns.js';

/** One weighted directed edge between node indices. */
export interface WeightedEdge {
  from: number;
  to: number;
  weight: number;
}

/** Knobs of `personalizedPageRank`. */
export interface PageRankOptions {
  /** Probability of following an out-edge instead of restarting. @default 0.85 */
  damping?: number;
  /** Stop when the L1 change of one iteration is below `nodeCount * tolerance` (networkx's rule). @default 1e-12 */
  tolerance?: number;
  /** Give up after this many iterations and return the last iterate. @default 1000 */
  maxIterations?: number;
  /**
   * Per-node damping in [0, 1), overriding `damping` node by node: how much of a node's mass it
   * passes along its out-edges (the rest returns through the restart vector). Topic-sensitive
   * ranking uses it so off-topic pages pass little authority on. @default none (all `damping`)
   */
  nodeDamping?: Float64Array;
}

/** Outgoing adjacency in compressed sparse row form, weights already divided by out-weight. */
interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
  /** weight / (sum of the source's out-weights): the transition probability of the edge. */
  probs: Float64Array;
  /** 1 where a node has no usable out-edge (all its mass goes through the restart vector). */
  dangling: Uint8Array;
}

/**
 * Personalized PageRank: the stationary distribution of a walk that follows out-edges with
 * probability `damping` (choosing an edge in proportion to its weight) and otherwise jumps to a
 * node drawn from `personalization`. Parallel edges add up, self-loops are ignored (a site
 * linking to itself says nothing about its standing), and nodes without out-edges hand their
 * mass to the personalization vector, exactly as networkx does with `dangling=None`.
 * Edges with out-of-range ends or a weight that is not a positive finite number are skipped.
 * The result sums to 1. Nodes unreachable from the personalization's support get exactly 0,
 * because the iteration starts from the personalization vector itself.
 */
export function personalizedPageRank(
  nodeCount: number,
  edges: readonly WeightedEdge[] | WeightedColumns,
  personalization: Float64Array,
  opts: PageRankOptions = {},
): Float64Array {
  const damping = opts.damping ?? 0.85;
  const tolerance = opts.tolerance ?? 1e-12;
  const maxIterations = opts.maxIterations ?? 1000;
  if (!Number.isInteger(nodeCount) || nodeCount < 0) {
    throw new RangeError(`Expected \`nodeCount\` to be an integer >= 0, got \`${nodeCount}\``);
  }
  if (!(damping >= 0 && damping < 1)) {
    throw new RangeError(`Expected \`damping\` to be a number in [0, 1), got \`${damping}\``);
  }
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) {
    throw new RangeError(`Expected \`tolerance\` to be a finite number > 0, got \`${tolerance}\``);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`Expected \`maxIterations\` to be an integer >= 1, got \`${maxIterations}\``);
  }
  if (nodeCount === 0) return new Float64Array(0);
  const p = normalizePersonalization(nodeCount, personalization);
  const csr = buildCsr(nodeCount, edges);
  const d = opts.nodeDamping ?? new Float64Array(nodeCount).fill(damping);
  if (d.length !== nodeCount || d.some((v) => !(v >= 0 && v < 1))) {
    throw new RangeError(`Expected \`nodeDamping\` to have ${nodeCount} entries in [0, 1)`);
  }
  return iterate(nodeCount, csr, p, d, tolerance, maxIterations);
}

/** Validate the restart vector and scale it to sum 1; an all-zero vector means uniform. */
function normalizePersonalization(n: number, personalization: Float64Array): Float64Array {
  if (personalization.length !== n) {
    throw new RangeError(`Expected \`personalization\` to have ${n} entries, got ${personalization.length}`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = personalization[i]!;
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new RangeError(`Expected \`personalization[${i}]\` to be a finite number >= 0, got \`${v}\``);
    }
    sum += v;
  }
  // Copy so the caller's array is never modified.
  const p = new Float64Array(n);
  if (sum === 0) p.fill(1 / n);
  else for (let i = 0; i < n; i++) p[i] = personalization[i]! / sum;
  return p;
}

/** Counting-sort the usable edges by source into CSR and turn weights into probabilities. */
function buildCsr(n: number, edges: readonly WeightedEdge[] | WeightedColumns): Csr {
  // Columns are read in place; objects are first checked and copied into columns (same order).
  const cols = Array.isArray(edges) ? toWeightedColumns(n, edges as readonly WeightedEdge[]) : (edges as WeightedColumns);
  const usable = (k: number): boolean => {
    const from = cols.from[k]!;
    const to = cols.to[k]!;
    const w = cols.weight[k]!;
    return from >= 0 && from < n && to >= 0 && to < n && from !== to && w > 0 && Number.isFinite(w);
  };

  const offsets = new Int32Array(n + 1);
  let m = 0;
  for (let k = 0; k < cols.length; k++) {
    if (!usable(k)) continue;
    offsets[cols.from[k]! + 1]!++;
    m++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(m);
  const probs = new Float64Array(m);
  const outWeight = new Float64Array(n);
  for (let k = 0; k < cols.length; k++) {
    if (!usable(k)) continue;
    const from = cols.from[k]!;
    const at = cursor[from]!++;
    targets[at] = cols.to[k]!;
    probs[at] = cols.weight[k]!;
    outWeight[from]! += cols.weight[k]!;
  }
  const dangling = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    const total = outWeight[u]!;
    if (total === 0) {
      dangling[u] = 1;
      continue;
    }
    // Parallel edges stay separate entries; summing them here or in the iteration is the same.
    for (let k = offsets[u]!; k < offsets[u + 1]!; k++) probs[k]! /= total;
  }
  return { offsets, targets, probs, dangling };
}

/** The edges whose ends are integer node indices, as columns in their order (others are dropped). */
function toWeightedColumns(n: number, edges: readonly WeightedEdge[]): WeightedColumns {
  const cols: WeightedColumns = { length: 0, from: new Int32Array(edges.length), to: new Int32Array(edges.length), weight: new Float64Array(edges.length) };
  for (const e of edges) {
    if (!(Number.isInteger(e.from) && Number.isInteger(e.to) && e.from >= 0 && e.from < n && e.to >= 0 && e.to < n)) continue;
    if (typeof e.weight !== 'number') continue;
    cols.from[cols.length] = e.from;
    cols.to[cols.length] = e.to;
    cols.weight[cols.length] = e.weight;
    cols.length++;
  }
  return cols;
}

/**
 * Power iteration: each node passes d[u] of its mass along its out-edges; everything not passed
 * on (the rest of each node's mass, all of a dangling node's) restarts through p. With one d for
 * every node this is x <- d*(x P + danglingMass * p) + (1-d) * p, networkx's iteration.
 */
function iterate(
  n: number,
  { offsets, targets, probs, dangling }: Csr,
  p: Float64Array,
  d: Float64Array,
  tolerance: number,
  maxIterations: number,
): Float64Array {
  let x = Float64Array.from(p);
  let next = new Float64Array(n);
  for (let iter = 0; iter < maxIterations; iter++) {
    next.fill(0);
    let total = 0;
    let passed = 0;
    for (let u = 0; u < n; u++) {
      const xu = x[u]!;
      if (xu === 0) continue;
      total += xu;
      if (dangling[u] === 1) continue;
      const share = d[u]! * xu;
      passed += share;
      const end = offsets[u + 1]!;
      for (let k = offsets[u]!; k < end; k++) next[targets[k]!]! += share * probs[k]!;
    }
    const restart = total - passed;
    let change = 0;
    for (let v = 0; v < n; v++) {
      const value = next[v]! + restart * p[v]!;
      next[v] = value;
      change += Math.abs(value - x[v]!);
    }
    [x, next] = [next, x];
    if (change < n * tolerance) break;
  }
  return x;
}
