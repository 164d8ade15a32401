// Bringing a database's schema up to date, the same way on both engines: refuse one written by a
// newer linernotes or by somebody else, refuse to migrate a read-only open, and run each pending
// migration in its own write-locked transaction, re-reading the version under the lock (another
// process may have migrated while this one waited). What differs per engine is its `SchemaHost`.
import { UsageError } from '../errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** One engine's part of migrating. */
export interface SchemaHost {
  /** The schema version the database is at (0: none yet). */
  version(): number;
  /** Throw if the database has tables but no version: somebody else's. */
  assertEmptyOrOurs(): void;
  /** Run `fn` in one transaction holding the write lock. */
  locked(fn: () => void): void;
  /** Run one migration's SQL and record its version (inside `locked`). */
  apply(m: Migration): void;
  /** A read-only open of a database with no schema yet: the error to throw, or null to let it be. */
  emptyReadonly(): UsageError | null;
}

/** Apply the pending migrations of the database `name` (as the user wrote it, for messages). */
export function migrateSchema(host: SchemaHost, name: string, readonly: boolean): void {
  const current = host.version();
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new UsageError(`${name}: written by a newer linernotes (schema ${current} > ${latest}); upgrade linernotes`, 'LN_DB_TOO_NEW');
  }
  if (current === 0) {
    const empty = readonly ? host.emptyReadonly() : null;
    if (empty) throw empty;
    if (!readonly) host.assertEmptyOrOurs();
  }
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return;
  if (readonly) {
    throw new UsageError(`${name}: schema ${current} is older than ${latest}; run any write command (e.g. discover) to upgrade it`, 'LN_DB_OLD');
  }
  for (const m of pending) {
    host.locked(() => {
      if (host.version() >= m.version) return;
      host.apply(m);
    });
  }
}
