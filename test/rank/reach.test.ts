import { describe, expect, it } from 'vitest';
import { adjacency } from '../../src/rank/csr.js';
import { mulberry32 } from '../../src/prng.js';
import { referrerCounts, seedsReaching, seedsReachingIndex } from '../../src/rank/reach.js';

const e = (from: number, to: number) => ({ from, to });

describe('seedsReaching', () => {
  it('counts seeds with a directed path, following edge direction', () => {
    // 1 -> 3 -> 4 -> 5, 2 -> 4, 6 -> 1 (6 is not a seed), 7 isolated.
    const edges = [e(1, 3), e(3, 4), e(4, 5), e(2, 4), e(6, 1)];
    const reach = seedsReaching([1, 2, 3, 4, 5, 6, 7], edges, [1, 2]);
    expect(Object.fromEntries(reach)).toEqual({ 1: 0, 2: 0, 3: 1, 4: 2, 5: 2, 6: 0, 7: 0 });
  });

  it('counts a seed for itself only through a cycle', () => {
    const reach = seedsReaching([1, 2, 3], [e(1, 2), e(2, 1), e(3, 3)], [1, 3]);
    expect(reach.get(1)).toBe(1);
    expect(reach.get(2)).toBe(1);
    expect(reach.get(3)).toBe(1);
  });

  it('walks through ids not listed and ignores duplicate or unknown seeds', () => {
    const reach = seedsReaching([1, 9], [e(1, 100), e(100, 9)], [1, 1, 42]);
    expect(Object.fromEntries(reach)).toEqual({ 1: 0, 9: 1 });
  });

  it('handles cycles and parallel edges without double counting', () => {
    const edges = [e(1, 2), e(1, 2), e(2, 3), e(3, 2), e(3, 4)];
    expect(seedsReaching([2, 3, 4], edges, [1]).get(4)).toBe(1);
  });
});

describe('seedsReachingIndex', () => {
  /** One breadth-first walk per seed, the definition. */
  function perSeed(n: number, from: number[], to: number[], seeds: number[]): number[] {
    const out = new Array<number>(n).fill(0);
    for (const s of new Set(seeds)) {
      const seen = new Set<number>();
      const queue = from.flatMap((f, k) => (f === s ? [to[k]!] : []));
      while (queue.length > 0) {
        const u = queue.shift()!;
        if (seen.has(u)) continue;
        seen.add(u);
        from.forEach((f, k) => f === u && queue.push(to[k]!));
      }
      for (const v of seen) out[v]!++;
    }
    return out;
  }

  it('matches one walk per seed, with more than 32 seeds (several batches) and cycles', () => {
    const rand = mulberry32(9);
    for (let round = 0; round < 5; round++) {
      const n = 80;
      const m = 40 + Math.floor(rand() * 200);
      const from = Array.from({ length: m }, () => Math.floor(rand() * n));
      const to = Array.from({ length: m }, () => Math.floor(rand() * n));
      const seeds = Array.from({ length: 45 }, () => Math.floor(rand() * n));
      const got = seedsReachingIndex(n, adjacency(n, Int32Array.from(from), Int32Array.from(to), m), seeds);
      expect([...got]).toEqual(perSeed(n, from, to, seeds));
    }
  });
});

describe('referrerCounts', () => {
  it('counts distinct other entities pointing in', () => {
    const counts = referrerCounts([e(1, 3), e(1, 3), e(2, 3), e(3, 3), e(3, 1), e(4, 4)]);
    expect(Object.fromEntries(counts)).toEqual({ 3: 2, 1: 1 });
  });
});
