// Graph structure on node indices 0..n-1 with typed arrays: summing parallel edges into one
// per (from, to) pair, and out-adjacency in compressed sparse row form. Counting sorts only, so
// both are linear in nodes + edges, and both keep the input order where it matters for
// floating-point sums (the callers' results must not depend on how a Map would have iterated).
import type { WeightedColumns } from './edge-columns.js';

/**
 * One edge per distinct (from, to): weights summed in input order, pairs in the order of their
 * first appearance in the input — exactly what accumulating into a Map keyed by the pair and
 * iterating it would give, without the Map. Ends must be integers in 0..n-1.
 */
export function sumPairs(n: number, from: Int32Array, to: Int32Array, weight: Float64Array, m: number): WeightedColumns {
  if (sortedByPair(from, to, m)) return sumAdjacent(from, to, weight, m);
  // Stable counting sorts: by `to`, then by `from`, so each pair's edges are adjacent and in input order.
  const byTo = countingSort(n, to, identity(m), m);
  const order = countingSort(n, from, byTo, m);
  // firstPair[pos] = pair whose first edge is at input position pos, or -1.
  const firstPair = new Int32Array(m).fill(-1);
  const sums = new Float64Array(m);
  let pairs = 0;
  for (let k = 0; k < m; ) {
    const start = order[k]!;
    const f = from[start]!;
    const t = to[start]!;
    let sum = weight[start]!;
    k++;
    while (k < m && from[order[k]!] === f && to[order[k]!] === t) sum += weight[order[k++]!]!;
    firstPair[start] = pairs;
    sums[pairs] = sum;
    pairs++;
  }
  const out: WeightedColumns = { length: pairs, from: new Int32Array(pairs), to: new Int32Array(pairs), weight: new Float64Array(pairs) };
  let at = 0;
  for (let pos = 0; pos < m; pos++) {
    const p = firstPair[pos]!;
    if (p < 0) continue;
    out.from[at] = from[pos]!;
    out.to[at] = to[pos]!;
    out.weight[at] = sums[p]!;
    at++;
  }
  return out;
}

/**
 * Whether the first `m` edges are in (from, to) order, as the store hands them over when no
 * merged person reorders them: then parallel edges are adjacent already.
 */
function sortedByPair(from: Int32Array, to: Int32Array, m: number): boolean {
  for (let k = 1; k < m; k++) {
    if (from[k]! < from[k - 1]! || (from[k] === from[k - 1] && to[k]! < to[k - 1]!)) return false;
  }
  return true;
}

/** `sumPairs` of edges sorted by pair: runs summed in order (their first edge is first). */
function sumAdjacent(from: Int32Array, to: Int32Array, weight: Float64Array, m: number): WeightedColumns {
  let pairs = 0;
  for (let k = 0; k < m; k++) if (k === 0 || from[k] !== from[k - 1] || to[k] !== to[k - 1]) pairs++;
  const out: WeightedColumns = { length: pairs, from: new Int32Array(pairs), to: new Int32Array(pairs), weight: new Float64Array(pairs) };
  let at = -1;
  for (let k = 0; k < m; k++) {
    if (k === 0 || from[k] !== from[k - 1] || to[k] !== to[k - 1]) {
      at++;
      out.from[at] = from[k]!;
      out.to[at] = to[k]!;
      out.weight[at] = weight[k]!;
    } else out.weight[at]! += weight[k]!;
  }
  return out;
}

/** Out-adjacency: the targets of node u are targets[offsets[u] .. offsets[u + 1]), in input order. */
export interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
}

/** Build the out-adjacency of the first `m` edges (ends in 0..n-1). */
export function adjacency(n: number, from: Int32Array, to: Int32Array, m: number): Adjacency {
  const offsets = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) offsets[from[k]! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(m);
  for (let k = 0; k < m; k++) targets[cursor[from[k]!]!++] = to[k]!;
  return { offsets, targets };
}

function identity(m: number): Int32Array {
  const a = new Int32Array(m);
  for (let i = 0; i < m; i++) a[i] = i;
  return a;
}

/** Positions `order` stably sorted by key[position] (keys in 0..n-1). */
function countingSort(n: number, key: Int32Array, order: Int32Array, m: number): Int32Array {
  const start = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) start[key[k]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const out = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const pos = order[k]!;
    out[start[key[pos]!]!++] = pos;
  }
  return out;
}
