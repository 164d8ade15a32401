import type http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchTooLargeError } from '../../src/errors.js';
import { createFetcher, type Fetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const CAP = 64 * 1024;

let server: TestServer;
let fetcher: Fetcher;
/** Per path: whether the response was cut off before the server finished writing it. */
const cutOff = new Map<string, boolean>();

/** Write `chunk` forever (respecting backpressure) until the client goes away. */
function endless(res: http.ServerResponse, out: NodeJS.WritableStream, chunk: Buffer, path: string): void {
  let closed = false;
  res.on('close', () => {
    closed = true;
    cutOff.set(path, !res.writableFinished);
  });
  const pump = (): void => {
    while (!closed && out.write(chunk)) {
      /* keep writing */
    }
    if (!closed) out.once('drain', pump);
  };
  pump();
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    const path = req.url ?? '';
    switch (path) {
      case '/gzip-bomb': {
        // Endless zeros through gzip: each compressed chunk inflates ~1000x. Reading this to
        // the end would never finish; only a cap enforced while inflating can stop it.
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        const gz = zlib.createGzip();
        gz.pipe(res);
        res.on('close', () => gz.destroy());
        return endless(res, gz, Buffer.alloc(64 * 1024, 0x20), path);
      }
      case '/endless-plain':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return endless(res, res, Buffer.alloc(16 * 1024, 0x61), path);
      case '/declared-huge':
        // Claims 100 MB, sends a little and stalls: must be refused from the header alone.
        res.on('close', () => cutOff.set(path, !res.writableFinished));
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(100 * 1024 * 1024) });
        return void res.write('<html>');
      case '/exactly-cap':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end(Buffer.alloc(CAP, 0x62));
      case '/endless-binary':
        res.writeHead(200, { 'content-type': 'image/png' });
        return endless(res, res, Buffer.alloc(16 * 1024, 0x89), path);
      case '/robots.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('User-agent: *\n'.repeat(100));
      default:
        res.writeHead(404).end();
    }
  });
  fetcher = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes-test/1', maxBytes: CAP });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

/** Resolve once the server has seen the response closed for `path`. */
async function serverSawClose(path: string): Promise<boolean> {
  while (!cutOff.has(path)) await new Promise((r) => setImmediate(r));
  return cutOff.get(path)!;
}

describe('fetcher: size cap', () => {
  it('stops an endless gzip bomb at the decoded-byte cap and closes the connection', async () => {
    const err = await fetcher.fetch({ url: `${server.url}gzip-bomb` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchTooLargeError);
    expect((err as FetchTooLargeError).retryable).toBe(false);
    expect((err as Error).message).toContain(`larger than ${CAP} bytes`);
    expect(await serverSawClose('/gzip-bomb')).toBe(true);
  });

  it('stops an endless uncompressed body too', async () => {
    await expect(fetcher.fetch({ url: `${server.url}endless-plain` })).rejects.toBeInstanceOf(FetchTooLargeError);
    expect(await serverSawClose('/endless-plain')).toBe(true);
  });

  it('refuses a Content-Length over the cap without reading the body', async () => {
    await expect(fetcher.fetch({ url: `${server.url}declared-huge` })).rejects.toBeInstanceOf(FetchTooLargeError);
    expect(await serverSawClose('/declared-huge')).toBe(true);
  });

  it('accepts a body of exactly the cap', async () => {
    const res = await fetcher.fetch({ url: `${server.url}exactly-cap` });
    expect(res.bytes).toBe(CAP);
    expect(res.body).toHaveLength(CAP);
  });

  it('applies a per-request maxBytes', async () => {
    await expect(fetcher.fetch({ url: `${server.url}robots.txt`, maxBytes: 100 })).rejects.toBeInstanceOf(FetchTooLargeError);
    expect((await fetcher.fetch({ url: `${server.url}robots.txt`, maxBytes: 500 * 1024 })).bytes).toBe(1400);
  });

  it('does not read non-text bodies: null body, no hang, connection released', async () => {
    const res = await fetcher.fetch({ url: `${server.url}endless-binary` });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('image/png');
    expect(res.body).toBeNull();
    expect(res.charset).toBeNull();
    expect(res.bytes).toBe(0);
    expect(await serverSawClose('/endless-binary')).toBe(true);
  });
});
