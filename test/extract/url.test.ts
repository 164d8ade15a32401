import { describe, expect, it } from 'vitest';
import { isTrackingParam, MAX_URL_LENGTH, normalizeUrl, originRoot } from '../../src/extract/url.js';

describe('normalizeUrl', () => {
  it('lower-cases scheme and host but keeps path case', () => {
    expect(normalizeUrl('HTTPS://Example.COM/Some/Path')).toBe('https://example.com/Some/Path');
  });

  it('drops default ports, keeps others', () => {
    expect(normalizeUrl('http://example.com:80/a')).toBe('http://example.com/a');
    expect(normalizeUrl('https://example.com:443/a')).toBe('https://example.com/a');
    expect(normalizeUrl('http://example.com:8080/a')).toBe('http://example.com:8080/a');
  });

  it('drops the fragment and an empty query', () => {
    expect(normalizeUrl('https://example.com/a#section')).toBe('https://example.com/a');
    expect(normalizeUrl('https://example.com/a?')).toBe('https://example.com/a');
    expect(normalizeUrl('https://example.com/a?#x')).toBe('https://example.com/a');
  });

  it('strips tracking params and keeps the rest in order, byte for byte', () => {
    expect(
      normalizeUrl('https://example.com/p?b=2&utm_source=x&a=1&fbclid=abc&UTM_Medium=y&c=%20z+w&gclid=1&mc_eid=2'),
    ).toBe('https://example.com/p?b=2&a=1&c=%20z+w');
    expect(normalizeUrl('https://example.com/p?utm_campaign=a&_hsenc=b&ref_src=twsrc')).toBe('https://example.com/p');
    expect(normalizeUrl('https://example.com/p?ref=home&page=2')).toBe('https://example.com/p?ref=home&page=2');
  });

  it('resolves relative URLs against a base', () => {
    expect(normalizeUrl('../b?x=1', 'https://example.com/dir/sub/page.html')).toBe('https://example.com/dir/b?x=1');
    expect(normalizeUrl('//cdn.example.com/x', 'https://example.com/')).toBe('https://cdn.example.com/x');
    expect(normalizeUrl('/root', 'http://example.com:8080/a/b')).toBe('http://example.com:8080/root');
  });

  it('rejects non-http(s) schemes and garbage without throwing', () => {
    for (const bad of ['javascript:alert(1)', 'mailto:a@b.c', 'data:text/html,hi', 'ftp://example.com/', 'tel:123', 'http://', '::::', '']) {
      expect(normalizeUrl(bad)).toBeNull();
    }
    expect(normalizeUrl('relative/only')).toBeNull();
    expect(normalizeUrl('/x', 'not a base')).toBeNull();
    expect(normalizeUrl(undefined as unknown as string)).toBeNull();
  });

  it('trims whitespace, drops credentials and a trailing dot in the host', () => {
    expect(normalizeUrl('  https://example.com/x \n')).toBe('https://example.com/x');
    expect(normalizeUrl('https://user:pw@example.com/x')).toBe('https://example.com/x');
    expect(normalizeUrl('https://example.com./x')).toBe('https://example.com/x');
  });

  it('turns IDN hosts into punycode', () => {
    expect(normalizeUrl('https://bücher.example/straße')).toBe('https://xn--bcher-kva.example/stra%C3%9Fe');
  });

  it('refuses absurdly long URLs', () => {
    expect(normalizeUrl(`https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`)).toBeNull();
    expect(normalizeUrl(`https://example.com/${'a'.repeat(1000)}`)).not.toBeNull();
  });

  it('adds the root path to bare origins', () => {
    expect(normalizeUrl('https://example.com')).toBe('https://example.com/');
  });
});

describe('isTrackingParam', () => {
  it('knows utm_* and the click ids, in any case', () => {
    expect(isTrackingParam('utm_content')).toBe(true);
    expect(isTrackingParam('MSCLKID')).toBe(true);
    expect(isTrackingParam('page')).toBe(false);
  });
});

describe('originRoot', () => {
  it('keeps scheme, host and a non-default port', () => {
    expect(originRoot('https://Blog.Example.com/a/b?c#d')).toBe('https://blog.example.com/');
    expect(originRoot('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/');
    expect(originRoot('http://example.com:80/x')).toBe('http://example.com/');
  });

  it('returns an empty string for garbage', () => {
    expect(originRoot('not a url')).toBe('');
  });
});
