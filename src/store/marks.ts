// The user's hand-picking: a candidate picked (follow it, crawl from it next time), rejected
// (never show it again unless asked) or skipped in review (seen, undecided). Marks are stored on
// an entity; a person (several merged entities) carries the newest mark of any of its members.
// Each mark records who made it (`--as`, default the OS user), so a team sharing one database
// sees whose decision a status is; marks made before names were recorded have none (null).
import type { Db } from './db.js';
import { statementsOf, type Prepared } from './statements.js';

/** A user's decision about a candidate. */
export type MarkStatus = 'picked' | 'rejected' | 'skipped';

/** A stored mark. */
export interface Mark {
  entityId: number;
  status: MarkStatus;
  markedAt: number;
  note: string | null;
  /** Who made it; null for marks stored before linernotes recorded names (shown as `unknown`). */
  by: string | null;
}

/** How a mark's author is shown: the name, or `unknown` for marks older than names. */
export function markAuthor(m: Pick<Mark, 'by'>): string {
  return m.by ?? 'unknown';
}

/**
 * Whether `m` was made by `as`. A mark with no recorded author predates teams and counts as
 * anyone's own, so a database used by one person reviews as it always did.
 */
export function isOwnMark(m: Pick<Mark, 'by'>, as: string): boolean {
  return m.by === null || m.by === as;
}

/** Reads and writes the `marks` table. */
export class MarkStore {
  private readonly sql: Prepared;

  constructor(db: Db) {
    this.sql = statementsOf(db);
  }

  /** Set (or replace) the mark on an entity, made by `by` (null: nobody named). */
  set(entityId: number, status: MarkStatus, now: number, note: string | null = null, by: string | null = null): void {
    this.sql(
        `INSERT INTO marks (entity_id, status, marked_at, note, marked_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (entity_id) DO UPDATE SET status = excluded.status, marked_at = excluded.marked_at, note = excluded.note, marked_by = excluded.marked_by`,
      )
      .run(entityId, status, now, note, by);
  }

  /** Remove the marks of these entities; returns how many were removed. */
  clear(entityIds: readonly number[]): number {
    const del = this.sql('DELETE FROM marks WHERE entity_id = ?');
    let n = 0;
    for (const id of entityIds) n += del.run(id).changes;
    return n;
  }

  /** Every mark. */
  all(): Mark[] {
    return (this.sql('SELECT entity_id, status, marked_at, note, marked_by FROM marks ORDER BY entity_id').all() as Record<string, unknown>[]).map((r) => ({
      entityId: r.entity_id as number, status: r.status as MarkStatus, markedAt: r.marked_at as number, note: r.note as string | null, by: r.marked_by as string | null,
    }));
  }
}

/**
 * Each person's mark: the newest mark among the entities that stand for it. `personOf` maps
 * every entity to its person (see rank/identity.ts).
 */
export function marksByPerson(marks: readonly Mark[], personOf: ReadonlyMap<number, number>): Map<number, Mark> {
  const result = new Map<number, Mark>();
  for (const m of marks) {
    const person = personOf.get(m.entityId) ?? m.entityId;
    const prev = result.get(person);
    if (!prev || m.markedAt > prev.markedAt || (m.markedAt === prev.markedAt && m.entityId > prev.entityId)) result.set(person, m);
  }
  return result;
}
