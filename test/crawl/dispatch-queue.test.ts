// The ready queue the crawler dispatches from: in commit order, never more than `perHost`
// rows of one host out, and rows moved up a level follow.
import { describe, expect, it } from 'vitest';
import { DispatchQueue, type QueueRow } from '../../src/crawl/dispatch-queue.js';

let nextId = 1;
const row = (host: string, depth = 0, path = `/${nextId}`): QueueRow => ({ id: nextId++, url: `http://${host}${path}`, depth });

/** Take everything, releasing each row at once (one host never has two out). */
function drainOrder(q: DispatchQueue<QueueRow>): string[] {
  const order: string[] = [];
  for (let r = q.takeLowest(); r; r = q.takeLowest()) {
    order.push(new URL(r.url).host);
    q.release(r);
  }
  return order;
}

describe('DispatchQueue', () => {
  it('hands rows out in commit order (depth, then id) among hosts that can take one', () => {
    const q = new DispatchQueue<QueueRow>({ perHost: 1 });
    const rows = [row('a.example', 1), row('b.example', 0), row('a.example', 0), row('c.example', 1)];
    [...rows].reverse().forEach((r) => q.add(r));
    const out = [q.takeLowest(), q.takeLowest(), q.takeLowest()];
    // b (0), a (0), then a is out, so c (1) before a's hop-1 row.
    expect(out.map((r) => r?.id)).toEqual([rows[1]!.id, rows[2]!.id, rows[3]!.id]);
    expect(q.takeLowest()).toBeNull();
    q.release(out[1]!);
    expect(q.takeLowest()?.id).toBe(rows[0]!.id);
  });

  it('a host with a 600-row backlog holds no other host back', () => {
    const q = new DispatchQueue<QueueRow>({ perHost: 2 });
    for (let i = 0; i < 600; i++) q.add(row('bsky.example'));
    for (let i = 0; i < 50; i++) q.add(row(`w${i}.example`));
    const out: QueueRow[] = [];
    for (let r = q.takeLowest(); r; r = q.takeLowest()) out.push(r);
    expect(out).toHaveLength(52); // two of the backlog, one of each other host
    expect(out.filter((r) => r.url.includes('bsky')).length).toBe(2);
    expect(q.busy('bsky.example')).toBe(2);
  });

  it('never hands out more than perHost rows of one host until they are released', () => {
    const q = new DispatchQueue<QueueRow>({ perHost: 2 });
    const rows = [row('a.example'), row('a.example'), row('a.example'), row('b.example')];
    rows.forEach((r) => q.add(r));
    const out = [q.takeLowest(), q.takeLowest(), q.takeLowest(), q.takeLowest()];
    expect(out.map((r) => r?.id)).toEqual([rows[0]!.id, rows[1]!.id, rows[3]!.id, undefined]);
    expect(q.busy('a.example')).toBe(2);
    q.release(out[0]!);
    expect(q.takeLowest()?.id).toBe(rows[2]!.id);
    expect(q.takeLowest()).toBeNull();
  });

  it('moves a row found again at a lower depth, and ignores a deeper sighting', () => {
    const q = new DispatchQueue<QueueRow>({ perHost: 1 });
    const deep = row('a.example', 2);
    q.add(deep);
    q.add(row('a.example', 1));
    q.add(row('b.example', 1));
    q.add({ ...deep, depth: 0 }); // the table moved it up
    q.add({ ...deep, depth: 3 }); // a deeper sighting changes nothing
    expect(q.size).toBe(3);
    const first = q.takeLowest()!;
    expect(first).toMatchObject({ id: deep.id, depth: 0 });
    q.release(first);
    expect(drainOrder(q)).toEqual(['a.example', 'b.example']);
    expect(q.size).toBe(0);
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
    expect(q.takeLowest()?.id).toBe(first.id);
    expect(q.has(second.id)).toBe(true);
    expect(q.remove(second.id)?.id).toBe(second.id);
    expect(q.busy('a.example')).toBe(2);
    expect(q.has(second.id)).toBe(false);
    expect(q.remove(second.id)).toBeNull();
    q.release(first);
    q.release(second);
    expect(q.takeLowest()).toBeNull();
    expect(q.size).toBe(0);
  });

  it('rejects a perHost that is not a positive integer', () => {
    expect(() => new DispatchQueue({ perHost: 0 })).toThrow('Expected perHost to be an integer >= 1, got 0');
  });
});
