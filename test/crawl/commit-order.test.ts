// The commit order: the unstored row with the lowest (depth, id) comes next, rows moved to a
// lower depth take their new place, and committed rows leave.
import { describe, expect, it } from 'vitest';
import { CommitOrder } from '../../src/crawl/commit-order.js';
import { mulberry32 } from '../../src/prng.js';

describe('CommitOrder', () => {
  it('yields rows by depth, then id, whatever order they were added in', () => {
    const order = new CommitOrder();
    const rnd = mulberry32(3);
    const rows = Array.from({ length: 500 }, (_, id) => ({ id, depth: Math.floor(rnd() * 5) }));
    for (const r of [...rows].sort(() => rnd() - 0.5)) order.add(r);
    const out: string[] = [];
    for (let h = order.head(); h; h = order.head()) {
      out.push(`${h.depth}:${h.id}`);
      order.commit(h.id);
    }
    expect(out).toEqual([...rows].sort((a, b) => a.depth - b.depth || a.id - b.id).map((r) => `${r.depth}:${r.id}`));
    expect(order.size).toBe(0);
  });

  it('moves a row to a lower depth, never to a greater one', () => {
    const order = new CommitOrder();
    order.add({ id: 1, depth: 1 });
    order.add({ id: 2, depth: 2 });
    order.add({ id: 3, depth: 2 });
    order.add({ id: 3, depth: 0 });
    order.add({ id: 1, depth: 4 });
    expect(order.head()).toEqual({ id: 3, depth: 0 });
    order.commit(3);
    expect(order.head()).toEqual({ id: 1, depth: 1 });
    order.commit(1);
    expect(order.head()).toEqual({ id: 2, depth: 2 });
    expect(order.has(2)).toBe(true);
    expect(order.has(3)).toBe(false);
  });
});
