// The crawl loop picks its work up from the frontier table: rows a killed process left
// 'fetching' go back to the queue, every queued row is processed exactly once, stored level by level,
// and rows a page adds join the in-memory queue only as the table gets them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { crawl } from '../../src/crawl/crawler.js';
import { resolveSettings } from '../../src/crawl/settings.js';
import { emptyOutcome, type Source } from '../../src/sources/source.js';
import { openDatabase } from '../../src/store/db.js';
import type { FrontierRow } from '../../src/store/frontier.js';
import { createStore, type Store } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'ln-crawl-resume-'));
let n = 0;
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** A source that fetches nothing: it records what it was asked, and the feed asks for posts. */
function recordingSource(seen: FrontierRow[]): Source {
  return {
    name: 'recording',
    handles: () => true,
    async process(row) {
      seen.push(row);
      await Promise.resolve();
      const out = emptyOutcome('done', null, true);
      if (row.role === 'feed') out.followUps.push({ url: row.url.replace('/feed.xml', '/post.html'), role: 'page' });
      return out;
    },
  };
}

describe('crawl resumes from the frontier table', () => {
  it('requeues rows left fetching and processes every queued row once, breadth-first', async () => {
    const store = createStore(openDatabase(join(dir, `r${n++}.db`)));
    open.push(store);
    const runId = store.runs.create('discover', {}, null, 0);
    const hosts = ['a.example', 'b.example', 'c.example'];
    for (const [i, host] of hosts.entries()) {
      const entityId = store.graph.ensureEntity(`site:${host}`, 'site', {}, runId, 0);
      store.frontier.enqueue(runId, { url: `http://${host}/`, depth: 0, role: 'home', entityId, foundFromUrl: null, foundEdge: 'seed' }, 0);
      store.frontier.enqueue(runId, { url: `http://${host}/feed.xml`, depth: i === 2 ? 1 : 0, role: 'feed', entityId, foundFromUrl: null, foundEdge: 'same-site' }, 0);
    }
    // A killed run: one row was being fetched, one was finished.
    const [first, second] = store.frontier.all(runId);
    store.frontier.markFetching(first!.id);
    store.frontier.finish(second!.id, 'done', null, 0);

    const seen: FrontierRow[] = [];
    const stored: number[] = [];
    const finish = store.frontier.finish.bind(store.frontier);
    store.frontier.finish = (id, ...rest) => {
      stored.push(id);
      finish(id, ...rest);
    };
    const fetch = () => Promise.reject(new Error('no network in this test'));
    const result = await crawl(runId, resolveSettings({ concurrency: 2, delayMs: 0 }), { store, fetch, clock: new ManualClock(), sources: [recordingSource(seen)] });

    expect(result.stopReason).toBe('finished');
    const urls = seen.map((r) => r.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls).toContain(first!.url);
    expect(urls).not.toContain(second!.url);
    // c's feed sits at hop 1: it may be fetched while hop 0 is in flight, but every outcome is
    // stored in (hop, id) order, hop 0 (its posts included) before anything of hop 1.
    const depthOrder = stored.map((id) => store.frontier.all(runId).find((r) => r.id === id)!.depth);
    expect(depthOrder).toEqual([...depthOrder].sort((x, y) => x - y));
    // a's feed was read before the kill, so only b and c add a post now.
    expect(urls.filter((u) => u.endsWith('/post.html')).sort()).toEqual(['http://b.example/post.html', 'http://c.example/post.html']);
    expect(store.frontier.statusCounts(runId)).toEqual({ queued: 0, fetching: 0, done: 8, failed: 0, skipped: 0 });
  });
});
