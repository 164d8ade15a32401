import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchNetworkError } from '../../src/errors.js';
import { createFetcher, type Fetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const TEXT = '<html><body>' + 'Liner notes, café and “quotes”. '.repeat(400) + '</body></html>';
const RAW = Buffer.from(TEXT, 'utf8');

/** Path -> [Content-Encoding, body bytes]. */
const ROUTES: Record<string, [string, Buffer]> = {
  '/gzip': ['gzip', zlib.gzipSync(RAW)],
  '/x-gzip': ['x-gzip', zlib.gzipSync(RAW)],
  '/deflate-zlib': ['deflate', zlib.deflateSync(RAW)],
  '/deflate-raw': ['deflate', zlib.deflateRawSync(RAW)],
  '/br': ['br', zlib.brotliCompressSync(RAW)],
  '/stacked': ['deflate, gzip', zlib.gzipSync(zlib.deflateSync(RAW))],
  '/identity': ['identity', RAW],
  '/upper': ['GZIP', zlib.gzipSync(RAW)],
  '/zstd': ['zstd', Buffer.from('not really zstd')],
  '/proto': ['constructor', Buffer.from('hostile')],
  '/proto2': ['gzip, __proto__', Buffer.from('hostile')],
  '/corrupt': ['gzip', Buffer.concat([zlib.gzipSync(RAW).subarray(0, 10), Buffer.from('garbage!garbage!garbage!')])],
  '/truncated': ['gzip', zlib.gzipSync(RAW).subarray(0, 600)],
  '/tiny-deflate': ['deflate', zlib.deflateRawSync(Buffer.from('a'))],
};

let server: TestServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startServer(async (req, res) => {
    const route = ROUTES[req.url ?? ''];
    if (!route) return void res.writeHead(404).end();
    const [coding, body] = route;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': coding });
    // Split the body across writes so decoders see several chunks, one of them a single byte.
    res.write(body.subarray(0, 1));
    await new Promise((r) => setImmediate(r));
    res.end(body.subarray(1));
  });
  fetcher = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes-test/1' });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

describe('fetcher: content encodings', () => {
  it('asks for gzip, deflate and br', async () => {
    await fetcher.fetch({ url: `${server.url}identity` });
    expect(server.requests.at(-1)?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  for (const path of ['gzip', 'x-gzip', 'deflate-zlib', 'deflate-raw', 'br', 'stacked', 'identity', 'upper']) {
    it(`decodes ${path}`, async () => {
      const res = await fetcher.fetch({ url: `${server.url}${path}` });
      expect(res.body).toBe(TEXT);
      expect(res.bytes).toBe(RAW.length);
      expect(res.charset).toBe('utf-8');
    });
  }

  it('decodes raw deflate whose first chunk is one byte', async () => {
    expect((await fetcher.fetch({ url: `${server.url}tiny-deflate` })).body).toBe('a');
  });

  it('returns a null body for an encoding it cannot undo', async () => {
    const res = await fetcher.fetch({ url: `${server.url}zstd` });
    expect(res.status).toBe(200);
    expect(res.body).toBeNull();
    expect(res.headers['content-encoding']).toBe('zstd');
  });

  it('treats Object.prototype names as unknown encodings, not decoders', async () => {
    for (const path of ['proto', 'proto2']) {
      const res = await fetcher.fetch({ url: `${server.url}${path}` });
      expect(res.body, path).toBeNull();
    }
  });

  it('reports corrupt compressed data as a network error', async () => {
    const err = await fetcher.fetch({ url: `${server.url}corrupt` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchNetworkError);
    expect((err as Error).message).toMatch(/corrupt gzip body/);
  });

  it('returns what arrived of a truncated gzip body', async () => {
    const res = await fetcher.fetch({ url: `${server.url}truncated` });
    expect(res.body).not.toBeNull();
    expect(res.body!.length).toBeGreaterThan(100);
    expect(TEXT.startsWith(res.body!.replace(/\ufffd$/, ''))).toBe(true);
  });
});
