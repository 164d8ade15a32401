// Short limits (200-400 ms) keep these tests quick; no assertion depends on how long anything
// took, only on which limit the fetcher says was hit.
import { Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchTimeoutError } from '../../src/errors.js';
import { createFetcher, type Fetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

let server: TestServer;
let fetcher: Fetcher;
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = await startServer((req, res) => {
    switch (req.url) {
      case '/silent':
        return; // never answers
      case '/stalls-mid-body':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.write('<html><body>first chunk'); // and nothing more
      case '/dribble': {
        // A byte every 20 ms: never idle long enough for the body timeout, never finished.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const t = setInterval(() => res.write('.'), 20);
        timers.add(t);
        res.on('close', () => clearInterval(t));
        return;
      }
      case '/redirect-then-silent':
        res.writeHead(302, { location: '/silent' });
        return void res.end();
      default:
        res.writeHead(404).end();
    }
  });
  fetcher = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), {
    userAgent: 'linernotes-test/1',
    headersTimeoutMs: 200,
    bodyTimeoutMs: 200,
    totalTimeoutMs: 10_000,
  });
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  await fetcher.close();
  await server.close();
});

async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error('expected the fetch to fail');
  return err;
}

describe('fetcher: timeouts', () => {
  it('gives up when headers do not arrive', async () => {
    const err = await failure(fetcher.fetch({ url: `${server.url}silent` }));
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect(err.message).toMatch(/timed out \(headers\)/);
    expect((err as FetchTimeoutError).retryable).toBe(true);
    expect((err as FetchTimeoutError).url).toBe(`${server.url}silent`);
  });

  it('gives up when the body goes idle', async () => {
    const err = await failure(fetcher.fetch({ url: `${server.url}stalls-mid-body` }));
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect(err.message).toMatch(/timed out \(body\)/);
  });

  it('enforces the total deadline on a body that never stops trickling', async () => {
    const f = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes-test/1', bodyTimeoutMs: 5_000, totalTimeoutMs: 300 });
    try {
      const err = await failure(f.fetch({ url: `${server.url}dribble` }));
      expect(err).toBeInstanceOf(FetchTimeoutError);
      expect(err.message).toMatch(/timed out \(total\)/);
    } finally {
      await f.close();
    }
  });

  it('counts redirects against the total deadline', async () => {
    const f = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes-test/1', headersTimeoutMs: 5_000, totalTimeoutMs: 300 });
    try {
      const err = await failure(f.fetch({ url: `${server.url}redirect-then-silent` }));
      expect(err.message).toMatch(/timed out \(total\)/);
    } finally {
      await f.close();
    }
  });

  it('meets the total deadline even when the dispatcher never answers at all', async () => {
    // A request stuck waiting for a connection only sees its abort signal once connected
    // (e.g. undici's CONNECT retry loop); the deadline must not depend on that.
    class Stuck extends Dispatcher {
      override dispatch(): boolean {
        return true;
      }
      override close(): Promise<void> {
        return Promise.resolve();
      }
    }
    const f = createFetcher(new Stuck(), { userAgent: 'linernotes-test/1', totalTimeoutMs: 200 });
    const err = await failure(f.fetch({ url: 'http://stuck.virtual.example/' }));
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect(err.message).toMatch(/timed out \(total\)/);
  });

  it("rejects with the caller's abort reason, not a fetch error", async () => {
    const controller = new AbortController();
    const reason = new Error('crawl cancelled');
    const pending = failure(fetcher.fetch({ url: `${server.url}dribble`, signal: controller.signal }));
    // Abort once the server has the request, so the abort lands mid-response.
    while (!server.requests.some((r) => r.url === '/dribble')) await new Promise((r) => setImmediate(r));
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });

  it('rejects immediately for an already-aborted signal', async () => {
    const reason = new Error('already cancelled');
    expect(await failure(fetcher.fetch({ url: `${server.url}silent`, signal: AbortSignal.abort(reason) }))).toBe(reason);
  });
});
