// Statements are compiled once per connection and reused by every later call, whichever store
// module asks; iterators get their own so two loops over one query cannot collide.
import { describe, expect, it, vi } from 'vitest';
import { statementsOf } from '../../src/store/statements.js';
import { dbOf } from '../../src/store/store.js';
import { ENGINES, tempStores } from '../helpers/temp-stores.js';

describe.each(ENGINES)('on %s', (engine) => {
const { store } = tempStores('stmt', engine);

describe('prepared statements', () => {
  it('a crawl step prepares each statement once, however often it runs', () => {
    const s = store();
    const runId = s.runs.create('discover', {}, null, 0);
    const prepare = vi.spyOn(dbOf(s), 'prepare');
    const step = (i: number) =>
      s.tx(() => {
        const e = s.graph.ensureEntity(`site:s${i}.example`, 'site', {}, runId, i);
        s.graph.addEdge({ from: 1, to: e, type: 'link', evidenceUrl: `http://a/${i}`, targetUrl: 'http://b/', anchorText: null }, runId, i);
        s.frontier.enqueue(runId, { url: `http://s${i}.example/`, depth: 1, role: 'home', entityId: e, foundFromUrl: null, foundEdge: 'link' }, i);
        s.runs.count(runId, 1, 0);
      });
    s.graph.ensureEntity('site:a.example', 'site', {}, runId, 0);
    step(0);
    const afterFirst = prepare.mock.calls.length;
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 1; i < 50; i++) step(i);
    expect(prepare.mock.calls.length).toBe(afterFirst);
    expect(s.frontier.all(runId)).toHaveLength(50);
  });

  it('is one cache per connection, shared by the store modules on it', () => {
    const a = store();
    const b = store();
    const sql = 'SELECT count(*) AS n FROM entities';
    expect(statementsOf(dbOf(a))(sql)).toBe(statementsOf(dbOf(a))(sql));
    expect(statementsOf(dbOf(a))(sql)).not.toBe(statementsOf(dbOf(b))(sql));
  });

  it('lets two iterations over the same query run at once', () => {
    const s = store();
    const runId = s.runs.create('discover', {}, null, 0);
    const x = s.graph.ensureEntity('site:x.example', 'site', {}, runId, 0);
    const y = s.graph.ensureEntity('site:y.example', 'site', {}, runId, 0);
    s.graph.addEdge({ from: x, to: y, type: 'link', evidenceUrl: 'http://x/1', targetUrl: 'http://y/', anchorText: null }, runId, 0);
    let pairs = 0;
    for (const _ of s.graph.edgeEvidence()) for (const __ of s.graph.edgeEvidence()) pairs++;
    expect(pairs).toBe(1);
  });
});
});
