import { describe, expect, it } from 'vitest';
import { MAX_RATE_LIMIT_WAIT_MS, MIN_API_GAP_MS, parseReset, policyGapMs, rateLimitWaitMs } from '../../src/crawl/rate-limit.js';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('rate-limit headers', () => {
  it('reads reset as epoch seconds, delta seconds or an ISO date', () => {
    expect(parseReset(String(NOW / 1000 + 30), NOW)).toBe(NOW + 30_000);
    expect(parseReset('30', NOW)).toBe(NOW + 30_000);
    expect(parseReset(new Date(NOW + 45_000).toISOString(), NOW)).toBe(NOW + 45_000);
    expect(parseReset('soon', NOW)).toBeNull();
  });

  it('waits for the reset when the budget is spent (Bluesky headers)', () => {
    const h = { 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 + 20) };
    expect(rateLimitWaitMs(h, NOW)).toBe(20_000);
  });

  it('paces when the budget runs low (Mastodon headers)', () => {
    const h = { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': new Date(NOW + 100_000).toISOString() };
    expect(rateLimitWaitMs(h, NOW)).toBe(10_000);
  });

  it('does not wait with budget left, without headers, or for a reset in the past', () => {
    expect(rateLimitWaitMs({ 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '250', 'x-ratelimit-reset': new Date(NOW + 100_000).toISOString() }, NOW)).toBe(0);
    expect(rateLimitWaitMs({}, NOW)).toBe(0);
    expect(rateLimitWaitMs({ 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 - 5) }, NOW)).toBe(0);
  });

  it('never waits longer than 15 minutes', () => {
    const h = { 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW / 1000 + 86_400) };
    expect(rateLimitWaitMs(h, NOW)).toBe(MAX_RATE_LIMIT_WAIT_MS);
  });
});

describe('rate-limit policy', () => {
  it('paces an API at half the rate its policy allows, the strictest policy winning', () => {
    expect(policyGapMs({ 'ratelimit-policy': '3000;w=300' })).toBe(200);
    expect(policyGapMs({ 'ratelimit-policy': '3000;w=300, 100;w=60' })).toBe(1200);
    expect(policyGapMs({ 'ratelimit-policy': '100000;w=1' })).toBe(MIN_API_GAP_MS);
    expect(policyGapMs({ 'ratelimit-policy': 'lots' })).toBeNull();
    expect(policyGapMs({})).toBeNull();
  });
});
