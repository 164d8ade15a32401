// `linernotes runs`: the crawl history of a database — when each run started and ended, what it
// fetched and ranked, and how it ended; and who holds the lock now, if anyone.
import { toJson } from '../../export/json.js';
import { openDatabase } from '../../store/db.js';
import { RunLock } from '../../store/lock.js';
import { createStore } from '../../store/store.js';
import { dbOption, type RegisterCommand } from '../options.js';
import { table, type Io } from '../output.js';

/** Run `runs`; returns the exit code. */
export function runRuns(flags: { db: string; json?: boolean }, io: Io): number {
  const store = createStore(openDatabase(flags.db, { readonly: true }));
  try {
    const rows = store.db
      .prepare(
        `SELECT r.id, r.command, r.started_at, r.finished_at, r.status, r.stop_reason, r.pages_fetched, r.errors,
                (SELECT count(*) FROM scores s WHERE s.run_id = r.id) AS candidates
         FROM runs r ORDER BY r.id`,
      )
      .all() as { id: number; command: string; started_at: number; finished_at: number | null; status: string; stop_reason: string | null; pages_fetched: number; errors: number; candidates: number }[];
    const holder = RunLock.holder(store.db);
    if (flags.json) {
      io.stdout.write(toJson({
        runs: rows.map((r) => ({ id: r.id, command: r.command, started: iso(r.started_at), finished: r.finished_at === null ? null : iso(r.finished_at), status: r.status, stopReason: r.stop_reason, fetched: r.pages_fetched, errors: r.errors, candidates: r.candidates })),
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
      rows.map((r) => [String(r.id), r.command, iso(r.started_at).slice(0, 16).replace('T', ' '), r.finished_at === null ? '' : took(r.finished_at - r.started_at), r.status === 'running' && r.stop_reason === null ? 'running or killed' : r.status, String(r.pages_fetched), String(r.errors), String(r.candidates)]),
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
    .option('--json', 'JSON instead of a table')
    .addHelpText('after', '\nExamples:\n  $ linernotes runs --db niche.db\n  $ linernotes runs --db niche.db --json')
    .action((flags) => ctx.setExit(runRuns(flags, ctx.io)));
};
