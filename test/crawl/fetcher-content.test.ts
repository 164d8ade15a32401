import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, DEFAULT_ACCEPT, type Fetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const ETAG = '"v42"';

/** Path -> [headers, body]. */
const ROUTES: Record<string, [Record<string, string | string[]>, Buffer | string]> = {
  '/cp1252': [{ 'content-type': 'text/html; charset=windows-1252' }, Buffer.from([0x93, 0x63, 0x61, 0x66, 0xe9, 0x94])],
  '/latin1': [{ 'content-type': 'text/plain; charset=iso-8859-1' }, Buffer.from([0x80, 0x20, 0xe9])],
  '/sjis-meta': [
    { 'content-type': 'text/html' },
    Buffer.concat([Buffer.from('<meta charset="shift_jis"><title>'), Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea])]),
  ],
  '/xml-decl': [
    { 'content-type': 'application/rss+xml' },
    Buffer.concat([Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><rss><title>caf'), Buffer.from([0xe9]), Buffer.from('</title></rss>')]),
  ],
  '/bom': [{ 'content-type': 'text/html; charset=iso-8859-1' }, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('naïve')])],
  '/feed.json': [{ 'content-type': 'application/feed+json' }, '{"version":"https://jsonfeed.org/version/1.1"}'],
  '/image': [{ 'content-type': 'image/jpeg' }, Buffer.alloc(2048, 0xff)],
  '/untyped-text': [{}, '<html><p>no content type</p></html>'],
  '/untyped-binary': [{}, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])],
  '/empty': [{ 'content-type': 'text/html' }, ''],
  '/multi': [{ 'content-type': 'text/plain', 'x-tag': ['first', 'second'], 'Set-Cookie': ['a=1', 'b=2'] }, 'ok'],
};

let server: TestServer;
let fetcher: Fetcher;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url ?? '';
    if (path === '/conditional') {
      if (req.headers['if-none-match'] === ETAG) return void res.writeHead(304, { etag: ETAG }).end();
      res.writeHead(200, { 'content-type': 'text/html', etag: ETAG, 'last-modified': 'Wed, 31 Dec 2025 10:00:00 GMT' });
      return void res.end('<p>fresh</p>');
    }
    if (path === '/since') {
      const since = req.headers['if-modified-since'];
      return void res.writeHead(since === 'Wed, 31 Dec 2025 10:00:00 GMT' ? 304 : 200).end();
    }
    if (path === '/slow-down') {
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '120' });
      return void res.end('too many requests');
    }
    if (path === '/maintenance') {
      res.writeHead(503, { 'content-type': 'text/html', 'retry-after': 'Thu, 01 Jan 2026 12:05:00 GMT' });
      return void res.end('<h1>back soon</h1>');
    }
    const route = ROUTES[path];
    if (!route) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>not here</h1>');
    res.writeHead(200, route[0]);
    res.end(route[1]);
  });
  fetcher = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes/0.1 (+https://example.org/bot)' }, () => NOW);
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

const get = (path: string, extra: Partial<Parameters<Fetcher['fetch']>[0]> = {}) => fetcher.fetch({ url: `${server.url}${path}`, ...extra });

describe('fetcher: request headers', () => {
  it('sends the User-Agent and the default Accept', async () => {
    await get('feed.json');
    const seen = server.requests.at(-1)!;
    expect(seen.headers['user-agent']).toBe('linernotes/0.1 (+https://example.org/bot)');
    expect(seen.headers.accept).toBe(DEFAULT_ACCEPT);
  });

  it('sends a per-request Accept', async () => {
    await get('feed.json', { accept: 'application/feed+json' });
    expect(server.requests.at(-1)!.headers.accept).toBe('application/feed+json');
  });
});

describe('fetcher: charsets over the wire', () => {
  it.each([
    ['cp1252', '\u201ccafé\u201d', 'windows-1252'],
    ['latin1', '\u20ac é', 'windows-1252'],
    ['sjis-meta', '<meta charset="shift_jis"><title>日本語', 'shift_jis'],
    ['xml-decl', '<?xml version="1.0" encoding="iso-8859-1"?><rss><title>café</title></rss>', 'windows-1252'],
    ['bom', 'naïve', 'utf-8'],
    ['feed.json', '{"version":"https://jsonfeed.org/version/1.1"}', 'utf-8'],
  ])('%s', async (path, text, charset) => {
    const res = await get(path);
    expect(res.body).toBe(text);
    expect(res.charset).toBe(charset);
  });
});

describe('fetcher: response shapes', () => {
  it('returns headers lower-cased with the last value winning, and the bare content type', async () => {
    const res = await get('multi');
    expect(res.headers['x-tag']).toBe('second');
    expect(res.headers['set-cookie']).toBe('b=2');
    expect(res.contentType).toBe('text/plain');
    expect(res.redirects).toEqual([]);
    expect(res.finalUrl).toBe(`${server.url}multi`);
    expect(res.retryAfterMs).toBeNull();
  });

  it('gives non-text types a null body', async () => {
    const res = await get('image');
    expect(res).toMatchObject({ status: 200, contentType: 'image/jpeg', body: null, charset: null, bytes: 0 });
  });

  it('reads untyped bodies that look like text, and not ones that look binary', async () => {
    expect((await get('untyped-text')).body).toBe('<html><p>no content type</p></html>');
    const bin = await get('untyped-binary');
    expect(bin.contentType).toBe('');
    expect(bin.body).toBeNull();
    expect(bin.bytes).toBe(10);
  });

  it('gives an empty body as null', async () => {
    expect(await get('empty')).toMatchObject({ status: 200, body: null, bytes: 0, charset: null });
  });

  it('returns 4xx as a result with its body', async () => {
    const res = await get('missing');
    expect(res).toMatchObject({ status: 404, body: '<h1>not here</h1>', notModified: false });
  });
});

describe('fetcher: conditional requests', () => {
  it('sends If-None-Match and reports 304 as notModified with no body', async () => {
    const first = await get('conditional');
    expect(first).toMatchObject({ status: 200, body: '<p>fresh</p>', notModified: false });
    expect(first.headers.etag).toBe(ETAG);

    const again = await get('conditional', { ifNoneMatch: first.headers.etag });
    expect(server.requests.at(-1)!.headers['if-none-match']).toBe(ETAG);
    expect(again).toMatchObject({ status: 304, notModified: true, body: null, charset: null });
  });

  it('sends If-Modified-Since', async () => {
    const res = await get('since', { ifModifiedSince: 'Wed, 31 Dec 2025 10:00:00 GMT' });
    expect(res.notModified).toBe(true);
  });
});

describe('fetcher: Retry-After', () => {
  it('parses delta-seconds', async () => {
    const res = await get('slow-down');
    expect(res).toMatchObject({ status: 429, retryAfterMs: 120_000, body: 'too many requests' });
  });

  it('parses an HTTP-date against the injected clock', async () => {
    const res = await get('maintenance');
    expect(res.status).toBe(503);
    expect(res.retryAfterMs).toBe(5 * 60_000);
  });
});
