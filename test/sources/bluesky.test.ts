// The Bluesky source end to end over HTTP: the fake AppView behind the world proxy, the real
// fetcher and polite fetch, a manual clock. Asserts what the source keeps and what it asked for.
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createFetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { HostScheduler } from '../../src/crawl/politeness.js';
import { createPoliteFetch } from '../../src/crawl/polite-fetch.js';
import { fakeBluesky } from '../../src/demo/fake-bluesky.js';
import type { BskyAccountSpec, BskyPostSpec, SocialWorld } from '../../src/demo/social-world.js';
import { startWorldProxy, type WorldProxy } from '../../src/demo/world-proxy.js';
import { actorOf, blueskySource } from '../../src/sources/bluesky.js';
import type { SourceContext, TaskOutcome } from '../../src/sources/source.js';
import type { FrontierRow } from '../../src/store/frontier.js';
import type { EntityRow } from '../../src/store/graph.js';

type World = NonNullable<SocialWorld['bluesky']>;
type Handle = (host: string, path: string, req: IncomingMessage, res: ServerResponse) => boolean;

const HOST = 'bsky-api.example';
const DANA = 'did:plc:danadanadanadanadanadana';
const LEE = 'did:plc:leeleeleeleeleeleeleelee';
const PRIYA = 'did:plc:priyapriyapriyapriyapriy';

/** `n` plain posts, newest first. */
const plainPosts = (n: number): BskyPostSpec[] =>
  Array.from({ length: n }, (_, i) => ({ rkey: `3p${String(n - i).padStart(4, '0')}`, text: `post ${n - i}`, createdAt: new Date(Date.UTC(2026, 5, 1) + (n - i) * 60_000).toISOString() }));

const dana: BskyAccountSpec = {
  did: DANA, handle: 'dana.example', displayName: 'Dana', description: 'Notes at https://notes.dana.example.', website: 'https://dana.example/about',
  posts: [
    { rkey: '3d4', text: '👋 hello @lee.bsky.social, read my notes', createdAt: '2026-10-04T10:00:00.000Z', mentions: [{ did: LEE, text: '@lee.bsky.social' }], links: [{ uri: 'https://notes.dana.example/a', text: 'my notes' }] },
    { rkey: '3d3', text: 'Priya says it best', createdAt: '2026-10-03T10:00:00.000Z', quoteOf: { did: PRIYA, rkey: '3q1' } },
    { rkey: '3d2r', text: '', createdAt: '2026-10-02T10:00:00.000Z', repostOf: { did: LEE, rkey: '3l1' } },
    { rkey: '3d1', text: 'a card', createdAt: '2026-10-01T10:00:00.000Z', external: { uri: 'https://card.example/story?utm_source=bsky', title: 'A story', description: 'About stories' } },
  ],
};

const baseWorld = (): World => ({
  host: HOST,
  accounts: [
    dana,
    { did: LEE, handle: 'lee.bsky.social', posts: [{ rkey: '3l1', text: 'Lee on newsletters', createdAt: '2026-09-01T10:00:00.000Z' }] },
    { did: PRIYA, handle: 'priya.example', labels: ['!no-unauthenticated'], posts: [{ rkey: '3q1', text: 'Priya quoted', createdAt: '2026-09-02T10:00:00.000Z' }] },
    { did: 'did:plc:tktktktktktktktktktktktk', handle: 'tk.example', status: 'takendown', posts: [] },
    { did: 'did:plc:dadadadadadadadadadadada', handle: 'da.example', status: 'deactivated', posts: [] },
    { did: 'did:plc:many0many0many0many0many', handle: 'many.bsky.social', posts: plainPosts(160) },
    { did: 'did:plc:seven7seven7seven7seven7', handle: 'seven.bsky.social', posts: plainPosts(7) },
  ],
});

let proxy: WorldProxy | null = null;
let closeFetcher: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeFetcher?.();
  await proxy?.close();
  proxy = closeFetcher = null;
});

interface Run {
  outcome: TaskOutcome;
  /** XRPC requests in order, as `method?query`, with their answer status. */
  calls: { path: string; status: number }[];
  clock: ManualClock;
}

/** Process `https://bsky.app/profile/ACTOR` against `world`; `wrap` may intercept requests first. */
async function run(actor: string, opts: { world?: World; postsPerAccount?: number; wrap?: (fake: Handle) => Handle; url?: string; known?: Set<string> } = {}): Promise<Run> {
  const clock = new ManualClock();
  const fake = fakeBluesky(opts.world ?? baseWorld(), clock);
  proxy = await startWorldProxy({ root: mkdtempSync(join(tmpdir(), 'ln-bsky-src-')), handle: opts.wrap ? opts.wrap(fake) : fake, clock });
  const fetcher = createFetcher(createDispatcher({ HTTP_PROXY: proxy.url }), { userAgent: 'linernotes-test' });
  closeFetcher = () => fetcher.close();
  const ctx: SourceContext = {
    fetch: createPoliteFetch(fetcher, new HostScheduler(clock, { delayMs: 0 }), clock),
    clock,
    settings: { itemsPerFeed: 10, postsPerSite: 3, maxBytes: 1_000_000, postsPerAccount: opts.postsPerAccount ?? 100, blueskyApi: `http://${HOST}/` },
    sameEntity: () => false,
    cached: () => null,
    knownBefore: (urls) => new Set(urls.filter((u) => opts.known?.has(u))),
  };
  const row: FrontierRow = {
    id: 1, runId: 1, url: opts.url ?? `https://bsky.app/profile/${actor}`, depth: 0, role: 'bsky-account', entityId: 1,
    foundFromUrl: null, foundEdge: null, probeIndex: null, status: 'fetching', attempts: 0,
  };
  const outcome = await blueskySource.process(row, { id: 1 } as EntityRow, ctx);
  const calls = proxy.requests.filter((r) => r.path.startsWith('/xrpc/')).map((r) => ({ path: decodeURIComponent(r.path.slice('/xrpc/app.bsky.'.length)), status: r.status }));
  return { outcome, calls, clock };
}

describe('blueskySource', () => {
  it('handles bsky-account rows only, and reads the actor from the profile URL', () => {
    expect(blueskySource.handles({ role: 'bsky-account' } as FrontierRow)).toBe(true);
    expect(blueskySource.handles({ role: 'home' } as FrontierRow)).toBe(false);
    expect(actorOf('https://bsky.app/profile/dana.example')).toBe('dana.example');
    expect(actorOf('https://bsky.app/profile/did%3Aplc%3Aabc/')).toBe('did:plc:abc');
    expect(actorOf('https://bsky.app/profile/a/post/b')).toBeNull();
    expect(actorOf('not a url')).toBeNull();
  });

  it('reads a profile and its feed into facts, claims, documents and edges', async () => {
    const { outcome, calls } = await run('dana.example');
    expect(calls).toEqual([
      { path: 'actor.getProfile?actor=dana.example', status: 200 },
      { path: `feed.getAuthorFeed?actor=${DANA}&limit=100`, status: 200 },
    ]);
    expect(outcome).toMatchObject({ status: 'done', reason: null, fetched: true, followUps: [], movedTo: null });
    expect(outcome.facts).toEqual({ key: `bsky:${DANA}`, handle: 'dana.example', name: 'Dana', nameIsAuthoritative: true, profileUrl: `https://bsky.app/profile/${DANA}`, hidden: null });
    const evidenceUrl = `https://bsky.app/profile/${DANA}`;
    expect(outcome.claims).toEqual([
      { kind: 'domain-handle', targetUrl: 'https://dana.example/', evidenceUrl },
      { kind: 'profile-link', targetUrl: 'https://dana.example/about', evidenceUrl },
      { kind: 'profile-link', targetUrl: 'https://notes.dana.example/', evidenceUrl },
    ]);
    const post = (did: string, rkey: string) => `https://bsky.app/profile/${did}/post/${rkey}`;
    expect(outcome.links.map((l) => [l.type, l.targetUrl, l.evidenceUrl, l.anchorText, l.account?.id ?? null])).toEqual([
      ['mention', `https://bsky.app/profile/${LEE}`, post(DANA, '3d4'), '@lee.bsky.social', LEE],
      ['link', 'https://notes.dana.example/a', post(DANA, '3d4'), 'my notes', null],
      ['quote', `https://bsky.app/profile/${PRIYA}`, post(DANA, '3d3'), null, PRIYA],
      ['repost', `https://bsky.app/profile/${LEE}`, post(LEE, '3l1'), null, LEE],
      ['link', 'https://card.example/story', post(DANA, '3d1'), 'A story', null],
    ]);
    expect(outcome.documents.map((d) => [d.url, d.kind, d.textExcerpt])).toEqual([
      [post(DANA, '3d4'), 'item', '👋 hello @lee.bsky.social, read my notes'],
      [post(DANA, '3d3'), 'item', 'Priya says it best'],
      [`${post(LEE, '3l1')}#repost-by-${DANA}`, 'item', 'Lee on newsletters'],
      [post(DANA, '3d1'), 'item', 'a card\nA story\nAbout stories'],
    ]);
    expect(outcome.documents[0]!.publishedAt).toBe(Date.parse('2026-10-04T10:00:00.000Z'));
  });

  it('claims no domain for a bsky.social handle, and accepts a DID as actor', async () => {
    const { outcome, calls } = await run(LEE);
    expect(calls[0]!.path).toBe(`actor.getProfile?actor=${LEE}`);
    expect(outcome.facts).toMatchObject({ handle: 'lee.bsky.social', name: 'lee.bsky.social' });
    expect(outcome.claims).toEqual([]);
    expect(outcome.documents).toHaveLength(1);
  });

  it('pages with the cursor it was given until posts-per-account entries were read', async () => {
    const { outcome, calls } = await run('many.bsky.social', { postsPerAccount: 150 });
    const pages = calls.filter((c) => c.path.startsWith('feed.'));
    expect(pages).toHaveLength(2);
    expect(pages[0]!.path).toBe('feed.getAuthorFeed?actor=did:plc:many0many0many0many0many&limit=100');
    // The cursor is the fake's own: the sort time and CID of the 100th entry (post 61).
    expect(pages[1]!.path).toMatch(/^feed\.getAuthorFeed\?actor=did:plc:many0many0many0many0many&limit=50&cursor=2026-06-01T01:01:00\.000Z::bafyrei[a-z2-7]{52}$/);
    expect(outcome.documents).toHaveLength(150);
    expect(outcome.documents.at(-1)!.textExcerpt).toBe('post 11');
    expect(outcome.status).toBe('done');
  });

  it('stops when the feed has no cursor left', async () => {
    const { outcome, calls } = await run('seven.bsky.social', { postsPerAccount: 5 });
    expect(calls.map((c) => c.path)).toEqual(['actor.getProfile?actor=seven.bsky.social', 'feed.getAuthorFeed?actor=did:plc:seven7seven7seven7seven7&limit=5']);
    expect(outcome.documents.map((d) => d.textExcerpt)).toEqual(['post 7', 'post 6', 'post 5', 'post 4', 'post 3']);
    const all = await run('seven.bsky.social', { postsPerAccount: 1000 });
    expect(all.calls.filter((c) => c.path.startsWith('feed.')).map((c) => c.path)).toEqual(['feed.getAuthorFeed?actor=did:plc:seven7seven7seven7seven7&limit=100']);
    expect(all.outcome.documents).toHaveLength(7);
  });

  it('on a recrawl reads only the posts newer than those stored (a pinned old post does not stop it)', async () => {
    const first = await run('seven.bsky.social', { postsPerAccount: 1000 });
    const urls = first.outcome.documents.map((d) => d.url);
    // posts 1-4 were read by an earlier run; post 7 (first entry) stands in for a pinned old post
    const known = new Set([urls[0]!, ...urls.slice(3)]);
    const again = await run('seven.bsky.social', { postsPerAccount: 1000, known });
    expect(again.outcome.documents.map((d) => d.textExcerpt)).toEqual(['post 6', 'post 5']);
  });

  it('waits out a 429 (Retry-After on the manual clock) and then reads the account', async () => {
    const { outcome, calls, clock } = await run('dana.example', { world: { ...baseWorld(), throttleFirst: 1 } });
    expect(calls.map((c) => c.status)).toEqual([429, 200, 200]);
    expect(calls[0]!.path).toBe(calls[1]!.path);
    expect(clock.now() - Date.UTC(2026, 0, 1)).toBeGreaterThanOrEqual(1000);
    expect(outcome.status).toBe('done');
    expect(outcome.links).toHaveLength(5);
  });

  it.each([
    ['tk.example', 'account taken down', 'taken-down'],
    ['da.example', 'account deactivated', 'deactivated'],
    ['nobody.example', 'profile not found', 'not-found'],
  ])('fails %s: %s, and reads nothing else', async (actor, reason, hidden) => {
    const { outcome, calls } = await run(actor);
    // The account is gone: the entity is marked never to be shown, and nothing else is kept.
    expect(outcome).toMatchObject({ status: 'failed', reason, fetched: true, facts: { hidden }, documents: [], links: [], claims: [] });
    expect(calls).toHaveLength(1);
  });

  it('skips an account that asks not to be shown to logged-out viewers', async () => {
    const { outcome, calls } = await run('priya.example');
    // Nothing is kept but the DID and the mark that keeps the account out of rankings and exports.
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'the account asks not to be shown to logged-out viewers', documents: [], claims: [], links: [] });
    expect(outcome.facts).toEqual({ key: expect.stringMatching(/^bsky:did:/), hidden: 'opted-out' });
    expect(calls.map((c) => c.path)).toEqual(['actor.getProfile?actor=priya.example']);
  });

  it('keeps what it read when a later page fails, and says so', async () => {
    const failCursor = (fake: Handle): Handle => (host, path, req, res) => {
      if (!path.includes('cursor=')) return fake(host, path, req, res);
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'InvalidRequest', message: 'Malformed cursor' }));
      return true;
    };
    const { outcome } = await run('many.bsky.social', { postsPerAccount: 150, wrap: failCursor });
    expect(outcome.status).toBe('done');
    expect(outcome.documents).toHaveLength(100);
    expect(outcome.reason).toBe('read 100 posts, then: Bluesky API answered HTTP 400 (InvalidRequest: Malformed cursor)');
  });

  it('fails with the profile facts kept when the first feed page is unreadable', async () => {
    const htmlFeed = (fake: Handle): Handle => (host, path, req, res) => {
      if (!path.includes('getAuthorFeed')) return fake(host, path, req, res);
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops</html>');
      return true;
    };
    const { outcome } = await run('dana.example', { wrap: htmlFeed });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'could not read posts: unexpected answer from the Bluesky API', documents: [], links: [] });
    expect(outcome.facts?.key).toBe(`bsky:${DANA}`);
  });

  it('fails, without throwing, on an answer that is not a profile', async () => {
    const garbage = (fake: Handle): Handle => (host, path, req, res) => {
      if (!path.includes('getProfile')) return fake(host, path, req, res);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"did": {"no": 1}, "labels": "x"}');
      return true;
    };
    const { outcome, calls } = await run('dana.example', { wrap: garbage });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'unexpected answer from the Bluesky API', fetched: true });
    expect(calls).toHaveLength(1);
  });

  it('fails when the API cannot be reached', async () => {
    const { outcome } = await run('dana.example', { world: { ...baseWorld(), host: 'elsewhere.example' } });
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toMatch(/^Bluesky API: /);
  });

  it('fails a row whose URL names no profile, without a request', async () => {
    const { outcome } = await run('', { url: 'https://bsky.app/about' });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'not a Bluesky profile URL', fetched: false });
    expect(proxy!.requests).toHaveLength(0);
  });
});
