// The crawl frontier: every URL a run means to fetch, with its hop depth, role and the edge
// that found it. It lives in the database so a killed crawl resumes exactly where it stopped.
import type { Db } from './db.js';
import { laterOf, readTogether, statementsOf, type Later, type Prepared, type Read } from './statements.js';

/** What the crawler should do with a fetched URL. */
export type FrontierRole = 'home' | 'page' | 'feed' | 'probe' | 'bsky-account' | 'fedi-account';
/** Where a frontier row is in its life. */
export type FrontierStatus = 'queued' | 'fetching' | 'done' | 'failed' | 'skipped';

/** A URL to enqueue. */
export interface FrontierInput {
  url: string;
  depth: number;
  role: FrontierRole;
  entityId: number;
  foundFromUrl: string | null;
  foundEdge: string | null;
  probeIndex?: number | null;
}

/** A stored frontier row. */
export interface FrontierRow extends Required<FrontierInput> {
  id: number;
  runId: number;
  status: FrontierStatus;
  attempts: number;
}

/** A frontier table row (snake_case columns, as both engines return them) as a FrontierRow. */
export function toRow(r: Record<string, unknown>): FrontierRow {
  return {
    id: r.id as number, runId: r.run_id as number, url: r.url as string, depth: r.depth as number,
    role: r.role as FrontierRole, entityId: r.entity_id as number, status: r.status as FrontierStatus,
    attempts: r.attempts as number, foundFromUrl: r.found_from_url as string | null,
    foundEdge: r.found_edge as string | null, probeIndex: r.probe_index as number | null,
  };
}

/** Add a row, or move a pending one up to a lower depth (the breadth-first hop count). */
const PLACE = `INSERT INTO frontier (run_id, url, depth, role, entity_id, found_from_url, found_edge, probe_index, enqueued_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, url) DO UPDATE SET depth = excluded.depth, found_from_url = excluded.found_from_url,
    found_edge = excluded.found_edge
  WHERE frontier.status IN ('queued','fetching') AND excluded.depth < frontier.depth`;

/** Reads and writes the `frontier` table. */
export class FrontierStore {
  private readonly sql: Prepared;
  /** Writes whose results are not read (sent with the next statement on PostgreSQL). */
  private readonly later: Later;

  constructor(private readonly db: Db) {
    this.sql = statementsOf(db);
    this.later = laterOf(db);
  }

  /**
   * Add a URL to a run's frontier. If it is already there and not finished (queued, or fetched
   * ahead of its turn and not yet stored) at a greater depth, it moves up to this depth (BFS keeps the shortest hop count). Returns true when a
   * new row was added.
   */
  enqueue(runId: number, input: FrontierInput, now: number): boolean {
    const existed = this.has(runId, input.url);
    this.place(runId, input, now);
    return !existed;
  }

  /**
   * Like {@link enqueue}, but returns the row when it was added or moved up to a lower depth,
   * and null when nothing changed: what the crawler's in-memory dispatch queue must mirror.
   */
  place(runId: number, input: FrontierInput, now: number): FrontierRow | null {
    const r = this.sql(`${PLACE} RETURNING *`)
      .get(runId, input.url, input.depth, input.role, input.entityId, input.foundFromUrl, input.foundEdge, input.probeIndex ?? null, now) as
      Record<string, unknown> | undefined;
    return r ? toRow(r) : null;
  }

  /** {@link place} for a caller that needs no row back (it read the row ahead and knows the result). */
  placeLater(runId: number, input: FrontierInput, now: number): void {
    this.later(PLACE, runId, input.url, input.depth, input.role, input.entityId, input.foundFromUrl, input.foundEdge, input.probeIndex ?? null, now);
  }

  /**
   * Depth and status of the rows this run has for any of `urls` (absent: no row), in one
   * statement: what a page's links are checked against instead of a query per link.
   */
  lookup(runId: number, urls: readonly string[]): Map<string, { depth: number; status: FrontierStatus }> {
    return readTogether(this.db, this.lookupRead(runId, urls))[0];
  }

  /** {@link lookup} as a read to send with others (Store.together). */
  lookupRead(runId: number, urls: readonly string[]): Read<Map<string, { depth: number; status: FrontierStatus }>> {
    return {
      query: urls.length === 0 ? null : { sql: 'SELECT url, depth, status FROM frontier WHERE run_id = ? AND url IN (SELECT value FROM json_each(?))', params: [runId, JSON.stringify(urls)] },
      parse: (rows) => {
        const out = new Map<string, { depth: number; status: FrontierStatus }>();
        for (const r of rows as { url: string; depth: number; status: FrontierStatus }[]) out.set(r.url, { depth: r.depth, status: r.status });
        return out;
      },
    };
  }

  /** Whether a URL is already in this run's frontier. */
  has(runId: number, url: string): boolean {
    return this.sql('SELECT 1 FROM frontier WHERE run_id = ? AND url = ?').get(runId, url) !== undefined;
  }

  /** Whether a row of the run for one of `urls` is finished as done. */
  anyDone(runId: number, urls: readonly string[]): boolean {
    const stmt = this.sql("SELECT 1 FROM frontier WHERE run_id = ? AND url = ? AND status = 'done'");
    return urls.some((u) => stmt.get(runId, u) !== undefined);
  }

  /** Whether the run has a row for `url` that did not fail (queued, being fetched, done or skipped). */
  pendingOrDone(runId: number, url: string): boolean {
    return this.sql("SELECT 1 FROM frontier WHERE run_id = ? AND url = ? AND status <> 'failed'").get(runId, url) !== undefined;
  }

  /** Rows left 'fetching' by a killed process go back to the queue; returns how many. */
  requeueInFlight(runId: number): number {
    return this.sql("UPDATE frontier SET status = 'queued' WHERE run_id = ? AND status = 'fetching'").run(runId).changes;
  }

  /** The lowest depth with work left (queued or being fetched), or null when the run is done. */
  lowestPendingDepth(runId: number): number | null {
    const r = this.sql("SELECT min(depth) AS d FROM frontier WHERE run_id = ? AND status IN ('queued','fetching')")
      .get(runId) as { d: number | null };
    return r.d;
  }

  /** Queued rows at `depth`, oldest first. */
  queuedAt(runId: number, depth: number, limit: number): FrontierRow[] {
    return (
      this.sql("SELECT * FROM frontier WHERE run_id = ? AND status = 'queued' AND depth = ? ORDER BY id LIMIT ?")
        .all(runId, depth, limit) as Record<string, unknown>[]
    ).map(toRow);
  }

  /** Every queued row of a run, by depth then age: what a (resumed) crawl starts from. */
  queued(runId: number): FrontierRow[] {
    return (this.sql("SELECT * FROM frontier WHERE run_id = ? AND status = 'queued' ORDER BY depth, id").all(runId) as Record<string, unknown>[]).map(toRow);
  }

  /** Mark a row as being fetched now. */
  markFetching(id: number): void {
    this.sql("UPDATE frontier SET status = 'fetching', attempts = attempts + 1 WHERE id = ?").run(id);
  }


  /** A try failed and the URL waits until `at` for the next one (kept for the record and resume). */
  noteRetry(runId: number, url: string, at: number): void {
    this.sql('UPDATE frontier SET attempts = attempts + 1, next_try_at = ? WHERE run_id = ? AND url = ?').run(at, runId, url);
  }

  /** Close a row with its outcome and, for failures and skips, why. */
  finish(id: number, status: Exclude<FrontierStatus, 'queued' | 'fetching'>, reason: string | null, now: number): void {
    this.later('UPDATE frontier SET status = ?, reason = ?, finished_at = ? WHERE id = ?', status, reason, now, id);
  }

  /** Rows per status for a run. */
  statusCounts(runId: number): Record<FrontierStatus, number> {
    const counts: Record<FrontierStatus, number> = { queued: 0, fetching: 0, done: 0, failed: 0, skipped: 0 };
    const rows = this.sql('SELECT status, count(*) AS n FROM frontier WHERE run_id = ? GROUP BY status').all(runId) as { status: FrontierStatus; n: number }[];
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  /** Rows per entity for a run (for the per-site budget after a resume). */
  entityCounts(runId: number): Map<number, number> {
    const rows = this.sql('SELECT entity_id, count(*) AS n FROM frontier WHERE run_id = ? GROUP BY entity_id').all(runId) as { entity_id: number; n: number }[];
    return new Map(rows.map((r) => [r.entity_id, r.n]));
  }

  /** All rows of a run (tests, reports). */
  all(runId: number): FrontierRow[] {
    return (this.sql('SELECT * FROM frontier WHERE run_id = ? ORDER BY id').all(runId) as Record<string, unknown>[]).map(toRow);
  }

}
