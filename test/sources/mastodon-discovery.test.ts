// NodeInfo and WebFinger readers on real-shaped documents, which software counts as
// Mastodon-compatible, the bounded per-origin cache, and profile URL parsing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMastodonCompatible, nodeInfoHref, nodeInfoSoftware, parseWebFinger, ServerCache, type ServerInfo } from '../../src/sources/fediverse-discovery.js';
import { parseProfileUrl } from '../../src/sources/mastodon.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/social/mastodon/${name}`, import.meta.url), 'utf8'));

describe('NodeInfo', () => {
  it('finds the document link, preferring 2.1 whatever the order', () => {
    expect(nodeInfoHref(fixture('nodeinfo-index-mastodon.json'), 'https://toot.example/.well-known/nodeinfo')).toBe('https://toot.example/nodeinfo/2.0');
    expect(nodeInfoHref(fixture('nodeinfo-index-akkoma.json'), 'https://ak.example/.well-known/nodeinfo')).toBe('https://ak.example/nodeinfo/2.1.json');
    expect(nodeInfoHref(fixture('nodeinfo-index-misskey.json'), 'https://mk.example/.well-known/nodeinfo')).toBe('https://mk.example/nodeinfo/2.1');
  });

  it('reads the software name and version of each server', () => {
    expect(nodeInfoSoftware(fixture('nodeinfo-mastodon-2.0.json'))).toEqual({ name: 'mastodon', version: '4.3.2' });
    expect(nodeInfoSoftware(fixture('nodeinfo-gotosocial-2.0.json'))).toEqual({ name: 'gotosocial', version: '0.17.3 git-5a1c3e2' });
    expect(nodeInfoSoftware(fixture('nodeinfo-misskey-2.1.json'))).toEqual({ name: 'misskey', version: '2024.11.0' });
    expect(nodeInfoSoftware(fixture('nodeinfo-akkoma-2.1.json'))).toEqual({ name: 'akkoma', version: '3.13.2' });
  });

  it('survives garbage', () => {
    for (const bad of [null, 'x', [], {}, { links: 'x' }, { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: 'javascript:1' }] }]) {
      expect(nodeInfoHref(bad, 'https://x.example/')).toBeNull();
    }
    for (const bad of [null, {}, { software: {} }, { software: { name: '' } }, { software: { name: 42 } }]) expect(nodeInfoSoftware(bad)).toBeNull();
    expect(nodeInfoSoftware({ software: { name: 'Mastodon\u001b[2J', version: 7 } })).toEqual({ name: 'mastodon', version: null });
  });

  it('knows which software serves the Mastodon API', () => {
    for (const yes of ['mastodon', 'Mastodon', 'gotosocial', 'pleroma', 'akkoma', 'hometown', 'glitch']) expect(isMastodonCompatible(yes)).toBe(true);
    for (const no of ['misskey', 'firefish', 'sharkey', 'iceshrimp', 'lemmy', 'wordpress', null]) expect(isMastodonCompatible(no)).toBe(false);
  });
});

describe('WebFinger', () => {
  it('reads subject, actor and profile page', () => {
    expect(parseWebFinger(fixture('webfinger.json'))).toEqual({
      subject: 'acct:dana@crumb-notes.example', selfUrl: 'https://toot.example/users/dana', profileUrl: 'https://toot.example/@dana',
    });
  });

  it('returns null for documents that say nothing usable', () => {
    expect(parseWebFinger(null)).toBeNull();
    expect(parseWebFinger({ subject: 'not an acct', links: [{ rel: 'self', type: 'text/html', href: 'https://x.example/' }] })).toBeNull();
    expect(parseWebFinger({ links: [{ rel: 'self', type: 'application/activity+json', href: 'ftp://x' }] })).toBeNull();
  });
});

describe('ServerCache', () => {
  it('computes once per origin, forgets failures, and stays bounded', async () => {
    const cache = new ServerCache(2);
    let calls = 0;
    const info: ServerInfo = { name: 'mastodon', version: null };
    const compute = async () => (calls++, info);
    await Promise.all([cache.get('https://a.example', compute), cache.get('https://a.example', compute)]);
    expect(calls).toBe(1);
    await expect(cache.get('https://b.example', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await cache.get('https://b.example', compute);
    expect(calls).toBe(2);
    await cache.get('https://c.example', compute);
    expect(cache.size).toBe(2);
    await cache.get('https://a.example', compute); // evicted, so computed again
    expect(calls).toBe(4);
  });
});

describe('parseProfileUrl', () => {
  it('reads /@user, /users/user and remote /@user@domain', () => {
    expect(parseProfileUrl('https://toot.example/@Dana')).toEqual({ origin: 'https://toot.example', username: 'Dana', domain: 'toot.example' });
    expect(parseProfileUrl('http://ak.example:8080/users/ines/')).toEqual({ origin: 'http://ak.example:8080', username: 'ines', domain: 'ak.example' });
    expect(parseProfileUrl('https://toot.example/@rhea@Fedi.Example')).toEqual({ origin: 'https://fedi.example', username: 'rhea', domain: 'fedi.example' });
  });

  it('refuses what is not a profile URL', () => {
    for (const bad of ['https://toot.example/', 'https://toot.example/about', 'ftp://toot.example/@a', 'https://x.example/@a@b@c', 'https://x.example/@%E0%A4%A', 'https://x.example/@a@bad_host', 'nope']) {
      expect(parseProfileUrl(bad)).toBeNull();
    }
  });
});
