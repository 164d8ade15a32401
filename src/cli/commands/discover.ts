// `linernotes discover [SEEDS]`: read the seeds, crawl outward, rank, print a short summary.
// A run killed midway is resumed by running the same command again (see cli/run-crawl.ts).
import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import type { Clock } from '../../clock.js';
import { CONFIG_FILE, loadConfig } from '../../config.js';
import { UsageError } from '../../errors.js';
import { parseSeeds, type Seed } from '../../extract/seeds.js';
import { resolveSettings, type CrawlSettings } from '../../crawl/settings.js';
import { openStore, storeExists } from '../../store/open.js';
import { hint } from '../hint.js';
import type { Io } from '../output.js';
import { executeRun, noSeeds, type RunOutcome } from '../run-crawl.js';
import { collect, dbOption, number, type RegisterCommand } from '../options.js';

/** Flags of `discover`, as commander hands them over. */
export interface DiscoverFlags {
  db: string;
  topic?: string;
  depth?: number;
  maxPages?: number;
  perSite?: number;
  concurrency?: number;
  delay?: number;
  itemsPerFeed?: number;
  postsPerSite?: number;
  maxBytes?: number;
  timeout?: number;
  userAgent?: string;
  platform?: string[];
  postsPerAccount?: number;
  blueskyApi?: string;
  restart?: boolean;
  expandPicks?: boolean;
  config?: string;
  keepRuns?: number;
  quiet?: boolean;
  json?: boolean;
  allowPrivate?: boolean;
}

/** Read and parse the seeds file; a missing file is a usage error naming it. */
export function readSeeds(file: string): Seed[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UsageError(`${file}: cannot read the seeds file (permission denied); make it readable (chmod u+r ${file}) or pass another seeds file`, 'LN_SEEDS_UNREADABLE');
    }
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? 'unknown error'})`}; pass a seeds file with one URL or handle per line`, 'LN_SEEDS_UNREADABLE');
  }
  return parseSeeds(text, file);
}

/** Turn flags into settings (seconds to ms, topic into terms). */
export function settingsFromFlags(f: DiscoverFlags): CrawlSettings {
  return resolveSettings(givenSettings(f));
}

/** Only the settings the flags set (undefined for a flag not given). */
export function givenSettings(f: DiscoverFlags): Partial<CrawlSettings> {
  return {
    depth: f.depth, maxPages: f.maxPages, perSite: f.perSite, concurrency: f.concurrency,
    delayMs: f.delay === undefined ? undefined : f.delay * 1000, itemsPerFeed: f.itemsPerFeed,
    postsPerSite: f.postsPerSite, postsPerAccount: f.postsPerAccount, blueskyApi: f.blueskyApi, maxBytes: f.maxBytes, timeoutMs: f.timeout === undefined ? undefined : f.timeout * 1000,
    userAgent: f.userAgent, topic: f.topic ? f.topic.split(/[,\s]+/).filter(Boolean) : undefined, platforms: f.platform,
  };
}

/** Run `discover`; returns the exit code. */
export async function runDiscover(seedsFile: string | undefined, flags: DiscoverFlags, io: Io, clock: Clock): Promise<number> {
  const fileSeeds = seedsFile === undefined ? [] : readSeeds(seedsFile);
  // Nothing to crawl and no database yet: say so without leaving an empty database behind.
  if (fileSeeds.length === 0 && !storeExists(flags.db)) throw noSeeds(flags.db, seedsFile);
  const config = loadConfig(flags.db, flags.config);
  const settings = settingsFromFlags({ ...flags, platform: [...(flags.platform ?? []), ...config.platforms] });
  const store = openStore(flags.db);
  try {
    const run = await executeRun(store, {
      command: 'discover', dbPath: flags.db, fileSeeds, seedsFile: seedsFile ?? null, settings, given: givenSettings(flags), config,
      restart: flags.restart ?? false, expandPicks: flags.expandPicks !== false, keepRuns: flags.keepRuns ?? 12, quiet: flags.quiet ?? false,
      allowPrivate: flags.allowPrivate === true || config.network.allowPrivate,
    }, io, clock);
    if (run.status !== 'interrupted') printSummary(io, flags, run);
    return run.exitCode;
  } finally {
    store.close();
  }
}

/** The run's summary on stdout (data: what cron mails). */
export function printSummary(io: Io, flags: { db: string; json?: boolean; quiet?: boolean }, run: RunOutcome, extra: Record<string, unknown> = {}): void {
  const { result } = run;
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ run: run.runId, status: run.status, stopReason: result.stopReason, fetched: result.fetched, failed: result.failed, skipped: result.skipped, overBudget: result.overBudget, candidates: run.candidates, seedFailures: run.seedFailures, db: flags.db, ...extra }, null, 2)}\n`);
    return;
  }
  const stop = result.stopReason === 'max-pages' ? ' (stopped at --max-pages)' : '';
  io.stdout.write(
    `run ${run.runId} ${run.status}${stop}: ${result.fetched} fetched, ${result.failed} failed, ${result.skipped} skipped, ` +
      `${run.candidates} candidates ranked in ${flags.db}\n`,
  );
  if (!flags.quiet && result.failed + result.skipped > 0) io.stderr.write(`what failed and why: ${hint(`runs --errors ${run.runId}`, flags.db, io.env)}\n`);
}

/** Register `discover`. */
export const registerDiscover: RegisterCommand = (program, ctx) => {
  program
    .command('discover')
    .description('crawl outward from the seeds, store the graph, rank what was found')
    .argument('[seeds-file]', 'one seed per line: site or feed URL, bsky:HANDLE, @user@instance; # comments (default: the stored seeds)')
    .addOption(dbOption(ctx.io.env))
    .option('--topic <words>', 'topic terms that define relevance, besides the seeds\' own writing')
    .option('--depth <n>', 'hops from the seeds to visit (default 2)', number('--depth', { integer: true, min: 0 }))
    .option('--max-pages <n>', 'pages and feeds to fetch at most (default 2000)', number('--max-pages', { integer: true, min: 1 }))
    .option('--per-site <n>', 'URLs at most per site (default 25)', number('--per-site', { integer: true, min: 1 }))
    .option('--concurrency <n>', 'requests in flight across hosts (default 16)', number('--concurrency', { integer: true, min: 1 }))
    .option('--delay <seconds>', 'minimum gap between requests to one host; a larger Crawl-delay wins (default 1)', number('--delay', { integer: false, min: 0 }))
    .option('--items-per-feed <n>', 'recent feed items read per feed (default 10)', number('--items-per-feed', { integer: true, min: 1 }))
    .option('--posts-per-site <n>', 'recent posts fetched in full per feed (default 3)', number('--posts-per-site', { integer: true, min: 0 }))
    .option('--posts-per-account <n>', 'recent posts read per Bluesky or fediverse account (default 100)', number('--posts-per-account', { integer: true, min: 0 }))
    .addOption(new Option('--bluesky-api <url>', 'Bluesky AppView to read profiles and posts from (env LINERNOTES_BLUESKY_API; default https://public.api.bsky.app)').default(ctx.io.env.LINERNOTES_BLUESKY_API || undefined))
    .option('--max-bytes <n>', 'response size cap after decompression (default 5242880)', number('--max-bytes', { integer: true, min: 1024 }))
    .option('--timeout <seconds>', 'total deadline per request (default 30)', number('--timeout', { integer: false, min: 0.1 }))
    .option('--user-agent <ua>', 'User-Agent header (keep a contact URL in it)')
    .option('--allow-private', 'let the crawl reach loopback, private and link-local addresses (an intranet; refused by default)')
    .option('--platform <domain>', 'treat a domain as a platform: kept in the graph, never crawled or ranked (repeatable)', collect)
    .option('--restart', 'abandon an unfinished run instead of resuming it')
    .option('--no-expand-picks', 'do not crawl from picked candidates')
    .option('--config <file>', `ranking settings (default: ${CONFIG_FILE} next to the database, if there)`)
    .option('--keep-runs <n>', 'keep stored page bodies (for conditional re-fetches) of this many recent runs (default 12)', number('--keep-runs', { integer: true, min: 1 }))
    .option('-q, --quiet', 'no progress or notes on stderr')
    .option('--json', 'print the run summary as JSON')
    .addHelpText('after', `
Examples:
  $ linernotes discover seeds.txt --topic "content marketing"
  $ linernotes discover seeds.txt --db niche.db --depth 1 --max-pages 300 --delay 2
  $ HTTPS_PROXY=http://proxy.corp:3128 linernotes discover seeds.txt

Seeds file:
  https://blog.example.com/          # a blog (its feed is found from the page)
  https://example.org/feed.xml       # a feed
  bsky:someone.bsky.social           # a Bluesky account (its reposts, quotes, mentions, links)
  @someone@mastodon.social           # a fediverse account (its boosts, mentions, links)
  mastodon:https://example.social/@x # a fediverse profile URL

A run that is interrupted (Ctrl-C, kill, power loss) resumes when you run the same command again.`)
    .action(async (seedsFile: string | undefined, flags) => ctx.setExit(await runDiscover(seedsFile, flags, ctx.io, ctx.clock)));
};
