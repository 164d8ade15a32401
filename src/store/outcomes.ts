// How each frontier row of a run ended, read back for people: `runs --errors` lists what failed
// or was skipped, `why` says when a candidate could not be read. Read-only questions, one
// method each; the crawl writes these rows through FrontierStore.
import type { Db } from './db.js';
import type { EntityKind } from './graph.js';

/** One row's outcome. `reason` is the text the crawl recorded (e.g. `HTTP 404`). */
export interface RowOutcome {
  url: string;
  role: string;
  depth: number;
  status: 'queued' | 'fetching' | 'done' | 'failed' | 'skipped';
  reason: string | null;
  attempts: number;
  entityId: number;
  /** The page whose link put this URL in the frontier, null for seeds. */
  foundFrom: string | null;
}

const COLUMNS = 'url, role, depth, status, reason, attempts, entity_id AS entityId, found_from_url AS foundFrom';

/** Reads outcomes of frontier rows. */
export class OutcomeStore {
  constructor(private readonly db: Db) {}

  /** The failed and skipped rows of a run, failures first, then by hop and order of discovery. */
  problems(runId: number): RowOutcome[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM frontier WHERE run_id = ? AND status IN ('failed','skipped') ORDER BY status = 'skipped', depth, id`)
      .all(runId) as RowOutcome[];
  }

  /** The seeds of a run whose own pages failed or were skipped, with why. */
  failedSeeds(runId: number): { url: string; reason: string | null }[] {
    return this.db
      .prepare("SELECT url, reason FROM frontier WHERE run_id = ? AND depth = 0 AND found_edge = 'seed' AND status IN ('failed','skipped')")
      .all(runId) as { url: string; reason: string | null }[];
  }

  /** Homes that answered 404/410 in both runs, with their entity, by URL. */
  deadHomes(runId: number, baseRunId: number): { url: string; reason: string; name: string | null; key: string; homeUrl: string | null; kind: EntityKind; handle: string | null }[] {
    return this.db
      .prepare(
        `SELECT f.url, f.reason, e.name, e.key, e.home_url AS homeUrl, e.kind, e.handle FROM frontier f JOIN entities e ON e.id = f.entity_id
         WHERE f.run_id = ? AND f.role = 'home' AND f.reason IN ('HTTP 404','HTTP 410')
           AND EXISTS (SELECT 1 FROM frontier g WHERE g.run_id = ? AND g.url = f.url AND g.reason IN ('HTTP 404','HTTP 410'))
         ORDER BY f.url`,
      )
      .all(runId, baseRunId) as { url: string; reason: string; name: string | null; key: string; homeUrl: string | null; kind: EntityKind; handle: string | null }[];
  }

  /** Homes fetched in this run and the final URL their page was stored under, by URL. */
  fetchedHomes(runId: number): { url: string; finalUrl: string }[] {
    return this.db
      .prepare(
        `SELECT f.url, d.final_url AS finalUrl FROM frontier f JOIN documents d ON d.url = f.url AND d.kind = 'html'
         WHERE f.run_id = ? AND f.role = 'home' AND f.status = 'done' AND d.run_id = ? AND d.final_url IS NOT NULL ORDER BY f.url`,
      )
      .all(runId, runId) as { url: string; finalUrl: string }[];
  }

  /** Every row of a run that belongs to one of these entities, by hop and order of discovery. */
  forEntities(runId: number, entityIds: readonly number[]): RowOutcome[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM frontier WHERE run_id = ? AND entity_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY depth, id`)
      .all(runId, JSON.stringify(entityIds)) as RowOutcome[];
  }
}
