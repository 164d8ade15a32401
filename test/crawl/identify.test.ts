import { describe, expect, it } from 'vitest';
import { identify, identifyAccount } from '../../src/crawl/identify.js';

describe('identify', () => {
  it('maps a web URL to its site, visiting the home page and the page', () => {
    const id = identify('https://blog.dana.example/posts/x');
    expect(id).toMatchObject({ key: 'site:dana.example', kind: 'site', isPlatform: false });
    expect(id.visits).toEqual([
      { url: 'https://blog.dana.example/', role: 'home' },
      { url: 'https://blog.dana.example/posts/x', role: 'page' },
    ]);
  });

  it('maps Bluesky profile and post URLs to the account', () => {
    expect(identify('https://bsky.app/profile/Dana.Example/post/3kabc')).toMatchObject({
      key: 'bsky:dana.example', kind: 'account', handle: 'dana.example',
      visits: [{ url: 'https://bsky.app/profile/dana.example', role: 'bsky-account' }],
    });
    expect(identify('https://bsky.app/profile/did:plc:abc123').key).toBe('bsky:did:plc:abc123');
    expect(identify('https://bsky.app/about')).toMatchObject({ kind: 'site', isPlatform: true, visits: [] });
  });

  it('maps fediverse profile and status URLs to the account, keeping the scheme', () => {
    expect(identify('http://toot.example/@Dana/11223344')).toMatchObject({
      key: 'fedi:dana@toot.example', kind: 'account',
      visits: [{ url: 'http://toot.example/@dana', role: 'fedi-account' }],
    });
    expect(identify('https://toot.example/@dana@elsewhere.example').key).toBe('fedi:dana@elsewhere.example');
  });

  it('does not take /@user on platforms for a fediverse account', () => {
    expect(identify('https://www.youtube.com/@channel')).toMatchObject({ kind: 'site', isPlatform: true });
    expect(identify('https://medium.com/@writer')).toMatchObject({ kind: 'site', isPlatform: true });
  });

  it('keys API accounts by DID or user@host', () => {
    expect(identifyAccount({ network: 'bluesky', id: 'did:plc:XyZ', handle: 'x.bsky.social', profileUrl: 'https://bsky.app/profile/did:plc:XyZ' }).key).toBe('bsky:did:plc:XyZ');
    expect(identifyAccount({ network: 'fediverse', id: 'Dana@Toot.Example', handle: null, profileUrl: 'http://toot.example/@dana' }).key).toBe('fedi:dana@toot.example');
  });
});

describe('identify on big fediverse instances', () => {
  it('takes /@user on a platform-listed instance for an account, but not on video or blog platforms', () => {
    expect(identify('https://mastodon.social/@Gargron')).toMatchObject({ key: 'fedi:gargron@mastodon.social', kind: 'account' });
    expect(identify('https://www.youtube.com/@channel/videos').kind).toBe('site');
    expect(identify('https://mastodon.social/about')).toMatchObject({ kind: 'site', isPlatform: true });
  });
});
