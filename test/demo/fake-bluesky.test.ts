// The fake AppView behind the world proxy: real answer shapes, facets at UTF-8 byte offsets,
// cursors, XRPC errors, rate-limit headers and 429s, and the same bytes for the same world.
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { fakeBluesky } from '../../src/demo/fake-bluesky.js';
import type { SocialWorld } from '../../src/demo/social-world.js';
import { startWorldProxy, type WorldProxy } from '../../src/demo/world-proxy.js';

type World = NonNullable<SocialWorld['bluesky']>;
// Answers are read loosely here; the assertions pin their shape.
type Json = Record<string, any>;

const HOST = 'bsky-api.example';
const ANA = 'did:plc:anaanaanaanaanaanaanaana';
const BO = 'did:plc:bobobobobobobobobobobobo';
const CY = 'did:plc:cycycycycycycycycycycycy';
const GONE = 'did:plc:gonegonegonegonegonegone';

const world: World = {
  host: HOST,
  accounts: [
    {
      did: ANA, handle: 'ana.example', displayName: 'Ana', description: 'Writes on https://ana.example', website: 'https://ana.example/',
      follows: [BO, CY, GONE, 'did:plc:nobodynobodynobodynobody'],
      posts: [
        { rkey: '3k5', text: '🎉 thanks @bo.bsky.social — see the notes', createdAt: '2026-10-05T10:00:00.000Z', mentions: [{ did: BO, text: '@bo.bsky.social' }], links: [{ uri: 'https://notes.example/x', text: 'the notes' }] },
        { rkey: '3k4', text: 'quoting bo', createdAt: '2026-10-04T10:00:00.000Z', quoteOf: { did: BO, rkey: '3b1' } },
        { rkey: '3k3', text: 'quote with a picture', createdAt: '2026-10-03T10:00:00.000Z', quoteOf: { did: BO, rkey: '3b1' }, quoteWithMedia: true },
        { rkey: '3k2', text: 'a card', createdAt: '2026-10-02T10:00:00.000Z', external: { uri: 'https://card.example/', title: 'Card' } },
        { rkey: '3k1r', text: '', createdAt: '2026-10-01T12:00:00.000Z', repostOf: { did: BO, rkey: '3b1' } },
        { rkey: '3k0', text: 'quoting a deleted post', createdAt: '2026-10-01T10:00:00.000Z', quoteOf: { did: BO, rkey: 'deleted' } },
        { rkey: '3jz', text: 'repost of a gone account follows', createdAt: '2026-09-30T10:00:00.000Z', replyTo: { did: BO, rkey: '3b1' } },
        { rkey: '3jyr', text: '', createdAt: '2026-09-29T10:00:00.000Z', repostOf: { did: GONE, rkey: '3g1' } },
      ],
    },
    { did: BO, handle: 'bo.bsky.social', posts: [{ rkey: '3b1', text: 'Bo original', createdAt: '2026-09-01T10:00:00.000Z' }] },
    { did: CY, handle: 'cy.example', labels: ['!no-unauthenticated'], posts: [] },
    { did: GONE, handle: 'gone.example', status: 'takendown', posts: [{ rkey: '3g1', text: 'x', createdAt: '2026-09-01T10:00:00.000Z' }] },
    { did: 'did:plc:offoffoffoffoffoffoffoff', handle: 'off.example', status: 'deactivated', posts: [] },
    { did: 'did:plc:nfnfnfnfnfnfnfnfnfnfnfnf', handle: 'nf.example', status: 'not-found', posts: [] },
  ],
};

let proxy: WorldProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

async function start(w: World = world): Promise<WorldProxy> {
  proxy = await startWorldProxy({ root: mkdtempSync(join(tmpdir(), 'ln-bsky-')), handle: fakeBluesky(w, new ManualClock(Date.UTC(2026, 0, 1))) });
  return proxy;
}

interface Answer { status: number; headers: http.IncomingHttpHeaders; text: string; json: Json }

/** One GET through the proxy in absolute form, as a client with HTTP_PROXY sends it. */
function get(p: WorldProxy, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: new URL(p.url).port, method, path: `http://${HOST}${path}`, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end();
  });
}

const feedOf = (p: WorldProxy, q: string) => get(p, `/xrpc/app.bsky.feed.getAuthorFeed?${q}`);

describe('fakeBluesky', () => {
  it('answers only for its host', () => {
    const handler = fakeBluesky(world);
    expect(handler('other.example', '/xrpc/app.bsky.actor.getProfile?actor=ana.example', {} as never, {} as never)).toBe(false);
  });

  it('serves a detailed profile by handle (any case) or DID', async () => {
    const p = await start();
    const byHandle = await get(p, '/xrpc/app.bsky.actor.getProfile?actor=ANA.example');
    expect(byHandle.status).toBe(200);
    expect(byHandle.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(byHandle.json).toMatchObject({ did: ANA, handle: 'ana.example', displayName: 'Ana', description: 'Writes on https://ana.example', website: 'https://ana.example/', followsCount: 4, followersCount: 0, postsCount: 6, labels: [] });
    expect((await get(p, `/xrpc/app.bsky.actor.getProfile?actor=${encodeURIComponent(ANA)}`)).text).toBe(byHandle.text);
    const cy = await get(p, `/xrpc/app.bsky.actor.getProfile?actor=cy.example`);
    expect(cy.json.labels).toEqual([{ src: CY, uri: `at://${CY}/app.bsky.actor.profile/self`, cid: expect.stringMatching(/^bafyrei[a-z2-7]{52}$/), val: '!no-unauthenticated', cts: '1970-01-01T00:00:00.000Z' }]);
  });

  it.each([
    ['gone.example', 'AccountTakedown'],
    ['off.example', 'AccountDeactivated'],
    ['nf.example', 'InvalidRequest'],
    ['nobody.example', 'InvalidRequest'],
  ])('answers %s with the XRPC error %s', async (actor, error) => {
    const p = await start();
    for (const method of ['app.bsky.actor.getProfile', 'app.bsky.feed.getAuthorFeed', 'app.bsky.graph.getFollows']) {
      const res = await get(p, `/xrpc/${method}?actor=${actor}`);
      expect(res.status).toBe(400);
      // As the reference AppView: the feed of a deactivated account is just "Profile not found".
      expect(res.json.error).toBe(method.endsWith('getAuthorFeed') && error === 'AccountDeactivated' ? 'InvalidRequest' : error);
    }
  });

  it('answers like the reference AppView where a crawl of it showed a difference', async () => {
    const p = await start({ ...world, accounts: [...world.accounts, { did: 'did:plc:httphttphttphttphttphttp', handle: 'http.example', website: 'http://http.example/', posts: [] }] });
    // A profile website that is not https is left out.
    expect((await get(p, '/xrpc/app.bsky.actor.getProfile?actor=http.example')).json.website).toBeUndefined();
    expect((await get(p, '/xrpc/app.bsky.actor.getProfile?actor=ana.example')).json.website).toBe('https://ana.example/');
    // Weak ETags, as Express sends them.
    expect((await feedOf(p, 'actor=ana.example&limit=2')).headers.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]+"$/);
    // No cursor on a short page; a full page has one even when nothing follows.
    expect((await feedOf(p, 'actor=ana.example&limit=100')).json.cursor).toBeUndefined();
    expect((await feedOf(p, 'actor=ana.example&limit=7')).json.cursor).toEqual(expect.any(String));
    const feed = (await feedOf(p, 'actor=ana.example&limit=100')).json.feed as Json[];
    // Quoted records carry `embeds: []`.
    expect(feed[1]!.post.embed.record.embeds).toEqual([]);
    // A reply has `reply` in its record and in its feed entry.
    const reply = feed.find((f) => f.post.record.reply)!;
    expect(reply.post.record.reply).toEqual({ root: { uri: `at://${BO}/app.bsky.feed.post/3b1`, cid: expect.any(String) }, parent: { uri: `at://${BO}/app.bsky.feed.post/3b1`, cid: expect.any(String) } });
    expect(reply.reply).toMatchObject({ parent: { $type: 'app.bsky.feed.defs#postView', uri: `at://${BO}/app.bsky.feed.post/3b1`, author: { did: BO } }, root: { author: { did: BO } } });
  });

  it('puts facets at UTF-8 byte offsets', async () => {
    const p = await start();
    const post = (await feedOf(p, 'actor=ana.example&limit=1')).json.feed[0].post;
    const bytes = Buffer.from(post.record.text as string, 'utf8');
    const cut = (f: Json) => bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8');
    expect(post.record.facets.map((f: Json) => [cut(f), f.features[0]])).toEqual([
      ['@bo.bsky.social', { $type: 'app.bsky.richtext.facet#mention', did: BO }],
      ['the notes', { $type: 'app.bsky.richtext.facet#link', uri: 'https://notes.example/x' }],
    ]);
    expect(post.record.facets[0].index.byteStart).toBe(12); // the emoji is 4 bytes, not 2 UTF-16 units
    expect(post).toMatchObject({ uri: `at://${ANA}/app.bsky.feed.post/3k5`, author: { did: ANA, handle: 'ana.example' }, record: { $type: 'app.bsky.feed.post', createdAt: '2026-10-05T10:00:00.000Z' } });
  });

  it('renders quotes, quotes with media, cards, reposts and missing posts as embed views', async () => {
    const p = await start();
    const feed = (await feedOf(p, 'actor=ana.example&limit=100')).json.feed as Json[];
    expect(feed.map((i) => i.post.uri.split('/').pop())).toEqual(['3k5', '3k4', '3k3', '3k2', '3b1', '3k0', '3jz']); // the repost of a taken-down account is hidden
    const [, quote, withMedia, card, repost, deleted] = feed as [Json, Json, Json, Json, Json, Json];
    expect(quote.post.embed).toMatchObject({ $type: 'app.bsky.embed.record#view', record: { $type: 'app.bsky.embed.record#viewRecord', author: { did: BO }, value: { text: 'Bo original' } } });
    expect(quote.post.record.embed).toMatchObject({ $type: 'app.bsky.embed.record', record: { uri: `at://${BO}/app.bsky.feed.post/3b1` } });
    expect(withMedia.post.embed).toMatchObject({ $type: 'app.bsky.embed.recordWithMedia#view', record: { record: { $type: 'app.bsky.embed.record#viewRecord' } }, media: { $type: 'app.bsky.embed.images#view' } });
    expect(card.post.embed).toEqual({ $type: 'app.bsky.embed.external#view', external: { uri: 'https://card.example/', title: 'Card', description: '' } });
    expect(repost.reason).toMatchObject({ $type: 'app.bsky.feed.defs#reasonRepost', by: { did: ANA }, uri: `at://${ANA}/app.bsky.feed.repost/3k1r`, indexedAt: '2026-10-01T12:00:00.000Z' });
    expect(repost.post).toMatchObject({ author: { did: BO }, record: { text: 'Bo original' }, repostCount: 1, quoteCount: 2 });
    expect(deleted.post.embed).toEqual({ $type: 'app.bsky.embed.record#view', record: { $type: 'app.bsky.embed.record#viewNotFound', uri: `at://${BO}/app.bsky.feed.post/deleted`, notFound: true } });
  });

  it('pages by cursor to the end, then sends no cursor', async () => {
    const p = await start();
    const seen: string[] = [];
    let q = 'actor=ana.example&limit=3';
    for (let i = 0; i < 5; i++) {
      const body = (await feedOf(p, q)).json;
      seen.push(...body.feed.map((f: Json) => f.post.uri.split('/').pop()));
      if (!body.cursor) break;
      q = `actor=ana.example&limit=3&cursor=${encodeURIComponent(body.cursor)}`;
    }
    expect(seen).toEqual(['3k5', '3k4', '3k3', '3k2', '3b1', '3k0', '3jz']);
    expect((await feedOf(p, 'actor=ana.example&limit=3&cursor=nonsense')).json).toEqual({ error: 'InvalidRequest', message: 'Malformed cursor' });
    expect((await feedOf(p, 'actor=ana.example&limit=101')).status).toBe(400);
    expect((await feedOf(p, 'actor=ana.example')).json.feed).toHaveLength(7); // default limit 50
  });

  it('lists follows that can be shown, with a cursor', async () => {
    const p = await start();
    const first = (await get(p, '/xrpc/app.bsky.graph.getFollows?actor=ana.example&limit=1')).json;
    expect(first).toMatchObject({ subject: { did: ANA }, follows: [{ did: BO, handle: 'bo.bsky.social' }], cursor: expect.any(String) });
    const rest = (await get(p, `/xrpc/app.bsky.graph.getFollows?actor=ana.example&limit=10&cursor=${first.cursor}`)).json;
    expect(rest.follows.map((f: Json) => f.did)).toEqual([CY]); // taken down and unknown accounts are left out
    expect(rest.cursor).toBeUndefined();
  });

  it('answers robots.txt, unknown methods and missing params like the AppView', async () => {
    const p = await start();
    const robots = await get(p, '/robots.txt');
    expect(robots).toMatchObject({ status: 200, text: expect.stringContaining('User-agent: *\nAllow: /') });
    expect(await get(p, '/xrpc/app.bsky.feed.getTimeline')).toMatchObject({ status: 404, json: { error: 'MethodNotImplemented' } });
    expect(await get(p, '/xrpc/app.bsky.actor.getProfile')).toMatchObject({ status: 400, json: { error: 'InvalidRequest' } });
  });

  it('sends ratelimit headers counting down, and 429s first when asked', async () => {
    const p = await start({ ...world, throttleFirst: 2 });
    const robots = await get(p, '/robots.txt');
    expect(robots.status).toBe(200); // never throttled
    const a = await get(p, '/xrpc/app.bsky.actor.getProfile?actor=ana.example');
    const b = await get(p, '/xrpc/app.bsky.actor.getProfile?actor=ana.example');
    const c = await get(p, '/xrpc/app.bsky.actor.getProfile?actor=ana.example');
    const d = await get(p, '/xrpc/app.bsky.actor.getProfile?actor=ana.example');
    expect([a.status, b.status, c.status, d.status]).toEqual([429, 429, 200, 200]);
    expect(a.headers['retry-after']).toBe('1');
    expect(a.json).toEqual({ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' });
    expect(c.headers['retry-after']).toBeUndefined();
    expect([robots, c, d].map((r) => r.headers['ratelimit-remaining'])).toEqual(['2999', '2996', '2995']);
    expect(d.headers['ratelimit-limit']).toBe('3000');
    expect(d.headers['ratelimit-reset']).toBe(String(Date.UTC(2026, 0, 1) / 1000 + 300));
  });

  it('gives the same bytes for the same world', async () => {
    const one = await start();
    const a = await feedOf(one, 'actor=ana.example&limit=100');
    await one.close();
    const two = await start();
    expect((await feedOf(two, 'actor=ana.example&limit=100')).text).toBe(a.text);
  });
});
