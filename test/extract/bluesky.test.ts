// Reading Bluesky AppView answers, on real-shaped fixtures: profiles (facts, claims, the
// no-unauthenticated label), XRPC errors, and feed pages (every edge type, embeds, facets by
// UTF-8 byte offset, reposts, missing fields, garbage).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  handleNamesSite, hiddenByError, isDomainHandle, parseJson, parseProfile, profileClaims, profileFacts, urlsInText, wantsNoUnauthenticated, xrpcErrorReason,
  type BskyProfile,
} from '../../src/extract/bluesky.js';
import { parseFeedPage, type FeedPage } from '../../src/extract/bluesky-feed.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/social/bluesky/${name}`, import.meta.url), 'utf8'));

const DANA = 'did:plc:w4xbfzo7kqfes5zb7r6qv3rw';
const PRIYA = 'did:plc:p7kq3vyzv5ubmqaj2xf4dnhs';
const LEE = 'did:plc:l33tq6yq2b7mcvh3xkbdzn5w';
const SAM = 'did:plc:s4mhv2czkq3t6ndsyk5gqf2e';
const postUrl = (did: string, rkey: string) => `https://bsky.app/profile/${did}/post/${rkey}`;

function profileOf(name: string): BskyProfile {
  const r = parseProfile(fixture(name));
  if (!r.ok) throw new Error(r.reason);
  return r.profile;
}

function page(json: unknown, did = DANA, max?: number): FeedPage {
  const r = parseFeedPage(json, did, max === undefined ? {} : { max });
  if (!r.ok) throw new Error(r.reason);
  return r;
}

describe('parseProfile', () => {
  it('keeps DID, handle, name, bio, website and labels', () => {
    const p = profileOf('profile-domain-handle.json');
    expect(p).toMatchObject({ did: DANA, handle: 'danawrites.example', displayName: 'Dana Writes', website: 'https://danawrites.example/about', labels: [] });
    expect(p.description).toContain('She/her');
    expect(profileFacts(p)).toEqual({
      key: `bsky:${DANA}`, handle: 'danawrites.example', name: 'Dana Writes', nameIsAuthoritative: true,
      profileUrl: `https://bsky.app/profile/${DANA}`, hidden: null,
    });
  });

  it('names an account without a display name by its handle, and drops handle.invalid', () => {
    expect(profileFacts(profileOf('profile-no-unauthenticated.json')).name).toBe('sam.bsky.social');
    const r = parseProfile({ did: DANA, handle: 'handle.invalid' });
    expect(r.ok && r.profile.handle).toBe(null);
    expect(r.ok && profileFacts(r.profile).name).toBe(DANA);
  });

  it('sees the !no-unauthenticated self-label, and honours a negation', () => {
    expect(wantsNoUnauthenticated(profileOf('profile-no-unauthenticated.json'))).toBe(true);
    expect(wantsNoUnauthenticated(profileOf('profile-domain-handle.json'))).toBe(false);
    const negated = parseProfile({ did: SAM, handle: 'sam.bsky.social', labels: [{ val: '!no-unauthenticated' }, { val: '!no-unauthenticated', neg: true }] });
    expect(negated.ok && wantsNoUnauthenticated(negated.profile)).toBe(false);
  });

  it('strips control characters from names and bios', () => {
    const r = parseProfile({ did: DANA, handle: 'Dana.Example', displayName: 'Dana\u001b[31m Red\u0007', description: 'line one\nline\u0000 two' });
    expect(r.ok && r.profile).toMatchObject({ handle: 'dana.example', displayName: 'Dana Red', description: 'line one\nline two' });
  });

  it.each([[null], ['text'], [[]], [{ handle: 'x.example' }], [{ did: 'not-a-did', handle: 'x.example' }], [{ did: 42 }]])('refuses %j', (json) => {
    expect(parseProfile(json)).toEqual({ ok: false, reason: 'unexpected answer from the Bluesky API' });
  });
});

describe('profileClaims', () => {
  it('claims a domain handle as proof, and the website and bio links as profile links', () => {
    const evidenceUrl = `https://bsky.app/profile/${DANA}`;
    expect(profileClaims(profileOf('profile-domain-handle.json'))).toEqual([
      { kind: 'domain-handle', targetUrl: 'https://danawrites.example/', evidenceUrl },
      { kind: 'profile-link', targetUrl: 'https://danawrites.example/about', evidenceUrl },
      { kind: 'profile-link', targetUrl: 'https://dana.example/newsletter', evidenceUrl },
      { kind: 'profile-link', targetUrl: 'https://notes.dana.example/', evidenceUrl },
    ]);
  });

  it('claims nothing for a bsky.social handle with a plain bio', () => {
    expect(profileClaims(profileOf('profile-bsky-social.json'))).toEqual([]);
  });

  it('knows which handles are handed out rather than owned', () => {
    expect(isDomainHandle('dana.example')).toBe(true);
    expect(isDomainHandle('alice.bsky.social')).toBe(false);
    expect(isDomainHandle('pfrazee.bsky.team')).toBe(false);
    expect(isDomainHandle('alice.mastodon.social.ap.brid.gy')).toBe(false);
    expect(isDomainHandle('someone.github.io')).toBe(true); // a blog host subdomain is the author's own
    expect(isDomainHandle('en.wikipedia.org')).toBe(false);
  });

  it('finds http(s) URLs in text without their sentence punctuation', () => {
    expect(urlsInText('see (https://a.example/x), https://b.example. ftp://c.example http://a.example/x')).toEqual(['https://a.example/x', 'https://b.example/', 'http://a.example/x']);
  });
});

describe('xrpcErrorReason', () => {
  it.each([
    ['error-takedown.json', 'account taken down'],
    ['error-deactivated.json', 'account deactivated'],
    ['error-not-found.json', 'profile not found'],
  ])('%s -> %s', (name, reason) => {
    expect(xrpcErrorReason(400, fixture(name))).toBe(reason);
  });

  it('says what came back otherwise, safely', () => {
    expect(xrpcErrorReason(502, undefined)).toBe('Bluesky API answered HTTP 502');
    expect(xrpcErrorReason(429, { error: 'RateLimitExceeded' })).toBe('rate limited by the Bluesky API (HTTP 429)');
    expect(xrpcErrorReason(400, { error: 'InvalidRequest', message: 'bad \u001b[2Jcursor' })).toBe('Bluesky API answered HTTP 400 (InvalidRequest: bad cursor)');
  });

  it('parses JSON without throwing', () => {
    expect(parseJson('{"a":1}')).toEqual({ a: 1 });
    expect(parseJson('<html>')).toBeUndefined();
    expect(parseJson(null)).toBeUndefined();
  });
});

describe('parseFeedPage', () => {
  const feed = page(fixture('author-feed.json'));
  const item = (rkey: string, did = DANA) => feed.items.find((i) => i.document.url.startsWith(postUrl(did, rkey)));

  it('reads every entry, skips the unreadable one, and passes the cursor on', () => {
    expect(feed.read).toBe(10);
    expect(feed.items).toHaveLength(9);
    expect(feed.cursor).toMatch(/^2026-09-30T09:00:00.000Z::bafyrei/);
  });

  it('finds a mention after an emoji by UTF-8 byte offsets, and a link facet', () => {
    const it1 = item('3m2a7kx4ffc2a')!;
    expect(it1.links).toEqual([
      {
        targetUrl: `https://bsky.app/profile/${PRIYA}`, type: 'mention', evidenceUrl: postUrl(DANA, '3m2a7kx4ffc2a'), anchorText: '@priya-raman.example', follow: true,
        account: { network: 'bluesky', id: PRIYA, handle: null, profileUrl: `https://bsky.app/profile/${PRIYA}` },
      },
      { targetUrl: 'https://priyaraman.example/launch', type: 'link', evidenceUrl: postUrl(DANA, '3m2a7kx4ffc2a'), anchorText: 'priyaraman.example/launch', follow: true },
    ]);
    expect(it1.document).toEqual({
      url: postUrl(DANA, '3m2a7kx4ffc2a'), kind: 'item', finalUrl: null, entityId: null, status: null, contentType: null, title: null,
      publishedAt: Date.parse('2026-10-09T08:30:00.000Z'), etag: null, lastModified: null,
      textExcerpt: '🎉 Congrats @priya-raman.example on the launch! Read it: priyaraman.example/launch', error: null,
    });
  });

  it('links to an external card and keeps its title and description as text', () => {
    const card = item('3m29zq6wbsk2b')!;
    expect(card.links).toEqual([
      { targetUrl: 'https://contentcraft.example/posts/editorial-calendars', type: 'link', evidenceUrl: postUrl(DANA, '3m29zq6wbsk2b'), anchorText: 'Editorial calendars that survive contact with reality', follow: true },
    ]);
    expect(card.document.textExcerpt).toBe('This is the best piece on planning I have read this year.\nEditorial calendars that survive contact with reality\nHow small teams plan a quarter of content without burning out.');
  });

  it('makes a quote edge to the quoted author', () => {
    expect(item('3m27y2kqvmc2c')!.links).toEqual([
      {
        targetUrl: `https://bsky.app/profile/${LEE}`, type: 'quote', evidenceUrl: postUrl(DANA, '3m27y2kqvmc2c'), anchorText: null, follow: true,
        account: { network: 'bluesky', id: LEE, handle: 'lee.bsky.social', profileUrl: `https://bsky.app/profile/${LEE}` },
      },
    ]);
  });

  it('reads a quote with media: the quote edge and the link card beside it', () => {
    const links = item('3m26w7xt2ak2d')!.links;
    expect(links.map((l) => [l.type, l.targetUrl, l.account?.handle])).toEqual([
      ['quote', `https://bsky.app/profile/${SAM}`, 'sam.bsky.social'],
      ['link', 'https://samsnotes.example/2026/audience', undefined],
    ]);
  });

  it('makes a quote edge for a quote of a deleted post (viewNotFound), to the DID its at-URI names', () => {
    const it1 = item('3m25v6ab3xk2e')!;
    expect(it1.links).toEqual([{
      targetUrl: 'https://bsky.app/profile/did:plc:l33tq6yq2b7mcvh3xkbdzn5w', type: 'quote', evidenceUrl: postUrl(DANA, '3m25v6ab3xk2e'), anchorText: null, follow: true,
      account: { network: 'bluesky', id: 'did:plc:l33tq6yq2b7mcvh3xkbdzn5w', handle: null, profileUrl: 'https://bsky.app/profile/did:plc:l33tq6yq2b7mcvh3xkbdzn5w' },
    }]);
  });

  it.each([['3m24u5zz4bk2f', 'viewBlocked'], ['3m23t4yy5ck2g', 'viewDetached']])('makes no edge for a quote of %s (%s)', (rkey) => {
    const it1 = item(rkey)!;
    expect(it1.links).toEqual([]);
    expect(it1.document.textExcerpt).not.toBeNull();
  });

  it('makes only a repost edge for a repost of a quote, with its own document', () => {
    const original = postUrl(LEE, '3m22lee5qt2a');
    const repost = feed.items.find((i) => i.document.url.startsWith(original))!;
    expect(repost.links).toEqual([
      {
        targetUrl: `https://bsky.app/profile/${LEE}`, type: 'repost', evidenceUrl: original, anchorText: null, follow: true,
        account: { network: 'bluesky', id: LEE, handle: 'lee.bsky.social', profileUrl: `https://bsky.app/profile/${LEE}` },
      },
    ]);
    expect(repost.document.url).toBe(`${original}#repost-by-${DANA}`);
    expect(repost.document.textExcerpt).toBe('Sam said it first. Thanks @sam.bsky.social');
    expect(repost.document.publishedAt).toBe(Date.parse('2026-10-02T21:45:10.000Z'));
  });

  it('keeps a post with missing text and date as an empty document', () => {
    expect(item('3m21s3xx6dk2h')).toMatchObject({ links: [], document: { textExcerpt: null, publishedAt: null } });
  });

  it('reads at most `max` entries', () => {
    const p = page(fixture('author-feed.json'), DANA, 2);
    expect(p.read).toBe(2);
    expect(p.items.map((i) => i.document.url)).toEqual([postUrl(DANA, '3m2a7kx4ffc2a'), postUrl(DANA, '3m29zq6wbsk2b')]);
  });

  it('drops self-edges, non-http links, bad DIDs and facets that do not fit the text', () => {
    const p = page({
      feed: [{
        post: {
          uri: `at://${DANA}/app.bsky.feed.post/3kself`, cid: 'x', author: { did: DANA, handle: 'dana.example' },
          record: {
            text: 'me and you', createdAt: 'yesterday',
            facets: [
              { index: { byteStart: 0, byteEnd: 2 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: DANA }] },
              { index: { byteStart: 7, byteEnd: 99 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: LEE }, { $type: 'app.bsky.richtext.facet#mention', did: 'lee' }] },
              { index: { byteStart: 0, byteEnd: 2 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'javascript:alert(1)' }, { $type: 'app.bsky.richtext.facet#link', uri: 'at://x' }] },
              null, 'facet', { features: 'no' },
            ],
          },
          embed: { $type: 'app.bsky.embed.record#view', record: { $type: 'app.bsky.embed.record#viewRecord', uri: 'at://x/y/z', author: { did: DANA } } },
        },
      }, { post: { uri: `at://${LEE}/app.bsky.feed.post/3kother`, author: { did: LEE }, record: { text: 'not mine, not reposted' } } }],
    });
    expect(p.items).toHaveLength(1);
    expect(p.items[0]!.links).toEqual([expect.objectContaining({ type: 'mention', targetUrl: `https://bsky.app/profile/${LEE}`, anchorText: null })]);
    expect(p.items[0]!.document.publishedAt).toBeNull();
  });

  it.each([[null], [{}], [{ feed: 'x' }], ['garbage'], [[1, 2]]])('refuses page %j', (json) => {
    expect(parseFeedPage(json, DANA)).toEqual({ ok: false, reason: 'unexpected answer from the Bluesky API' });
  });

  it('survives garbage entries', () => {
    const p = page({ feed: [null, 1, 'x', [], { post: null }, { post: { uri: 5, author: { did: DANA } } }, { post: { uri: 'at://a/b/c', author: { did: DANA }, record: 'x' }, reason: 7 }], cursor: 12 });
    expect(p).toEqual({ ok: true, read: 7, cursor: null, items: [expect.objectContaining({ links: [] })] });
  });
});

describe('what the real AppView showed', () => {
  const profile = (handle: string, website: string | null = null): BskyProfile => ({ did: 'did:plc:x', handle, displayName: null, description: null, website, labels: [] });

  it('claims a site by domain handle only when the handle is that site\'s very host', () => {
    expect(handleNamesSite('alice.example')).toBe(true);
    expect(handleNamesSite('gina.pds.example')).toBe(false); // the site is pds.example, shared with hank.pds.example
    expect(handleNamesSite('bob.substack.com')).toBe(true); // a blog host's subdomain is its own site
    expect(profileClaims(profile('gina.pds.example'))).toEqual([]);
    expect(profileClaims(profile('alice.example')).map((c) => c.kind)).toEqual(['domain-handle']);
  });

  it('ignores a website that is not http(s)', () => {
    expect(profileClaims(profile('x.bsky.social', 'javascript:alert(1)'))).toEqual([]);
  });

  it('says which errors mean the account is gone', () => {
    expect(hiddenByError(400, { error: 'AccountDeactivated', message: 'Account is deactivated' })).toBe('deactivated');
    expect(hiddenByError(400, { error: 'AccountTakedown' })).toBe('taken-down');
    expect(hiddenByError(400, { error: 'InvalidRequest', message: 'Profile not found' })).toBe('not-found');
    expect(hiddenByError(429, { error: 'RateLimitExceeded' })).toBeNull();
    expect(hiddenByError(502, null)).toBeNull();
  });

  const author = (did: string, labels: unknown[] = []) => ({ did, handle: 'o.example', labels });
  const OPT = [{ src: 'did:plc:olive', uri: 'at://did:plc:olive/app.bsky.actor.profile/self', val: '!no-unauthenticated', cts: '2026-01-01T00:00:00Z' }];
  const page = (post: Record<string, unknown>, reason?: unknown) => parseFeedPage({ feed: [{ post, ...(reason ? { reason } : {}) }] }, 'did:plc:me');

  it("marks an account opted out when a post's author view carries the label (quote and repost)", () => {
    const quote = page({
      uri: 'at://did:plc:me/app.bsky.feed.post/q1', author: author('did:plc:me'), record: { text: 'q' },
      embed: { $type: 'app.bsky.embed.record#view', record: { $type: 'app.bsky.embed.record#viewRecord', uri: 'at://did:plc:olive/app.bsky.feed.post/o1', author: author('did:plc:olive', OPT), embeds: [] } },
    });
    expect(quote.ok && quote.items[0]!.links[0]!.account).toMatchObject({ id: 'did:plc:olive', optedOut: true });
    const repost = page({ uri: 'at://did:plc:olive/app.bsky.feed.post/o1', author: author('did:plc:olive', OPT), record: { text: 'o' } }, { $type: 'app.bsky.feed.defs#reasonRepost', by: author('did:plc:me') });
    expect(repost.ok && repost.items[0]!.links[0]!.account).toMatchObject({ id: 'did:plc:olive', optedOut: true });
    const negated = page({ uri: 'at://did:plc:olive/app.bsky.feed.post/o1', author: author('did:plc:olive', [...OPT, { ...OPT[0], neg: true }]), record: { text: 'o' } }, { $type: 'app.bsky.feed.defs#reasonRepost', by: author('did:plc:me') });
    expect(negated.ok && negated.items[0]!.links[0]!.account?.optedOut).toBeUndefined();
  });

  it('reads the quoted author from the record when the AppView sent no embed view', () => {
    const r = page({ uri: 'at://did:plc:me/app.bsky.feed.post/q2', author: author('did:plc:me'), record: { text: 'q', embed: { $type: 'app.bsky.embed.record', record: { uri: 'at://did:plc:dave/app.bsky.feed.post/d1', cid: 'bafy' } } } });
    expect(r.ok && r.items[0]!.links.map((l) => [l.type, l.account?.id])).toEqual([['quote', 'did:plc:dave']]);
    // A quote of a feed generator is no quote of a person.
    const feedGen = page({ uri: 'at://did:plc:me/app.bsky.feed.post/q3', author: author('did:plc:me'), record: { text: 'q', embed: { $type: 'app.bsky.embed.record', record: { uri: 'at://did:plc:dave/app.bsky.feed.generator/f', cid: 'bafy' } } } });
    expect(feedGen.ok && feedGen.items[0]!.links).toEqual([]);
  });
});
