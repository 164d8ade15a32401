// `linernotes discover SEEDS`: read the seeds, crawl outward, rank, print a short summary.
// A run killed midway is resumed by running the same command again.
import { readFileSync } from 'node:fs';
import type { Clock } from '../../clock.js';
import { ExitCode, UsageError } from '../../errors.js';
import { parseSeeds, type Seed } from '../../extract/seeds.js';
import { crawl, type CrawlResult } from '../../crawl/crawler.js';
import { createFetcher } from '../../crawl/fetcher.js';
import { createDispatcher } from '../../crawl/http-dispatcher.js';
import { identify } from '../../crawl/identify.js';
import { createPoliteFetch } from '../../crawl/polite-fetch.js';
import { HostScheduler } from '../../crawl/politeness.js';
import { resolveSettings, type CrawlSettings } from '../../crawl/settings.js';
import { CONFIG_FILE, loadConfig } from '../../config.js';
import { computeAndStoreScores } from '../../rank/compute.js';
import { SOURCES } from '../../sources/index.js';
import { openDatabase } from '../../store/db.js';
import { createStore, type Store } from '../../store/store.js';
import { marksByPerson } from '../../store/marks.js';
import { seedFromRow, seedIdentity } from '../../store/seeds.js';
import { personOf } from '../../rank/compute.js';
import { chalkFor, type Io } from '../output.js';
import { createProgress } from '../progress.js';
import { Option } from 'commander';
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
  quiet?: boolean;
  json?: boolean;
}

/** Read and parse the seeds file; a missing file is a usage error naming it. */
export function readSeeds(file: string): Seed[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read'}; pass a seeds file with one URL or handle per line`);
  }
  return parseSeeds(text, file);
}

/** Turn flags into settings (seconds to ms, topic into terms). */
export function settingsFromFlags(f: DiscoverFlags): CrawlSettings {
  return resolveSettings({
    depth: f.depth, maxPages: f.maxPages, perSite: f.perSite, concurrency: f.concurrency,
    delayMs: f.delay === undefined ? undefined : f.delay * 1000, itemsPerFeed: f.itemsPerFeed,
    postsPerSite: f.postsPerSite, postsPerAccount: f.postsPerAccount, blueskyApi: f.blueskyApi, maxBytes: f.maxBytes, timeoutMs: f.timeout === undefined ? undefined : f.timeout * 1000,
    userAgent: f.userAgent, topic: f.topic ? f.topic.split(/[,\s]+/).filter(Boolean) : undefined, platforms: f.platform,
  });
}

/** Store the seeds and put each at hop 0 of the run: a web seed as a home page, an account as its profile. */
function plantSeeds(store: Store, runId: number, seeds: Seed[], settings: CrawlSettings, now: number): void {
  store.tx(() => {
    for (const seed of seeds) {
      const seedId = store.seeds.upsert(seed, 'active', now);
      if (!seed.url) continue;
      const id = identify(seed.url, settings.platforms);
      const entityId = store.graph.ensureEntity(id.key, id.kind, { homeUrl: id.homeUrl }, runId, now);
      if (id.handle || id.profileUrl) store.graph.describeIfBlank(entityId, { handle: id.handle, profileUrl: id.profileUrl });
      store.graph.markSeed(entityId);
      store.seeds.setEntity(seedId, entityId);
      store.graph.offerDiscovery({ entityId, runId, depth: 0, parentEntity: null, edgeType: null, evidenceUrl: null, targetUrl: seed.url }, now);
      const visits = seed.kind === 'web' ? [{ url: seed.url, role: 'home' as const }] : id.visits;
      for (const v of visits) {
        store.frontier.enqueue(runId, { url: v.url, depth: 0, role: v.role, entityId, foundFromUrl: null, foundEdge: 'seed' }, now);
      }
    }
  });
}

/** Seeds added with `linernotes seeds add` (and earlier files) that are still active. */
function storedSeeds(store: Store, fromFile: Seed[]): Seed[] {
  const inFile = new Set(fromFile.map((s) => `${s.kind} ${seedIdentity(s)}`));
  return store.seeds.list().filter((r) => r.status === 'active' && !inFile.has(`${r.kind} ${r.identity}`)).map(seedFromRow);
}

/**
 * Picked candidates branch the liner notes outward: their identities are fetched at hop 0, like
 * seeds, but they stay candidates (they are not restart points of PageRank, so picking does
 * not reshape everyone else's authority). Returns how many people were planted.
 */
function plantPicks(store: Store, runId: number, settings: CrawlSettings, now: number): number {
  const entities = store.graph.entities();
  const people = personOf(store, entities);
  const picked = [...marksByPerson(store.marks.all(), people)].filter(([, m]) => m.status === 'picked').map(([person]) => person);
  store.tx(() => {
    for (const person of picked) {
      for (const e of entities.filter((x) => people.get(x.id) === person && x.aliasOf === null)) {
        const url = e.kind === 'account' ? e.profileUrl : e.homeUrl;
        if (!url || e.isPlatform) continue;
        const visits = identify(url, settings.platforms).visits.slice(0, 1);
        for (const v of visits) store.frontier.enqueue(runId, { url: v.url, depth: 0, role: v.role, entityId: e.id, foundFromUrl: null, foundEdge: 'pick' }, now);
      }
    }
  });
  return picked.length;
}

/** Run `discover`; returns the exit code. */
export async function runDiscover(seedsFile: string | undefined, flags: DiscoverFlags, io: Io, clock: Clock): Promise<number> {
  const fileSeeds = seedsFile === undefined ? [] : readSeeds(seedsFile);
  const config = loadConfig(flags.db, flags.config);
  let settings = settingsFromFlags({ ...flags, platform: [...(flags.platform ?? []), ...config.platforms] });
  const say = (line: string) => { if (!flags.quiet) io.stderr.write(`${line}\n`); };
  const c = chalkFor(io.stderr, io.env);
  const store = createStore(openDatabase(flags.db));
  try {
    const seeds = [...fileSeeds, ...storedSeeds(store, fileSeeds)];
    if (seeds.length === 0) {
      throw new UsageError(`${flags.db}: no seeds; pass a seeds file, or add seeds with \`linernotes seeds add URL --db ${flags.db}\``, 'LN_NO_SEEDS');
    }
    let runId: number;
    const unfinished = store.runs.latestUnfinished();
    if (unfinished && !flags.restart) {
      runId = unfinished.id;
      settings = resolveSettings(unfinished.settings as Partial<CrawlSettings>);
      const counts = store.frontier.statusCounts(runId);
      say(c.yellow(`resuming run ${runId}: ${unfinished.pagesFetched} fetched, ${counts.queued + counts.fetching} left (its settings are kept; --restart starts over)`));
    } else {
      if (unfinished) store.runs.finish(unfinished.id, 'abandoned', 'restarted', clock.now());
      runId = store.runs.create('discover', settings, seedsFile ?? null, clock.now());
    }
    plantSeeds(store, runId, seeds, settings, clock.now());
    if (flags.expandPicks !== false) {
      const picks = plantPicks(store, runId, settings, clock.now());
      if (picks > 0) say(`${picks} picked candidate(s) crawled from hop 0 (--no-expand-picks to stop)`);
    }

    const result = await crawlRun(store, runId, settings, io, clock, flags.quiet ?? false);
    if (result.stopReason === 'interrupted') {
      say(c.yellow(`interrupted after ${result.fetched} fetches; run the same command again to resume run ${runId}`));
      return 130;
    }
    const candidates = computeAndStoreScores(store, runId, { ...config.ranking, topic: settings.topic });
    const seedFailures = failedSeeds(store, runId);
    const status = seedFailures.length > 0 ? 'partial' : 'done';
    store.runs.finish(runId, status, result.stopReason, clock.now());
    printSummary(io, flags, { runId, status, result, candidates, seedFailures, db: flags.db });
    for (const f of seedFailures) say(c.red(`seed failed: ${f}`));
    return status === 'partial' ? ExitCode.partial : ExitCode.ok;
  } finally {
    store.close();
  }
}

/** Wire the network and run the crawl loop with progress and Ctrl-C handling. */
async function crawlRun(store: Store, runId: number, settings: CrawlSettings, io: Io, clock: Clock, quiet: boolean): Promise<CrawlResult> {
  const dispatcher = createDispatcher(io.env, { connectionsPerOrigin: 2 });
  const fetcher = createFetcher(dispatcher, { userAgent: settings.userAgent, maxBytes: settings.maxBytes, totalTimeoutMs: settings.timeoutMs }, () => clock.now());
  const scheduler = new HostScheduler(clock, { concurrency: settings.concurrency, delayMs: settings.delayMs });
  const fetch = createPoliteFetch(fetcher, scheduler, clock, {
    onRetry: (url, _why, waitMs) => store.frontier.noteRetry(runId, url, clock.now() + waitMs),
  });
  const progress = createProgress(io.stderr, clock, { quiet, maxPages: settings.maxPages });
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await crawl(runId, settings, { store, fetch, clock, sources: SOURCES, onProgress: (p) => progress.update(p) }, abort.signal);
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await fetcher.close();
  }
}

/** Seeds whose own pages could not be read: the run is partial. */
function failedSeeds(store: Store, runId: number): string[] {
  return (store.db
    .prepare("SELECT url, reason FROM frontier WHERE run_id = ? AND depth = 0 AND found_edge = 'seed' AND status IN ('failed','skipped')")
    .all(runId) as { url: string; reason: string | null }[]).map((r) => `${r.url}: ${r.reason ?? 'failed'}`);
}

function printSummary(io: Io, flags: DiscoverFlags, s: { runId: number; status: string; result: CrawlResult; candidates: number; seedFailures: string[]; db: string }): void {
  const { result } = s;
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ run: s.runId, status: s.status, stopReason: result.stopReason, fetched: result.fetched, failed: result.failed, skipped: result.skipped, overBudget: result.overBudget, candidates: s.candidates, seedFailures: s.seedFailures, db: s.db }, null, 2)}\n`);
    return;
  }
  const stop = result.stopReason === 'max-pages' ? ' (stopped at --max-pages)' : '';
  io.stdout.write(
    `run ${s.runId} ${s.status}${stop}: ${result.fetched} fetched, ${result.failed} failed, ${result.skipped} skipped, ` +
      `${s.candidates} candidates ranked in ${s.db}\n` +
      `next: linernotes rank --db ${s.db}   |   linernotes export --db ${s.db} --format csv > influencers.csv\n`,
  );
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
    .option('--platform <domain>', 'treat a domain as a platform: kept in the graph, never crawled or ranked (repeatable)', collect)
    .option('--restart', 'abandon an unfinished run instead of resuming it')
    .option('--no-expand-picks', 'do not crawl from picked candidates')
    .option('--config <file>', `ranking settings (default: ${CONFIG_FILE} next to the database, if there)`)
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
