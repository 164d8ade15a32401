// What the crawl of the real AppView (npm run test:bluesky) showed, pinned against the fake one
// so `npm test` keeps it: two handles under one registrable domain stay two people; names come
// from the display name, not a never-fetched domain-handle site; only a site we read is shown as
// a website; each account is read once per run whether reached by handle or DID; opted-out and
// deactivated accounts are never ranked or exported; a seed's own unverified home is no
// candidate; a quote of a deleted post is still a quote; an https website that does not answer is read over http.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBluesky } from '../../src/demo/fake-bluesky.js';
import type { SocialWorld } from '../../src/demo/social-world.js';
import { makeWorld, page, type TestWorld } from '../helpers/world.js';

const API = 'http://appview.example';
const did = (name: string) => `did:plc:${name.padEnd(24, name[0])}`;
const [ALICE, BOB, CAROL, ERIN, GINA, HANK, OLIVE, DORA] = ['alice', 'bob', 'carol', 'erin', 'gina', 'hank', 'olive', 'dora'].map(did) as [string, string, string, string, string, string, string, string];
const T = (n: number) => `2026-11-${String(10 + n).padStart(2, '0')}T10:00:00.000Z`;

const bluesky: NonNullable<SocialWorld['bluesky']> = {
  host: 'appview.example',
  accounts: [
    {
      did: ALICE, handle: 'alice.example', displayName: 'Alice Able', website: 'https://alice-site.example/', posts: [
        { rkey: 'a1', text: 'hi @carol.test and @gina.pds.example', createdAt: T(9), mentions: [{ did: CAROL, text: '@carol.test' }, { did: GINA, text: '@gina.pds.example' }] },
        { rkey: 'a2', text: 'quoting erin', createdAt: T(8), quoteOf: { did: ERIN, rkey: 'e1' } },
        { rkey: 'a3', text: 'quoting a post hank deleted', createdAt: T(7), quoteOf: { did: HANK, rkey: 'deleted' } },
        { rkey: 'a4', text: 'waving at @olive.test and @dora.test', createdAt: T(6), mentions: [{ did: OLIVE, text: '@olive.test' }, { did: DORA, text: '@dora.test' }] },
        { rkey: 'a5', text: 'quoting olive', createdAt: T(5), quoteOf: { did: OLIVE, rkey: 'o1' } },
        { rkey: 'a6', text: 'a reply to erin', createdAt: T(4), replyTo: { did: ERIN, rkey: 'e1' } },
      ],
    },
    { did: BOB, handle: 'bob.test', displayName: 'Bob Baker', website: 'https://bob-home.example/', posts: [
      { rkey: 'b1', text: 'reposting gina', createdAt: T(9), repostOf: { did: GINA, rkey: 'g1' } },
      { rkey: 'b2', text: 'hi @hank.pds.example', createdAt: T(8), mentions: [{ did: HANK, text: '@hank.pds.example' }] },
    ] },
    { did: CAROL, handle: 'carol.test', displayName: 'Carol Cole', posts: [
      { rkey: 'c1', text: 'thanks @alice.example', createdAt: T(9), mentions: [{ did: ALICE, text: '@alice.example' }] },
    ] },
    { did: ERIN, handle: 'erin.example', displayName: 'Erin Eaves', posts: [{ rkey: 'e1', text: 'Erin on session players', createdAt: T(1) }] },
    { did: GINA, handle: 'gina.pds.example', displayName: 'Gina Gold', posts: [{ rkey: 'g1', text: 'Gina on mastering', createdAt: T(1) }] },
    { did: HANK, handle: 'hank.pds.example', displayName: 'Hank Hill', posts: [{ rkey: 'h1', text: 'Hank on mixing', createdAt: T(1) }] },
    { did: OLIVE, handle: 'olive.test', displayName: 'Olive Opt', labels: ['!no-unauthenticated'], posts: [{ rkey: 'o1', text: 'Olive', createdAt: T(1) }] },
    { did: DORA, handle: 'dora.test', displayName: 'Dora Dormant', status: 'deactivated', posts: [] },
  ],
};

const TOPIC = 'liner notes, session players, mastering and mixing';
const sites = {
  'alice-site.example': {
    'index.html': page('Alice Site', TOPIC).replace('</main>', '</main><a rel="me" href="https://bsky.app/profile/alice.example">Bluesky</a>'),
  },
};

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function crawled(extra: string[] = []): Promise<TestWorld> {
  const bsky = fakeBluesky(bluesky);
  world = await makeWorld(sites, { handle: (host, path, req, res) => bsky(host, path, req, res) });
  const res = await world.cli(['discover', world.seeds(['bsky:alice.example', 'bsky:bob.test']), '--db', world.db, '--delay', '0', '--depth', '2', '--bluesky-api', API, '-q', ...extra]);
  expect(res.code, res.stderr).toBe(0);
  return world;
}

type Row = { rank: number; name: string; website: string; url: string; bluesky: string; seeds_reaching: number };
async function rows(w: TestWorld): Promise<Row[]> {
  const res = await w.cli(['rank', '--db', w.db, '--json', '--limit', '100']);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Row[];
}
const byHandle = (all: Row[], handle: string) => all.filter((r) => r.bluesky.split(' ').includes(handle));

describe('the Bluesky crawl, as the real AppView showed it should be', () => {
  it('keeps two handles under one registrable domain apart, each with its own evidence', async () => {
    const w = await crawled();
    const all = await rows(w);
    expect(byHandle(all, 'gina.pds.example')).toHaveLength(1);
    expect(byHandle(all, 'hank.pds.example')).toHaveLength(1);
    expect(byHandle(all, 'gina.pds.example')[0]!.rank).not.toBe(byHandle(all, 'hank.pds.example')[0]!.rank);
    const why = JSON.parse((await w.cli(['why', '--db', w.db, 'hank.pds.example', '--json'])).stdout) as { evidence: { type: string }[] };
    expect(why.evidence.map((g) => g.type)).not.toContain('repost'); // bob reposted gina, not hank
  });

  it('names a person by the display name, not the host of a domain handle never fetched', async () => {
    const all = await rows(await crawled());
    expect(byHandle(all, 'erin.example')[0]).toMatchObject({ name: 'Erin Eaves', website: '', url: `https://bsky.app/profile/${ERIN}` });
  });

  it("shows the website that was read and verified, never the handle's host", async () => {
    const w = await crawled();
    const why = JSON.parse((await w.cli(['why', '--db', w.db, 'alice.example', '--json'])).stdout) as { name: string; identities: { website: string | null } };
    // Named over https in her profile; read (over http: https does not answer in this world).
    expect(why.identities.website).toBe('https://alice-site.example/');
    expect(why.name).toBe('Alice Site');
  });

  it('reads each account once per run, by handle or by DID', async () => {
    const w = await crawled();
    const feeds = w.proxy.requests.filter((r) => r.host === 'appview.example' && r.path.includes('getAuthorFeed')).map((r) => new URL(r.path, API).searchParams.get('actor'));
    expect(feeds.filter((a) => a === ALICE)).toHaveLength(1); // seed by handle, mentioned by carol by DID
    expect(new Set(feeds).size).toBe(feeds.length);
  });

  it('never ranks or exports an opted-out or a deactivated account, and why says so', async () => {
    const w = await crawled();
    const outs = await Promise.all([['rank', '--db', w.db, '--limit', '100'], ['export', '--db', w.db, '--format', 'json'], ['export', '--db', w.db, '--format', 'csv'], ['export', '--db', w.db, '--format', 'gexf']].map((a) => w.cli(a)));
    for (const o of outs) for (const hidden of [OLIVE, DORA, 'olive.test', 'Olive', 'Dora']) expect(o.stdout).not.toContain(hidden);
    const why = await w.cli(['why', '--db', w.db, 'olive.test']);
    expect(why.code).toBe(2);
    expect(why.stderr).toContain('"olive.test" is never shown: the account asks not to be shown to logged-out viewers');
  });

  it('hides an opted-out account named only in a post (its author view has the label), never read', async () => {
    const w = await crawled(['--depth', '0']);
    expect(w.proxy.requests.some((r) => r.path.includes(`actor=${encodeURIComponent(OLIVE)}`))).toBe(false);
    const json = (await w.cli(['rank', '--db', w.db, '--json', '--limit', '100'])).stdout;
    expect(json).not.toContain(OLIVE);
    expect(json).toContain(ERIN); // while the other quoted account, unread too, is a candidate
  });

  it("does not rank a seed's own unverified home as a candidate", async () => {
    const all = await rows(await crawled());
    expect(all.filter((r) => /bob-home|alice-site|alice\.example/.test(`${r.url} ${r.website} ${r.bluesky}`))).toEqual([]);
    expect(all.every((r) => r.seeds_reaching > 0)).toBe(true);
  });

  it('counts a quote of a deleted post as a quote of the author its at-URI names', async () => {
    const w = await crawled();
    const all = await rows(w);
    const why = JSON.parse((await w.cli(['why', '--db', w.db, 'hank.pds.example', '--json'])).stdout) as { evidence: { type: string }[] };
    expect(byHandle(all, 'hank.pds.example')).toHaveLength(1);
    expect(why.evidence.map((g) => g.type)).toContain('quote');
  });

  it('falls back to http when the https address a profile gives does not answer', async () => {
    const w = await crawled();
    expect(w.proxy.requests.filter((r) => r.method === 'CONNECT' && r.path === 'alice-site.example:443').length).toBeGreaterThan(0);
    expect(w.proxy.requests.filter((r) => r.host === 'alice-site.example' && r.path === '/' && r.method === 'GET')).toHaveLength(1);
  });
});
