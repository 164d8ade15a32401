// One crawl run from start to finish, shared by `discover` and `recrawl`: take the run lock,
// resume the unfinished run or start a new one, plant the seeds (and picks), wire the network,
// crawl with progress and Ctrl-C handling, rank, close the run, prune old bodies.
import { setMaxListeners } from 'node:events';
import type { Clock } from '../clock.js';
import type { UserConfig } from '../config.js';
import { ExitCode, UsageError } from '../errors.js';
import type { Seed } from '../extract/seeds.js';
import { crawl, type CrawlProgress, type CrawlResult } from '../crawl/crawler.js';
import { crawlShared, type SharedCrawlResult } from '../crawl/shared-crawler.js';
import { SharedHostScheduler } from '../crawl/shared-politeness.js';
import { plantPicks, plantSeeds, storedSeeds } from '../crawl/plant.js';
import { createFetcher } from '../crawl/fetcher.js';
import { createDispatcher } from '../crawl/http-dispatcher.js';
import { createPoliteFetch, ROBOTS_FRESH_MS } from '../crawl/polite-fetch.js';
import { productTokenOf } from '../crawl/robots-txt.js';
import { HostScheduler } from '../crawl/politeness.js';
import { createWorkerFetcher } from '../crawl/worker-fetcher.js';
import { resolveSettings, type CrawlSettings } from '../crawl/settings.js';
import { computeAndStoreScores } from '../rank/compute.js';
import { SOURCES } from '../sources/index.js';
import type { RunStatus } from '../store/runs.js';
import type { WorkQueue } from '../store/pg/work-queue.js';
import type { Store } from '../store/store.js';
import { executeSharedRun } from './run-worker.js';
import { chalkFor, safe, type Io } from './output.js';
import { shellQuote } from './hint.js';
import { ignoredFlags } from './ignored-flags.js';
import { createProgress } from './progress.js';
import { applyCrawlGcPolicy } from './gc-policy.js';

/** Everything a run needs besides the store. */
export interface RunRequest {
  command: 'discover' | 'recrawl';
  dbPath: string;
  /** Seeds from a file (the seeds table adds the stored ones). */
  fileSeeds: Seed[];
  seedsFile: string | null;
  settings: CrawlSettings;
  /** The settings the user typed as flags this time; a resumed run names those it ignores. @default {} */
  given?: Partial<CrawlSettings>;
  config: UserConfig;
  /** Abandon an unfinished run instead of resuming it. */
  restart: boolean;
  expandPicks: boolean;
  /** Keep stored bodies (for 304 replays) of this many recent runs. */
  keepRuns: number;
  quiet: boolean;
  /** Let the crawl reach private and local addresses (--allow-private or the settings file). */
  allowPrivate: boolean;
}

/** How a run ended. */
export interface RunOutcome {
  runId: number;
  status: RunStatus | 'interrupted';
  result: CrawlResult;
  candidates: number;
  seedFailures: string[];
  /** Seeds the run started from. */
  seeds: number;
  resumed: boolean;
  exitCode: number;
}

/** The error for a run with nothing to start from. */
export function noSeeds(dbPath: string, seedsFile: string | null | undefined): UsageError {
  const where = seedsFile ? `${seedsFile} has no seeds and ${dbPath} stores none` : `${dbPath}: no seeds`;
  return new UsageError(`${where}; pass a seeds file, or add seeds with \`linernotes seeds add URL --db ${shellQuote(dbPath)}\``, 'LN_NO_SEEDS');
}

/** Heartbeat of the run lock while crawling, so a live run is never taken for a dead one. */
const HEARTBEAT_MS = 30_000;

/** Run a crawl to its end (or to Ctrl-C); the store must be open read-write. */
export async function executeRun(store: Store, req: RunRequest, io: Io, clock: Clock): Promise<RunOutcome> {
  // PostgreSQL: no run lock; this process is one more worker of the run (cli/run-worker.ts).
  if (store.workQueue) return executeSharedRun(store, store.workQueue, req, io, clock);
  const say = (line: string) => { if (!req.quiet) io.stderr.write(`${line}\n`); };
  const c = chalkFor(io.stderr, io.env);
  const lock = store.acquireLock(req.dbPath, req.command, clock, {
    onTakeover: (h) => say(c.yellow(`taking over the lock of a ${safe(h.command)} that is gone (pid ${h.pid} on ${safe(h.host)})`)),
  });
  const beat = setInterval(() => lock.heartbeat(), HEARTBEAT_MS);
  beat.unref();
  try {
    const { runId, settings, resumed, seeds } = startOrResume(store, req, io, clock);
    const result = await crawlWithNetwork(store, runId, settings, io, clock, req.quiet, req.allowPrivate);
    if (result.stopReason === 'interrupted') {
      say(c.yellow(`interrupted after ${result.fetched} fetches; run the same command again to resume run ${runId}`));
      return { runId, status: 'interrupted', result, candidates: 0, seedFailures: [], seeds: seeds.length, resumed, exitCode: 130 };
    }
    return closeRun(store, runId, settings, result, req, io, clock, { seeds: seeds.length, resumed });
  } finally {
    clearInterval(beat);
    lock.release();
  }
}


/** The run this command crawls: the unfinished one (unless --restart), else a new one, its seeds planted. */
export function startOrResume(store: Store, req: RunRequest, io: Io, clock: Clock): { runId: number; settings: CrawlSettings; resumed: boolean; seeds: Seed[] } {
  const say = (line: string) => { if (!req.quiet) io.stderr.write(`${line}\n`); };
  const c = chalkFor(io.stderr, io.env);
  const seeds = [...req.fileSeeds, ...storedSeeds(store, req.fileSeeds)];
  if (seeds.length === 0) throw noSeeds(req.dbPath, req.seedsFile);
  let settings = req.settings;
  let runId: number;
  const unfinished = store.runs.latestUnfinished();
  const resumed = unfinished !== null && !req.restart;
  if (unfinished && resumed) {
    runId = unfinished.id;
    settings = resolveSettings(unfinished.settings as Partial<CrawlSettings>);
    const counts = store.frontier.statusCounts(runId);
    const ignored = ignoredFlags(req.given ?? {}, settings);
    const kept = ignored.length > 0 ? `its settings are kept, ignoring ${ignored.join(' ')}; --restart starts over with them` : 'its settings are kept; --restart starts over';
    // Ignored flags are said even with --quiet: what the user typed is not what will run.
    if (req.quiet && ignored.length > 0) io.stderr.write(`resuming run ${runId} with its own settings, ignoring ${ignored.join(' ')} (--restart starts over with them)\n`);
    say(c.yellow(`resuming run ${runId}: ${unfinished.pagesFetched} fetched, ${counts.queued + counts.fetching} left (${kept})`));
  } else {
    if (unfinished) store.runs.finish(unfinished.id, 'abandoned', 'restarted', clock.now());
    runId = store.runs.create(req.command, settings, req.seedsFile, clock.now());
  }
  plantSeeds(store, runId, seeds, settings, clock.now());
  if (req.expandPicks) {
    const picks = plantPicks(store, runId, settings, clock.now());
    if (picks > 0) say(`${picks} picked candidate(s) crawled from hop 0 (--no-expand-picks to stop)`);
  }

  return { runId, settings, resumed, seeds };
}

/** Rank the crawled run and close it (the one process that stored its end does this). */
export function closeRun(store: Store, runId: number, settings: CrawlSettings, result: CrawlResult, req: Pick<RunRequest, 'config' | 'keepRuns' | 'quiet'>, io: Io, clock: Clock, info: { seeds: number; resumed: boolean }): RunOutcome {
  const say = (line: string) => { if (!req.quiet) io.stderr.write(`${line}\n`); };
  const c = chalkFor(io.stderr, io.env);
  const candidates = computeAndStoreScores(store, runId, { ...req.config.ranking, topic: settings.topic });
  const seedFailures = failedSeeds(store, runId);
  const status: RunStatus = seedFailures.length > 0 ? 'partial' : 'done';
  store.tx(() => {
    store.runs.finish(runId, status, result.stopReason, clock.now());
    store.documents.prune(req.keepRuns);
  });
  for (const f of seedFailures) say(c.red(`seed failed: ${f}`));
  return { runId, status, result, candidates, seedFailures, seeds: info.seeds, resumed: info.resumed, exitCode: status === 'partial' ? ExitCode.partial : ExitCode.ok };
}

/**
 * Wire the network and run the crawl loop with progress and Ctrl-C handling. With a work
 * queue (PostgreSQL), as one worker among several: shared host rows, shared claims.
 */
export async function crawlWithNetwork(store: Store, runId: number, settings: CrawlSettings, io: Io, clock: Clock, quiet: boolean, allowPrivate: boolean): Promise<CrawlResult>;
export async function crawlWithNetwork(store: Store, runId: number, settings: CrawlSettings, io: Io, clock: Clock, quiet: boolean, allowPrivate: boolean, queue: WorkQueue): Promise<SharedCrawlResult>;
export async function crawlWithNetwork(store: Store, runId: number, settings: CrawlSettings, io: Io, clock: Clock, quiet: boolean, allowPrivate: boolean, queue?: WorkQueue): Promise<CrawlResult> {
  applyCrawlGcPolicy(io.env);
  const abort = new AbortController();
  // Every host waiting for its turn listens on the signal: dozens at once is normal.
  setMaxListeners(0, abort.signal);
  // The AppView the user named is reachable even on a private address; links found on pages are not.
  const dispatcherOptions = { connectionsPerOrigin: 2, guard: { allowPrivate, endpoints: [settings.blueskyApi] } };
  const fetcherOptions = { userAgent: settings.userAgent, maxBytes: settings.maxBytes, totalTimeoutMs: settings.timeoutMs };
  // LN_FETCH_THREAD=1: requests, decoding and page parsing on a fetch thread, this one keeping
  // politeness and the store. Off by default: it halves this thread's CPU, but in the bench at
  // 50 ms latency the crawl took longer with it (README, "How fast it crawls").
  const fetcher = io.env.LN_FETCH_THREAD === '1'
    ? createWorkerFetcher({ env: { ...io.env }, dispatcher: dispatcherOptions, fetcher: fetcherOptions, now: () => clock.now() })
    : createFetcher(createDispatcher(io.env, dispatcherOptions), fetcherOptions, () => clock.now());
  const politeness = {
    concurrency: settings.concurrency, delayMs: settings.delayMs,
    isCheap: (res: unknown) => (res as { notModified?: boolean } | undefined)?.notModified === true,
    signal: abort.signal,
  };
  const scheduler = queue ? new SharedHostScheduler(queue, clock, { ...politeness, hostLeaseMs: settings.timeoutMs * 2 + 60_000 }) : new HostScheduler(clock, politeness);
  const fetch = createPoliteFetch(fetcher, scheduler, clock, {
    productToken: productTokenOf(settings.userAgent),
    onRetry: (url, _why, waitMs) => store.frontier.noteRetry(runId, url, clock.now() + waitMs),
    robotsStore: store.robots,
    robotsRecheck: queue !== undefined,
    // Kept as the status's digits, or `error:` and the network error's text.
    robotsFailures: queue ? {
      get: (origin) => {
        const kept = store.serverFacts.get(`robots-failed:${runId}:${origin}`, ROBOTS_FRESH_MS, clock.now());
        return kept === null ? null : kept.startsWith('error:') ? kept.slice('error:'.length) : Number(kept);
      },
      put: (origin, failure) => store.serverFacts.put(`robots-failed:${runId}:${origin}`, typeof failure === 'number' ? String(failure) : `error:${failure}`, clock.now()),
    } : undefined,
  });
  const progress = createProgress(io.stderr, clock, { quiet, maxPages: settings.maxPages, depth: settings.depth, alreadyFetched: store.runs.get(runId)?.pagesFetched ?? 0 });
  const onSignal = () => {
    progress.clear();
    if (abort.signal.aborted) {
      io.stderr.write('quitting now; run the same command again to resume\n');
      process.exit(130);
    }
    io.stderr.write('stopping after the requests in flight (Ctrl-C again to quit now)\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const deps = { store, fetch, clock, sources: SOURCES, onProgress: (p: CrawlProgress) => progress.update(p) };
    return await (queue ? crawlShared(runId, settings, { ...deps, queue }, abort.signal) : crawl(runId, settings, deps, abort.signal));
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await fetcher.close();
  }
}

/** Seeds whose own pages could not be read: the run is partial. */
function failedSeeds(store: Store, runId: number): string[] {
  return store.outcomes.failedSeeds(runId).map((r) => `${r.url}: ${r.reason ?? 'failed'}`);
}
