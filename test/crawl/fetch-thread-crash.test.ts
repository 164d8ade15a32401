// A page that kills the fetch thread costs that page, never the crawl: the crawl loop records it
// as skipped with the reason, the next request starts a new thread, and the pages after it are
// read as usual.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { crawl } from '../../src/crawl/crawler.js';
import { createPoliteFetch } from '../../src/crawl/polite-fetch.js';
import { HostScheduler } from '../../src/crawl/politeness.js';
import { resolveSettings } from '../../src/crawl/settings.js';
import { createWorkerFetcher } from '../../src/crawl/worker-fetcher.js';
import { webSource } from '../../src/sources/web.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore, dbOf } from '../../src/store/store.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/robots.txt') {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><head><title>${req.url}</title></head><body><p>words</p></body></html>`);
  });
});
afterAll(() => server.close());

describe('a page that kills the fetch thread', () => {
  it('is recorded as skipped; the crawl goes on with a new thread', async () => {
    const store = createStore(openDatabase(join(mkdtempSync(join(tmpdir(), 'ln-thread-crash-')), 'crash.db')));
    const runId = store.runs.create('discover', {}, null, 0);
    const entityId = store.graph.ensureEntity('site:127.0.0.1', 'site', {}, runId, 0);
    for (const path of ['one.html', 'crash-thread.html', 'three.html']) {
      store.frontier.enqueue(runId, { url: `${server.url}${path}`, depth: 0, role: 'page', entityId, foundFromUrl: null, foundEdge: 'seed' }, 0);
    }
    const fetcher = createWorkerFetcher({
      env: {},
      dispatcher: { guard: { allowPrivate: true } },
      fetcher: { userAgent: 'linernotes-test' },
      entry: new URL('../helpers/crash-fetch-worker.mjs', import.meta.url),
    });
    const fetch = createPoliteFetch(fetcher, new HostScheduler(systemClock, { concurrency: 4, delayMs: 0 }), systemClock);
    try {
      const result = await crawl(runId, resolveSettings({ concurrency: 4, delayMs: 0 }), { store, fetch, clock: systemClock, sources: [webSource] });
      expect(result.stopReason).toBe('finished');
      const rows = dbOf(store).prepare('SELECT url, status, reason FROM frontier WHERE run_id = ? ORDER BY id').all(runId);
      expect(rows).toEqual([
        { url: `${server.url}one.html`, status: 'done', reason: null },
        { url: `${server.url}crash-thread.html`, status: 'skipped', reason: 'the fetch thread stopped (exited with code 7)' },
        { url: `${server.url}three.html`, status: 'done', reason: null },
      ]);
      expect(dbOf(store).prepare("SELECT title FROM documents WHERE url = ? AND kind = 'html'").pluck().get(`${server.url}three.html`)).toBe('/three.html');
    } finally {
      await fetcher.close();
      store.close();
    }
  });
});
