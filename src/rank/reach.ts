// Reachability facts that explain a ranking: how many seeds can reach a candidate by following
// edges, and how many distinct entities point at it. Plain graph walks on integer ids.
import type { Adjacency } from './csr.js';

/** A directed edge between entity ids (any extra fields are ignored). */
export interface IdEdge {
  from: number;
  to: number;
}

/**
 * For each node id, how many seeds have a directed path of length >= 1 to it (BFS from every
 * seed). A seed counts for itself only through a cycle back to it: being a seed is not
 * evidence of being reached. Edges may mention ids outside `nodeIds`; walks pass through them,
 * but only `nodeIds` appear in the result (with 0 when no seed reaches them).
 */
export function seedsReaching(
  nodeIds: readonly number[],
  edges: readonly IdEdge[],
  seedIds: readonly number[],
): Map<number, number> {
  // Dense indices so each BFS is typed-array work, not Map lookups.
  const index = new Map<number, number>();
  const idOf: number[] = [];
  const indexOf = (id: number): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = idOf.length;
      index.set(id, i);
      idOf.push(id);
    }
    return i;
  };
  for (const id of nodeIds) indexOf(id);
  for (const e of edges) {
    indexOf(e.from);
    indexOf(e.to);
  }
  const n = idOf.length;
  const offsets = new Int32Array(n + 1);
  for (const e of edges) offsets[index.get(e.from)! + 1]!++;
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(edges.length);
  for (const e of edges) targets[cursor[index.get(e.from)!]!++] = index.get(e.to)!;

  const seeds = [...new Set(seedIds)].filter((id) => index.has(id)).map((id) => index.get(id)!);
  const reached = seedsReachingIndex(n, { offsets, targets }, seeds);

  const result = new Map<number, number>();
  for (const id of nodeIds) result.set(id, reached[index.get(id)!]!);
  return result;
}

/**
 * `seedsReaching` on node indices and an out-adjacency: per node, how many of the distinct
 * `seeds` (indices) reach it by a path of length >= 1. Up to 32 seeds at a time walk together,
 * one bit each: a node's set of reaching seeds flows along its out-edges until nothing grows,
 * so a big graph is walked a few times per 32 seeds instead of once per seed.
 */
export function seedsReachingIndex(n: number, { offsets, targets }: Adjacency, seeds: readonly number[]): Int32Array {
  const reached = new Int32Array(n);
  const distinct = [...new Set(seeds)];
  const mask = new Int32Array(n);
  // A circular worklist; each node is in it at most once (queued[v]).
  const queue = new Int32Array(Math.max(1, n));
  const queued = new Uint8Array(n);
  for (let batch = 0; batch < distinct.length; batch += 32) {
    mask.fill(0);
    let head = 0;
    let size = 0;
    const push = (v: number): void => {
      if (queued[v] === 1) return;
      queued[v] = 1;
      queue[(head + size) % n] = v;
      size++;
    };
    // Start from each seed's successors so a seed is only reached through a cycle.
    distinct.slice(batch, batch + 32).forEach((start, j) => {
      const bit = 1 << j;
      for (let k = offsets[start]!; k < offsets[start + 1]!; k++) {
        const v = targets[k]!;
        if ((mask[v]! & bit) === 0) {
          mask[v]! |= bit;
          push(v);
        }
      }
    });
    while (size > 0) {
      const u = queue[head]!;
      head = (head + 1) % n;
      size--;
      queued[u] = 0;
      const mu = mask[u]!;
      for (let k = offsets[u]!; k < offsets[u + 1]!; k++) {
        const v = targets[k]!;
        const grown = mask[v]! | mu;
        if (grown !== mask[v]) {
          mask[v] = grown;
          push(v);
        }
      }
    }
    for (let v = 0; v < n; v++) reached[v]! += bitCount(mask[v]!);
  }
  return reached;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * For each id with at least one referrer, the number of distinct other ids with an edge into
 * it. Self-edges do not count, and several edges from one referrer count once.
 */
export function referrerCounts(edges: readonly IdEdge[]): Map<number, number> {
  const referrers = new Map<number, Set<number>>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    let set = referrers.get(e.to);
    if (!set) referrers.set(e.to, (set = new Set()));
    set.add(e.from);
  }
  const counts = new Map<number, number>();
  for (const [id, set] of referrers) counts.set(id, set.size);
  return counts;
}
