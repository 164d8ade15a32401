// Whom an account follows, over HTTP through the world proxy, the real fetcher and polite fetch
// on a manual clock: a recorded getFollows answer paged by cursor, the fake Mastodon paged by
// Link headers, the --max bound, 429s waited out, and accounts that cannot be read.
import { mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createFetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { createPoliteFetch, type PoliteFetch } from '../../src/crawl/polite-fetch.js';
import { HostScheduler } from '../../src/crawl/politeness.js';
import { fakeMastodon } from '../../src/demo/fake-mastodon.js';
import type { SocialWorld } from '../../src/demo/social-world.js';
import { startWorldProxy, type WorldProxy } from '../../src/demo/world-proxy.js';
import { blueskyFollows, mastodonFollows, nextLink, parseFollowingPage, parseFollowsPage } from '../../src/known/follows.js';

type Handle = (host: string, path: string, req: IncomingMessage, res: ServerResponse) => boolean;

const FIXTURES = join(import.meta.dirname, '../../fixtures/known');
const PAGE1 = readFileSync(join(FIXTURES, 'bsky-getfollows-page1.json'), 'utf8');
const PAGE2 = readFileSync(join(FIXTURES, 'bsky-getfollows-page2.json'), 'utf8');
const API = 'bsky-api.example';

let proxy: WorldProxy | null = null;
let closeFetcher: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeFetcher?.();
  await proxy?.close();
  proxy = closeFetcher = null;
});

async function politeFetch(handle: Handle): Promise<{ fetch: PoliteFetch; clock: ManualClock }> {
  const clock = new ManualClock();
  proxy = await startWorldProxy({ root: mkdtempSync(join(tmpdir(), 'ln-follows-')), handle, clock });
  const fetcher = createFetcher(createDispatcher({ HTTP_PROXY: proxy.url }), { userAgent: 'linernotes-test' });
  closeFetcher = () => fetcher.close();
  return { fetch: createPoliteFetch(fetcher, new HostScheduler(clock, { delayMs: 1000 }), clock), clock };
}

/** Serves the recorded getFollows pages: the first without a cursor, the second for the first page's cursor. */
const recordedAppView: Handle = (host, path, _req, res) => {
  if (host !== API) return false;
  const url = new URL(path, `http://${host}`);
  const json = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
    return true;
  };
  if (url.pathname !== '/xrpc/app.bsky.graph.getFollows') return json(404, '{"error":"MethodNotImplemented"}');
  if (url.searchParams.get('actor') === 'nobody.example') return json(400, '{"error":"InvalidRequest","message":"Profile not found"}');
  const cursor = url.searchParams.get('cursor');
  return cursor === null ? json(200, PAGE1) : cursor === '3lfollow0000003' ? json(200, PAGE2) : json(400, '{"error":"InvalidRequest","message":"Malformed cursor"}');
};

const xrpcCalls = () => proxy!.requests.filter((r) => r.path.startsWith('/xrpc/')).map((r) => decodeURIComponent(r.path.replace(/^\/xrpc\/app\.bsky\.graph\./, '')));

describe('Bluesky follows', () => {
  it('reads a recorded getFollows page: DID and handle per account, handle.invalid and garbage tolerated, names cleaned', () => {
    const page = parseFollowsPage(JSON.parse(PAGE1));
    if (!page.ok) throw new Error(page.reason);
    expect(page).toMatchObject({ read: 5, cursor: '3lfollow0000003', subjectOptedOut: false });
    expect(page.follows).toEqual([
      { did: 'did:plc:joanna0pike000000000000', handle: 'contentstrategyweekly.example', label: 'Joanna Pike' },
      { did: 'did:plc:leo0marsh0000000000000', handle: 'leo-marsh.bsky.social', label: 'Leo Marsh' },
      { did: 'did:plc:nohandle00000000000000000', handle: null, label: 'Gone Handle' },
      { did: 'did:plc:esc0esc0esc0esc0esc0esc0', handle: 'esc.bsky.social', label: 'Red Name' },
    ]);
    expect(parseFollowsPage({ follows: 'nope' })).toMatchObject({ ok: false });
  });

  it('pages by cursor to the end, politely', async () => {
    const { fetch, clock } = await politeFetch(recordedAppView);
    const start = clock.now();
    const res = await blueskyFollows('ada-writes.bsky.social', fetch, { blueskyApi: `http://${API}` });
    expect(xrpcCalls()).toEqual(['getFollows?actor=ada-writes.bsky.social&limit=100', 'getFollows?actor=ada-writes.bsky.social&limit=100&cursor=3lfollow0000003']);
    expect(res).toMatchObject({ accounts: 6, truncated: false, problem: null });
    expect(res.entries.map((e) => e.identity)).toEqual([
      'did:plc:joanna0pike000000000000', 'contentstrategyweekly.example', 'did:plc:leo0marsh0000000000000', 'leo-marsh.bsky.social',
      'did:plc:nohandle00000000000000000', 'did:plc:esc0esc0esc0esc0esc0esc0', 'esc.bsky.social',
      'did:plc:priya0raman000000000000', 'priya-raman.example', 'did:web:sol-notes.example', 'sol-notes.example',
    ]);
    expect(res.entries.every((e) => e.kind === 'bluesky')).toBe(true);
    // robots.txt first, then two API calls a --delay apart on the injected clock.
    expect(clock.now() - start).toBeGreaterThanOrEqual(1000);
  });

  it('stops at max even when the server ignores limit', async () => {
    const { fetch } = await politeFetch(recordedAppView);
    const res = await blueskyFollows('ada-writes.bsky.social', fetch, { blueskyApi: `http://${API}`, max: 2 });
    expect(xrpcCalls()).toEqual(['getFollows?actor=ada-writes.bsky.social&limit=2']);
    expect(res).toMatchObject({ accounts: 2, truncated: true, problem: null });
    expect(res.entries).toHaveLength(4);
  });

  it('says why when the account cannot be read, and reads nothing of an account that opted out', async () => {
    const { fetch } = await politeFetch(recordedAppView);
    expect(await blueskyFollows('nobody.example', fetch, { blueskyApi: `http://${API}` })).toMatchObject({ entries: [], problem: 'profile not found' });
    const optedOut = JSON.parse(PAGE2);
    optedOut.subject.labels = [{ val: '!no-unauthenticated', src: optedOut.subject.did }];
    expect(parseFollowsPage(optedOut)).toMatchObject({ ok: true, subjectOptedOut: true });
  });
});

const masto: NonNullable<SocialWorld['mastodon']> = {
  instances: [
    {
      host: 'toot.example',
      throttleFirst: 1,
      accounts: [
        { id: '11', username: 'dana', following: [...Array.from({ length: 85 }, (_, i) => `friend${i}@far.example`), 'oren@toot.example'], statuses: [] },
        { id: '12', username: 'oren', displayName: 'Oren \u001b[1mBold', statuses: [] },
      ],
    },
    { host: 'gts.example', software: 'gotosocial', requireAuth: true, accounts: [{ id: '01H', username: 'kai', statuses: [] }] },
    { host: 'mk.example', software: 'misskey', accounts: [{ id: '9x', username: 'mika', statuses: [] }] },
  ],
};

const apiCalls = () => proxy!.requests.filter((r) => r.path.startsWith('/api/')).map((r) => `${r.status} ${r.path}`);

describe('Mastodon follows', () => {
  it('looks the account up, then pages `following` by Link header, waiting out a 429', async () => {
    const { fetch } = await politeFetch(fakeMastodon(masto, new ManualClock()) as Handle);
    const res = await mastodonFollows('http://toot.example/@dana', fetch);
    expect(res).toMatchObject({ accounts: 86, truncated: false, problem: null });
    expect(res.entries[0]).toEqual({ kind: 'mastodon', identity: 'friend0@far.example', label: 'friend0@far.example' });
    expect(res.entries.at(-1)).toEqual({ kind: 'mastodon', identity: 'oren@toot.example', label: 'Oren Bold' });
    expect(apiCalls()).toEqual([
      '429 /api/v1/accounts/lookup?acct=dana',
      '200 /api/v1/accounts/lookup?acct=dana',
      '200 /api/v1/accounts/11/following?limit=80',
      expect.stringMatching(/^200 \/api\/v1\/accounts\/11\/following\?limit=80&max_id=\d+$/),
    ]);
  });

  it('stops at max', async () => {
    const { fetch } = await politeFetch(fakeMastodon(masto, new ManualClock()) as Handle);
    const res = await mastodonFollows('http://toot.example/@dana', fetch, { max: 10 });
    expect(res).toMatchObject({ accounts: 10, truncated: true, problem: null });
    expect(apiCalls().at(-1)).toBe('200 /api/v1/accounts/11/following?limit=10');
  });

  it.each([
    ['http://gts.example/@kai', 'not readable without login (gotosocial)'],
    ['http://mk.example/@mika', 'not readable: misskey has no Mastodon-compatible public API'],
    ['http://toot.example/@nobody', 'account not found'],
    ['not an account', '"not an account" is not a fediverse account (@user@host or a profile URL)'],
  ])('says why %s cannot be read', async (account, problem) => {
    const { fetch } = await politeFetch(fakeMastodon(masto, new ManualClock()) as Handle);
    expect(await mastodonFollows(account, fetch)).toMatchObject({ entries: [], accounts: 0, problem });
  });

  it('reads following pages and Link headers defensively', () => {
    expect(parseFollowingPage([{ acct: 'a' }, { acct: 'B@Far.example', display_name: '' }, { acct: 'bad acct!' }, null, 'x'], 'toot.example')).toEqual([
      { kind: 'mastodon', identity: 'a@toot.example', label: 'a@toot.example' },
      { kind: 'mastodon', identity: 'b@far.example', label: 'b@far.example' },
    ]);
    expect(parseFollowingPage({ error: 'nope' }, 'toot.example')).toBeNull();
    const origin = 'https://toot.example';
    expect(nextLink('<https://toot.example/api/v1/accounts/1/following?max_id=5>; rel="next", <https://toot.example/x?min_id=9>; rel="prev"', origin)).toBe('https://toot.example/api/v1/accounts/1/following?max_id=5');
    expect(nextLink('<https://toot.example/x?min_id=9>; rel="prev"', origin)).toBeNull();
    expect(nextLink('<https://evil.example/steal>; rel="next"', origin)).toBeNull();
    expect(nextLink(undefined, origin)).toBeNull();
  });
});
