import { describe, expect, it } from 'vitest';
import { flattenHeaders, parseRetryAfter } from '../../src/crawl/response-headers.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to the injected now', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:01:30 GMT', NOW)).toBe(90_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', NOW)).toBe(0);
  });

  it('returns null for absent or garbage values', () => {
    for (const v of [undefined, '', 'soon', '-5', '1.5', 'Thu, 99 Foo 2026']) {
      expect(parseRetryAfter(v, NOW), String(v)).toBeNull();
    }
  });

  it('caps absurd waits at a year', () => {
    expect(parseRetryAfter('9'.repeat(400), NOW)).toBe(365 * 24 * 3600 * 1000);
  });
});

describe('flattenHeaders', () => {
  it('lower-cases names and keeps the last value of repeated headers', () => {
    expect(flattenHeaders({ 'Content-Type': 'text/html', link: ['<a>; rel=x', '<b>; rel=y'], gone: undefined })).toEqual({
      'content-type': 'text/html',
      link: '<b>; rel=y',
    });
  });
});
