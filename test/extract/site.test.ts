import { describe, expect, it } from 'vitest';
import { EXTRA_SITE_SUFFIXES, siteKeyOf } from '../../src/extract/site.js';

describe('siteKeyOf', () => {
  it('uses the registrable domain for ordinary hosts', () => {
    expect(siteKeyOf('https://www.example.com/a')).toBe('example.com');
    expect(siteKeyOf('https://blog.example.com/a')).toBe('example.com');
    expect(siteKeyOf('https://news.bbc.co.uk/')).toBe('bbc.co.uk');
    expect(siteKeyOf('https://WWW.Example.COM/')).toBe('example.com');
  });

  it('keeps PSL private suffixes apart (github.io users differ)', () => {
    expect(siteKeyOf('https://alice.github.io/blog/')).toBe('alice.github.io');
    expect(siteKeyOf('https://bob.github.io/')).toBe('bob.github.io');
    expect(siteKeyOf('https://x.blogspot.com/')).toBe('x.blogspot.com');
  });

  it('splits hosting platforms the PSL misses into one site per subdomain', () => {
    expect(siteKeyOf('https://bob.substack.com/p/post')).toBe('bob.substack.com');
    expect(siteKeyOf('https://alice.substack.com/')).toBe('alice.substack.com');
    expect(siteKeyOf('https://someone.wordpress.com/2024/01/x')).toBe('someone.wordpress.com');
    expect(siteKeyOf('https://writer.medium.com/')).toBe('writer.medium.com');
    expect(siteKeyOf('https://me.micro.blog/')).toBe('me.micro.blog');
    expect(siteKeyOf('https://www.bob.substack.com/')).toBe('bob.substack.com');
    expect(siteKeyOf('https://someone.blog.fc2.com/')).toBe('someone.blog.fc2.com');
  });

  it('keeps the bare platform host as the platform site', () => {
    expect(siteKeyOf('https://substack.com/inbox')).toBe('substack.com');
    expect(siteKeyOf('https://www.substack.com/')).toBe('substack.com');
    expect(siteKeyOf('https://medium.com/@writer/post')).toBe('medium.com');
  });

  it('keys IPs and single-label hosts by host:port', () => {
    expect(siteKeyOf('http://127.0.0.1:4001/a')).toBe('127.0.0.1:4001');
    expect(siteKeyOf('http://127.0.0.1:4002/a')).toBe('127.0.0.1:4002');
    expect(siteKeyOf('http://localhost:3000/')).toBe('localhost:3000');
    expect(siteKeyOf('http://LOCALHOST/')).toBe('localhost:80');
    expect(siteKeyOf('https://10.0.0.1/')).toBe('10.0.0.1:443');
    expect(siteKeyOf('http://[::1]:8080/')).toBe('[::1]:8080');
  });

  it('treats a host that is itself a public suffix as its own site', () => {
    expect(siteKeyOf('https://github.io/')).toBe('github.io');
  });

  it('accepts bare host names and never throws on garbage', () => {
    expect(siteKeyOf('blog.example.org/x')).toBe('example.org');
    expect(siteKeyOf('')).toBe('');
    expect(siteKeyOf('http://')).toBe('');
  });

  it('exports the platform list, all lower-case and with a dot', () => {
    expect(EXTRA_SITE_SUFFIXES).toContain('substack.com');
    for (const s of EXTRA_SITE_SUFFIXES) expect(s).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  });
});
