import { describe, expect, it } from 'vitest';
import { BUILTIN_PLATFORMS, isPlatform } from '../../src/rank/platforms.js';

describe('isPlatform', () => {
  it('knows the big platforms', () => {
    for (const key of ['wikipedia.org', 'youtube.com', 'youtu.be', 'github.com', 'amazon.co.uk', 'amazon.de', 'x.com',
      't.co', 'bit.ly', 'feedburner.com', 'archive.org', 'ycombinator.com', 'apple.com', 'spotify.com', 'w3.org']) {
      expect(isPlatform(key), key).toBe(true);
    }
    expect(BUILTIN_PLATFORMS.length).toBeGreaterThan(100);
    expect(BUILTIN_PLATFORMS.every((k) => k === k.toLowerCase() && !k.startsWith('www.'))).toBe(true);
  });

  it('matches subdomains of platforms', () => {
    for (const key of ['en.wikipedia.org', 'upload.wikimedia.org', 'news.ycombinator.com', 'podcasts.apple.com',
      'feeds.feedburner.com', 'gist.github.com', 'm.youtube.com', 'www.linkedin.com']) {
      expect(isPlatform(key), key).toBe(true);
    }
  });

  it('treats a blog host itself as a platform but its subdomains as authors', () => {
    for (const key of ['substack.com', 'medium.com', 'www.medium.com', 'wordpress.com', 'blogspot.com', 'tumblr.com']) {
      expect(isPlatform(key), key).toBe(true);
    }
    for (const key of ['bob.substack.com', 'ada.medium.com', 'jane.wordpress.com', 'x.blogspot.com', 'alice.github.io', 'me.bearblog.dev']) {
      expect(isPlatform(key), key).toBe(false);
    }
  });

  it('does not match look-alikes or ordinary sites', () => {
    for (const key of ['notwikipedia.org', 'wikipedia.org.evil.example', 'ada-writes.example', 'github.community.example', '', '.', 'com']) {
      expect(isPlatform(key), key).toBe(false);
    }
  });

  it('normalizes case, a site: prefix, a port and a trailing dot', () => {
    expect(isPlatform('EN.Wikipedia.ORG')).toBe(true);
    expect(isPlatform('site:youtube.com')).toBe(true);
    expect(isPlatform('github.com:443')).toBe(true);
    expect(isPlatform('wikipedia.org.')).toBe(true);
    expect(isPlatform('127.0.0.1:8080')).toBe(false);
  });

  it('accepts extra platforms, including their subdomains', () => {
    expect(isPlatform('news.example', ['news.example'])).toBe(true);
    expect(isPlatform('eu.news.example', ['News.Example'])).toBe(true);
    expect(isPlatform('othernews.example', ['news.example'])).toBe(false);
    expect(isPlatform('news.example')).toBe(false);
  });
});
