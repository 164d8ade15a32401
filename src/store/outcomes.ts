// How each frontier row of a run ended, read back for people: `runs --errors` lists what failed
// or was skipped, `why` says when a candidate could not be read. Read-only questions, one
// method each; the crawl writes these rows through FrontierStore.
import type { Db } from './db.js';

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

  /** Every row of a run that belongs to one of these entities, by hop and order of discovery. */
  forEntities(runId: number, entityIds: readonly number[]): RowOutcome[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM frontier WHERE run_id = ? AND entity_id IN (SELECT value FROM json_each(?)) ORDER BY depth, id`)
      .all(runId, JSON.stringify(entityIds)) as RowOutcome[];
  }
}
