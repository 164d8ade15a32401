import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchBlockedError, FetchRedirectError } from '../../src/errors.js';
import { createFetcher, type Fetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

let server: TestServer;
let other: TestServer;
let fetcher: Fetcher;

function redirect(res: import('node:http').ServerResponse, status: number, location?: string): void {
  const headers: Record<string, string> = { 'content-type': 'text/html' };
  if (location !== undefined) headers.location = location;
  res.writeHead(status, headers);
  // A body on the redirect, as real servers send: it must be drained, not left hanging.
  res.end('<a href="x">moved</a>'.repeat(50));
}

beforeAll(async () => {
  other = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('elsewhere');
  });
  server = await startServer((req, res) => {
    const path = req.url ?? '/';
    const hop = path.match(/^\/hops\/(\d+)$/);
    if (hop) {
      const n = Number(hop[1]);
      if (n === 0) return void res.end('arrived');
      return redirect(res, 302, `/hops/${n - 1}`);
    }
    switch (path) {
      case '/dir/a':
        return redirect(res, 302, 'b?x=1'); // relative to /dir/
      case '/dir/b?x=1':
        return redirect(res, 301, '/c');
      case '/c':
        return redirect(res, 308, '/final#section');
      case '/final':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('done');
      case '/see-other':
        return redirect(res, 303, '/final');
      case '/temp':
        return redirect(res, 307, `${other.url}there`);
      case '/loop1':
        return redirect(res, 302, '/loop2');
      case '/loop2':
        return redirect(res, 301, '/loop1');
      case '/self':
        return redirect(res, 302, '/self#again');
      case '/no-location':
        return redirect(res, 302);
      case '/ftp':
        return redirect(res, 301, 'ftp://files.example/x');
      case '/script':
        return redirect(res, 302, 'javascript:alert(1)');
      default:
        res.writeHead(404);
        res.end();
    }
  });
  fetcher = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes-test/1' });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
  await other.close();
});

describe('fetcher: redirects', () => {
  it('follows relative Locations and records the whole chain', async () => {
    const res = await fetcher.fetch({ url: `${server.url}dir/a` });
    expect(res.status).toBe(200);
    expect(res.body).toBe('done');
    expect(res.url).toBe(`${server.url}dir/a`);
    expect(res.finalUrl).toBe(`${server.url}final#section`);
    expect(res.redirects).toEqual([
      { from: `${server.url}dir/a`, to: `${server.url}dir/b?x=1`, status: 302 },
      { from: `${server.url}dir/b?x=1`, to: `${server.url}c`, status: 301 },
      { from: `${server.url}c`, to: `${server.url}final#section`, status: 308 },
    ]);
    // The fragment stays client-side.
    expect(server.requests.map((r) => r.url)).toContain('/final');
  });

  it('follows 303 and 307 (including to another origin)', async () => {
    expect((await fetcher.fetch({ url: `${server.url}see-other` })).redirects[0]?.status).toBe(303);
    const res = await fetcher.fetch({ url: `${server.url}temp` });
    expect(res.finalUrl).toBe(`${other.url}there`);
    expect(res.body).toBe('elsewhere');
    expect(other.requests.at(-1)?.headers['user-agent']).toBe('linernotes-test/1');
  });

  it('sends the User-Agent on every hop', async () => {
    const before = server.requests.length;
    await fetcher.fetch({ url: `${server.url}hops/3` });
    const hops = server.requests.slice(before);
    expect(hops.map((r) => r.url)).toEqual(['/hops/3', '/hops/2', '/hops/1', '/hops/0']);
    expect(hops.every((r) => r.headers['user-agent'] === 'linernotes-test/1')).toBe(true);
  });

  it('allows exactly maxRedirects (5) and fails on the sixth', async () => {
    const ok = await fetcher.fetch({ url: `${server.url}hops/5` });
    expect(ok.redirects).toHaveLength(5);
    expect(ok.body).toBe('arrived');
    const err = await fetcher.fetch({ url: `${server.url}hops/6` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchRedirectError);
    expect((err as FetchRedirectError).message).toMatch(/more than 5 redirects/);
    expect((err as FetchRedirectError).retryable).toBe(false);
  });

  it('honours a smaller maxRedirects', async () => {
    const strict = createFetcher(createDispatcher({}, { guard: { allowPrivate: true } }), { userAgent: 'linernotes-test/1', maxRedirects: 0 });
    try {
      await expect(strict.fetch({ url: `${server.url}hops/1` })).rejects.toThrow(/more than 0 redirects/);
    } finally {
      await strict.close();
    }
  });

  it('detects a loop back to a URL already in the chain', async () => {
    await expect(fetcher.fetch({ url: `${server.url}loop1` })).rejects.toThrow(/redirect loop back to .*\/loop1$/);
    await expect(fetcher.fetch({ url: `${server.url}self` })).rejects.toBeInstanceOf(FetchRedirectError);
  });

  it('rejects a redirect without Location', async () => {
    await expect(fetcher.fetch({ url: `${server.url}no-location` })).rejects.toThrow(/302 redirect without Location/);
  });

  it('refuses redirects to non-http(s) schemes as blocked', async () => {
    await expect(fetcher.fetch({ url: `${server.url}ftp` })).rejects.toThrow(/blocked: redirect to a ftp: URL/);
    await expect(fetcher.fetch({ url: `${server.url}script` })).rejects.toBeInstanceOf(FetchBlockedError);
  });

  it('drains redirect bodies so one keep-alive connection serves the whole chain', async () => {
    const own = await startServer((req, res) => {
      if (req.url === '/end') return void res.end('ok');
      // The rest of the redirect body comes later, so the fetcher must wait for it (drain)
      // rather than drop it, or the socket cannot be reused.
      res.writeHead(302, { location: '/end', 'content-type': 'text/html' });
      res.write('<p>moved</p>'.repeat(100));
      setTimeout(() => res.end('<p>the end</p>'), 20);
    });
    // One socket per origin: a redirect body left unread would stall the next hop, and a
    // destroyed one would force a second connection.
    const f = createFetcher(createDispatcher({}, { connectionsPerOrigin: 1, guard: { allowPrivate: true } }), { userAgent: 'linernotes-test/1' });
    try {
      await f.fetch({ url: `${own.url}start` });
      await f.fetch({ url: `${own.url}start` });
      expect(own.requests).toHaveLength(4);
      expect(own.connections()).toBe(1);
    } finally {
      await f.close();
      await own.close();
    }
  });
});
