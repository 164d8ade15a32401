// Known identities against graph entities: each kind matches what it names and nothing else, and
// the match is lifted to the person, also when the person only forms in a later crawl.
import { describe, expect, it } from 'vitest';
import { knownPeople, looseUrl, matchKnown, type MatchableEntity } from '../../src/known/match.js';
import type { KnownEntry } from '../../src/known/parse-known.js';

const entity = (id: number, key: string, extra: Partial<MatchableEntity> = {}): MatchableEntity => ({ id, key, feedUrl: null, handle: null, ...extra });
const known = (kind: KnownEntry['kind'], identity: string): KnownEntry => ({ kind, identity, label: null });

const ENTITIES: MatchableEntity[] = [
  entity(1, 'site:dana.example', { feedUrl: 'https://dana.example/feed.xml' }),
  entity(2, 'bsky:did:plc:dana', { handle: 'dana.bsky.social' }),
  entity(3, 'fedi:dana@toot.example', { handle: 'dana@toot.example' }),
  entity(4, 'site:podcast-host.example', { feedUrl: 'https://feeds.podhost.example/show/123' }),
  entity(5, 'bsky:lee.bsky.social', { handle: 'lee.bsky.social' }),
  entity(6, 'fedi:dana.bsky.social@other.example', { handle: 'dana.bsky.social@other.example' }),
  entity(7, 'site:quiet.example'),
];

describe('matchKnown', () => {
  it('matches a site by its key', () => {
    expect(matchKnown([known('site', 'dana.example'), known('site', 'nobody.example')], ENTITIES)).toEqual([[1], []]);
  });

  it('matches a feed by the feed URL an entity declares, scheme, www and trailing slash aside', () => {
    expect(matchKnown([known('feed', 'http://www.dana.example/feed.xml/')], ENTITIES)).toEqual([[1]]);
    expect(matchKnown([known('feed', 'https://feeds.podhost.example/show/123')], ENTITIES)).toEqual([[4]]);
    expect(looseUrl('HTTPS://WWW.A.example/x/?q=1')).toBe('a.example/x?q=1');
  });

  it('matches a feed nobody declares yet by the site it is on', () => {
    expect(matchKnown([known('feed', 'https://quiet.example/atom.xml')], ENTITIES)).toEqual([[7]]);
  });

  it('matches a Bluesky handle by key or by the handle of an account keyed by DID, and a DID by key', () => {
    expect(matchKnown([known('bluesky', 'dana.bsky.social'), known('bluesky', 'Lee.Bsky.Social'), known('bluesky', 'did:plc:dana')], ENTITIES)).toEqual([[2], [5], [2]]);
  });

  it('matches a fediverse account by key or handle, and never across networks', () => {
    expect(matchKnown([known('mastodon', 'dana@toot.example'), known('mastodon', '@DANA@toot.example')], ENTITIES)).toEqual([[3], [3]]);
    // The same string on the other network names somebody else.
    expect(matchKnown([known('bluesky', 'dana.bsky.social@other.example'), known('mastodon', 'dana.bsky.social')], ENTITIES)).toEqual([[], []]);
    expect(matchKnown([known('site', 'toot.example')], ENTITIES)).toEqual([[]]);
  });
});

describe('knownPeople', () => {
  it('lifts matches to the person an entity stands for', () => {
    const merged = new Map([[1, 1], [2, 1], [3, 1], [4, 4], [5, 5], [6, 6], [7, 7]]);
    expect(knownPeople([known('mastodon', 'dana@toot.example')], ENTITIES, merged)).toEqual(new Set([1]));
  });

  it('hides a person whose known identity merges with it only in a later crawl', () => {
    const entries = [known('bluesky', 'dana.bsky.social')];
    const before = new Map(ENTITIES.map((e) => [e.id, e.id]));
    expect(knownPeople(entries, ENTITIES, before)).toEqual(new Set([2]));
    // The next crawl finds the blog's rel=me and the profile's link back: one person now.
    const after = new Map(before).set(2, 1).set(3, 1);
    expect(knownPeople(entries, ENTITIES, after)).toEqual(new Set([1]));
  });

  it('hides a person whose feed is learned only in a later crawl', () => {
    const entries = [known('feed', 'https://cdn.example/lee.xml')];
    const people = new Map(ENTITIES.map((e) => [e.id, e.id]));
    expect(knownPeople(entries, ENTITIES, people)).toEqual(new Set());
    const later = ENTITIES.map((e) => (e.id === 5 ? { ...e, feedUrl: 'https://cdn.example/lee.xml' } : e));
    expect(knownPeople(entries, later, people)).toEqual(new Set([5]));
  });
});
