// robots.txt per RFC 9309: fetched once per origin per run (500 KiB cap), matched for our
// product token. 4xx means no rules (allow all); 5xx, network failure or an oversized file
// means we cannot know, so the whole origin is off limits for this run.
import robotsParserModule from 'robots-parser';

type RobotsParser = (url: string, contents: string) => {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
};
// robots-parser is CommonJS with a d.ts that NodeNext reads as a namespace; the default import is the function.
const robotsParser = robotsParserModule as unknown as RobotsParser;
import type { FetchResult } from './fetcher.js';
import { oneLine } from '../errors.js';

/** RFC 9309 requires parsing at least 500 KiB; more is not read. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

/** The rules that apply to us on one origin. */
export interface RobotsRules {
  /** Why the rules are what they are, for skip reasons ('robots.txt unreachable (503)'). */
  source: string;
  isAllowed(url: string): boolean;
  /** Crawl-delay in ms, or null. */
  crawlDelayMs: number | null;
}

/** Build the rules from a robots.txt fetch outcome (a result, or the error it threw). Pure. */
export function rulesFromFetch(origin: string, outcome: FetchResult | Error, productToken: string): RobotsRules {
  if (outcome instanceof Error) {
    return { source: `robots.txt unreachable (${oneLine(outcome)})`, isAllowed: () => false, crawlDelayMs: null };
  }
  const { status } = outcome;
  if (status >= 500) return { source: `robots.txt answered ${status}`, isAllowed: () => false, crawlDelayMs: null };
  if (status >= 400 || outcome.body === null) return { source: `no robots.txt (${status})`, isAllowed: () => true, crawlDelayMs: null };
  const robot = robotsParser(`${origin}/robots.txt`, outcome.body);
  const delay = robot.getCrawlDelay(productToken);
  return {
    source: 'robots.txt',
    // robots-parser answers undefined for URLs of another origin; those are not ours to judge.
    isAllowed: (url) => robot.isAllowed(url, productToken) !== false,
    crawlDelayMs: typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? delay * 1000 : null,
  };
}

/** Caches one rules promise per origin for the run. */
export class RobotsCache {
  private readonly byOrigin = new Map<string, Promise<RobotsRules>>();

  constructor(
    private readonly fetchRobots: (robotsUrl: string) => Promise<FetchResult>,
    private readonly productToken: string,
  ) {}

  /** The rules for the origin of `url`, fetched on first use. */
  rulesFor(url: string): Promise<RobotsRules> {
    const origin = new URL(url).origin;
    let rules = this.byOrigin.get(origin);
    if (!rules) {
      rules = this.fetchRobots(`${origin}/robots.txt`).then(
        (res) => rulesFromFetch(origin, res, this.productToken),
        (err: unknown) => rulesFromFetch(origin, err instanceof Error ? err : new Error(String(err)), this.productToken),
      );
      this.byOrigin.set(origin, rules);
    }
    return rules;
  }
}
