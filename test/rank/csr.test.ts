// sumPairs must give exactly what accumulating into a Map keyed by the pair gives (pairs in
// first-appearance order, weights summed in input order), and adjacency keeps input order.
import { describe, expect, it } from 'vitest';
import { adjacency, sumPairs } from '../../src/rank/csr.js';
import { mulberry32 } from '../../src/prng.js';

function viaMap(n: number, edges: [number, number, number][]): [number, number, number][] {
  const sums = new Map<number, number>();
  for (const [f, t, w] of edges) sums.set(f * n + t, (sums.get(f * n + t) ?? 0) + w);
  return [...sums].map(([pair, w]) => [Math.floor(pair / n), pair % n, w]);
}

function columns(edges: [number, number, number][]) {
  return {
    from: Int32Array.from(edges, (e) => e[0]),
    to: Int32Array.from(edges, (e) => e[1]),
    weight: Float64Array.from(edges, (e) => e[2]),
  };
}

describe('sumPairs', () => {
  it('merges parallel edges in first-appearance order', () => {
    const edges: [number, number, number][] = [[2, 0, 1], [0, 1, 0.5], [2, 0, 2], [1, 2, 1], [0, 1, 0.25]];
    const c = columns(edges);
    const got = sumPairs(3, c.from, c.to, c.weight, edges.length);
    expect(got.length).toBe(3);
    expect([...got.from]).toEqual([2, 0, 1]);
    expect([...got.to]).toEqual([0, 1, 2]);
    expect([...got.weight]).toEqual([3, 0.75, 1]);
  });

  it('is bit-identical to a Map on multigraphs already in pair order (the store\'s order)', () => {
    const rand = mulberry32(4);
    for (let round = 0; round < 20; round++) {
      const n = 1 + Math.floor(rand() * 30);
      const edges: [number, number, number][] = Array.from({ length: Math.floor(rand() * 400) }, (): [number, number, number] => [
        Math.floor(rand() * n), Math.floor(rand() * n), rand() * 3 + 1e-9 * rand(),
      ]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const c = columns(edges);
      const got = sumPairs(n, c.from, c.to, c.weight, edges.length);
      const want = viaMap(n, edges);
      expect(got.length).toBe(want.length);
      for (let k = 0; k < want.length; k++) expect([got.from[k], got.to[k], got.weight[k]]).toEqual(want[k]);
      // Only the first m edges count.
      const part = Math.floor(edges.length / 2);
      expect(sumPairs(n, c.from, c.to, c.weight, part).length).toBe(viaMap(n, edges.slice(0, part)).length);
    }
  });

  it('is bit-identical to a Map on random multigraphs (sums whose order matters)', () => {
    const rand = mulberry32(3);
    for (let round = 0; round < 20; round++) {
      const n = 1 + Math.floor(rand() * 30);
      const edges: [number, number, number][] = Array.from({ length: Math.floor(rand() * 400) }, () => [
        Math.floor(rand() * n), Math.floor(rand() * n), rand() * 3 + 1e-9 * rand(),
      ]);
      const c = columns(edges);
      const got = sumPairs(n, c.from, c.to, c.weight, edges.length);
      const rows = Array.from({ length: got.length }, (_, i) => [got.from[i], got.to[i], got.weight[i]]);
      expect(rows).toEqual(viaMap(n, edges));
    }
  });

  it('reads only the first m edges', () => {
    const c = columns([[0, 1, 1], [1, 0, 1], [0, 1, 5]]);
    const got = sumPairs(2, c.from, c.to, c.weight, 2);
    expect([...got.weight]).toEqual([1, 1]);
  });
});

describe('adjacency', () => {
  it('lists each node’s targets in input order', () => {
    const { offsets, targets } = adjacency(4, Int32Array.from([2, 0, 2, 1, 0]), Int32Array.from([3, 2, 0, 3, 1]), 5);
    expect([...offsets]).toEqual([0, 2, 3, 5, 5]);
    expect([...targets]).toEqual([2, 1, 3, 3, 0]);
  });
});
