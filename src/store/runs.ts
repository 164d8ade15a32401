// Crawl runs: one row per `discover`, with its settings (so a resume uses the same ones),
// counters and outcome.
import type { Db } from './db.js';
import { laterOf, statementsOf, type Later, type Prepared } from './statements.js';

/** Outcome of a run. `running` is also what a killed run is left as. */
export type RunStatus = 'running' | 'done' | 'partial' | 'failed' | 'abandoned';

/** A stored run. */
export interface RunRow {
  id: number;
  command: string;
  startedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  settings: unknown;
  seedsFile: string | null;
  pagesFetched: number;
  errors: number;
  stopReason: string | null;
}

interface RawRun {
  id: number; command: string; started_at: number; finished_at: number | null; status: RunStatus;
  settings: string; seeds_file: string | null; pages_fetched: number; errors: number; stop_reason: string | null;
}

function toRun(r: RawRun): RunRow {
  return {
    id: r.id, command: r.command, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status,
    settings: JSON.parse(r.settings), seedsFile: r.seeds_file, pagesFetched: r.pages_fetched,
    errors: r.errors, stopReason: r.stop_reason,
  };
}

/** Reads and writes the `runs` table. */
export class RunStore {
  private readonly sql: Prepared;
  /** Writes whose results are not read (sent with the next statement on PostgreSQL). */
  private readonly later: Later;

  constructor(db: Db) {
    this.sql = statementsOf(db);
    this.later = laterOf(db);
  }

  /** Start a run and return its id. */
  create(command: string, settings: unknown, seedsFile: string | null, now: number): number {
    const info = this.sql('INSERT INTO runs (command, started_at, status, settings, seeds_file) VALUES (?, ?, ?, ?, ?)')
      .run(command, now, 'running', JSON.stringify(settings), seedsFile);
    return Number(info.lastInsertRowid);
  }

  /** The newest run still marked running (finished by nobody: killed, or in progress). */
  latestUnfinished(): RunRow | null {
    const r = this.sql("SELECT * FROM runs WHERE status = 'running' ORDER BY id DESC LIMIT 1").get() as RawRun | undefined;
    return r ? toRun(r) : null;
  }

  /** The newest run, whatever its state. */
  latest(): RunRow | null {
    const r = this.sql('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get() as RawRun | undefined;
    return r ? toRun(r) : null;
  }

  /** The newest finished run, for rank/export. */
  latestFinished(): RunRow | null {
    const r = this.sql("SELECT * FROM runs WHERE status IN ('done','partial') ORDER BY id DESC LIMIT 1")
      .get() as RawRun | undefined;
    return r ? toRun(r) : null;
  }

  /** The finished runs (done or partial), oldest first: the runs that ranked something. */
  finished(): RunRow[] {
    return (this.sql("SELECT * FROM runs WHERE status IN ('done','partial') ORDER BY id").all() as RawRun[]).map(toRun);
  }

  /** Every run, oldest first, with how many candidates it ranked (for `linernotes runs`). */
  summaries(): (RunRow & { candidates: number })[] {
    const rows = this.sql(
        `SELECT r.*, (SELECT count(*) FROM scores s WHERE s.run_id = r.id) AS candidates FROM runs r ORDER BY r.id`,
      )
      .all() as (RawRun & { candidates: number })[];
    return rows.map((r) => ({ ...toRun(r), candidates: r.candidates }));
  }

  /** The newest finished run (done or partial) before `runId`, or null. */
  finishedBefore(runId: number): number | null {
    const r = this.sql("SELECT max(id) AS id FROM runs WHERE id < ? AND status IN ('done','partial')").get(runId) as { id: number | null };
    return r.id;
  }

  /** One run by id. */
  get(id: number): RunRow | null {
    const r = this.sql('SELECT * FROM runs WHERE id = ?').get(id) as RawRun | undefined;
    return r ? toRun(r) : null;
  }

  /** Add to a run's counters (called inside the per-page transaction). */
  count(id: number, pages: number, errors: number): void {
    this.later('UPDATE runs SET pages_fetched = pages_fetched + ?, errors = errors + ? WHERE id = ?', pages, errors, id);
  }

  /** Close a run with its outcome. */
  finish(id: number, status: RunStatus, stopReason: string | null, now: number): void {
    this.sql('UPDATE runs SET status = ?, stop_reason = ?, finished_at = ? WHERE id = ?').run(status, stopReason, now, id);
  }
}
