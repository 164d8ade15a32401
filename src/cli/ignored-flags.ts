// A resumed run keeps the settings it started with (a half-crawled frontier cannot change its
// depth or politeness midway), so crawl flags typed now are ignored. Say which, in the user's
// own spelling, so nobody waits for a --depth 1 crawl that is really running at depth 2.
import type { CrawlSettings } from '../crawl/settings.js';

/** How each setting is spelled on the command line, and its value shown the way it is typed. */
const FLAGS: { [K in keyof CrawlSettings]: [flag: string, show: (v: CrawlSettings[K]) => string] } = {
  depth: ['--depth', String],
  maxPages: ['--max-pages', String],
  perSite: ['--per-site', String],
  concurrency: ['--concurrency', String],
  delayMs: ['--delay', (ms) => String(ms / 1000)],
  itemsPerFeed: ['--items-per-feed', String],
  postsPerSite: ['--posts-per-site', String],
  postsPerAccount: ['--posts-per-account', String],
  blueskyApi: ['--bluesky-api', String],
  maxBytes: ['--max-bytes', String],
  timeoutMs: ['--timeout', (ms) => String(ms / 1000)],
  userAgent: ['--user-agent', (ua) => JSON.stringify(ua)],
  topic: ['--topic', (t) => JSON.stringify(t.join(' '))],
  platforms: ['--platform', (p) => p.join(' --platform ')],
};

/** The flags in `given` whose values differ from the resumed run's `kept` settings, e.g. `--depth 1`. */
export function ignoredFlags(given: Partial<CrawlSettings>, kept: CrawlSettings): string[] {
  const out: string[] = [];
  for (const key of Object.keys(FLAGS) as (keyof CrawlSettings)[]) {
    const value = given[key];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(kept[key])) continue;
    const [flag, show] = FLAGS[key] as [string, (v: unknown) => string];
    out.push(`${flag} ${show(value)}`);
  }
  return out;
}
