// Mastodon API answers -> what we keep, on real-shaped fixtures: boosts, mentions, author links
// (never mention or hashtag links), cards, verified vs unverified fields, local vs remote accts,
// and garbage that must not throw.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accountRef, canonicalAcct, parseAccount, parseStatuses } from '../../src/extract/mastodon.js';
import { contentLinks, profileLinks } from '../../src/extract/mastodon-html.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/social/mastodon/${name}`, import.meta.url), 'utf8'));

describe('canonicalAcct / accountRef', () => {
  it('completes local accts with the instance host and lower-cases everything', () => {
    expect(canonicalAcct('Dana', 'Toot.Example')).toBe('dana@toot.example');
    expect(canonicalAcct('@Milo@Social.Example', 'toot.example')).toBe('milo@social.example');
  });

  it('refuses what is not an acct', () => {
    for (const bad of ['', '@', 'a b', 'x@', 'x@y@z', 'x@bad host', 42, null]) expect(canonicalAcct(bad, 'toot.example')).toBeNull();
  });

  it('needs a usable profile URL', () => {
    expect(accountRef('milo@social.example', 'https://social.example/@milo', 'toot.example')).toEqual({
      network: 'fediverse', id: 'milo@social.example', handle: 'milo@social.example', profileUrl: 'https://social.example/@milo',
    });
    expect(accountRef('milo', 'javascript:alert(1)', 'toot.example')).toBeNull();
  });
});

describe('parseAccount', () => {
  it('keeps name, URL and flags of a local account', () => {
    const a = parseAccount(fixture('account.json'));
    expect(a).toMatchObject({ id: '109348201934', username: 'dana', acct: 'dana', displayName: 'Dana Okafor', url: 'https://toot.example/@dana', locked: false, suspended: false, limited: false, movedTo: null });
    expect(a?.bio).toContain('Writes about sourdough');
  });

  it('turns verified fields into proof, other field and bio links into one-way claims, and skips mentions and hashtags', () => {
    const a = parseAccount(fixture('account.json'));
    expect(a?.claims).toEqual([
      { kind: 'verified-field', targetUrl: 'https://crumb-notes.example/', evidenceUrl: 'https://toot.example/@dana' },
      { kind: 'profile-link', targetUrl: 'https://proofing-hour.example/', evidenceUrl: 'https://toot.example/@dana' },
      { kind: 'profile-link', targetUrl: 'https://crumb-notes.example/newsletter', evidenceUrl: 'https://toot.example/@dana' },
    ]);
  });

  it('reads a remote, limited, locked, moved account and strips escape sequences from its name', () => {
    const a = parseAccount(fixture('account-remote-limited.json'));
    expect(a).toMatchObject({ acct: 'Rhea@Fedi.Example', displayName: 'Rhea red', locked: true, limited: true, movedTo: 'https://social.example/@rhea' });
    expect(canonicalAcct(a?.acct, 'toot.example')).toBe('rhea@fedi.example');
    // A field sent as plain text still counts; the bio link too.
    expect(a?.claims.map((c) => [c.kind, c.targetUrl])).toEqual([
      ['profile-link', 'https://rhea-bakes.example/shop'],
      ['profile-link', 'https://rhea-bakes.example/'],
    ]);
  });

  it('marks a suspended account', () => {
    expect(parseAccount(fixture('account-suspended.json'))).toMatchObject({ suspended: true, displayName: '', claims: [] });
  });

  it('returns null for garbage instead of throwing', () => {
    for (const bad of [null, 'x', 42, [], {}, { id: '1', username: 'a' }, { id: '1', username: 'a', url: 'javascript:x' }, { id: {}, username: 'a', url: 'https://x.example/@a' }]) {
      expect(parseAccount(bad)).toBeNull();
    }
    const odd = parseAccount({ id: 7, username: 'a', url: 'https://x.example/@a', fields: 'nope', note: 5, display_name: ['x'] });
    expect(odd).toMatchObject({ id: '7', displayName: '', bio: '', claims: [] });
  });
});

describe('parseStatuses', () => {
  const page = parseStatuses(fixture('statuses.json'), 'toot.example', 'dana@toot.example');

  it('counts the page and remembers the last id for max_id', () => {
    expect(page.count).toBe(3);
    expect(page.lastId).toBe('113280000000000100');
  });

  it('makes one item document per status with its text, card title and date', () => {
    expect(page.documents.map((d) => d.url)).toEqual([
      'https://toot.example/@dana/113290004455667788',
      'https://toot.example/users/dana/statuses/113289990000000001/activity',
      'https://toot.example/@dana/113280000000000100',
    ]);
    const [first, boost, reply] = page.documents;
    expect(first).toMatchObject({ kind: 'item', publishedAt: Date.parse('2025-05-02T09:14:03.512Z'), entityId: null });
    expect(first?.textExcerpt).toContain('New post on hydration levels');
    expect(first?.textExcerpt).toContain('Hydration, demystified');
    // The boosted text, stored under the boost's own URL so it never takes the author's document.
    expect(boost?.textExcerpt).toContain('Rye starters ferment faster');
    expect(boost?.publishedAt).toBe(Date.parse('2025-05-01T18:30:00.000Z'));
    expect(reply?.textExcerpt?.startsWith('flour prices')).toBe(true);
  });

  it('turns a boost into a boost edge to the boosted account, evidenced by the boosted status', () => {
    const boosts = page.links.filter((l) => l.type === 'boost');
    expect(boosts).toEqual([{
      targetUrl: 'https://fedi.example/@ines', type: 'boost', evidenceUrl: 'https://fedi.example/@ines/9f2c', anchorText: 'Inès Marchand', follow: true,
      account: { network: 'fediverse', id: 'ines@fedi.example', handle: 'ines@fedi.example', profileUrl: 'https://fedi.example/@ines' },
    }]);
    // The boosted author's own links and mentions are not the booster's.
    expect(page.links.some((l) => l.targetUrl.startsWith('https://ines-ferments.example'))).toBe(false);
  });

  it('turns mentions into mention edges, completing local accts and leaving out self-mentions', () => {
    const mentions = page.links.filter((l) => l.type === 'mention');
    expect(mentions.map((m) => [m.account?.id, m.targetUrl, m.evidenceUrl])).toEqual([
      ['milo@social.example', 'https://social.example/@milo', 'https://toot.example/@dana/113290004455667788'],
      ['oren@toot.example', 'https://toot.example/@oren', 'https://toot.example/@dana/113280000000000100'],
    ]);
  });

  it('keeps author links and cards, without mention, hashtag or script links, deduplicating the card', () => {
    const links = page.links.filter((l) => l.type === 'link');
    expect(links.map((l) => [l.targetUrl, l.evidenceUrl.slice(-4), l.anchorText])).toEqual([
      ['https://crumb-notes.example/2025/hydration', '7788', 'https://crumb-notes.example/2025/hydration?utm_source=mastodon'],
      ['https://toot.example/about', '0100', 'page'],
      ['https://mill.example/prices', '0100', 'mill.example/prices'],
      ['https://millers-guild.example/report-2025', '0100', 'Guild price report'],
    ]);
    expect(links.every((l) => l.follow && l.account === undefined)).toBe(true);
  });

  it('survives garbage: non-arrays, junk entries, boosts without accounts', () => {
    expect(parseStatuses('garbage', 'toot.example')).toEqual({ count: 0, lastId: null, documents: [], links: [] });
    const junk = parseStatuses([null, 5, 'x', { id: '1' }, { id: '2', url: 'nope', content: 123 }], 'toot.example');
    expect(junk).toMatchObject({ count: 5, lastId: '2', documents: [], links: [] });
    const boostless = parseStatuses([{ id: '3', url: 'https://t.example/@a/3', reblog: { url: 'https://o.example/@b/1', content: '<p>hi</p>', account: 'nope' } }], 't.example');
    expect(boostless.documents).toHaveLength(1);
    expect(boostless.links).toEqual([]);
    const bad = parseStatuses([{ id: '4', url: 'https://t.example/@a/4', created_at: 'not a date', content: '<p>ok</p>', mentions: 'x', card: 7 }], 't.example');
    expect(bad.documents[0]).toMatchObject({ publishedAt: null, textExcerpt: 'ok' });
  });
});

describe('contentLinks / profileLinks', () => {
  it('drops Mastodon, Pleroma and GoToSocial style mentions and hashtags', () => {
    const html = '<p><span class="h-card"><a href="https://a.example/@x" class="u-url mention">@x</a></span> '
      + '<a class="mention" href="https://b.example/@y">@y</a> <a href="https://c.example/tags/z" rel="tag">#z</a> '
      + '<a href="https://c.example/tags/w" class="mention hashtag">#w</a> <a href="https://d.example/@q">@q</a> '
      + '<a href="https://site.example/post">a post</a> <a href="https://site.example/post#top">again</a></p>';
    expect(contentLinks(html, [{ url: 'https://d.example/@q' }])).toEqual([{ url: 'https://site.example/post', text: 'a post' }]);
  });

  it('never throws on hostile input', () => {
    expect(contentLinks(null)).toEqual([]);
    expect(contentLinks('<a href="https://x.example/\u001b[2J">\u001b]0;owned\u0007hi</a>', 'nope' as never)).toEqual([{ url: 'https://x.example/%1B[2J', text: 'hi' }]);
    expect(contentLinks('<a href=https://ok.example/><a href="">')).toEqual([{ url: 'https://ok.example/', text: '' }]);
  });

  it('finds bare URLs in plain-text field values', () => {
    expect(profileLinks('see https://a.example/x, and http://b.example.')).toEqual(['https://a.example/x', 'http://b.example/']);
    expect(profileLinks('she/her')).toEqual([]);
    expect(profileLinks(undefined)).toEqual([]);
  });
});
