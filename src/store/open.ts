// The one door to a database for commands: `--db` names a SQLite file (the default) or a
// PostgreSQL database (postgres://user@host/db). Commands never pick an engine or open a
// connection themselves.
import { existsSync } from 'node:fs';
import { openDatabase, type OpenOptions } from './db.js';
import { isPostgresUrl, openPgDatabase, pgStoreExists } from './pg/open-pg.js';
import { createStore, type Store } from './store.js';

/** Open the database `--db` names and wrap it as a store (migrating it unless read-only). */
export function openStore(db: string, opts: OpenOptions = {}): Store {
  return createStore(isPostgresUrl(db) ? openPgDatabase(db, opts) : openDatabase(db, opts));
}

/** Whether the database `--db` names exists already (a new one is created by write commands). */
export function storeExists(db: string): boolean {
  return isPostgresUrl(db) ? pgStoreExists(db) : existsSync(db);
}
