// Several worker processes crawling one run of a PostgreSQL database, with PostgreSQL itself as
// the coordinator. Three tables of its own (created on first use, PostgreSQL only):
//   crawl_leases    frontier rows a worker has claimed (FOR UPDATE SKIP LOCKED) and is fetching,
//                   with the holder's backend pid and an expiry renewed by its heartbeat;
//   crawl_outcomes  fetched and parsed outcomes waiting for their turn in the commit order;
//   crawl_hosts     one row per host: who is requesting from it now and when the next request
//                   may go, so N workers never send a host two requests at once or too close.
// A lease or host row whose holder's session is gone (the process died: its connection closed)
// or whose expiry passed counts as free, so a dead worker loses nothing. The committer — the
// one session holding the run's advisory lock — applies outcomes in commit order.
import type { Db } from '../db.js';
import { toRow, type FrontierRole, type FrontierRow } from '../frontier.js';
import { statementsOf, type Prepared } from '../statements.js';

/** The database server's clock in epoch ms: every worker compares times on one clock. */
const NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/** The host of a URL, in SQL, as `new URL(url).host` gives it for http(s) URLs. */
const HOST_OF = "lower(substring(url from '^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^/?#@]*@)?([^/?#]*)'))";

/** First key of the committer's advisory lock (the second is the run id): 'lncm'. */
const COMMITTER_KEY = 0x6c6e636d;
/** First key of the lock on computing one server fact (the second is a hash of its key): 'lnsf'. */
const FACT_KEY = 0x6c6e7366;

const TABLES = `
CREATE TABLE IF NOT EXISTS crawl_leases (
  frontier_id BIGINT PRIMARY KEY, run_id BIGINT NOT NULL, holder_pid INTEGER NOT NULL,
  holder TEXT NOT NULL, expires_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS crawl_leases_run ON crawl_leases (run_id);
CREATE TABLE IF NOT EXISTS crawl_outcomes (
  frontier_id BIGINT PRIMARY KEY, run_id BIGINT NOT NULL, outcome TEXT NOT NULL, fetched_by TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS crawl_outcomes_run ON crawl_outcomes (run_id);
-- An outcome is written once and read once: not worth compressing (its bodies are gzipped already).
ALTER TABLE crawl_outcomes ALTER COLUMN outcome SET STORAGE EXTERNAL;
CREATE TABLE IF NOT EXISTS crawl_hosts (
  host TEXT PRIMARY KEY, holder_pid INTEGER, holder TEXT, lease_until BIGINT NOT NULL DEFAULT 0,
  next_at BIGINT NOT NULL DEFAULT 0);`;

/** The row whose turn it is in the commit order, and its outcome if one was waiting. */
export interface CommitHead {
  row: FrontierRow;
  /** Some live worker holds its lease (it is being fetched). */
  leased: boolean;
  /** Its serialized outcome, taken out of crawl_outcomes; null while it is still out. */
  outcome: string | null;
}

/** The claim, lease and host-row operations of shared crawling, on one connection. */
export class WorkQueue {
  private readonly sql: Prepared;
  private ready = false;

  /** `holder` names this worker in the tables (host:pid), for people reading them. */
  constructor(private readonly db: Db, readonly holder: string) {
    this.sql = statementsOf(db);
  }

  /** Create the tables unless there (under the store's write lock, so two workers never race). */
  ensureTables(): void {
    if (this.ready) return;
    const exists = this.sql("SELECT to_regclass('crawl_hosts') IS NOT NULL AS t").get() as { t: boolean };
    if (!exists.t) this.db.transaction(() => this.db.exec(TABLES)).immediate();
    this.ready = true;
  }

  /**
   * Claim up to `n` queued rows of the run, and no more than --max-pages (`maxPages`) still
   * allows: that less the pages stored and the rows leased or waiting with an outcome (counted
   * before they are stored). Lowest (depth, id) first; at most `perHost` of one host out at once,
   * and none of a host whose rows another worker is fetching (that worker queues them behind its
   * own, instead of two workers asking for the same host's turn in turn); skipping rows another
   * worker is claiming this instant and rows of `gated` roles (those are fetched only in their
   * turn: {@link claimRow}). Each claimed row is marked 'fetching' and leased to this session for
   * `leaseMs`, in the same statement.
   */
  claim(runId: number, n: number, gated: readonly FrontierRole[], perHost: number, leaseMs: number, maxPages: number): FrontierRow[] {
    if (n <= 0) return [];
    return (this.sql(
      // busy: computed once (MATERIALIZED), not once per candidate with the host filter pushed into it.
      `WITH budget AS MATERIALIZED (
         SELECT GREATEST(0, LEAST(?::bigint, ?::bigint - coalesce((SELECT pages_fetched FROM runs WHERE id = ?), 0)
           - (SELECT count(*) FROM crawl_leases WHERE run_id = ?) - (SELECT count(*) FROM crawl_outcomes WHERE run_id = ?))) AS n
       ), busy AS MATERIALIZED (
         SELECT ${HOST_OF.replace('url', 'f.url')} AS host, count(*) AS n, bool_or(l.holder_pid <> pg_backend_pid()) AS theirs
         FROM crawl_leases l JOIN frontier f ON f.id = l.frontier_id WHERE l.run_id = ? GROUP BY 1
       ), cand AS (
         SELECT id, depth, ${HOST_OF} AS host FROM frontier
         WHERE run_id = ? AND status = 'queued' AND NOT (role = ANY (?::text[]))
         ORDER BY depth, id LIMIT ?
       ), pick AS (
         SELECT x.id FROM (SELECT id, depth, host, row_number() OVER (PARTITION BY host ORDER BY depth, id) AS rn FROM cand) x
         LEFT JOIN busy b ON b.host = x.host
         WHERE x.rn + coalesce(b.n, 0) <= ? AND NOT coalesce(b.theirs, false)
         ORDER BY x.depth, x.id LIMIT (SELECT n FROM budget)
       ), locked AS (
         -- Only the picked rows are locked (the look-ahead is long); one another worker took
         -- meanwhile is skipped, or seen as no longer queued once its claim committed.
         SELECT f.id FROM frontier f JOIN pick USING (id) WHERE f.status = 'queued' FOR UPDATE OF f SKIP LOCKED
       ), taken AS (
         UPDATE frontier f SET status = 'fetching', attempts = f.attempts + 1 FROM locked WHERE f.id = locked.id RETURNING f.*
       ), leased AS (
         INSERT INTO crawl_leases (frontier_id, run_id, holder_pid, holder, expires_at)
         SELECT id, run_id, pg_backend_pid(), ?, ${NOW} + ? FROM taken
         ON CONFLICT (frontier_id) DO UPDATE SET holder_pid = excluded.holder_pid, holder = excluded.holder, expires_at = excluded.expires_at
       )
       SELECT * FROM taken ORDER BY depth, id`,
    ).all(n, Math.min(maxPages, Number.MAX_SAFE_INTEGER), runId, runId, runId, runId, runId, [...gated], Math.max(LOOK_AHEAD, n * 8), perHost, this.holder, leaseMs) as Record<string, unknown>[]).map(toRow);
  }

  /** Claim one queued row by id (the committer takes a gated row whose turn has come). */
  claimRow(id: number, leaseMs: number): FrontierRow | null {
    const r = this.sql(
      `WITH taken AS (
         UPDATE frontier f SET status = 'fetching', attempts = f.attempts + 1 WHERE f.id = ? AND f.status = 'queued' RETURNING f.*
       ), leased AS (
         INSERT INTO crawl_leases (frontier_id, run_id, holder_pid, holder, expires_at)
         SELECT id, run_id, pg_backend_pid(), ?, ${NOW} + ? FROM taken
         ON CONFLICT (frontier_id) DO UPDATE SET holder_pid = excluded.holder_pid, holder = excluded.holder, expires_at = excluded.expires_at
       )
       SELECT * FROM taken`,
    ).get(id, this.holder, leaseMs) as Record<string, unknown> | undefined;
    return r ? toRow(r) : null;
  }

  /** Extend every lease this session holds (the heartbeat). */
  renew(leaseMs: number): void {
    this.sql(`UPDATE crawl_leases SET expires_at = ${NOW} + ? WHERE holder_pid = pg_backend_pid()`).run(leaseMs);
  }

  /**
   * Store a fetched row's outcome for the committer, if the row is still leased to this
   * session (a lease lost to expiry means another worker has it now: the answer is dropped).
   * Returns whether it was stored.
   */
  putOutcome(frontierId: number, outcome: string): boolean {
    return this.sql(
      `WITH mine AS (DELETE FROM crawl_leases WHERE frontier_id = ? AND holder_pid = pg_backend_pid() RETURNING frontier_id, run_id)
       INSERT INTO crawl_outcomes (frontier_id, run_id, outcome, fetched_by) SELECT frontier_id, run_id, ?, ? FROM mine
       ON CONFLICT (frontier_id) DO NOTHING`,
    ).run(frontierId, outcome, this.holder).changes > 0;
  }

  /** Give back this session's leases without outcomes (Ctrl-C): the rows are queued again. */
  releaseMine(runId: number): number {
    return this.sql(
      `WITH mine AS (DELETE FROM crawl_leases WHERE run_id = ? AND holder_pid = pg_backend_pid() RETURNING frontier_id)
       UPDATE frontier f SET status = 'queued' FROM mine WHERE f.id = mine.frontier_id AND f.status = 'fetching'`,
    ).run(runId).changes;
  }

  /**
   * Rows whose lease expired or whose holder's session is gone, and rows left 'fetching' with
   * neither lease nor outcome (a single-process crawl killed midway), go back to the queue.
   * Only the committer calls this (so it never waits on a row the committer has locked).
   */
  reclaimLost(runId: number): number {
    const lost = this.sql(
      `WITH lost AS (
         DELETE FROM crawl_leases l WHERE run_id = ?
           AND (expires_at < ${NOW} OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = l.holder_pid))
         RETURNING frontier_id)
       UPDATE frontier f SET status = 'queued' FROM lost
       WHERE f.id = lost.frontier_id AND f.status = 'fetching'
         AND NOT EXISTS (SELECT 1 FROM crawl_outcomes o WHERE o.frontier_id = f.id)`,
    ).run(runId).changes;
    const orphans = this.sql(
      `UPDATE frontier f SET status = 'queued' WHERE run_id = ? AND status = 'fetching'
         AND NOT EXISTS (SELECT 1 FROM crawl_leases l WHERE l.frontier_id = f.id)
         AND NOT EXISTS (SELECT 1 FROM crawl_outcomes o WHERE o.frontier_id = f.id)`,
    ).run(runId).changes;
    return lost + orphans;
  }

  /**
   * The unstored row with the lowest (depth, id), or null when every row of the run is stored,
   * and when its outcome is waiting, that outcome taken (deleted and returned) in the same
   * statement: what the committer does once per page.
   */
  takeHead(runId: number): CommitHead | null {
    const r = this.sql(
      // One index probe per status (frontier_pending is (run_id, status, depth, id)), not a sort.
      `WITH h AS (
         SELECT f.*, (l.frontier_id IS NOT NULL) AS ln_leased
         FROM ((SELECT * FROM frontier WHERE run_id = ? AND status = 'queued' ORDER BY depth, id LIMIT 1)
               UNION ALL (SELECT * FROM frontier WHERE run_id = ? AND status = 'fetching' ORDER BY depth, id LIMIT 1)) f
         LEFT JOIN crawl_leases l ON l.frontier_id = f.id
         ORDER BY f.depth, f.id LIMIT 1
       ), taken AS (DELETE FROM crawl_outcomes o USING h WHERE o.frontier_id = h.id RETURNING o.outcome)
       SELECT h.*, (SELECT outcome FROM taken) AS ln_outcome FROM h`,
    ).get(runId, runId) as (Record<string, unknown> & { ln_leased: boolean; ln_outcome: string | null }) | undefined;
    return r ? { row: toRow(r), leased: r.ln_leased, outcome: r.ln_outcome } : null;
  }

  /**
   * --max-pages reached: what was fetched ahead of the order is dropped and its rows queued
   * again, as a one-process crawl leaves them (a later run never counts them as read).
   */
  dropAhead(runId: number): void {
    this.sql('DELETE FROM crawl_outcomes WHERE run_id = ?').run(runId);
    this.sql('DELETE FROM crawl_leases WHERE run_id = ?').run(runId);
    this.sql("UPDATE frontier SET status = 'queued' WHERE run_id = ? AND status = 'fetching'").run(runId);
  }

  /**
   * Refresh the planner's statistics of the tables a crawl grows. Autovacuum does it only once a
   * minute or so, and a crawl's first minute would otherwise run on the statistics of empty
   * tables: the frontier lookup then reads every row of the run instead of probing (run_id, url).
   */
  analyze(): void {
    this.db.exec('ANALYZE frontier, entities, edges, documents, discoveries');
  }

  /**
   * Try to become the run's committer: a session-level advisory lock, held until this
   * connection closes (so a committer that dies lets the next worker take over at once).
   */
  tryCommitter(runId: number): boolean {
    const r = this.sql('SELECT pg_try_advisory_lock(?::int, ?::int) AS ok').get(COMMITTER_KEY, runId) as { ok: boolean };
    return r.ok;
  }

  /**
   * Try to become the one worker that computes server fact `key` (a NodeInfo answer): the
   * others wait for it instead of asking the server too. Session-level; {@link releaseFact}.
   */
  tryFact(key: string): boolean {
    return (this.sql('SELECT pg_try_advisory_lock(?::int, hashtext(?)) AS ok').get(FACT_KEY, key) as { ok: boolean }).ok;
  }

  /** Let go of server fact `key`. */
  releaseFact(key: string): void {
    this.sql('SELECT pg_advisory_unlock(?::int, hashtext(?)) AS ok').get(FACT_KEY, key);
  }

  /**
   * Take `host` for one request: free (no live holder, or its lease ran out) and its next
   * allowed time passed. Returns 0 when taken, else how long to wait before asking again (ms).
   */
  tryHost(host: string, leaseMs: number): number {
    // One statement either way: the take, and when it did not happen, the row as it stood
    // (the outer SELECT sees the table before the upsert, which is the state that refused it).
    const r = this.sql(
      `WITH took AS (
         INSERT INTO crawl_hosts AS h (host, holder_pid, holder, lease_until, next_at) VALUES (?, pg_backend_pid(), ?, ${NOW} + ?, 0)
         ON CONFLICT (host) DO UPDATE SET holder_pid = excluded.holder_pid, holder = excluded.holder, lease_until = excluded.lease_until
         WHERE h.next_at <= ${NOW} AND (h.holder_pid IS NULL OR h.lease_until < ${NOW}
           OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = h.holder_pid))
         RETURNING 1 AS ok)
       SELECT EXISTS (SELECT 1 FROM took) AS ok, c.next_at - ${NOW} AS wait, c.holder_pid
       FROM (SELECT 1) one LEFT JOIN crawl_hosts c ON c.host = ?`,
    ).get(host, this.holder, leaseMs, host) as { ok: boolean; wait: number | null; holder_pid: number | null };
    if (r.ok) return 0;
    if (r.wait === null) return 1;
    // Held by another request: its end is unknown, ask again soon.
    return r.holder_pid !== null ? HELD_POLL_MS : Math.max(1, Number(r.wait));
  }

  /** The request to `host` ended: let it go; the next may start `gapMs` from now. */
  releaseHost(host: string, gapMs: number): void {
    this.sql(
      `UPDATE crawl_hosts SET holder_pid = NULL, holder = NULL, next_at = GREATEST(next_at, ${NOW} + ?)
       WHERE host = ? AND holder_pid = pg_backend_pid()`,
    ).run(Math.max(0, Math.round(gapMs)), host);
  }

  /** No request to `host` from any worker for `waitMs` (a 429/503, a retry backoff). */
  backoffHost(host: string, waitMs: number): void {
    this.sql(
      `INSERT INTO crawl_hosts AS h (host, next_at) VALUES (?, ${NOW} + ?)
       ON CONFLICT (host) DO UPDATE SET next_at = GREATEST(h.next_at, excluded.next_at)`,
    ).run(host, Math.max(0, Math.round(waitMs)));
  }
}

/**
 * Queued rows looked at per claim (at least): rows of hosts that are busy, or another worker's,
 * are passed over, and a breadth-first frontier lists one site's pages together, so a short
 * look-ahead would see only the few hosts already out.
 */
const LOOK_AHEAD = 512;

/** How often a worker asks again for a host another request holds, in ms. */
export const HELD_POLL_MS = 15;

