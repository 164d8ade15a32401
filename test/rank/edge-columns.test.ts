// Columns carry the same edges as RankEdge[]; what a typed array would silently coerce (a
// fractional id, a count that is not a number) becomes an edge the ranker skips.
import { describe, expect, it } from 'vitest';
import { fromColumns, RankEdgeColumnsBuilder, toColumns, UNKNOWN_TYPE } from '../../src/rank/edge-columns.js';
import type { RankEdge } from '../../src/rank/types.js';

describe('edge columns', () => {
  it('round-trips edges in order', () => {
    const edges: RankEdge[] = [
      { from: 3, to: 1, type: 'mention', count: 2 },
      { from: 1, to: 3, type: 'link', count: 1 },
      { from: 7, to: 2, type: 'guest', count: 5 },
    ];
    expect(fromColumns(toColumns(edges))).toEqual(edges);
  });

  it('marks unusable edges instead of coercing them', () => {
    const c = toColumns([
      { from: 1.5, to: 2, type: 'link', count: 1 },
      { from: 1, to: 2, type: 'link', count: '3' as unknown as number },
      { from: 1, to: 2, type: 'nope' as RankEdge['type'], count: 1 },
    ]);
    expect(Number.isNaN(c.count[0])).toBe(true);
    expect(Number.isNaN(c.count[1])).toBe(true);
    expect(c.type[2]).toBe(UNKNOWN_TYPE);
  });

  it('grows past its initial capacity', () => {
    const b = new RankEdgeColumnsBuilder(1);
    for (let i = 0; i < 100; i++) b.push(i, i + 1, i % 8, i);
    b.setCount(5, 42);
    const c = b.done();
    expect(c.length).toBe(100);
    expect(c.from[99]).toBe(99);
    expect(c.count[5]).toBe(42);
  });
});
