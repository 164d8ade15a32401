// The claim, lease and host-row SQL of shared crawling (store/pg/work-queue.ts), on two
// connections to one test database standing for two worker processes.
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkQueue } from '../../src/store/pg/work-queue.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { freshPgDatabase } from '../helpers/pg-databases.js';

const opened: Store[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) if (s) s.close();
});

/** A closed connection's backend may linger a moment in pg_stat_activity: ask until `ok` (at most 2 s). */
async function eventually<T>(ask: () => T, ok: (v: T) => boolean): Promise<T> {
  let v = ask();
  for (let i = 0; i < 100 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 20));
    v = ask();
  }
  return v;
}

function connect(url: string): { store: Store; queue: WorkQueue } {
  const store = openStore(url);
  opened.push(store);
  store.workQueue!.ensureTables();
  return { store, queue: store.workQueue! };
}

/** A run with `n` queued rows on hosts h0..h(hosts-1), returned with the URL of its database. */
function world(n: number, hosts: number): { url: string; runId: number } {
  const url = freshPgDatabase('wq');
  const { store } = connect(url);
  const runId = store.runs.create('discover', {}, null, 1);
  const entity = store.graph.ensureEntity('site:x', 'site', { homeUrl: 'http://h0.example/' }, runId, 1);
  for (let i = 0; i < n; i++) {
    store.frontier.enqueue(runId, { url: `http://h${i % hosts}.example/p${i}`, depth: 0, role: 'page', entityId: entity, foundFromUrl: null, foundEdge: null }, 1);
  }
  return { url, runId };
}

describe('claims', () => {
  it('never hand one row to two workers, take at most perHost rows of a host, and leave a host to the worker fetching it', () => {
    const { url, runId } = world(12, 6);
    const a = connect(url);
    const b = connect(url);
    const first = a.queue.claim(runId, 4, [], 1, 60_000, 1000);
    expect(first.map((r) => new URL(r.url).host)).toEqual(['h0.example', 'h1.example', 'h2.example', 'h3.example']);
    // b gets the hosts nobody is fetching, two rows of each; a's hosts stay a's.
    const rest = b.queue.claim(runId, 100, [], 2, 60_000, 1000);
    expect(rest.map((r) => new URL(r.url).host)).toEqual(['h4.example', 'h5.example', 'h4.example', 'h5.example']);
    // a tops its own hosts up to two rows each; b's are not touched.
    const more = a.queue.claim(runId, 10, [], 2, 60_000, 1000);
    expect(more.map((r) => new URL(r.url).host)).toEqual(['h0.example', 'h1.example', 'h2.example', 'h3.example']);
    expect([...first, ...rest, ...more].map((r) => r.id).sort((x, y) => x - y)).toEqual(a.store.frontier.all(runId).map((r) => r.id));
    expect(a.queue.claim(runId, 10, [], 2, 60_000, 1000)).toEqual([]);
    expect(a.store.frontier.statusCounts(runId).fetching).toBe(12);
  });

  it('take no more than --max-pages leaves, counting rows out and outcomes waiting', () => {
    const { url, runId } = world(10, 10);
    const a = connect(url);
    const b = connect(url);
    const [r1] = a.queue.claim(runId, 1, [], 1, 60_000, 5);
    expect(a.queue.putOutcome(r1!.id, '{}')).toBe(true); // waiting for the committer: still counts
    expect(b.queue.claim(runId, 10, [], 1, 60_000, 5)).toHaveLength(4);
    expect(a.queue.claim(runId, 10, [], 1, 60_000, 5)).toEqual([]);
    // The committer stores it: one page fetched, no outcome waiting; the budget is the same.
    expect(a.queue.takeHead(runId)?.outcome).toBe('{}');
    a.store.runs.count(runId, 1, 0);
    expect(a.queue.claim(runId, 10, [], 1, 60_000, 5)).toEqual([]);
    expect(a.queue.claim(runId, 10, [], 1, 60_000, 6)).toHaveLength(1);
  });

  it('skip gated roles', () => {
    const { url, runId } = world(3, 3);
    const a = connect(url);
    expect(a.queue.claim(runId, 10, ['page'], 2, 60_000, 1000)).toEqual([]);
    const head = a.queue.takeHead(runId)!; // no outcome waiting: only a look at the head
    expect(a.queue.claimRow(head.row.id, 60_000)?.id).toBe(head.row.id);
    expect(a.queue.claimRow(head.row.id, 60_000)).toBeNull(); // already out
  });

  it('come back to the queue when the lease expires, and a late answer is dropped', () => {
    const { url, runId } = world(2, 2);
    const a = connect(url);
    const b = connect(url);
    const [row] = a.queue.claim(runId, 1, [], 1, -1, 1000); // a lease that has already run out
    expect(b.queue.reclaimLost(runId)).toBe(1);
    const again = b.queue.claim(runId, 2, [], 1, 60_000, 1000);
    expect(again.map((r) => r.id)).toContain(row!.id);
    expect(a.queue.putOutcome(row!.id, '{}')).toBe(false);
    expect(b.queue.putOutcome(row!.id, '{"x":1}')).toBe(true);
    // The committer's take: the head with its outcome, which is gone from the table after.
    expect(b.queue.takeHead(runId)).toMatchObject({ row: { id: row!.id }, outcome: '{"x":1}' });
    expect(b.queue.takeHead(runId)).toMatchObject({ row: { id: row!.id }, outcome: null });
  });

  it('come back at once when the holder is gone (its connection closed), unless the answer is in', async () => {
    const { url, runId } = world(2, 2);
    const a = connect(url);
    const b = connect(url);
    const [r1, r2] = a.queue.claim(runId, 2, [], 1, 60_000, 1000);
    expect(a.queue.putOutcome(r1!.id, '{}')).toBe(true);
    expect(b.queue.reclaimLost(runId)).toBe(0); // alive: nothing to take back
    a.store.close();
    opened.splice(opened.indexOf(a.store), 1);
    expect(await eventually(() => b.queue.reclaimLost(runId), (n) => n > 0)).toBe(1);
    expect(b.store.frontier.all(runId).map((r) => [r.id, r.status])).toEqual([[r1!.id, 'fetching'], [r2!.id, 'queued']]);
    expect(b.queue.takeHead(runId)).toMatchObject({ row: { id: r1!.id }, outcome: '{}' });
  });
});

describe('host rows', () => {
  it('let one request at a time to a host, and the next only after the gap', () => {
    const { url } = world(0, 1);
    const a = connect(url);
    const b = connect(url);
    expect(a.queue.tryHost('h.example', 60_000)).toBe(0);
    expect(b.queue.tryHost('h.example', 60_000)).toBeGreaterThan(0);
    expect(b.queue.tryHost('other.example', 60_000)).toBe(0);
    a.queue.releaseHost('h.example', 30_000);
    const wait = b.queue.tryHost('h.example', 60_000);
    expect(wait).toBeGreaterThan(20_000);
    expect(wait).toBeLessThanOrEqual(30_000);
  });

  it('free a host whose holder is gone or whose lease ran out', async () => {
    const { url } = world(0, 1);
    const a = connect(url);
    const b = connect(url);
    expect(a.queue.tryHost('h.example', 60_000)).toBe(0);
    expect(a.queue.tryHost('g.example', -1)).toBe(0);
    expect(b.queue.tryHost('g.example', 60_000)).toBe(0); // lease expired
    a.store.close();
    opened.splice(opened.indexOf(a.store), 1);
    expect(await eventually(() => b.queue.tryHost('h.example', 60_000), (w) => w === 0)).toBe(0); // holder gone
  });

  it('hold a host off for every worker after a backoff', () => {
    const { url } = world(0, 1);
    const a = connect(url);
    const b = connect(url);
    a.queue.backoffHost('h.example', 30_000);
    expect(b.queue.tryHost('h.example', 60_000)).toBeGreaterThan(20_000);
  });
});

describe('the committer', () => {
  it('is one session at a time; the next takes over when it is gone', async () => {
    const { url, runId } = world(0, 1);
    const a = connect(url);
    const b = connect(url);
    expect(a.queue.tryCommitter(runId)).toBe(true);
    expect(b.queue.tryCommitter(runId)).toBe(false);
    expect(b.queue.tryCommitter(runId + 1)).toBe(true); // another run
    a.store.close();
    opened.splice(opened.indexOf(a.store), 1);
    expect(await eventually(() => b.queue.tryCommitter(runId), (ok) => ok)).toBe(true);
  });
});
