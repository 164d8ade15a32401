// A crawl run on PostgreSQL, where several processes crawl one run together: `discover` and
// `recrawl` start (or join) the run and work as one worker; `linernotes worker` joins the
// unfinished run. Whichever worker stores the end of the run ranks it and closes it; the others
// wait for that and report the run as it ended (crawl/shared-crawler.ts explains the order).
import type { Clock } from '../clock.js';
import type { UserConfig } from '../config.js';
import { ExitCode, LinernotesError, UsageError } from '../errors.js';
import { resolveSettings, type CrawlSettings } from '../crawl/settings.js';
import type { SharedCrawlResult } from '../crawl/shared-crawler.js';
import type { WorkQueue } from '../store/pg/work-queue.js';
import type { Store } from '../store/store.js';
import { chalkFor, type Io } from './output.js';
import { closeRun, crawlWithNetwork, startOrResume, type RunOutcome, type RunRequest } from './run-crawl.js';

/** What `linernotes worker` needs. */
export interface WorkerRequest {
  dbPath: string;
  config: UserConfig;
  keepRuns: number;
  quiet: boolean;
  allowPrivate: boolean;
}

/** `discover`/`recrawl` on PostgreSQL: start or join the unfinished run and crawl it as one worker. */
export async function executeSharedRun(store: Store, queue: WorkQueue, req: RunRequest, io: Io, clock: Clock): Promise<RunOutcome> {
  queue.ensureTables();
  // Under the write lock: two commands starting at once make one run, not two.
  const { runId, settings, resumed, seeds } = store.tx(() => startOrResume(store, req, io, clock));
  const result = await crawlWithNetwork(store, runId, settings, io, clock, req.quiet, req.allowPrivate, queue);
  return settle(store, runId, settings, result, req, io, clock, { seeds: seeds.length, resumed, again: 'run the same command (or `linernotes worker`) again' });
}

/** `linernotes worker`: join the database's unfinished run and fetch from its frontier until it is drained. */
export async function executeWorker(store: Store, req: WorkerRequest, io: Io, clock: Clock): Promise<RunOutcome> {
  const queue = store.workQueue;
  if (!queue) {
    throw new UsageError(`${req.dbPath}: \`linernotes worker\` needs a PostgreSQL database (--db postgres://…); a SQLite file is crawled by one \`discover\``, 'LN_WORKER_SQLITE');
  }
  const run = store.runs.latestUnfinished();
  if (!run) {
    throw new LinernotesError(`${req.dbPath}: no unfinished run to join; start one with \`linernotes discover SEEDS\``, { code: 'LN_NO_RUN', exitCode: ExitCode.noRun });
  }
  queue.ensureTables();
  const settings = resolveSettings(run.settings as Partial<CrawlSettings>);
  if (!req.quiet) io.stderr.write(`joining run ${run.id} as worker ${queue.holder}: ${run.pagesFetched} fetched so far\n`);
  const result = await crawlWithNetwork(store, run.id, settings, io, clock, req.quiet, req.allowPrivate, queue);
  return settle(store, run.id, settings, result, req, io, clock, { seeds: 0, resumed: true, again: 'run `linernotes worker` again' });
}

/** The run as this worker saw it end: ranked and closed here, or by the worker that stored its end. */
function settle(store: Store, runId: number, settings: CrawlSettings, result: SharedCrawlResult, req: Pick<RunRequest, 'config' | 'keepRuns' | 'quiet'>, io: Io, clock: Clock, info: { seeds: number; resumed: boolean; again: string }): RunOutcome {
  const c = chalkFor(io.stderr, io.env);
  if (result.stopReason === 'interrupted') {
    if (!req.quiet) io.stderr.write(`${c.yellow(`interrupted after ${result.fetchedHere} fetches here; the other workers go on; ${info.again} to rejoin run ${runId}`)}\n`);
    return { runId, status: 'interrupted', result, candidates: 0, seedFailures: [], seeds: info.seeds, resumed: info.resumed, exitCode: 130 };
  }
  if (result.committer) return closeRun(store, runId, settings, result, req, io, clock, info);
  const run = store.runs.get(runId);
  const status = run?.status ?? 'abandoned';
  const candidates = store.scores.forRun(runId).length;
  const seedFailures = store.outcomes.failedSeeds(runId).map((r) => `${r.url}: ${r.reason ?? 'failed'}`);
  const stopReason = run?.stopReason === 'max-pages' ? 'max-pages' : 'finished';
  const exitCode = status === 'done' ? ExitCode.ok : status === 'partial' ? ExitCode.partial : status === 'abandoned' ? ExitCode.abandoned : ExitCode.failed;
  if (status === 'abandoned' && !req.quiet) io.stderr.write(`${c.yellow(`run ${runId} was abandoned (--restart) while this worker crawled it`)}\n`);
  return { runId, status, result: { ...result, stopReason }, candidates, seedFailures, seeds: info.seeds, resumed: info.resumed, exitCode };
}
