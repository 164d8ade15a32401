// The retry rule: jittered exponential backoff, capped; and the polite fetch applying it to
// timeouts, 5xx and 429/503 (a server's Retry-After taken as given, a too-long one giving up).
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { FetchTimeoutError } from '../../src/errors.js';
import type { Fetcher, FetchRequest, FetchResult } from '../../src/crawl/fetch-types.js';
import type { RequestScheduler } from '../../src/crawl/politeness.js';
import { createPoliteFetch } from '../../src/crawl/polite-fetch.js';
import { retryDelayMs, retryPolicy } from '../../src/crawl/retry-policy.js';

describe('retryDelayMs', () => {
  it('doubles per try, keeps half of each step fixed and jitters the other half', () => {
    const low = retryPolicy({ random: () => 0 });
    const high = retryPolicy({ random: () => 0.999999 });
    expect([1, 2, 3].map((a) => retryDelayMs(a, low))).toEqual([1000, 2000, 4000]);
    expect([1, 2, 3].map((a) => retryDelayMs(a, high))).toEqual([2000, 4000, 8000]);
  });

  it('never waits longer than maxBackoffMs, however many tries', () => {
    const p = retryPolicy({ backoffMs: 1000, maxBackoffMs: 5000, random: () => 0.999999 });
    expect(retryDelayMs(10, p)).toBe(5000);
    expect(retryDelayMs(60, p)).toBe(5000);
  });

  it('refuses settings that make no sense, naming them', () => {
    expect(() => retryPolicy({ maxTries: 0 })).toThrow(/maxTries/);
    expect(() => retryPolicy({ backoffMs: -1 })).toThrow(/backoffMs/);
    expect(() => retryPolicy({ backoffMs: 5000, maxBackoffMs: 10 })).toThrow(/maxBackoffMs/);
  });
});

/** A clock whose time moves only by hand, a scheduler that records backoffs, a scripted fetcher. */
function harness(answers: (FetchResult | Error)[]) {
  let now = 1_000_000;
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const backoffs: number[] = [];
  const scheduler: RequestScheduler = {
    schedule: (_host, task) => task(),
    setCrawlDelay: () => {},
    setApiGap: () => {},
    backoff: (_host, until) => void backoffs.push(until - now),
  };
  const requested: string[] = [];
  const fetcher: Fetcher = {
    fetch: async (req: FetchRequest) => {
      requested.push(req.url);
      if (req.url.endsWith('/robots.txt')) return answer(req.url, 404);
      const next = answers.shift();
      if (!next) throw new Error('no more scripted answers');
      if (next instanceof Error) throw next;
      return next;
    },
    close: async () => {},
  } as unknown as Fetcher;
  return { clock, scheduler, fetcher, backoffs, requested };
}

function answer(url: string, status: number, retryAfterMs: number | null = null): FetchResult {
  return { url, finalUrl: url, redirects: [], status, headers: {}, contentType: 'text/html', charset: 'utf-8', body: 'ok', bytes: 2, retryAfterMs, notModified: false };
}

const URL_ = 'http://site.example/page';

describe('polite fetch retries', () => {
  it('retries a timeout and a 502 after jittered backoffs, then returns the answer', async () => {
    const h = harness([new FetchTimeoutError(URL_, 'headers'), answer(URL_, 502), answer(URL_, 200)]);
    const retries: [string, number][] = [];
    const fetch = createPoliteFetch(h.fetcher, h.scheduler, h.clock, { random: () => 0.5, onRetry: (_u, why, wait) => retries.push([why, wait]) });
    const res = await fetch({ url: URL_ });
    expect(res.status).toBe(200);
    expect(retries).toEqual([[expect.stringContaining('timed out'), 1500], ['HTTP 502', 3000]]);
    expect(h.backoffs).toEqual([1500, 3000]);
  });

  it("waits a 503's Retry-After as given, and gives up on one longer than maxRetryAfterMs", async () => {
    const h = harness([answer(URL_, 503, 7000), answer(URL_, 200), answer(URL_, 429, 10 * 60_000)]);
    const fetch = createPoliteFetch(h.fetcher, h.scheduler, h.clock, { random: () => 0 });
    expect((await fetch({ url: URL_ })).status).toBe(200);
    expect(h.backoffs).toEqual([7000]);
    expect((await fetch({ url: URL_ })).status).toBe(429);
    expect(h.backoffs).toEqual([7000]);
  });

  it('stops after maxTries and hands back the last answer', async () => {
    const h = harness([answer(URL_, 500), answer(URL_, 500), answer(URL_, 500)]);
    const fetch = createPoliteFetch(h.fetcher, h.scheduler, h.clock, { maxTries: 2, random: () => 0 });
    expect((await fetch({ url: URL_ })).status).toBe(500);
    expect(h.requested.filter((u) => u === URL_)).toHaveLength(2);
    expect(h.backoffs).toEqual([1000]);
  });
});
