import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, FetchNetworkError } from '../../src/errors.js';
import { createFetcher, type Fetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

let server: TestServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/reset-mid-body') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
      res.write('<html>partial');
      setImmediate(() => res.socket?.destroy());
      return;
    }
    if (req.url === '/hang-up') return void req.socket.destroy();
    res.end('ok');
  });
  fetcher = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes-test/1' });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

/** A port nothing listens on: bind one, then let it go. */
async function deadPort(): Promise<number> {
  const s = await startServer(() => undefined);
  await s.close();
  return s.port;
}

describe('fetcher: network failures', () => {
  it('reports connection refused as a retryable FetchNetworkError', async () => {
    const url = `http://127.0.0.1:${await deadPort()}/`;
    const err = await fetcher.fetch({ url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchNetworkError);
    expect(err).toMatchObject({ code: 'LN_FETCH_NETWORK', retryable: true, url });
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('reports a connection closed before headers as a network error', async () => {
    await expect(fetcher.fetch({ url: `${server.url}hang-up` })).rejects.toBeInstanceOf(FetchNetworkError);
  });

  it('reports a connection reset mid-body as a network error', async () => {
    await expect(fetcher.fetch({ url: `${server.url}reset-mid-body` })).rejects.toBeInstanceOf(FetchNetworkError);
  });

  it('never lets an undici error class escape', async () => {
    const errors = await Promise.all(
      [`${server.url}hang-up`, `${server.url}reset-mid-body`, `http://127.0.0.1:${await deadPort()}/`].map((url) =>
        fetcher.fetch({ url }).catch((e: unknown) => e),
      ),
    );
    for (const err of errors) {
      expect(err).toBeInstanceOf(FetchError);
      expect((err as Error).constructor.name).not.toMatch(/^(SocketError|RequestAbortedError|UndiciError)/);
    }
  });
});

describe('fetcher: bad input', () => {
  it('rejects URLs that are not http(s), without throwing synchronously', async () => {
    for (const url of ['not a url', 'ftp://files.example/x', 'javascript:alert(1)', '']) {
      const err = await fetcher.fetch({ url }).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(FetchError);
      expect(err).toMatchObject({ code: 'LN_FETCH_INVALID', retryable: false });
    }
  });

  it('strips control characters from URLs echoed in error messages', async () => {
    const err = (await fetcher.fetch({ url: 'bad\u001b[2J\u0007url' }).catch((e: unknown) => e)) as Error;
    expect(err.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('validates options up front with the bad value in the message', () => {
    const d = createDispatcher({}, { guard: { allowPrivate: true } });
    expect(() => createFetcher(d, { userAgent: '' })).toThrow(/userAgent/);
    expect(() => createFetcher(d, { userAgent: 'x', maxBytes: -1 })).toThrow(/`maxBytes`.*`-1`/);
    expect(() => createFetcher(d, { userAgent: 'x', maxRedirects: 1.5 })).toThrow(/`maxRedirects`.*`1.5`/);
    expect(() => createDispatcher({}, { connectTimeoutMs: 0 })).toThrow(/`connectTimeoutMs`.*`0`/);
    void d.close();
  });

  it('refuses to fetch after close', async () => {
    const f = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'x' });
    await f.close();
    await f.close(); // idempotent
    await expect(f.fetch({ url: server.url })).rejects.toMatchObject({ code: 'LN_FETCH_CLOSED' });
  });
});
