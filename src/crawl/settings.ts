// Crawl settings: one typed object, defaults in one place, validated at the boundary. They are
// stored with the run so a resumed run crawls exactly as it started.
import { UsageError } from '../errors.js';

/** Everything that shapes a crawl. */
export interface CrawlSettings {
  /** Hops from the seeds to visit. @default 2 */
  depth: number;
  /** Pages and feeds to fetch in the whole run. @default 2000 */
  maxPages: number;
  /** Frontier rows per site, so one big site cannot eat the crawl. @default 25 */
  perSite: number;
  /** Requests in flight across all hosts. @default 16 */
  concurrency: number;
  /** Minimum gap between requests to one host, in ms (a larger Crawl-delay wins). @default 1000 */
  delayMs: number;
  /** Most recent items read per feed. @default 10 */
  itemsPerFeed: number;
  /** Most recent posts fetched in full per feed. @default 3 */
  postsPerSite: number;
  /** Most recent posts read per Bluesky or fediverse account. @default 100 */
  postsPerAccount: number;
  /** Bluesky AppView base URL. @default 'https://public.api.bsky.app' (env LINERNOTES_BLUESKY_API) */
  blueskyApi: string;
  /** Response size cap on decoded bytes. @default 5 MiB */
  maxBytes: number;
  /** Total deadline per request, in ms. @default 30000 */
  timeoutMs: number;
  /** User-Agent header. @default DEFAULT_USER_AGENT */
  userAgent: string;
  /** Topic terms from --topic. @default [] */
  topic: string[];
  /** Extra site keys to treat as platforms (never crawled or ranked). @default [] */
  platforms: string[];
}

/** Honest and contactable, as crawler etiquette asks. */
export const DEFAULT_USER_AGENT = 'linernotes/0.1 (+https://github.com/linernotes/linernotes; influencer discovery crawler)';

export const DEFAULT_SETTINGS: CrawlSettings = {
  depth: 2,
  maxPages: 2000,
  perSite: 25,
  concurrency: 16,
  delayMs: 1000,
  itemsPerFeed: 10,
  postsPerSite: 3,
  postsPerAccount: 100,
  blueskyApi: 'https://public.api.bsky.app',
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 30_000,
  userAgent: DEFAULT_USER_AGENT,
  topic: [],
  platforms: [],
};

const INTEGER_LIMITS: [keyof CrawlSettings, string, number, number][] = [
  ['depth', '--depth', 0, 10],
  ['maxPages', '--max-pages', 1, 10_000_000],
  ['perSite', '--per-site', 1, 100_000],
  ['concurrency', '--concurrency', 1, 256],
  ['itemsPerFeed', '--items-per-feed', 1, 1000],
  ['postsPerSite', '--posts-per-site', 0, 1000],
  ['postsPerAccount', '--posts-per-account', 0, 10_000],
  ['maxBytes', '--max-bytes', 1024, 1024 * 1024 * 1024],
  ['timeoutMs', '--timeout', 100, 3_600_000],
];

/** Apply defaults and validate; throws UsageError naming the flag and the bad value. */
export function resolveSettings(partial: Partial<CrawlSettings>): CrawlSettings {
  const s: CrawlSettings = { ...DEFAULT_SETTINGS, ...stripUndefined(partial) };
  for (const [key, flag, min, max] of INTEGER_LIMITS) {
    const v = s[key] as number;
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
    }
  }
  if (!Number.isFinite(s.delayMs) || s.delayMs < 0 || s.delayMs > 3_600_000) {
    throw new UsageError(`--delay must be a number of seconds from 0 to 3600, got ${JSON.stringify(s.delayMs / 1000)}`);
  }
  if (!/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(s.blueskyApi)) {
    throw new UsageError(`--bluesky-api must be an http(s) URL like https://public.api.bsky.app, got ${JSON.stringify(s.blueskyApi)}`);
  }
  s.blueskyApi = s.blueskyApi.replace(/\/+$/, '');
  if (!s.userAgent.trim() || /[\r\n]/.test(s.userAgent)) throw new UsageError('--user-agent must be one non-empty line');
  return s;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
