// The user's own network: people they already follow, as identities (a site, a feed, a Bluesky
// handle or DID, a fediverse account), each with where it was imported from. Ranking leaves the
// graph alone; rank, review and export hide the candidates these identities match.
import type { KnownEntry, KnownKind } from '../known/parse-known.js';
import type { Db } from './db.js';
import { statementsOf, type Prepared } from './statements.js';

/** A stored known identity. */
export interface KnownRow extends KnownEntry {
  id: number;
  /** Where it came from: `opml:FILE`, `mastodon-csv:FILE`, `list:FILE`, `bluesky:HANDLE`, `mastodon:ACCT`. */
  source: string;
  addedAt: number;
}

/** What an import changed. */
export interface KnownAddResult {
  added: number;
  /** Entries that were known already (their label is filled in if they had none). */
  existing: number;
}

/** Reads and writes the `known` table. */
export class KnownStore {
  private readonly sql: Prepared;

  constructor(private readonly db: Db) {
    this.sql = statementsOf(db);
  }

  /** Add entries in one transaction; an identity already known keeps its row (and gains a missing label). */
  add(entries: readonly KnownEntry[], source: string, now: number): KnownAddResult {
    const insert = this.sql('INSERT OR IGNORE INTO known (kind, identity, label, source, added_at) VALUES (?, ?, ?, ?, ?)');
    const fill = this.sql('UPDATE known SET label = ? WHERE kind = ? AND identity = ? AND label IS NULL');
    return this.db.transaction(() => {
      const result: KnownAddResult = { added: 0, existing: 0 };
      for (const e of entries) {
        if (insert.run(e.kind, e.identity, e.label, source, now).changes > 0) result.added++;
        else {
          result.existing++;
          if (e.label !== null) fill.run(e.label, e.kind, e.identity);
        }
      }
      return result;
    }).immediate();
  }

  /** Every known identity, oldest first. */
  list(): KnownRow[] {
    return (this.sql('SELECT id, kind, identity, label, source, added_at FROM known ORDER BY id').all() as Record<string, unknown>[]).map((r) => ({
      id: r.id as number, kind: r.kind as KnownKind, identity: r.identity as string, label: r.label as string | null,
      source: r.source as string, addedAt: r.added_at as number,
    }));
  }

  /** Delete rows by id in one transaction; returns how many were deleted. */
  remove(ids: readonly number[]): number {
    const del = this.sql('DELETE FROM known WHERE id = ?');
    return this.db.transaction(() => ids.reduce((n, id) => n + del.run(id).changes, 0)).immediate();
  }
}
