// Identity evidence a page gives beyond rel=me: social accounts in its header/footer/nav or on an
// about page, the article's fediverse:creator, and a podcast feed linked from the home page.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { FetchResult } from '../../src/crawl/fetch-types.js';
import { siteKeyOf } from '../../src/extract/site.js';
import { extractHtml } from '../../src/extract/html.js';
import { parseFediverseCreator } from '../../src/extract/html-head.js';
import type { SourceContext } from '../../src/sources/source.js';
import { pageOutcome } from '../../src/sources/web-page.js';
import type { FrontierRow } from '../../src/store/frontier.js';

const ctx: SourceContext = {
  fetch: (() => { throw new Error('no network in this test'); }) as unknown as SourceContext['fetch'],
  clock: new ManualClock(),
  settings: { itemsPerFeed: 10, postsPerSite: 3, maxBytes: 1_000_000, postsPerAccount: 20, blueskyApi: 'https://public.api.bsky.app' },
  sameEntity: (a, b) => siteKeyOf(a) === siteKeyOf(b),
  cached: () => null,
  knownBefore: () => new Set(),
};

function outcome(url: string, html: string, role: FrontierRow['role'] = 'page') {
  const row: FrontierRow = { id: 1, runId: 1, url, depth: 1, role, entityId: 1, status: 'fetching', attempts: 0, foundFromUrl: null, foundEdge: null, probeIndex: null };
  const res: FetchResult = {
    url, finalUrl: url, redirects: [], status: 200, headers: {}, contentType: 'text/html', charset: 'utf-8', body: html, bytes: html.length, retryAfterMs: null, notModified: false,
  };
  return pageOutcome(row, res, html, ctx);
}

const PAGE = (head: string, body: string) => `<!doctype html><html><head><title>Dana</title>${head}</head><body>${body}</body></html>`;

describe('parseFediverseCreator', () => {
  it('reads @user@host as lower-case user@host', () => {
    expect(parseFediverseCreator('@Dana@Toot.Example')).toBe('dana@toot.example');
    expect(parseFediverseCreator(' dana_w@social.example.org ')).toBe('dana_w@social.example.org');
  });

  it('rejects anything that is not exactly one handle', () => {
    for (const bad of [undefined, '', '@dana', 'dana@', '@dana@toot.example @x@y.example', 'https://toot.example/@dana', '@da na@toot.example', '@dana@localhost', '@dana@toot.example\u001b[31m']) {
      expect(parseFediverseCreator(bad), String(bad)).toBeNull();
    }
  });

  it('is part of the HTML pass: the first valid tag counts', () => {
    const html = PAGE('<meta name="fediverse:creator" content="not a handle"><meta name="fediverse:creator" content="@dana@toot.example"><meta name="fediverse:creator" content="@other@x.example">', '<p>post</p>');
    expect(extractHtml(html, 'https://dana.example/post').fediverseCreator).toBe('dana@toot.example');
    expect(extractHtml(PAGE('', ''), 'https://dana.example/').fediverseCreator).toBeNull();
  });
});

describe('pageOutcome: accounts the site presents as its own', () => {
  const body = `<header><a href="https://bsky.app/profile/dana.bsky.social">Bluesky</a></header>
    <main><p>I enjoyed <a href="https://toot.example/@bob">Bob's thread</a> and <a href="https://bob.example/">his blog</a>.</p></main>
    <footer><a href="https://toot.example/@dana">Mastodon</a> <a rel="me" href="https://social.example/@dana">also me</a> <a href="https://github.com/dana">code</a></footer>`;

  it('turns header/footer links to accounts into profile-link claims, not edges', () => {
    const out = outcome('https://dana.example/posts/hello.html', PAGE('', body));
    expect(out.claims).toEqual([
      { kind: 'rel-me', targetUrl: 'https://social.example/@dana', evidenceUrl: 'https://dana.example/posts/hello.html' },
      { kind: 'profile-link', targetUrl: 'https://bsky.app/profile/dana.bsky.social', evidenceUrl: 'https://dana.example/posts/hello.html' },
      { kind: 'profile-link', targetUrl: 'https://toot.example/@dana', evidenceUrl: 'https://dana.example/posts/hello.html' },
    ]);
    const targets = out.links.map((l) => l.targetUrl);
    expect(targets).not.toContain('https://bsky.app/profile/dana.bsky.social');
    expect(targets).not.toContain('https://toot.example/@dana');
  });

  it('keeps content links to accounts, and footer links to platforms, as plain edges', () => {
    const out = outcome('https://dana.example/posts/hello.html', PAGE('', body));
    expect(out.links.map((l) => [l.targetUrl, l.type])).toEqual([
      ['https://toot.example/@bob', 'link'],
      ['https://bob.example/', 'link'],
      ['https://github.com/dana', 'link'],
    ]);
  });

  it('reads every account link on an about page as the author\'s, but not a blogroll there', () => {
    const about = PAGE('', `<main><p>Find me <a href="https://toot.example/@dana">on Mastodon</a>.</p>
      <ul class="blogroll"><li><a href="https://toot.example/@friend">a friend</a></li></ul></main>`);
    for (const path of ['/about', '/about/', '/about.html', '/about-me', '/me', '/contact.html']) {
      const out = outcome(`https://dana.example${path}`, about);
      expect(out.claims.map((c) => c.targetUrl), path).toEqual(['https://toot.example/@dana']);
      expect(out.links.map((l) => l.targetUrl), path).toEqual(['https://toot.example/@friend']);
    }
    const post = outcome('https://dana.example/posts/about-mastodon.html', about);
    expect(post.claims).toEqual([]);
  });
});

describe('pageOutcome: fediverse:creator', () => {
  const article = () => PAGE('<meta name="fediverse:creator" content="@Dana@Toot.Example">', '<article><p>An article.</p></article>');

  it('links the site to the credited account and claims it, keeping the page\'s scheme', () => {
    const out = outcome('http://dana.example/posts/a.html', article());
    const account = { network: 'fediverse', id: 'dana@toot.example', handle: 'dana@toot.example', profileUrl: 'http://toot.example/@dana' };
    expect(out.links).toEqual([{ targetUrl: 'http://toot.example/@dana', type: 'link', evidenceUrl: 'http://dana.example/posts/a.html', anchorText: '@dana@toot.example', follow: true, account }]);
    expect(out.claims).toEqual([{ kind: 'profile-link', targetUrl: 'http://toot.example/@dana', account, evidenceUrl: 'http://dana.example/posts/a.html' }]);
    expect(outcome('https://dana.example/posts/a.html', article()).claims[0]!.targetUrl).toBe('https://toot.example/@dana');
  });

  it('credits accounts on big instances too, which URL guessing treats as a platform', () => {
    const out = outcome('https://dana.example/p', PAGE('<meta name="fediverse:creator" content="@dana@mastodon.social">', ''));
    expect(out.claims[0]).toMatchObject({ kind: 'profile-link', account: { id: 'dana@mastodon.social' } });
  });

  it('still claims the account on a nofollow page, without the edge', () => {
    const out = outcome('https://dana.example/p', PAGE('<meta name="robots" content="nofollow"><meta name="fediverse:creator" content="@dana@toot.example">', ''));
    expect(out.links).toEqual([]);
    expect(out.claims).toHaveLength(1);
  });
});

describe('pageOutcome: a podcast feed linked from the home page', () => {
  const home = PAGE('<link rel="alternate" type="application/rss+xml" href="/feed.xml">',
    `<nav><a href="https://feeds.podhost.example/dana-talks/feed">Podcast RSS</a> <a href="https://feedly.com/i/subscription/feed/https://dana.example/feed">Feedly</a></nav>
     <main><a href="https://other.example/feed.xml">a friend's feed</a></main>`);

  it('fetches a feed linked in the nav of another (non-platform) site as the site\'s own', () => {
    const out = outcome('https://dana.example/', home, 'home');
    expect(out.followUps).toEqual([
      { url: 'https://dana.example/feed.xml', role: 'feed' },
      { url: 'https://feeds.podhost.example/dana-talks/feed', role: 'feed' },
    ]);
    const targets = out.links.map((l) => l.targetUrl);
    expect(targets).not.toContain('https://feeds.podhost.example/dana-talks/feed');
    // A platform's "subscribe" link and a feed linked in the text stay links.
    expect(targets).toEqual(expect.arrayContaining(['https://other.example/feed.xml']));
    expect(out.followUps.map((f) => f.url).some((u) => u.includes('feedly'))).toBe(false);
  });

  it('only on the home page', () => {
    expect(outcome('https://dana.example/posts/x.html', home).followUps).toEqual([]);
  });
});
