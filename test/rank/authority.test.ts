import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { personalizedPageRank, type WeightedEdge } from '../../src/rank/authority.js';
import { mulberry32 as rng } from '../../src/prng.js';

interface ReferenceCase {
  name: string;
  nodeCount: number;
  edges: [number, number, number][];
  personalization: number[];
  damping: number;
  expected: number[];
}
const reference = JSON.parse(
  readFileSync(new URL('../../fixtures/rank/ppr-reference.json', import.meta.url), 'utf8'),
) as { generator: string; cases: ReferenceCase[] };

const edgesOf = (list: [number, number, number][]): WeightedEdge[] => list.map(([from, to, weight]) => ({ from, to, weight }));
const sum = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);

describe('personalizedPageRank against networkx', () => {
  it('has the reference cases', () => {
    expect(reference.generator).toMatch(/^networkx /);
    expect(reference.cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['dangling-and-cycles', 'weighted-parallel', 'disconnected']),
    );
  });

  for (const c of reference.cases) {
    it(`agrees to 1e-6 on ${c.name}`, () => {
      const got = personalizedPageRank(c.nodeCount, edgesOf(c.edges), Float64Array.from(c.personalization), {
        damping: c.damping,
      });
      expect(got).toHaveLength(c.nodeCount);
      for (let i = 0; i < c.nodeCount; i++) expect(Math.abs(got[i]! - c.expected[i]!)).toBeLessThan(1e-6);
      expect(sum(got)).toBeCloseTo(1, 12);
    });
  }
});

describe('personalizedPageRank semantics', () => {
  it('with damping 0 returns the personalization itself', () => {
    const p = Float64Array.from([0, 0, 1, 0]);
    const got = personalizedPageRank(4, [{ from: 0, to: 1, weight: 1 }, { from: 2, to: 3, weight: 1 }], p, { damping: 0 });
    expect([...got]).toEqual([0, 0, 1, 0]);
  });

  it('honours the restart node on a symmetric cycle', () => {
    const cycle = [0, 1, 2, 3, 4].map((i) => ({ from: i, to: (i + 1) % 5, weight: 1 }));
    const p = new Float64Array(5);
    p[3] = 1;
    const got = personalizedPageRank(5, cycle, p);
    // Mass decays by the damping factor each step away from the restart node.
    for (let k = 1; k < 5; k++) expect(got[(3 + k) % 5]! / got[(3 + k - 1) % 5]!).toBeCloseTo(0.85, 9);
    expect(Math.max(...got)).toBe(got[3]);
  });

  it('sends dangling mass back through the personalization vector', () => {
    // 0 -> 1, 1 has no out-edges. x0 = (1-d) + d*x1, x1 = d*x0  =>  x0 = 1/(1+d).
    const d = 0.85;
    const got = personalizedPageRank(2, [{ from: 0, to: 1, weight: 1 }], Float64Array.from([1, 0]), { damping: d });
    expect(got[0]).toBeCloseTo(1 / (1 + d), 10);
    expect(got[1]).toBeCloseTo(d / (1 + d), 10);
  });

  it('splits mass in proportion to edge weights and sums parallel edges', () => {
    const p = Float64Array.from([1, 0, 0]);
    const got = personalizedPageRank(3, [
      { from: 0, to: 1, weight: 2 },
      { from: 0, to: 1, weight: 1 },
      { from: 0, to: 2, weight: 1 },
    ], p);
    expect(got[1]! / got[2]!).toBeCloseTo(3, 10);
  });

  it('ignores self-loops, unusable weights and out-of-range ends', () => {
    const p = Float64Array.from([0.5, 0.5, 0]);
    const clean = personalizedPageRank(3, [{ from: 0, to: 1, weight: 1 }, { from: 1, to: 2, weight: 1 }], p);
    const noisy = personalizedPageRank(3, [
      { from: 0, to: 1, weight: 1 },
      { from: 1, to: 2, weight: 1 },
      { from: 0, to: 0, weight: 5 },
      { from: 1, to: 0, weight: 0 },
      { from: 1, to: 0, weight: -1 },
      { from: 2, to: 0, weight: Number.NaN },
      { from: 2, to: 1, weight: Infinity },
      { from: 0, to: 7, weight: 1 },
      { from: -1, to: 1, weight: 1 },
      { from: 0.5, to: 1, weight: 1 },
    ], p);
    for (let i = 0; i < 3; i++) expect(noisy[i]).toBeCloseTo(clean[i]!, 14);
  });

  it('gives exactly zero to nodes the restart set cannot reach', () => {
    const p = Float64Array.from([1, 0, 0, 0]);
    const got = personalizedPageRank(4, [
      { from: 0, to: 1, weight: 1 },
      { from: 2, to: 3, weight: 1 },
      { from: 3, to: 2, weight: 1 },
      { from: 3, to: 0, weight: 1 },
    ], p);
    expect(got[2]).toBe(0);
    expect(got[3]).toBe(0);
    expect(got[0]! + got[1]!).toBeCloseTo(1, 12);
  });

  it('normalizes the personalization and leaves the caller array alone', () => {
    const p = Float64Array.from([2, 2]);
    const a = personalizedPageRank(2, [{ from: 0, to: 1, weight: 1 }], p);
    const b = personalizedPageRank(2, [{ from: 0, to: 1, weight: 1 }], Float64Array.from([0.5, 0.5]));
    expect([...p]).toEqual([2, 2]);
    expect(a[0]).toBeCloseTo(b[0]!, 14);
    // All-zero means uniform.
    const c = personalizedPageRank(2, [{ from: 0, to: 1, weight: 1 }], new Float64Array(2));
    expect(c[0]).toBeCloseTo(b[0]!, 14);
  });

  it('handles the empty graph and rejects bad arguments', () => {
    expect(personalizedPageRank(0, [], new Float64Array(0))).toHaveLength(0);
    expect(() => personalizedPageRank(2, [], new Float64Array(3))).toThrow(/2 entries, got 3/);
    expect(() => personalizedPageRank(1, [], Float64Array.from([1]), { damping: 1 })).toThrow(/damping.*got `1`/);
    expect(() => personalizedPageRank(1, [], Float64Array.from([-1]))).toThrow(/personalization\[0\]/);
    expect(() => personalizedPageRank(-1, [], new Float64Array(0))).toThrow(/nodeCount/);
  });
});


describe('personalizedPageRank at scale', () => {
  it('converges on a 100k-node, 1M-edge graph and sums to 1', () => {
    const n = 100_000;
    const m = 1_000_000;
    const rand = rng(42);
    const edges: WeightedEdge[] = new Array(m);
    for (let i = 0; i < m; i++) {
      // Skewed targets (low ids popular) and every 50th node dangling, like a real crawl.
      let from = Math.floor(rand() * n);
      if (from % 50 === 0) from = (from + 1) % n;
      const to = Math.floor(n * rand() ** 2);
      edges[i] = { from, to, weight: 1 + Math.floor(rand() * 3) };
    }
    const p = new Float64Array(n);
    for (let s = 0; s < 20; s++) p[Math.floor(rand() * n)] = 1;

    const started = performance.now();
    const x = personalizedPageRank(n, edges, p);
    const elapsed = performance.now() - started;
    console.log(`PPR 100k nodes / 1M edges: ${elapsed.toFixed(0)} ms`);

    expect(sum(x)).toBeCloseTo(1, 9);
    expect(x.every((v) => v >= 0)).toBe(true);

    // Fixed-point check with an independent, naive step: x must map (almost) onto itself.
    const pSum = p.reduce((a, b) => a + b, 0);
    const outW = new Float64Array(n);
    for (const e of edges) if (e.from !== e.to) outW[e.from]! += e.weight;
    const y = new Float64Array(n);
    let dangling = 0;
    for (let u = 0; u < n; u++) if (outW[u] === 0) dangling += x[u]!;
    for (const e of edges) if (e.from !== e.to) y[e.to]! += (0.85 * x[e.from]! * e.weight) / outW[e.from]!;
    let residual = 0;
    for (let v = 0; v < n; v++) residual += Math.abs(y[v]! + ((0.85 * dangling + 0.15) * p[v]!) / pSum - x[v]!);
    expect(residual).toBeLessThan(1e-6);
  });
});
