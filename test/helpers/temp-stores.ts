// Throwaway stores for store tests, on either engine: a fresh SQLite file in one temp folder or
// a fresh database on the test PostgreSQL cluster per call, every store a test opened closed
// after it. Contract tests run once per engine: `describe.each(ENGINES)`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { PgBridge } from '../../src/store/pg/bridge.js';
import { pgMigrationSql } from '../../src/store/pg/schema.js';
import { openDatabase, type Db, type OpenOptions } from '../../src/store/db.js';
import { openPgDatabase } from '../../src/store/pg/open-pg.js';
import { WRITE_LOCK_KEY } from '../../src/store/pg/pg-db.js';
import { createStore, dbOf, type Store } from '../../src/store/store.js';
import { freshPgDatabase } from './pg-databases.js';

/** The two store implementations. */
export type Engine = 'sqlite' | 'postgres';
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** Open the database `path` names on `engine` (a file path, or a PostgreSQL URL). */
export function openDb(engine: Engine, path: string, opts: OpenOptions = {}): Db {
  return engine === 'sqlite' ? openDatabase(path, opts) : openPgDatabase(path, opts);
}

/**
 * Write a database at schema `version` (the migrations up to it, as an older linernotes left
 * it) holding `rows` (INSERT statements), for a migration test to open with today's code.
 */
export function writeOldDatabase(engine: Engine, path: string, version: number, rows: readonly string[]): void {
  const migrations = MIGRATIONS.filter((m) => m.version <= version);
  if (engine === 'sqlite') {
    const old = new Database(path);
    for (const m of migrations) old.exec(m.sql);
    old.pragma(`user_version = ${version}`);
    for (const sql of rows) old.prepare(sql).run();
    old.close();
    return;
  }
  const old = new PgBridge({ url: path, name: `schema ${version}`, queryTimeoutMs: 30_000 });
  for (const m of migrations) old.query(pgMigrationSql(m.sql));
  old.query(`CREATE TABLE schema_version (version BIGINT NOT NULL); INSERT INTO schema_version VALUES (${version})`);
  for (const sql of rows) old.query(sql);
  old.close();
}

/** Hold the write lock of `db` in an open transaction (as a long write would); undo with `db.exec('ROLLBACK')`. */
export function beginWrite(engine: Engine, db: Db): void {
  db.exec(engine === 'sqlite' ? 'BEGIN IMMEDIATE' : `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
}

/**
 * A temp folder `dir` named `ln-PREFIX-…`: `fresh()` names a new database (a file in it, or a
 * new PostgreSQL database), `store(path?)` opens one (closed after each test).
 */
export function tempStores(prefix: string, engine: Engine = 'sqlite'): {
  dir: string; engine: Engine; fresh: () => string; store: (path?: string, opts?: OpenOptions) => Store;
} {
  const dir = mkdtempSync(join(tmpdir(), `ln-${prefix}-`));
  let n = 0;
  const fresh = engine === 'sqlite' ? () => join(dir, `t${n++}.db`) : () => freshPgDatabase(prefix);
  const open: Store[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) if (dbOf(s).open) s.close();
  });
  return {
    dir,
    engine,
    fresh,
    store(path = fresh(), opts: OpenOptions = {}): Store {
      const s = createStore(openDb(engine, path, opts));
      open.push(s);
      return s;
    },
  };
}
