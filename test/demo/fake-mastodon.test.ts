// The fake fediverse servers: real-shaped NodeInfo, WebFinger, Account and Status answers,
// Mastodon's paging (limit, max_id, Link), auth-only servers, suspended accounts, 429s and the
// rate-limit budget, profile pages — called directly, and once through the world proxy.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, ProxyAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { fakeMastodon, RATE_LIMIT, type FakeHandler } from '../../src/demo/fake-mastodon.js';
import type { SocialWorld } from '../../src/demo/social-world.js';
import { startWorldProxy } from '../../src/demo/world-proxy.js';

const world: NonNullable<SocialWorld['mastodon']> = {
  instances: [
    {
      host: 'toot.example',
      accounts: [
        {
          id: '11', username: 'dana', displayName: 'Dana', note: '<p>Bread.</p>',
          fields: [{ name: 'Blog', value: 'https://dana.example', verifiedAt: '2024-01-01T00:00:00.000Z' }, { name: 'Pronouns', value: 'she/<her>' }],
          following: ['ines@fedi.example', 'ghost@elsewhere.example', 'oren'],
          statuses: [
            { id: '105', createdAt: '2025-05-05T10:00:00.000Z', content: '<p>Five <a href="http://toot.example/tags/rye" class="mention hashtag" rel="tag">#<span>rye</span></a></p>', card: { url: 'https://dana.example/5', title: 'Five' } },
            { id: '104', createdAt: '2025-05-04T10:00:00.000Z', content: '', reblogOf: { acct: 'ines@fedi.example', id: '901' } },
            { id: '103', createdAt: '2025-05-03T10:00:00.000Z', content: '<p>Three</p>', mentions: [{ acct: 'oren', url: 'http://toot.example/@oren', username: 'oren' }, { acct: 'ines@fedi.example', url: 'http://fedi.example/users/ines', username: 'ines' }] },
            { id: '102', createdAt: '2025-05-02T10:00:00.000Z', content: '<p>Two</p>' },
            { id: '101', createdAt: '2025-05-01T10:00:00.000Z', content: '<p>One</p>', reblogOf: { acct: 'nobody@gone.example', id: '7' } },
          ],
        },
        { id: '12', username: 'oren', statuses: [] },
        { id: '13', username: 'spam', displayName: 'Spam', suspended: true, statuses: [{ id: '1', createdAt: '2025-01-01T00:00:00.000Z', content: '<p>buy</p>' }] },
      ],
    },
    { host: 'fedi.example', software: 'akkoma', accounts: [{ id: 'AbC9', username: 'ines', statuses: [{ id: '901', createdAt: '2025-04-30T00:00:00.000Z', content: '<p>Rye!</p>' }] }] },
    { host: 'gts.example', software: 'gotosocial', requireAuth: true, accounts: [{ id: '01H', username: 'kai', statuses: [] }] },
    { host: 'mk.example', software: 'misskey', accounts: [{ id: '9x', username: 'mika', statuses: [] }] },
    { host: 'busy.example', throttleFirst: 2, accounts: [{ id: '1', username: 'bo', statuses: [] }] },
  ],
};

interface Answer { handled: boolean; status: number; headers: Record<string, string>; body: string; json: any }

/** Call the handler with a minimal request and a response that records what was written. */
function call(handler: FakeHandler, host: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Answer {
  const answer: Answer = { handled: false, status: 0, headers: {}, body: '', json: undefined };
  const res = {
    writeHead(status: number, h: Record<string, string>) {
      answer.status = status;
      answer.headers = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)]));
      return this;
    },
    end(body?: string) {
      answer.body = body ?? '';
    },
  } as unknown as ServerResponse;
  answer.handled = handler(host, path, { method, headers } as unknown as IncomingMessage, res);
  try {
    answer.json = JSON.parse(answer.body);
  } catch {
    answer.json = undefined;
  }
  return answer;
}

const fake = () => fakeMastodon(world, new ManualClock());

describe('fakeMastodon', () => {
  it('leaves hosts outside the world to the proxy', () => {
    expect(call(fake(), 'blog.example', '/').handled).toBe(false);
    expect(call(fake(), 'toot.example', '/robots.txt')).toMatchObject({ handled: true, status: 404 });
  });

  it('answers NodeInfo at the paths each software uses', () => {
    const h = fake();
    expect(call(h, 'toot.example', '/.well-known/nodeinfo').json.links).toEqual([{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: 'http://toot.example/nodeinfo/2.0' }]);
    expect(call(h, 'toot.example', '/nodeinfo/2.0').json).toMatchObject({ version: '2.0', software: { name: 'mastodon' }, protocols: ['activitypub'], usage: { users: { total: 2 }, localPosts: 5 } });
    expect(call(h, 'fedi.example', '/.well-known/nodeinfo').json.links.map((l: { href: string }) => l.href)).toEqual(['http://fedi.example/nodeinfo/2.0.json', 'http://fedi.example/nodeinfo/2.1.json']);
    expect(call(h, 'fedi.example', '/nodeinfo/2.1.json').json.software).toMatchObject({ name: 'akkoma', repository: expect.stringContaining('akkoma') });
    expect(call(h, 'mk.example', '/nodeinfo/2.1').json.software.name).toBe('misskey');
    expect(call(h, 'gts.example', '/nodeinfo/2.0').json.software.name).toBe('gotosocial');
  });

  it('answers WebFinger for local accounts only', () => {
    const h = fake();
    const jrd = call(h, 'toot.example', '/.well-known/webfinger?resource=acct:dana@toot.example');
    expect(jrd.headers['content-type']).toMatch(/^application\/jrd\+json/);
    expect(jrd.json.subject).toBe('acct:dana@toot.example');
    expect(jrd.json.links).toContainEqual({ rel: 'self', type: 'application/activity+json', href: 'http://toot.example/users/dana' });
    expect(call(h, 'toot.example', '/.well-known/webfinger?resource=http%3A%2F%2Ftoot.example%2F%40dana').json.subject).toBe('acct:dana@toot.example');
    expect(call(h, 'toot.example', '/.well-known/webfinger?resource=acct:dana@fedi.example').status).toBe(404);
    expect(call(h, 'toot.example', '/.well-known/webfinger?resource=acct:nobody@toot.example').status).toBe(404);
    expect(call(h, 'toot.example', '/.well-known/webfinger').status).toBe(400);
  });

  it('looks accounts up with real Account shapes', () => {
    const a = call(fake(), 'toot.example', '/api/v1/accounts/lookup?acct=dana');
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ id: '11', username: 'dana', acct: 'dana', display_name: 'Dana', url: 'http://toot.example/@dana', uri: 'http://toot.example/users/dana', locked: false, following_count: 3, statuses_count: 5 });
    expect(a.json.fields[0]).toEqual({ name: 'Blog', value: expect.stringMatching(/^<a href="https:\/\/dana\.example" [^>]*rel="nofollow noopener me"/), verified_at: '2024-01-01T00:00:00.000Z' });
    expect(a.json.fields[1]).toEqual({ name: 'Pronouns', value: 'she/&lt;her&gt;', verified_at: null });
    expect(call(fake(), 'toot.example', '/api/v1/accounts/lookup?acct=dana@toot.example').json.id).toBe('11');
    expect(call(fake(), 'toot.example', '/api/v1/accounts/11').json.username).toBe('dana');
    expect(call(fake(), 'fedi.example', '/api/v1/accounts/lookup?acct=ines').json.url).toBe('http://fedi.example/users/ines');
    const missing = call(fake(), 'toot.example', '/api/v1/accounts/lookup?acct=nobody');
    expect([missing.status, missing.json]).toEqual([404, { error: 'Record not found' }]);
  });

  it('answers with the documented per-software differences (fixtures/social/mastodon/documented)', () => {
    // Pleroma and Akkoma add a `pleroma` object to accounts; Mastodon does not.
    expect(call(fake(), 'fedi.example', '/api/v1/accounts/lookup?acct=ines').json.pleroma).toMatchObject({ ap_id: 'http://fedi.example/users/ines', deactivated: false });
    expect(call(fake(), 'toot.example', '/api/v1/accounts/lookup?acct=dana').json.pleroma).toBeUndefined();
    // GoToSocial's status pages are /@user/statuses/ID.
    const gts = fakeMastodon({ instances: [{ host: 'gts.example', software: 'gotosocial', accounts: [{ id: '01H', username: 'kai', statuses: [{ id: '01J', createdAt: '2025-01-01T00:00:00.000Z', content: '<p>hi</p>' }] }] }] }, new ManualClock());
    expect(call(gts, 'gts.example', '/api/v1/accounts/01H/statuses').json[0]).toMatchObject({ url: 'http://gts.example/@kai/statuses/01J', uri: 'http://gts.example/users/kai/statuses/01J' });
  });

  it('pages statuses with limit and max_id, and a Link header whose next is left out on the last page', () => {
    const h = fake();
    const first = call(h, 'toot.example', '/api/v1/accounts/11/statuses?limit=2');
    expect(first.json.map((s: { id: string }) => s.id)).toEqual(['105', '104']);
    expect(first.headers.link).toBe('<http://toot.example/api/v1/accounts/11/statuses?limit=2&max_id=104>; rel="next", <http://toot.example/api/v1/accounts/11/statuses?limit=2&min_id=105>; rel="prev"');
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link ?? '')?.[1] ?? '';
    expect(call(h, 'toot.example', new URL(next).pathname + new URL(next).search).json.map((s: { id: string }) => s.id)).toEqual(['103', '102']);
    const last = call(h, 'toot.example', '/api/v1/accounts/11/statuses?limit=2&max_id=102');
    expect(last.json.map((s: { id: string }) => s.id)).toEqual(['101']);
    expect(last.headers.link).not.toContain('rel="next"');
    expect(call(h, 'toot.example', '/api/v1/accounts/11/statuses?limit=2&max_id=101').json).toEqual([]);
    expect(call(h, 'toot.example', '/api/v1/accounts/11/statuses?limit=2&min_id=102').json.map((s: { id: string }) => s.id)).toEqual(['104', '103']);
    expect(call(h, 'toot.example', '/api/v1/accounts/11/statuses?limit=500').json).toHaveLength(5);
  });

  it('renders statuses as Mastodon does: boosts wrap the original, mentions and tags are listed', () => {
    const [five, boost, three, , stub] = call(fake(), 'toot.example', '/api/v1/accounts/11/statuses').json;
    expect(five).toMatchObject({ id: '105', url: 'http://toot.example/@dana/105', uri: 'http://toot.example/users/dana/statuses/105', visibility: 'public', reblog: null, tags: [{ name: 'rye', url: 'http://toot.example/tags/rye' }], card: { url: 'https://dana.example/5', title: 'Five', type: 'link' } });
    expect(boost).toMatchObject({ content: '', url: 'http://toot.example/users/dana/statuses/104/activity', reblog: { id: '901', content: '<p>Rye!</p>', url: 'http://fedi.example/users/ines/901', account: { acct: 'ines@fedi.example', url: 'http://fedi.example/users/ines' } } });
    expect(boost.reblog.account.id).not.toBe('AbC9'); // an id on toot.example, not on fedi.example
    expect(three.mentions).toEqual([
      { id: '12', username: 'oren', url: 'http://toot.example/@oren', acct: 'oren' },
      { id: expect.any(String), username: 'ines', url: 'http://fedi.example/users/ines', acct: 'ines@fedi.example' },
    ]);
    expect(stub.reblog).toMatchObject({ id: '7', account: { acct: 'nobody@gone.example' } });
    // The same question gets the same bytes.
    expect(call(fake(), 'toot.example', '/api/v1/accounts/11/statuses').body).toBe(call(fake(), 'toot.example', '/api/v1/accounts/11/statuses').body);
  });

  it('pages following with its own follow ids', () => {
    const h = fake();
    const first = call(h, 'toot.example', '/api/v1/accounts/11/following?limit=2');
    expect(first.json.map((a: { acct: string }) => a.acct)).toEqual(['ines@fedi.example', 'ghost@elsewhere.example']);
    expect(first.headers.link).toContain('max_id=2>; rel="next"');
    expect(call(h, 'toot.example', '/api/v1/accounts/11/following?limit=2&max_id=2').json.map((a: { acct: string }) => a.acct)).toEqual(['oren']);
  });

  it('shows suspended accounts as Mastodon >= 3.3 does', () => {
    const h = fake();
    expect(call(h, 'toot.example', '/api/v1/accounts/lookup?acct=spam').json).toMatchObject({ id: '13', suspended: true, display_name: '', note: '', fields: [] });
    expect(call(h, 'toot.example', '/api/v1/accounts/13/statuses').json).toEqual([]);
  });

  it('asks for a login on auth-only servers, but still answers discovery', () => {
    const h = fake();
    const res = call(h, 'gts.example', '/api/v1/accounts/lookup?acct=kai');
    expect([res.status, res.json]).toEqual([401, { error: 'This API requires an authenticated user' }]);
    expect(call(h, 'gts.example', '/api/v1/accounts/01H/statuses').status).toBe(401);
    expect(call(h, 'gts.example', '/.well-known/webfinger?resource=acct:kai@gts.example').status).toBe(200);
    expect(call(h, 'mk.example', '/api/v1/accounts/lookup?acct=mika').status).toBe(404);
  });

  it('throttles the first N API calls with Retry-After, then counts down the rate-limit budget', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const h = fakeMastodon(world, clock);
    for (let i = 0; i < 2; i++) {
      const r = call(h, 'busy.example', '/api/v1/accounts/lookup?acct=bo');
      expect([r.status, r.headers['retry-after'], r.json]).toEqual([429, '1', { error: 'Too many requests' }]);
    }
    expect(call(h, 'busy.example', '/.well-known/nodeinfo').status).toBe(200); // not an API call
    const ok = call(h, 'busy.example', '/api/v1/accounts/lookup?acct=bo');
    expect(ok.status).toBe(200);
    expect(ok.headers).toMatchObject({ 'x-ratelimit-limit': String(RATE_LIMIT), 'x-ratelimit-remaining': String(RATE_LIMIT - 1), 'x-ratelimit-reset': '2026-01-01T00:05:00.000Z' });
    for (let i = 1; i < RATE_LIMIT; i++) call(h, 'busy.example', '/api/v1/accounts/1');
    const over = call(h, 'busy.example', '/api/v1/accounts/1');
    expect([over.status, over.headers['x-ratelimit-remaining'], over.headers['retry-after']]).toEqual([429, '0', '300']);
    clock.advance(5 * 60_000);
    expect(call(h, 'busy.example', '/api/v1/accounts/1').headers['x-ratelimit-remaining']).toBe(String(RATE_LIMIT - 1));
  });

  it('serves profile pages with rel="me" field links at the path the software uses', () => {
    const h = fake();
    const page = call(h, 'toot.example', '/@dana');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toMatch(/<a href="https:\/\/dana\.example" [^>]*rel="nofollow noopener me"/);
    expect(call(h, 'toot.example', '/users/dana')).toMatchObject({ status: 302, headers: { location: 'http://toot.example/@dana' } });
    expect(call(h, 'fedi.example', '/users/ines').status).toBe(200);
    expect(call(h, 'toot.example', '/@nobody').status).toBe(404);
    expect(call(h, 'toot.example', '/api/v1/accounts/11', {}, 'POST').status).toBe(405);
  });

  it('works behind the world proxy', async () => {
    const proxy = await startWorldProxy({ root: mkdtempSync(join(tmpdir(), 'ln-fake-masto-')), handle: fake() });
    const agent = new ProxyAgent({ uri: proxy.url, proxyTunnel: false });
    try {
      const res = await request('http://toot.example/api/v1/accounts/lookup?acct=dana', { dispatcher: agent });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-remaining']).toBe(String(RATE_LIMIT - 1));
      expect(((await res.body.json()) as { acct: string }).acct).toBe('dana');
      expect(proxy.requests.map((r) => [r.host, r.path, r.status])).toEqual([['toot.example', '/api/v1/accounts/lookup?acct=dana', 200]]);
    } finally {
      await agent.close();
      await proxy.close();
    }
  });
});
