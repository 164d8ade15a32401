// The ready queue the crawler dispatches from: fair across hosts, never more than `perHost`
// rows of one host out, breadth-first by depth, and rows moved up a level follow.
import { describe, expect, it } from 'vitest';
import { DispatchQueue, type QueueRow } from '../../src/crawl/dispatch-queue.js';

let nextId = 1;
const row = (host: string, depth = 0, path = `/${nextId}`): QueueRow => ({ id: nextId++, url: `http://${host}${path}`, depth });

/** Take everything at `depth`, releasing each row at once (one host never has two out). */
function drainOrder(q: DispatchQueue<QueueRow>, depth: number): string[] {
  const order: string[] = [];
  for (let r = q.take(depth); r; r = q.take(depth)) {
    order.push(new URL(r.url).host);
    q.release(r);
  }
  return order;
}

describe('DispatchQueue', () => {
  it('gives every host a turn before any host a second one, whatever was queued first', () => {
    const q = new DispatchQueue<QueueRow>({ perHost: 1 });
    for (let i = 0; i < 600; i++) q.add(row('bsky.example'));
    for (let i = 0; i < 3; i++) q.add(row('a.example'));
    q.add(row('b.example'));
    const order = drainOrder(q, 0);
    expect(order.slice(0, 7)).toEqual(['bsky.example', 'a.example', 'b.example', 'bsky.example', 'a.example', 'bsky.example', 'a.example']);
    expect(order).toHaveLength(604);
    expect(q.size).toBe(0);
  });

  it('never hands out more than perHost rows of one host until they are released', () => {
    const q = new DispatchQueue<QueueRow>({ perHost: 2 });
    const rows = [row('a.example'), row('a.example'), row('a.example'), row('b.example')];
    rows.forEach((r) => q.add(r));
    const out = [q.take(0), q.take(0), q.take(0), q.take(0)];
    expect(out.map((r) => r?.id)).toEqual([rows[0]!.id, rows[3]!.id, rows[1]!.id, undefined]);
    expect(q.busy('a.example')).toBe(2);
    q.release(out[0]!);
    expect(q.take(0)?.id).toBe(rows[2]!.id);
    expect(q.take(0)).toBeNull();
  });

  it('serves the lowest depth first and moves a row found again at a lower depth', () => {
    const q = new DispatchQueue<QueueRow>();
    const deep = row('a.example', 2);
    q.add(deep);
    q.add(row('b.example', 1));
    expect(q.lowestDepth()).toBe(1);
    q.add({ ...deep, depth: 1 }); // the table moved it up
    q.add({ ...deep, depth: 2 }); // a deeper sighting changes nothing
    expect(q.waitingAt(1)).toBe(2);
    expect(q.waitingAt(2)).toBe(0);
    expect(q.size).toBe(2);
    expect(drainOrder(q, 2)).toEqual([]);
    expect(drainOrder(q, 1).sort()).toEqual(['a.example', 'b.example']);
    expect(q.lowestDepth()).toBeNull();
  });

  it('keeps each host in its turn as rows keep arriving', () => {
    const q = new DispatchQueue<QueueRow>({ perHost: 1 });
    q.add(row('a.example'));
    q.add(row('b.example'));
    const first = q.take(0)!;
    q.add(row('a.example'));
    q.add(row('c.example'));
    q.release(first);
    expect(drainOrder(q, 0)).toEqual(['b.example', 'c.example', 'a.example']);
  });

  it('takes from a deeper level when every host of the lowest is at its limit', () => {
    const q = new DispatchQueue<QueueRow>({ perHost: 1 });
    const a0 = row('a.example', 0);
    const a1 = row('a.example', 0);
    const b1 = row('b.example', 1);
    [a0, a1, b1].forEach((r) => q.add(r));
    expect(q.takeLowest()?.id).toBe(a0.id);
    expect(q.takeLowest()?.id).toBe(b1.id); // a.example is busy: hop 1 goes out meanwhile
    expect(q.takeLowest()).toBeNull();
    q.release(a0);
    expect(q.takeLowest()?.id).toBe(a1.id);
  });

  it('hands one row out of turn, past its host limit, and skips it later', () => {
    const q = new DispatchQueue<QueueRow>({ perHost: 1 });
    const first = row('a.example');
    const second = row('a.example');
    [first, second].forEach((r) => q.add(r));
    expect(q.take(0)?.id).toBe(first.id);
    expect(q.has(second.id)).toBe(true);
    expect(q.remove(second.id)?.id).toBe(second.id);
    expect(q.busy('a.example')).toBe(2);
    expect(q.has(second.id)).toBe(false);
    expect(q.remove(second.id)).toBeNull();
    q.release(first);
    q.release(second);
    expect(q.take(0)).toBeNull();
    expect(q.size).toBe(0);
  });

  it('rejects a perHost that is not a positive integer', () => {
    expect(() => new DispatchQueue({ perHost: 0 })).toThrow('Expected perHost to be an integer >= 1, got 0');
  });
});
