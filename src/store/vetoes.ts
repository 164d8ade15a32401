// The user's merge vetoes: pairs of entity keys that are not one person, whatever identity
// claims later crawls record (see rank/identity.ts). Kept by key, not by id, so a veto reads
// the same in every database that holds those identities. A pair is stored once, in key order.
import type { Db } from './db.js';
import { statementsOf, type Prepared } from './statements.js';
import type { MergeVeto } from '../rank/identity.js';

/** A stored veto. */
export interface VetoRow extends MergeVeto {
  /** When the user split the pair (ms since the epoch). */
  vetoedAt: number;
  /** Who split them (`--as`, default the OS user); null for vetoes older than names. */
  vetoedBy: string | null;
}

/** Reads and writes the `merge_vetoes` table. */
export class VetoStore {
  private readonly sql: Prepared;

  constructor(db: Db) {
    this.sql = statementsOf(db);
  }

  /** Keep `a` and `b` apart, on behalf of `by`; returns false when that pair was already vetoed (its author stays). */
  add(a: string, b: string, now: number, by: string | null = null): boolean {
    if (a === b) return false;
    const [x, y] = ordered(a, b);
    return this.sql('INSERT INTO merge_vetoes (a_key, b_key, vetoed_at, vetoed_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(x, y, now, by).changes > 0;
  }

  /** Lift the veto between `a` and `b`; returns whether there was one. */
  remove(a: string, b: string): boolean {
    const [x, y] = ordered(a, b);
    return this.sql('DELETE FROM merge_vetoes WHERE a_key = ? AND b_key = ?').run(x, y).changes > 0;
  }

  /** Lift every veto that names `key`; returns how many. */
  removeAll(key: string): number {
    return this.sql('DELETE FROM merge_vetoes WHERE a_key = ? OR b_key = ?').run(key, key).changes;
  }

  /** Every veto, oldest first. */
  list(): VetoRow[] {
    return this.sql('SELECT a_key AS aKey, b_key AS bKey, vetoed_at AS vetoedAt, vetoed_by AS vetoedBy FROM merge_vetoes ORDER BY vetoed_at, a_key, b_key').all() as VetoRow[];
  }

  /** The vetoes that name `key`. */
  forKey(key: string): VetoRow[] {
    return this.list().filter((v) => v.aKey === key || v.bKey === key);
  }
}

function ordered(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}
