import { describe, expect, it } from 'vitest';
import type { FetchResult } from '../../src/crawl/fetcher.js';
import { RobotsCache, rulesFromFetch } from '../../src/crawl/robots.js';
import { FetchBlockedError, FetchRedirectError } from '../../src/errors.js';

function result(status: number, body: string | null): FetchResult {
  return {
    url: 'http://x.example/robots.txt', finalUrl: 'http://x.example/robots.txt', redirects: [], status, headers: {},
    contentType: 'text/plain', charset: 'utf-8', body, bytes: body?.length ?? 0, retryAfterMs: null, notModified: false,
  };
}

const ORIGIN = 'http://x.example';

describe('robots.txt rules (RFC 9309)', () => {
  it('honours Disallow and the longer Allow for our product token', () => {
    const rules = rulesFromFetch(ORIGIN, result(200, 'User-agent: *\nDisallow: /private/\nAllow: /private/open\n'), 'linernotes');
    expect(rules.isAllowed(`${ORIGIN}/posts/a`)).toBe(true);
    expect(rules.isAllowed(`${ORIGIN}/private/secret.html`)).toBe(false);
    expect(rules.isAllowed(`${ORIGIN}/private/open.html`)).toBe(true);
  });

  it('uses the group that names linernotes over the * group', () => {
    const rules = rulesFromFetch(ORIGIN, result(200, 'User-agent: *\nAllow: /\n\nUser-agent: linernotes\nDisallow: /\n'), 'linernotes');
    expect(rules.isAllowed(`${ORIGIN}/`)).toBe(false);
    const other = rulesFromFetch(ORIGIN, result(200, 'User-agent: googlebot\nDisallow: /\n'), 'linernotes');
    expect(other.isAllowed(`${ORIGIN}/`)).toBe(true);
  });

  it('reads Crawl-delay in seconds', () => {
    const rules = rulesFromFetch(ORIGIN, result(200, 'User-agent: *\nCrawl-delay: 4\n'), 'linernotes');
    expect(rules.crawlDelayMs).toBe(4000);
  });

  it('treats 4xx as allow-all and 5xx or unreachable as disallow-all', () => {
    expect(rulesFromFetch(ORIGIN, result(404, 'nope'), 'linernotes').isAllowed(`${ORIGIN}/a`)).toBe(true);
    expect(rulesFromFetch(ORIGIN, result(401, null), 'linernotes').isAllowed(`${ORIGIN}/a`)).toBe(true);
    const down = rulesFromFetch(ORIGIN, result(503, 'busy'), 'linernotes');
    expect(down.isAllowed(`${ORIGIN}/a`)).toBe(false);
    expect(down.source).toMatch(/503/);
    const gone = rulesFromFetch(ORIGIN, new Error('connection refused'), 'linernotes');
    expect(gone.isAllowed(`${ORIGIN}/a`)).toBe(false);
    expect(gone.source).toMatch(/unreachable/);
  });

  it('tells a refused origin from a robots.txt that redirects somewhere refused', () => {
    const own = rulesFromFetch(ORIGIN, new FetchBlockedError(`${ORIGIN}/robots.txt`, 'blocked: private address (10.0.0.5)', '10.0.0.5'), 'linernotes');
    expect(own.blocked?.reason).toBe('blocked: private address (10.0.0.5)');
    const hop = new FetchBlockedError(`${ORIGIN}/robots.txt`, 'blocked: private address (127.0.0.1)', '127.0.0.1', 'http://127.0.0.1/robots.txt');
    const redirected = rulesFromFetch(ORIGIN, hop, 'linernotes');
    expect(redirected.blocked).toBeNull();
    expect(redirected.isAllowed(`${ORIGIN}/a`)).toBe(false);
    expect(redirected.source).toBe('robots.txt unreachable (blocked: private address (127.0.0.1))');
  });

  it('takes too many redirects as no robots.txt, and a truncated file without its cut line', () => {
    expect(rulesFromFetch(ORIGIN, new FetchRedirectError(`${ORIGIN}/robots.txt`, 'more than 5 redirects'), 'linernotes').isAllowed(`${ORIGIN}/a`)).toBe(true);
    const cut = { ...result(200, 'User-agent: *\nDisallow: /\nAllow: /a'), truncated: true };
    expect(rulesFromFetch(ORIGIN, cut, 'linernotes').isAllowed(`${ORIGIN}/a`)).toBe(false);
    expect(rulesFromFetch(ORIGIN, { ...cut, truncated: false }, 'linernotes').isAllowed(`${ORIGIN}/a`)).toBe(true);
  });

  it('survives garbage', () => {
    const rules = rulesFromFetch(ORIGIN, result(200, '\u0000\u0001<html>not robots</html>\nDisallow'), 'linernotes');
    expect(rules.isAllowed(`${ORIGIN}/a`)).toBe(true);
  });

  it('fetches robots.txt once per origin', async () => {
    let fetches = 0;
    const cache = new RobotsCache(async () => {
      fetches++;
      return result(200, 'User-agent: *\nDisallow: /x\n');
    }, 'linernotes');
    await Promise.all([cache.rulesFor(`${ORIGIN}/a`), cache.rulesFor(`${ORIGIN}/b`), cache.rulesFor(`${ORIGIN}/x`)]);
    await cache.rulesFor('http://other.example/');
    expect(fetches).toBe(2);
  });
});
