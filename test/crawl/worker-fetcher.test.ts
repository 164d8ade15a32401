// The fetch thread (worker-fetcher.ts): it answers exactly as the in-process fetcher does, with
// the page read ahead when asked; its errors keep their classes; the network guard still
// refuses private addresses there; a caller's abort settles at once; and a thread that dies
// costs only its own requests in flight (the next request gets a new thread).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { FetchBlockedError, FetchTooLargeError } from '../../src/errors.js';
import { createFetcher, type Fetcher, type FetchResult } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { createWorkerFetcher, FetchWorkerError, type WorkerFetcherOptions } from '../../src/crawl/worker-fetcher.js';
import { extractHtml } from '../../src/extract/html.js';
import { parseFeed } from '../../src/extract/feed.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const PAGE = '<!doctype html><html><head><title>Café</title></head><body><nav><a href="/about">about</a></nav>' +
  '<p>Text <a href="http://other.example/x" rel="nofollow">other</a></p></body></html>';
const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>http://a.example/</link>' +
  '<item><title>One</title><link>http://a.example/1</link><description>see &lt;a href="http://b.example/"&gt;b&lt;/a&gt;</description></item></channel></rss>';

let server: TestServer;
const open: Fetcher[] = [];

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url ?? '';
    if (path === '/page' || path.startsWith('/crash-thread') || path === '/after') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', etag: '"v1"', 'retry-after': '120' });
      res.end(zlib.gzipSync(PAGE));
    } else if (path === '/feed') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(FEED);
    } else if (path === '/big') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(10_000) });
      res.end('x'.repeat(10_000));
    } else if (path === '/stall') {
      // Never answers: only an abort ends the request.
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no');
    }
  });
});

afterAll(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
  await server.close();
});

function workerFetcher(extra: Partial<WorkerFetcherOptions> = {}): Fetcher {
  const f = createWorkerFetcher({
    env: {},
    dispatcher: { guard: { allowPrivate: true } },
    fetcher: { userAgent: 'linernotes-test', maxBytes: 5000 },
    now: () => Date.UTC(2026, 0, 1),
    ...extra,
  });
  open.push(f);
  return f;
}

/** A result without what differs between two fetches of the same URL (the Date header) or is the thread's own (read). */
function comparable(r: FetchResult): object {
  const { date: _date, ...headers } = r.headers;
  const { read: _read, ...rest } = r;
  return { ...rest, headers };
}

describe('the fetch thread', () => {
  it('answers as the in-process fetcher does, with the page or feed read ahead when asked', async () => {
    const local = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes-test', maxBytes: 5000 }, () => Date.UTC(2026, 0, 1));
    open.push(local);
    const thread = workerFetcher();
    for (const path of ['page', 'feed', 'missing']) {
      const url = `${server.url}${path}`;
      const here = await local.fetch({ url });
      const there = await thread.fetch({ url, read: 'web' });
      expect(comparable(there)).toEqual(comparable(here));
      if (path === 'page') expect(there.read?.page).toEqual({ ok: true, value: extractHtml(here.body!, here.finalUrl) });
      if (path === 'feed') expect(there.read?.feed).toEqual({ ok: true, value: parseFeed(here.body!, here.finalUrl) });
      // A page or feed comes with its body compressed as the store keeps it.
      if (path !== 'missing') expect(zlib.gunzipSync(there.read!.gzipped!).toString('utf8')).toBe(here.body);
      if (path === 'missing') expect(there.read).toBeUndefined();
    }
    // Retry-After is reckoned on the run's clock, not the thread's.
    expect((await thread.fetch({ url: `${server.url}page` })).retryAfterMs).toBe(120_000);
    // Not asked: nothing read ahead.
    expect((await thread.fetch({ url: `${server.url}page` })).read).toBeUndefined();
  });

  it('rejects with the same error classes and messages', async () => {
    const local = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes-test', maxBytes: 5000 });
    open.push(local);
    const url = `${server.url}big`;
    const here = await local.fetch({ url }).catch((e: unknown) => e);
    const there = await workerFetcher().fetch({ url }).catch((e: unknown) => e);
    expect(there).toBeInstanceOf(FetchTooLargeError);
    expect((there as Error).message).toBe((here as Error).message);
  });

  it('keeps the network guard: a private address is refused on the thread, nothing is sent', async () => {
    const before = server.requests.length;
    const f = workerFetcher({ dispatcher: {} });
    const err = await f.fetch({ url: `${server.url}page` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchBlockedError);
    expect((err as FetchBlockedError).reason).toMatch(/^blocked: .*127\.0\.0\.1/);
    expect((err as FetchBlockedError).blocked).toBe('127.0.0.1');
    expect(server.requests.length).toBe(before);
  });

  it("settles at once on the caller's abort", async () => {
    const f = workerFetcher();
    const abort = new AbortController();
    const pending = f.fetch({ url: `${server.url}stall`, signal: abort.signal });
    const reason = new Error('stop');
    setTimeout(() => abort.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('a thread that dies fails only its requests in flight; the next request gets a new thread', async () => {
    const f = workerFetcher({ entry: new URL('../helpers/crash-fetch-worker.mjs', import.meta.url) });
    expect((await f.fetch({ url: `${server.url}page` })).status).toBe(200);
    const stalled = f.fetch({ url: `${server.url}stall` }).catch((e: unknown) => e);
    const crashed = await f.fetch({ url: `${server.url}crash-thread` }).catch((e: unknown) => e);
    expect(crashed).toBeInstanceOf(FetchWorkerError);
    expect((crashed as Error).message).toBe(`${server.url}crash-thread: the fetch thread stopped (exited with code 7)`);
    // The request that was out on the same thread went down with it.
    expect(await stalled).toBeInstanceOf(FetchWorkerError);
    const after = await f.fetch({ url: `${server.url}after`, read: 'web' });
    expect(after.status).toBe(200);
    expect(after.read?.page?.ok).toBe(true);
  });
});
