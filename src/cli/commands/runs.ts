// `linernotes runs`: the crawl history of a database — when each run started and ended, what it
// fetched and ranked, and how it ended; and who holds the lock now, if anyone.
import { toJson } from '../../export/json.js';
import { openStore } from '../../store/open.js';
import { UsageError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import { hint } from '../hint.js';
import { dbOption, number, type RegisterCommand } from '../options.js';
import { safe, table, type Io } from '../output.js';

/** Flags of `runs`. */
export interface RunsFlags {
  db: string;
  json?: boolean;
  /** List the failed and skipped URLs of a run: `true` for the newest run, or a run id. */
  errors?: boolean | number;
}

/** Run `runs`; returns the exit code. */
export function runRuns(flags: RunsFlags, io: Io): number {
  const store = openStore(flags.db, { readonly: true });
  try {
    if (flags.errors !== undefined && flags.errors !== false) return listErrors(store, flags, io);
    const rows = store.runs.summaries();
    const holder = store.lockHolder();
    if (flags.json) {
      io.stdout.write(toJson({
        runs: rows.map((r) => ({ id: r.id, command: r.command, started: iso(r.startedAt), finished: r.finishedAt === null ? null : iso(r.finishedAt), status: r.status, stopReason: r.stopReason, fetched: r.pagesFetched, errors: r.errors, candidates: r.candidates })),
        lock: holder,
      }));
      return 0;
    }
    if (rows.length === 0) {
      io.stderr.write(`no runs yet in ${flags.db}\n`);
      return 0;
    }
    const lines = table(
      ['run', 'command', 'started', 'took', 'status', 'fetched', 'errors', 'ranked'],
      rows.map((r) => [String(r.id), r.command, iso(r.startedAt).slice(0, 16).replace('T', ' '), r.finishedAt === null ? '' : took(r.finishedAt - r.startedAt), r.status === 'running' && r.stopReason === null ? 'running or killed' : r.status, String(r.pagesFetched), String(r.errors), String(r.candidates)]),
      200,
      ['r', 'l', 'l', 'r', 'l', 'r', 'r', 'r'],
    );
    io.stdout.write(`${lines.join('\n')}\n`);
    if (holder) io.stderr.write(`locked by \`linernotes ${holder.command}\` (pid ${holder.pid} on ${holder.host}) since ${iso(holder.startedAt)}\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** `runs --errors [RUN]`: what the run could not read and why, failures first. */
function listErrors(store: Store, flags: RunsFlags, io: Io): number {
  const runId = flags.errors === true ? store.runs.latest()?.id : (flags.errors as number);
  if (runId === undefined) {
    io.stderr.write(`no runs yet in ${flags.db}\n`);
    return 0;
  }
  if (!store.runs.get(runId)) throw new UsageError(`--errors ${runId}: no such run; \`${hint('runs', flags.db, io.env)}\` lists them`, 'LN_NO_RUN');
  const rows = store.outcomes.problems(runId);
  if (flags.json) {
    io.stdout.write(toJson({ run: runId, errors: rows.map((r) => ({ status: r.status, url: r.url, role: r.role, depth: r.depth, attempts: r.attempts, reason: r.reason, foundFrom: r.foundFrom })) }));
    return 0;
  }
  if (rows.length === 0) {
    io.stderr.write(`run ${runId}: nothing failed or was skipped\n`);
    return 0;
  }
  const width = io.stdout.isTTY ? (io.stdout.columns || 120) : 400;
  const lines = table(
    ['status', 'hop', 'role', 'tries', 'url', 'reason'],
    rows.map((r) => [r.status, String(r.depth), r.role, String(r.attempts), safe(r.url), safe(r.reason ?? '')]),
    width,
    ['l', 'r', 'l', 'r', 'l', 'l'],
  );
  io.stdout.write(`${lines.join('\n')}\n`);
  const failed = rows.filter((r) => r.status === 'failed').length;
  io.stderr.write(`run ${runId}: ${failed} failed, ${rows.length - failed} skipped\n`);
  return 0;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function took(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s}s` : `${Math.round(s / 60)}m`;
}

/** Register `runs`. */
export const registerRuns: RegisterCommand = (program, ctx) => {
  program
    .command('runs')
    .description('list the crawl runs of a database: dates, counts, outcome')
    .addOption(dbOption(ctx.io.env))
    .option('--errors [run]', 'list the URLs the run (default: the newest) could not read: status, hop, role, tries, URL, reason', number('--errors', { integer: true, min: 1 }))
    .option('--json', 'JSON instead of a table')
    .addHelpText('after', '\nExamples:\n  $ linernotes runs --db niche.db\n  $ linernotes runs --db niche.db --json\n  $ linernotes runs --db niche.db --errors        # what the newest run could not read, and why\n  $ linernotes runs --db niche.db --errors 3 --json')
    .action((flags) => ctx.setExit(runRuns(flags, ctx.io)));
};
