import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchNetworkError } from '../../src/errors.js';
import { createFetcher, type Fetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { startProxy, type TestProxy } from '../helpers/test-proxy.js';

const UA = 'linernotes-test/1';
let proxy: TestProxy;
let direct: TestServer;
const open: Fetcher[] = [];
/** The client port of each request the proxy served: one per connection. */
const ports: number[] = [];

/** `allowPrivate` for the tests that go direct to the 127.0.0.1 server. */
function fetcherFor(env: NodeJS.ProcessEnv, allowPrivate = false): Fetcher {
  const f = createFetcher(createDispatcher(env, { guard: { allowPrivate } }), { userAgent: UA, headersTimeoutMs: 5_000 });
  open.push(f);
  return f;
}

beforeAll(async () => {
  proxy = await startProxy((host, req, res) => {
    ports.push(req.socket.remotePort ?? 0);
    if (host === 'blog.virtual.example' && req.url === 'http://blog.virtual.example/moved') {
      res.writeHead(301, { location: 'http://other.virtual.example/landing' });
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`proxy served ${host} for ${req.headers.host ?? '?'}`);
  });
  direct = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('direct');
  });
});

afterAll(async () => {
  await Promise.all(open.map((f) => f.close()));
  await proxy.close();
  await direct.close();
});

describe('fetcher: proxies from the environment', () => {
  it('sends plain-http requests for made-up hosts through HTTP_PROXY, User-Agent included', async () => {
    const f = fetcherFor({ HTTP_PROXY: proxy.url });
    const res = await f.fetch({ url: 'http://blog.virtual.example/post/1' });
    expect(res.body).toBe('proxy served blog.virtual.example for blog.virtual.example');
    const seen = proxy.requests.at(-1)!;
    expect(seen).toMatchObject({ method: 'GET', target: 'http://blog.virtual.example/post/1' });
    expect(seen.headers['user-agent']).toBe(UA);
  });

  it('sends requests for many sites over one keep-alive connection to the proxy, not one pool per site', async () => {
    const f = fetcherFor({ HTTP_PROXY: proxy.url });
    const from = ports.length;
    for (let i = 0; i < 12; i++) expect((await f.fetch({ url: `http://site${i}.virtual.example/` })).status).toBe(200);
    // A socket may still be finishing its last answer when the next request goes out: at most two.
    expect(new Set(ports.slice(from)).size).toBeLessThanOrEqual(2);
  });

  it('honours lower-case http_proxy', async () => {
    const res = await fetcherFor({ http_proxy: proxy.url }).fetch({ url: 'http://lower.virtual.example/' });
    expect(res.body).toBe('proxy served lower.virtual.example for lower.virtual.example');
  });

  it('sends the right Host on each hop of a cross-host redirect', async () => {
    const res = await fetcherFor({ HTTP_PROXY: proxy.url }).fetch({ url: 'http://blog.virtual.example/moved' });
    expect(res.finalUrl).toBe('http://other.virtual.example/landing');
    expect(res.body).toBe('proxy served other.virtual.example for other.virtual.example');
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    const before = proxy.requests.length;
    const res = await fetcherFor({ HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }, true).fetch({ url: `${direct.url}page` });
    expect(res.body).toBe('direct');
    expect(direct.requests.at(-1)!.headers['user-agent']).toBe(UA);
    expect(proxy.requests.length).toBe(before);
  });

  it('ignores proxies in process.env: only the env passed in counts', async () => {
    const before = proxy.requests.length;
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = proxy.url;
    try {
      expect((await fetcherFor({}, true).fetch({ url: `${direct.url}x` })).body).toBe('direct');
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
    expect(proxy.requests.length).toBe(before);
  });

  it('reports a proxy that refuses CONNECT for https as a network error', async () => {
    const err = await fetcherFor({ HTTPS_PROXY: proxy.url })
      .fetch({ url: 'https://secure.virtual.example/' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchNetworkError);
    expect((err as Error).message).toMatch(/403/);
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'CONNECT', target: 'secure.virtual.example:443' });
  });

  it('fails once, without reconnecting in a loop, when the proxy hangs up on CONNECT', async () => {
    const mute = await startProxy(() => undefined, { connectReply: 'hang-up' });
    try {
      const f = createFetcher(createDispatcher({ HTTPS_PROXY: mute.url }), { userAgent: UA, totalTimeoutMs: 2_000 });
      open.push(f);
      const err = await f.fetch({ url: 'https://secure.virtual.example/' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchNetworkError);
      expect((err as Error).message).toMatch(/proxy closed the connection during CONNECT/);
      // undici 7 on its own retries this forever (nodejs/undici#3897).
      expect(mute.requests.filter((r) => r.method === 'CONNECT')).toHaveLength(1);
    } finally {
      await mute.close();
    }
  });

  it('reports a proxy that drops a forwarded request as a network error', async () => {
    const rude = await startProxy((_host, req) => void req.socket.destroy());
    try {
      const err = await fetcherFor({ HTTP_PROXY: rude.url }).fetch({ url: 'http://blog.virtual.example/' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchNetworkError);
    } finally {
      await rude.close();
    }
  });
});
