// robots.txt per RFC 9309: what a fetch of /robots.txt means for an origin, and one answer per
// origin per run (re-read after 24 hours). A 4xx means no rules (allow all); 5xx, 429 or a
// network failure mean we cannot know, so the origin is off limits until it is read again; a
// file past 500 KiB is parsed up to there; too many redirects count as unavailable (allow all).
// An origin the network guard refuses is reported as blocked, not as a site that is down.
import type { Clock } from '../clock.js';
import { FetchBlockedError, FetchRedirectError, oneLine } from '../errors.js';
import type { FetchResult } from './fetch-types.js';
import { parseRobotsTxt, withoutPartialLastLine } from './robots-txt.js';

/** RFC 9309 requires parsing at least 500 KiB; the rest of a larger file is not read. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

/** RFC 9309: a cached robots.txt should not be used for more than 24 hours. */
export const ROBOTS_FRESH_MS = 24 * 60 * 60 * 1000;

/** The rules that apply to us on one origin. */
export interface RobotsRules {
  /** Why the rules are what they are, for skip reasons ('robots.txt answered 503'). */
  source: string;
  /** True when robots.txt was read (or is absent); false when it could not be (site down). */
  known: boolean;
  /** Set when the origin itself is refused by the network guard: report that instead. */
  blocked: FetchBlockedError | null;
  isAllowed(url: string): boolean;
  /** Crawl-delay in ms, or null. */
  crawlDelayMs: number | null;
}

const allowAll = (source: string): RobotsRules => ({ source, known: true, blocked: null, isAllowed: () => true, crawlDelayMs: null });
const disallowAll = (source: string, blocked: FetchBlockedError | null = null): RobotsRules => ({ source, known: false, blocked, isAllowed: () => false, crawlDelayMs: null });

/** Build the rules from a robots.txt fetch outcome (a result, or the error it threw). Pure. */
export function rulesFromFetch(origin: string, outcome: FetchResult | Error, productToken: string): RobotsRules {
  if (outcome instanceof FetchBlockedError) {
    const own = safeOrigin(outcome.hop) === origin;
    return disallowAll(own ? outcome.reason : `robots.txt unreachable (${outcome.reason})`, own ? outcome : null);
  }
  // RFC 9309 2.3.1.2: past five redirects the file may be taken as unavailable, i.e. no rules.
  if (outcome instanceof FetchRedirectError) return allowAll(`no robots.txt (${oneLine(outcome).replace(/^\S+: /, '')})`);
  if (outcome instanceof Error) return disallowAll(`robots.txt unreachable (${oneLine(outcome)})`);
  const { status } = outcome;
  // 429 is a 4xx, but it says "not now", as a 503 does (Google treats it the same way).
  if (status >= 500 || status === 429) return disallowAll(`robots.txt answered ${status}`);
  if (status >= 400 || outcome.body === null) return allowAll(`no robots.txt (${status})`);
  let text = outcome.body;
  // A file cut at the size cap ends in a partial line, which could read as a shorter rule.
  if (outcome.truncated) text = withoutPartialLastLine(text);
  const robots = parseRobotsTxt(text);
  const delay = robots.crawlDelay(productToken);
  return {
    source: 'robots.txt',
    known: true,
    blocked: null,
    isAllowed: (url) => {
      const u = new URL(url);
      // Another origin's URL is not this file's to judge.
      if (u.origin !== origin) return true;
      return robots.isAllowed(u.pathname + u.search, productToken);
    },
    crawlDelayMs: delay !== null && delay > 0 ? delay * 1000 : null,
  };
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Caches one rules promise per origin, for at most ROBOTS_FRESH_MS. */
export class RobotsCache {
  private readonly byOrigin = new Map<string, { at: number; rules: Promise<RobotsRules> }>();

  constructor(
    private readonly fetchRobots: (robotsUrl: string) => Promise<FetchResult>,
    private readonly productToken: string,
    private readonly clock: Pick<Clock, 'now'> = { now: () => Date.now() },
  ) {}

  /** The rules for the origin of `url`, fetched on first use and again once a day old. */
  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    const now = this.clock.now();
    const kept = this.byOrigin.get(origin);
    if (kept && now - kept.at < ROBOTS_FRESH_MS) return kept.rules;
    const rules = this.fetchRobots(`${origin}/robots.txt`).then(
      (res) => rulesFromFetch(origin, res, this.productToken),
      (err: unknown) => rulesFromFetch(origin, err instanceof Error ? err : new Error(String(err)), this.productToken),
    );
    this.byOrigin.set(origin, { at: now, rules });
    return rules;
  }
}
