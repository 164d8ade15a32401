// The user's hand-picking: a candidate picked (follow it, crawl from it next time), rejected
// (never show it again unless asked) or skipped in review (seen, undecided). Marks are stored on
// an entity; a person (several merged entities) carries the newest mark of any of its members.
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
}

/** Reads and writes the `marks` table. */
export class MarkStore {
  private readonly sql: Prepared;

  constructor(db: Db) {
    this.sql = statementsOf(db);
  }

  /** Set (or replace) the mark on an entity. */
  set(entityId: number, status: MarkStatus, now: number, note: string | null = null): void {
    this.sql(
        `INSERT INTO marks (entity_id, status, marked_at, note) VALUES (?, ?, ?, ?)
         ON CONFLICT (entity_id) DO UPDATE SET status = excluded.status, marked_at = excluded.marked_at, note = excluded.note`,
      )
      .run(entityId, status, now, note);
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
    return (this.sql('SELECT entity_id, status, marked_at, note FROM marks ORDER BY entity_id').all() as Record<string, unknown>[]).map((r) => ({
      entityId: r.entity_id as number, status: r.status as MarkStatus, markedAt: r.marked_at as number, note: r.note as string | null,
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
