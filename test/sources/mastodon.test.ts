// The fediverse source end to end through the world proxy, the real fetcher and polite fetch:
// paging bounded by postsPerAccount, 429 then success, suspended / missing / login-only /
// Misskey / non-fediverse hosts, the WebFinger detour, locked and remote accounts.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createFetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { createPoliteFetch } from '../../src/crawl/polite-fetch.js';
import { HostScheduler } from '../../src/crawl/politeness.js';
import { fakeMastodon } from '../../src/demo/fake-mastodon.js';
import type { SocialWorld } from '../../src/demo/social-world.js';
import { startWorldProxy, type WorldProxy } from '../../src/demo/world-proxy.js';
import { createMastodonSource, type MastodonSourceOptions } from '../../src/sources/mastodon.js';
import type { SourceContext, TaskOutcome } from '../../src/sources/source.js';
import type { FrontierRow } from '../../src/store/frontier.js';
import type { EntityRow } from '../../src/store/graph.js';

const world: NonNullable<SocialWorld['mastodon']> = {
  instances: [
    {
      host: 'toot.example',
      accounts: [
        {
          id: '11', username: 'dana', displayName: 'Dana Okafor', note: '<p>Sourdough notes. <a href="https://crumb.example/about">about</a></p>',
          fields: [{ name: 'Blog', value: 'https://crumb.example', verifiedAt: '2024-03-09T18:22:41.113+00:00' }, { name: 'Shop', value: 'https://shop.example/dana' }],
          statuses: [
            { id: '105', createdAt: '2025-05-05T10:00:00.000Z', content: '<p>Hydration <a href="https://crumb.example/hydration">post</a> <a href="http://toot.example/tags/bread" class="mention hashtag" rel="tag">#<span>bread</span></a></p>', card: { url: 'https://crumb.example/hydration', title: 'Hydration' } },
            { id: '104', createdAt: '2025-05-04T10:00:00.000Z', content: '', reblogOf: { acct: 'ines@fedi.example', id: '901' } },
            { id: '103', createdAt: '2025-05-03T10:00:00.000Z', content: '<p><span class="h-card"><a href="http://toot.example/@oren" class="u-url mention">@<span>oren</span></a></span> rye?</p>', mentions: [{ acct: 'oren', url: 'http://toot.example/@oren', username: 'oren' }] },
            { id: '102', createdAt: '2025-05-02T10:00:00.000Z', content: '<p>Two</p>' },
            { id: '101', createdAt: '2025-05-01T10:00:00.000Z', content: '<p>One</p>' },
          ],
        },
        { id: '12', username: 'oren', locked: true, statuses: [{ id: '201', createdAt: '2025-04-01T00:00:00.000Z', content: '<p>Public one</p>' }] },
        { id: '14', username: 'private', noindex: true, statuses: [{ id: '401', createdAt: '2025-01-01T00:00:00.000Z', content: '<p>hello <a href="http://x.example/">x</a></p>' }] },
        { id: '13', username: 'spam', suspended: true, statuses: [{ id: '301', createdAt: '2025-01-01T00:00:00.000Z', content: '<p>buy</p>' }] },
      ],
    },
    { host: 'fedi.example', software: 'akkoma', accounts: [{ id: 'AbC9', username: 'ines', displayName: 'Inès', statuses: [{ id: '901', createdAt: '2025-04-30T00:00:00.000Z', content: '<p>Rye ferments fast</p>' }] }] },
    { host: 'gts.example', software: 'gotosocial', requireAuth: true, accounts: [{ id: '01H', username: 'kai', statuses: [] }] },
    { host: 'mk.example', software: 'misskey', accounts: [{ id: '9x', username: 'mika', statuses: [] }] },
    { host: 'busy.example', throttleFirst: 1, accounts: [{ id: '1', username: 'bo', statuses: [{ id: '5', createdAt: '2025-01-01T00:00:00.000Z', content: '<p>hi</p>' }] }] },
  ],
};

/** Static sites next to the instances: a blog, and a personal domain whose WebFinger points to toot.example. */
const files: Record<string, string> = {
  'sites/blog.example/index.html': '<!doctype html><title>Blog</title><p>Just a blog.</p>',
  'sites/dana.example/index.html': '<!doctype html><title>Dana</title>',
  'sites/dana.example/.well-known/webfinger': JSON.stringify({
    subject: 'acct:dana@toot.example',
    links: [{ rel: 'self', type: 'application/activity+json', href: 'http://toot.example/users/dana' }],
  }),
  'sites/dana.example/_types.json': JSON.stringify({ '/.well-known/webfinger': 'application/jrd+json' }),
};

type Handle = (host: string, path: string, req: IncomingMessage, res: ServerResponse) => boolean;

interface Harness {
  proxy: WorldProxy;
  run(url: string): Promise<TaskOutcome>;
  /** Paths requested from `host`, robots.txt left out. */
  paths(host: string): string[];
}

let open: WorldProxy[] = [];
afterEach(async () => {
  await Promise.all(open.map((p) => p.close()));
  open = [];
});

async function harness(opts: { postsPerAccount?: number; source?: MastodonSourceOptions; wrap?: (inner: Handle) => Handle; known?: Set<string>; remember?: SourceContext['remember'] } = {}): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), 'ln-masto-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  const fake = fakeMastodon(world, new ManualClock());
  const proxy = await startWorldProxy({ root, handle: opts.wrap ? opts.wrap(fake) : fake });
  open.push(proxy);
  const clock = new ManualClock();
  const fetch = createPoliteFetch(
    createFetcher(createDispatcher({ HTTP_PROXY: proxy.url }), { userAgent: 't' }, () => clock.now()),
    new HostScheduler(clock, { delayMs: 0 }),
    clock,
  );
  const ctx: SourceContext = {
    fetch, clock, sameEntity: () => false, cached: () => null,
    knownBefore: (urls) => new Set(urls.filter((u) => opts.known?.has(u))),
    ...(opts.remember ? { remember: opts.remember } : {}),
    settings: { itemsPerFeed: 10, postsPerSite: 3, maxBytes: 5 * 1024 * 1024, postsPerAccount: opts.postsPerAccount ?? 100, blueskyApi: 'http://bsky.invalid' },
  };
  const source = createMastodonSource(opts.source);
  const entity = { id: 1, key: 'fedi:x', kind: 'account' } as unknown as EntityRow;
  const row = (url: string): FrontierRow => ({ id: 1, runId: 1, url, depth: 0, role: 'fedi-account', entityId: 1, foundFromUrl: null, foundEdge: null, probeIndex: null, status: 'fetching', attempts: 0 });
  return {
    proxy,
    run: (url) => source.process(row(url), entity, ctx),
    paths: (host) => proxy.requests.filter((r) => r.host === host && r.path !== '/robots.txt').map((r) => r.path),
  };
}

describe('mastodonSource', () => {
  it('handles fedi-account rows only', () => {
    const s = createMastodonSource();
    expect(s.name).toBe('fediverse');
    expect(s.handles({ role: 'fedi-account' } as FrontierRow)).toBe(true);
    expect(s.handles({ role: 'home' } as FrontierRow)).toBe(false);
  });

  it('reads profile facts, claims and statuses, paging with max_id until postsPerAccount', async () => {
    const h = await harness({ postsPerAccount: 3, source: { pageSize: 2 } });
    const out = await h.run('http://toot.example/@dana');
    expect(h.paths('toot.example')).toEqual([
      '/.well-known/nodeinfo', '/nodeinfo/2.0', '/api/v1/accounts/lookup?acct=dana',
      '/api/v1/accounts/11/statuses?limit=2', '/api/v1/accounts/11/statuses?limit=1&max_id=104',
    ]);
    expect(out).toMatchObject({ status: 'done', reason: null, fetched: true, followUps: [], movedTo: null });
    expect(out.facts).toEqual({ key: 'fedi:dana@toot.example', handle: 'dana@toot.example', name: 'Dana Okafor', nameIsAuthoritative: true, profileUrl: 'http://toot.example/@dana' });
    expect(out.claims.map((c) => [c.kind, c.targetUrl])).toEqual([
      ['verified-field', 'https://crumb.example/'], ['profile-link', 'https://shop.example/dana'], ['profile-link', 'https://crumb.example/about'],
    ]);
    expect(out.documents.map((d) => [d.kind, d.url])).toEqual([
      ['other', 'http://toot.example/@dana'],
      ['item', 'http://toot.example/@dana/105'],
      ['item', 'http://toot.example/users/dana/statuses/104/activity'],
      ['item', 'http://toot.example/@dana/103'],
    ]);
    expect(out.documents[0]?.textExcerpt).toBe('Sourdough notes. about');
    expect(out.documents[2]?.textExcerpt).toBe('Rye ferments fast');
    expect(out.links.map((l) => [l.type, l.targetUrl, l.account?.id ?? null])).toEqual([
      ['link', 'https://crumb.example/hydration', null],
      ['boost', 'http://fedi.example/users/ines', 'ines@fedi.example'],
      ['mention', 'http://toot.example/@oren', 'oren@toot.example'],
    ]);
    expect(out.links[1]?.evidenceUrl).toBe('http://fedi.example/users/ines/901');
  });

  it('on a recrawl stops paging at the first page that reaches stored statuses', async () => {
    const h = await harness({ source: { pageSize: 2 }, known: new Set(['http://toot.example/@dana/103']) });
    await h.run('http://toot.example/@dana');
    expect(h.paths('toot.example').filter((p) => p.includes('/statuses'))).toEqual([
      '/api/v1/accounts/11/statuses?limit=2', '/api/v1/accounts/11/statuses?limit=2&max_id=104',
    ]);
  });

  it('stops paging at the page without rel="next"', async () => {
    const h = await harness({ source: { pageSize: 2 } });
    const out = await h.run('http://toot.example/@dana');
    expect(h.paths('toot.example').filter((p) => p.includes('/statuses'))).toEqual([
      '/api/v1/accounts/11/statuses?limit=2', '/api/v1/accounts/11/statuses?limit=2&max_id=104', '/api/v1/accounts/11/statuses?limit=2&max_id=102',
    ]);
    expect(out.documents.filter((d) => d.kind === 'item')).toHaveLength(5);
  });

  it('waits out a 429 and then reads the account', async () => {
    const h = await harness();
    const out = await h.run('http://busy.example/@bo');
    expect(h.proxy.requests.filter((r) => r.path === '/api/v1/accounts/lookup?acct=bo').map((r) => r.status)).toEqual([429, 200]);
    expect(out).toMatchObject({ status: 'done', facts: { key: 'fedi:bo@busy.example' } });
    expect(out.documents.filter((d) => d.kind === 'item')).toHaveLength(1);
  });

  it('skips suspended accounts without reading statuses', async () => {
    const h = await harness();
    const out = await h.run('http://toot.example/@spam');
    // Marked never to be shown: others' mentions of it must not make it a candidate.
    expect(out).toMatchObject({ status: 'skipped', reason: 'account suspended', fetched: true, facts: { hidden: 'taken-down' }, links: [] });
    expect(h.paths('toot.example').some((p) => p.includes('/statuses'))).toBe(false);
  });

  it('honours an account that opted out of indexing (noindex)', async () => {
    const h = await harness();
    const out = await h.run('http://toot.example/@private');
    expect(out).toMatchObject({ status: 'skipped', reason: expect.stringContaining('noindex'), links: [] });
    expect(h.paths('toot.example').some((p) => p.includes('/statuses'))).toBe(false);
  });

  it('fails an unknown account after asking WebFinger', async () => {
    const h = await harness();
    const out = await h.run('http://toot.example/@nobody');
    expect(out).toMatchObject({ status: 'failed', reason: 'account not found' });
    expect(h.paths('toot.example')).toContain('/.well-known/webfinger?resource=acct:nobody@toot.example');
    expect(out.documents).toEqual([expect.objectContaining({ url: 'http://toot.example/@nobody', error: 'account not found', status: 404 })]);
  });

  it('skips servers that want a login (GoToSocial)', async () => {
    const h = await harness();
    expect(await h.run('http://gts.example/@kai')).toMatchObject({ status: 'skipped', reason: 'not readable without login (gotosocial)', fetched: true });
  });

  it('skips Misskey without calling the Mastodon API', async () => {
    const h = await harness();
    expect(await h.run('http://mk.example/@mika')).toMatchObject({ status: 'skipped', reason: 'not readable: misskey has no Mastodon-compatible public API' });
    expect(h.paths('mk.example').some((p) => p.startsWith('/api/'))).toBe(false);
  });

  it('skips hosts that are not fediverse servers', async () => {
    const h = await harness();
    expect(await h.run('http://blog.example/@someone')).toMatchObject({ status: 'skipped', reason: 'not a fediverse server (no NodeInfo)', fetched: true });
    expect(h.paths('blog.example')).toEqual(['/.well-known/nodeinfo', '/.well-known/webfinger?resource=acct:someone@blog.example']);
  });

  it('follows WebFinger from a personal domain to the real server', async () => {
    const h = await harness({ postsPerAccount: 1 });
    const out = await h.run('http://dana.example/@dana');
    expect(out).toMatchObject({ status: 'done', facts: { key: 'fedi:dana@toot.example', profileUrl: 'http://toot.example/@dana' } });
    expect(h.paths('dana.example')).toEqual(['/.well-known/nodeinfo', '/.well-known/webfinger?resource=acct:dana@dana.example']);
    expect(h.paths('toot.example')).toContain('/api/v1/accounts/lookup?acct=dana');
  });

  it('reads what a locked account shows the public', async () => {
    const h = await harness();
    const out = await h.run('http://toot.example/users/oren');
    expect(out).toMatchObject({ status: 'done', facts: { key: 'fedi:oren@toot.example', name: 'oren' } });
    expect(out.documents.map((d) => d.textExcerpt)).toContain('Public one');
  });

  it('reads a remote account on its own server, and asks each server for NodeInfo once', async () => {
    const h = await harness();
    const out = await h.run('http://toot.example/@ines@fedi.example');
    expect(out).toMatchObject({ status: 'done', facts: { key: 'fedi:ines@fedi.example', profileUrl: 'http://fedi.example/users/ines' } });
    expect(h.paths('toot.example')).toEqual([]);
    await h.run('http://fedi.example/users/ines');
    expect(h.paths('fedi.example').filter((p) => p.includes('nodeinfo'))).toEqual(['/.well-known/nodeinfo', '/nodeinfo/2.1.json']);
  });

  it('asks NodeInfo once across runs when the crawl keeps server facts', async () => {
    const kept = new Map<string, string>();
    const remember: SourceContext['remember'] = async (key, _maxAge, compute) => {
      const hit = kept.get(key);
      if (hit !== undefined) return JSON.parse(hit);
      const value = await compute();
      kept.set(key, JSON.stringify(value));
      return value;
    };
    const first = await harness({ remember });
    await first.run('http://toot.example/@dana');
    expect(JSON.parse(kept.get('nodeinfo:http://toot.example')!)).toMatchObject({ name: 'mastodon' });
    const second = await harness({ remember }); // a new process: its in-memory cache is empty
    const out = await second.run('http://toot.example/@dana');
    expect(out.status).toBe('done');
    expect(second.paths('toot.example').some((p) => p.includes('nodeinfo'))).toBe(false);
  });

  it('keeps the profile when statuses need a login, and survives garbage answers', async () => {
    const wrap = (inner: Handle): Handle => (host, path, req, res) => {
      if (host === 'toot.example' && path.startsWith('/api/v1/accounts/11/statuses')) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"This API requires an authenticated user"}');
        return true;
      }
      if (host === 'toot.example' && path.startsWith('/api/v1/accounts/12/statuses')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id": 1, "content": ');
        return true;
      }
      if (host === 'toot.example' && path === '/api/v1/accounts/lookup?acct=spam') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "13"}');
        return true;
      }
      return inner(host, path, req, res);
    };
    const h = await harness({ wrap });
    expect(await h.run('http://toot.example/@dana')).toMatchObject({ status: 'done', reason: 'statuses not readable without login', facts: { key: 'fedi:dana@toot.example' } });
    expect(await h.run('http://toot.example/@oren')).toMatchObject({ status: 'done', reason: 'unreadable statuses answer' });
    expect(await h.run('http://toot.example/@spam')).toMatchObject({ status: 'failed', reason: 'unreadable account answer' });
    expect(await h.run('http://toot.example/about')).toMatchObject({ status: 'failed', reason: 'not a fediverse profile URL', fetched: false });
  });

  it('fails while NodeInfo is unavailable and does not remember the host as non-fediverse', async () => {
    let outages = 3; // polite fetch tries three times
    const wrap = (inner: Handle): Handle => (host, path, req, res) => {
      if (host === 'toot.example' && path === '/.well-known/nodeinfo' && outages-- > 0) {
        res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>down</h1>');
        return true;
      }
      return inner(host, path, req, res);
    };
    const h = await harness({ wrap, postsPerAccount: 1 });
    expect(await h.run('http://toot.example/@dana')).toMatchObject({ status: 'failed', reason: 'http://toot.example/.well-known/nodeinfo: NodeInfo answered HTTP 503' });
    expect(await h.run('http://toot.example/@dana')).toMatchObject({ status: 'done', facts: { key: 'fedi:dana@toot.example' } });
  });

  it('reports an unreachable server as a failure, not an exception', async () => {
    const h = await harness();
    const out = await h.run('http://nowhere.example/@x');
    expect(out.status).toBe('failed');
    expect(out.reason).toMatch(/unreachable|502/);
  });
});
