// `linernotes worker`: one more process crawling the unfinished run of a PostgreSQL database
// (started by `discover` or `recrawl`), until its frontier is drained. Run it on as many
// machines as you like; cli/run-worker.ts and crawl/shared-crawler.ts do the work.
import type { Clock } from '../../clock.js';
import { CONFIG_FILE, loadConfig } from '../../config.js';
import { openStore } from '../../store/open.js';
import { dbOption, number, type RegisterCommand } from '../options.js';
import type { Io } from '../output.js';
import { executeWorker } from '../run-worker.js';
import { printSummary } from './discover.js';

/** Flags of `worker`, as commander hands them over. */
export interface WorkerFlags {
  db: string;
  config?: string;
  keepRuns?: number;
  quiet?: boolean;
  json?: boolean;
  allowPrivate?: boolean;
}

/** Run `worker`; returns the exit code. */
export async function runWorker(flags: WorkerFlags, io: Io, clock: Clock): Promise<number> {
  const config = loadConfig(flags.db, flags.config);
  const store = openStore(flags.db);
  try {
    const run = await executeWorker(store, {
      dbPath: flags.db, config, keepRuns: flags.keepRuns ?? 12, quiet: flags.quiet ?? false,
      allowPrivate: flags.allowPrivate === true || config.network.allowPrivate,
    }, io, clock);
    if (run.status !== 'interrupted') printSummary(io, flags, run, flags.json ? { fetchedHere: (run.result as { fetchedHere?: number }).fetchedHere } : {});
    return run.exitCode;
  } finally {
    store.close();
  }
}

/** Register `worker`. */
export const registerWorker: RegisterCommand = (program, ctx) => {
  program
    .command('worker')
    .description('join the unfinished run of a PostgreSQL database and crawl it with the other workers until it is done')
    .addOption(dbOption(ctx.io.env))
    .option('--allow-private', 'let the crawl reach loopback, private and link-local addresses (an intranet; refused by default)')
    .option('--config <file>', `ranking settings, for the worker that ranks the run (default: ${CONFIG_FILE} next to the database, if there)`)
    .option('--keep-runs <n>', 'keep stored page bodies of this many recent runs (default 12)', number('--keep-runs', { integer: true, min: 1 }))
    .option('-q, --quiet', 'no progress or notes on stderr')
    .option('--json', 'print the run summary as JSON')
    .addHelpText('after', `
The run's own settings (--depth, --max-pages, --delay, --concurrency per worker, ...) are those
\`discover\` or \`recrawl\` started it with. Exit codes: 0 when the run is done, 4 when it is
partial, 6 when the database has no unfinished run, 7 when another process's \`discover
--restart\` abandoned the run meanwhile, 130 when interrupted (the other workers go on; nothing
is lost).

Examples:
  $ LINERNOTES_DB=postgres://crawl@db.lan/niche linernotes discover seeds.txt   # machine 1
  $ LINERNOTES_DB=postgres://crawl@db.lan/niche linernotes worker               # machines 2..N`)
    .action(async (flags) => ctx.setExit(await runWorker(flags, ctx.io, ctx.clock)));
};
