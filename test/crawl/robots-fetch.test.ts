// robots.txt as fetched by the polite fetch from a real server: 4xx allow all, 5xx, 429 and
// network errors close the origin, redirects followed up to five hops, a file past 500 KiB
// parsed up to there, the product token taken from --user-agent, answers kept at most a day.
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createFetcher, type Fetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { createPoliteFetch, RobotsDisallowedError, type PoliteFetch, type RobotsFailure } from '../../src/crawl/polite-fetch.js';
import { HostScheduler } from '../../src/crawl/politeness.js';
import { ROBOTS_FRESH_MS, ROBOTS_MAX_BYTES, RobotsCache } from '../../src/crawl/robots.js';
import { productTokenOf } from '../../src/crawl/robots-txt.js';
import type { FetchResult } from '../../src/crawl/fetch-types.js';
import { FetchBlockedError } from '../../src/errors.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

/** What each test server's /robots.txt answers, set per test. */
type RobotsAnswer = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let answer: RobotsAnswer;
let server: TestServer;
const fetchers: Fetcher[] = [];

function polite(opts: { userAgent?: string; allowPrivate?: boolean; clock?: ManualClock; failures?: Map<string, RobotsFailure> } = {}): PoliteFetch {
  const clock = opts.clock ?? new ManualClock(0);
  const ua = opts.userAgent ?? 'linernotes-test/1';
  const fetcher = createFetcher(createDispatcher({}, { guard: { allowPrivate: opts.allowPrivate ?? true } }), { userAgent: ua }, () => clock.now());
  fetchers.push(fetcher);
  const failures = opts.failures;
  const robotsFailures = failures ? { get: (o: string) => failures.get(o) ?? null, put: (o: string, f: RobotsFailure) => void failures.set(o, f) } : undefined;
  return createPoliteFetch(fetcher, new HostScheduler(clock, { delayMs: 0 }), clock, { productToken: productTokenOf(ua), maxTries: 1, robotsFailures });
}

const page = (path: string) => `${server.url}${path.replace(/^\//, '')}`;

async function outcome(fetch: PoliteFetch, path: string): Promise<string> {
  try {
    const res = await fetch({ url: page(path) });
    return `fetched ${res.status}`;
  } catch (err) {
    if (err instanceof RobotsDisallowedError) return err.unreachable ? 'site unreachable' : 'disallowed';
    if (err instanceof FetchBlockedError) return err.reason;
    throw err;
  }
}

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url?.startsWith('/robots') || req.url?.startsWith('/hop')) return answer(req, res);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('page');
  });
});

afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
  await server.close();
});

const text = (body: string, status = 200): RobotsAnswer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
};

describe('robots.txt over HTTP', () => {
  it.each([400, 401, 403, 404, 410])('takes %i as "no robots.txt": everything allowed', async (status) => {
    answer = text('User-agent: *\nDisallow: /\n', status);
    expect(await outcome(polite(), '/a')).toBe('fetched 200');
  });

  it.each([500, 502, 503, 429])('takes %i as "cannot know": the origin is off limits for the run', async (status) => {
    answer = text('User-agent: *\nAllow: /\n', status);
    const fetch = polite();
    expect(await outcome(fetch, '/a')).toBe('site unreachable');
    expect(await outcome(fetch, '/b')).toBe('site unreachable');
  });

  it('takes a connection that drops as "cannot know"', async () => {
    answer = (req) => req.socket.destroy();
    expect(await outcome(polite(), '/a')).toBe('site unreachable');
  });

  it('shares "cannot know" with the other workers of the run: a status, or no answer at all by its text', async () => {
    let asked = 0;
    const reasonOf = async (fetch: PoliteFetch): Promise<string> => fetch({ url: page('/a') }).then(() => 'fetched', (err: unknown) => (err as Error).message);
    for (const fail of [text('', 503), (req: http.IncomingMessage) => req.socket.destroy()] as RobotsAnswer[]) {
      answer = (req, res) => {
        asked++;
        fail(req, res);
      };
      asked = 0;
      const failures = new Map<string, RobotsFailure>();
      const first = await reasonOf(polite({ failures }));
      expect(first).toMatch(/site unreachable: robots\.txt (answered 503|unreachable \(.+\))/);
      expect(failures.size).toBe(1);
      // Another worker (its own robots cache) takes the same answer without asking the server.
      expect(await reasonOf(polite({ failures }))).toBe(first);
      expect(asked).toBe(1);
    }
  });

  it('follows redirects to the real file, up to five hops', async () => {
    answer = (req, res) => {
      const n = Number(/^\/hop(\d)/.exec(req.url ?? '')?.[1] ?? 0);
      if (n < 5) {
        res.writeHead(301, { location: `/hop${n + 1}` });
        return void res.end();
      }
      text('User-agent: *\nDisallow: /private\n')(req, res);
    };
    const fetch = polite();
    expect(await outcome(fetch, '/private/x')).toBe('disallowed');
    expect(await outcome(fetch, '/public')).toBe('fetched 200');
  });

  it('gives up after five redirects and takes the file as unavailable (allow all)', async () => {
    answer = (req, res) => {
      const n = Number(/^\/hop(\d)/.exec(req.url ?? '')?.[1] ?? 0);
      res.writeHead(302, { location: `/hop${n + 1}` });
      res.end();
    };
    expect(await outcome(polite(), '/private/x')).toBe('fetched 200');
  });

  it('parses the first 500 KiB of a larger file instead of closing the origin', async () => {
    const head = 'User-agent: *\nDisallow: /early\n';
    const padding = `# ${'x'.repeat(1000)}\n`.repeat(Math.ceil(ROBOTS_MAX_BYTES / 1003));
    answer = text(`${head}${padding}Disallow: /late\n`);
    const fetch = polite();
    expect(await outcome(fetch, '/early/a')).toBe('disallowed');
    expect(await outcome(fetch, '/late/a')).toBe('fetched 200');
  });

  it('drops a rule cut in half at 500 KiB rather than read it shorter', async () => {
    const before = 'User-agent: *\nDisallow: /\n';
    const cut = 'Allow: /o'; // what is left of the last rule at the cap; read as a rule it would open /o*
    const fill = `# ${'x'.repeat(ROBOTS_MAX_BYTES - before.length - cut.length - 3)}\n`;
    expect(before.length + fill.length + cut.length).toBe(ROBOTS_MAX_BYTES);
    answer = text(`${before}${fill}Allow: /open-this-folder\n`);
    expect(await outcome(polite(), '/open-this-folder/a')).toBe('disallowed');
  });

  it('matches the group named by the product token of --user-agent', async () => {
    answer = text('User-agent: AcmeBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n');
    expect(await outcome(polite({ userAgent: 'AcmeBot/1.0 (+https://acme.example/bot)' }), '/a')).toBe('disallowed');
    expect(await outcome(polite({ userAgent: 'linernotes/0.1 (+https://github.com/linernotes/linernotes)' }), '/a')).toBe('fetched 200');
  });

  it('reports an origin the network guard refuses as blocked, not as a site that is down', async () => {
    answer = text('User-agent: *\nAllow: /\n');
    const before = server.connections();
    expect(await outcome(polite({ allowPrivate: false }), '/a')).toBe('blocked: private address (127.0.0.1)');
    expect(server.connections()).toBe(before);
  });
});

describe('robots.txt cache', () => {
  const ok = (body: string): FetchResult => ({
    url: 'http://x.example/robots.txt', finalUrl: 'http://x.example/robots.txt', redirects: [], status: 200, headers: {},
    contentType: 'text/plain', charset: 'utf-8', body, bytes: body.length, retryAfterMs: null, notModified: false,
  });

  it('keeps one answer per origin for at most 24 hours', async () => {
    const clock = new ManualClock(0);
    let fetches = 0;
    const cache = new RobotsCache(async () => {
      fetches++;
      return ok(fetches === 1 ? 'User-agent: *\nDisallow: /\n' : '');
    }, 'linernotes', clock);
    expect((await cache.rulesFor('http://x.example/a')).isAllowed('http://x.example/a')).toBe(false);
    clock.advance(ROBOTS_FRESH_MS - 1);
    expect((await cache.rulesFor('http://x.example/b')).isAllowed('http://x.example/b')).toBe(false);
    expect(fetches).toBe(1);
    clock.advance(1);
    expect((await cache.rulesFor('http://x.example/c')).isAllowed('http://x.example/c')).toBe(true);
    expect(fetches).toBe(2);
  });
});
