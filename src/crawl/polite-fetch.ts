// The crawler's only way to the network: robots.txt first, then the host scheduler, then the
// fetcher, with retries. 429/503 back the whole host off (Retry-After honoured); timeouts,
// resets and 500/502/504 retry after retry-policy.ts's jittered exponential backoff; at most
// `maxTries` tries in all.
import type { Clock } from '../clock.js';
import { FetchBlockedError, FetchError, FetchNetworkError, FetchTimeoutError, LinernotesError, oneLine } from '../errors.js';
import type { Fetcher, FetchRequest, FetchResult } from './fetcher.js';
import type { RequestScheduler } from './politeness.js';
import type { StoredRobots } from '../store/robots-store.js';
import { policyGapMs, rateLimitWaitMs } from './rate-limit.js';
import { retryDelayMs, retryPolicy } from './retry-policy.js';
import { ROBOTS_FRESH_MS, ROBOTS_MAX_BYTES, RobotsCache } from './robots.js';
import { DEFAULT_PRODUCT_TOKEN, withoutPartialLastLine } from './robots-txt.js';

export { ROBOTS_FRESH_MS };

/** The URL is off limits by robots.txt (or robots.txt could not be read). */
export class RobotsDisallowedError extends LinernotesError {
  /** True when robots.txt could not be read (site down), false when its rules say no. */
  readonly unreachable: boolean;
  constructor(url: string, why: string, unreachable: boolean) {
    super(`${url}: ${why}`, { code: 'LN_ROBOTS_DISALLOWED' });
    this.unreachable = unreachable;
  }
}

/** Options for polite fetching. */
export interface PoliteFetchOptions {
  /** Product token matched against robots.txt groups (robots-txt.ts `productTokenOf(userAgent)`). @default 'linernotes' */
  productToken?: string;
  /** Tries per URL, the first included. @default 3 */
  maxTries?: number;
  /** First backoff for transient errors; doubles each try (each wait 50–100 % of its step). @default 2000 */
  backoffMs?: number;
  /** The longest computed backoff. @default 60000 */
  maxBackoffMs?: number;
  /** The backoff jitter's source of numbers in [0, 1). @default Math.random */
  random?: () => number;
  /** A Retry-After longer than this gives the URL up instead of stalling the run. @default 120000 */
  maxRetryAfterMs?: number;
  /** Called when a try fails and another follows (for logs). */
  onRetry?: (url: string, why: string, waitMs: number) => void;
  /** Where robots.txt answers are kept between runs (reused for a day, then re-validated). */
  robotsStore?: { get(origin: string): StoredRobots | null; put(origin: string, robots: StoredRobots): void };
  /**
   * Look in the robots store again once the host's turn has come, before asking the server:
   * another worker process may have read that robots.txt while this one waited. @default false
   */
  robotsRecheck?: boolean;
  /**
   * Where workers sharing a run keep the robots.txt answers that mean "stay away this run"
   * (5xx, 429: the status; no answer at all, refused or timed out: the error's one-line text),
   * which the robots store does not keep: the other workers take the same answer instead of
   * asking a failing server again. @default this process only
   */
  robotsFailures?: { get(origin: string): RobotsFailure | null; put(origin: string, failure: RobotsFailure): void };
}

/** Why robots.txt could not be read: the server's status, or the network error's text. */
export type RobotsFailure = number | string;

const TRANSIENT_STATUS = new Set([500, 502, 504]);
const BACKOFF_STATUS = new Set([429, 503]);

/** A fetch function that obeys robots.txt, per-host politeness and retries. */
export type PoliteFetch = (req: FetchRequest) => Promise<FetchResult>;

/** Wire robots, scheduler and fetcher into one polite fetch. */
export function createPoliteFetch(fetcher: Fetcher, scheduler: RequestScheduler, clock: Clock, opts: PoliteFetchOptions = {}): PoliteFetch {
  const policy = retryPolicy({ maxTries: opts.maxTries, backoffMs: opts.backoffMs, maxBackoffMs: opts.maxBackoffMs, random: opts.random });
  const maxTries = policy.maxTries;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 120_000;

  // The host waits out the backoff before its next request (this URL's retry or any other).
  const retryAfter = (url: string, host: string, why: string, waitMs: number): void => {
    opts.onRetry?.(url, why, waitMs);
    scheduler.backoff(host, clock.now() + waitMs);
  };

  const withRetries = async (req: FetchRequest, tries = maxTries, instead?: () => FetchResult | null): Promise<FetchResult> => {
    const host = new URL(req.url).host;
    for (let attempt = 1; ; attempt++) {
      let res: FetchResult;
      try {
        res = await scheduler.schedule(host, () => {
          const kept = instead?.();
          return kept ? Promise.resolve(kept) : fetcher.fetch(req);
        });
        const hold = rateLimitWaitMs(res.headers, clock.now());
        if (hold > 0) scheduler.backoff(host, clock.now() + hold);
        const gap = policyGapMs(res.headers);
        if (gap !== null) scheduler.setApiGap(host, gap);
      } catch (err) {
        if (!(err instanceof FetchError) || !err.retryable || attempt >= tries) throw err;
        retryAfter(req.url, host, err.message, retryDelayMs(attempt, policy));
        continue;
      }
      if (BACKOFF_STATUS.has(res.status)) {
        const wait = res.retryAfterMs ?? retryDelayMs(attempt, policy);
        if (attempt >= tries || wait > maxRetryAfterMs) return res;
        retryAfter(req.url, host, `HTTP ${res.status}`, wait);
        continue;
      }
      if (TRANSIENT_STATUS.has(res.status) && attempt < tries) {
        retryAfter(req.url, host, `HTTP ${res.status}`, retryDelayMs(attempt, policy));
        continue;
      }
      return res;
    }
  };

  // robots.txt gets one try: a server error means "stay away this run" (RFC 9309), and retrying a
  // dead host's robots.txt would hold its whole hop back for the backoff.
  const fetchRobots = async (robotsUrl: string): Promise<FetchResult> => {
    const origin = new URL(robotsUrl).origin;
    const failed = opts.robotsFailures?.get(origin) ?? null;
    if (failed !== null) return failedAnswer(robotsUrl, failed);
    const stored = opts.robotsStore?.get(origin) ?? null;
    const now = clock.now();
    if (stored && now - stored.fetchedAt < ROBOTS_FRESH_MS) return fromStored(robotsUrl, stored);
    let res: FetchResult;
    try {
      res = await withRetries({
        url: robotsUrl, accept: 'text/plain', maxBytes: ROBOTS_MAX_BYTES, truncate: true,
        ifNoneMatch: stored?.etag ?? undefined, ifModifiedSince: stored?.lastModified ?? undefined,
      }, 1, opts.robotsRecheck ? () => freshStored(robotsUrl, origin) : undefined);
    } catch (err) {
      // No answer at all (refused, reset, timed out) is kept for the other workers as its text;
      // a guard refusal, a redirect loop or a shutdown is not that, and stays with this process.
      if (err instanceof FetchNetworkError || err instanceof FetchTimeoutError) {
        opts.robotsFailures?.put(origin, oneLine(err));
      }
      throw err;
    }
    if ((res as { fromStore?: boolean }).fromStore) return res;
    if (res.notModified && stored) {
      opts.robotsStore?.put(origin, { ...stored, fetchedAt: now });
      return fromStored(robotsUrl, stored);
    }
    // Past 500 KiB only whole lines count: a cut-off last line could read as a shorter rule.
    if (res.truncated && res.body !== null) res = { ...res, body: withoutPartialLastLine(res.body) };
    if (res.status >= 500 || res.status === 429) opts.robotsFailures?.put(origin, res.status);
    else {
      opts.robotsStore?.put(origin, { fetchedAt: now, status: res.status, etag: res.headers['etag'] ?? null, lastModified: res.headers['last-modified'] ?? null, body: res.body });
    }
    return res;
  };
  // Read by another worker meanwhile: its stored answer, marked so it is not stored again.
  const freshStored = (robotsUrl: string, origin: string): (FetchResult & { fromStore: true }) | null => {
    const failed = opts.robotsFailures?.get(origin) ?? null;
    if (failed !== null) return { ...failedAnswer(robotsUrl, failed), fromStore: true };
    const now = opts.robotsStore?.get(origin) ?? null;
    return now && clock.now() - now.fetchedAt < ROBOTS_FRESH_MS ? { ...fromStored(robotsUrl, now), fromStore: true } : null;
  };
  const robots = new RobotsCache(fetchRobots, opts.productToken ?? DEFAULT_PRODUCT_TOKEN, clock);

  return async (req) => {
    const rules = await robots.rulesFor(req.url);
    // The guard refused the origin itself while reading its robots.txt: that is the answer.
    if (rules.blocked) throw new FetchBlockedError(req.url, rules.blocked.reason, rules.blocked.blocked);
    if (rules.crawlDelayMs !== null) scheduler.setCrawlDelay(new URL(req.url).host, rules.crawlDelayMs);
    if (!rules.isAllowed(req.url)) {
      const unreachable = !rules.known;
      throw new RobotsDisallowedError(req.url, unreachable ? `site unreachable: ${rules.source}` : 'disallowed by robots.txt', unreachable);
    }
    return withRetries(req);
  };
}

/**
 * A robots.txt failure another worker met: only its status matters ("stay away"); no answer at
 * all is thrown again as the same text, so every worker writes the same reason for its rows.
 */
function failedAnswer(url: string, failure: RobotsFailure): FetchResult {
  if (typeof failure === 'string') throw new Error(failure);
  return fromStored(url, { fetchedAt: 0, status: failure, etag: null, lastModified: null, body: null });
}

/** A stored robots.txt answer, as the fetch result it stands for. */
function fromStored(url: string, r: StoredRobots): FetchResult {
  return {
    url, finalUrl: url, redirects: [], status: r.status, headers: {}, contentType: 'text/plain', charset: 'utf-8',
    body: r.body, bytes: r.body?.length ?? 0, retryAfterMs: null, notModified: false,
  };
}
