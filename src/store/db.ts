// Opening the SQLite file: pragmas, migrations, and the one-line errors for a db that is not
// ours. Every other store module takes the `Db` this returns.
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LinernotesError, StorageFullError, UsageError } from '../errors.js';
import type { SqlDb } from './engine.js';
import { migrateSchema } from './migrate.js';
import { isPostgresUrl, pgStorageError, redactUrl } from './pg/open-pg.js';

/** The connection every store module works on: a better-sqlite3 handle or the PostgreSQL adapter. */
export type Db = SqlDb;
/** A better-sqlite3 handle (the SQLite side of this file). */
type SqliteDb = Database.Database;

/**
 * The file of a SQLite connection whose data another connection reads the same right now (not
 * inside a transaction), or null: PostgreSQL, an in-memory database, an open transaction.
 */
export function sqliteFileOf(db: Db): string | null {
  if (!(db instanceof Database) || db.memory || db.inTransaction) return null;
  return resolve(db.name);
}

/** Options for opening the store. */
export interface OpenOptions {
  /** Open read-only (rank, export): never migrates, fails if the file is missing. @default false */
  readonly?: boolean;
  /** How long a writer waits for another connection's lock, in ms. @default 5000 */
  busyTimeoutMs?: number;
}

/**
 * Open (creating if needed) the database at `path` and bring its schema up to date.
 * WAL lets `rank` read while a crawl writes; synchronous=NORMAL in WAL mode never corrupts the
 * file and only risks the last few commits on power loss (the frontier rows they covered go
 * back to 'queued' and are fetched again on resume).
 */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  const existed = existsSync(path);
  if (!opts.readonly) assertWritable(path, existed);
  let db: SqliteDb;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    const why = (err as Error).message;
    if (opts.readonly && /unable to open|does not exist|SQLITE_CANTOPEN/i.test(why)) {
      throw new UsageError(`${path}: no such database; run \`linernotes discover SEEDS --db ${path}\` first`, 'LN_DB_MISSING');
    }
    const storage = storageError(err, path);
    if (!existed && storage) removeNewDatabase(path);
    throw storage ?? new LinernotesError(`${path}: cannot open database (${why})`, { code: 'LN_DB_OPEN', cause: err });
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    if (!opts.readonly) {
      enableWal(db, opts.busyTimeoutMs ?? 5000);
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    migrate(db, path, opts.readonly ?? false);
  } catch (err) {
    db.close();
    // Nothing half-made stays behind: a file this call created on a full or read-only disk is
    // removed with its WAL (never on other errors: another process may be creating it too).
    const storage = storageError(err, path);
    if (!existed && storage) removeNewDatabase(path);
    if (err instanceof LinernotesError) throw err;
    const why = (err as Error).message;
    if (/file is not a database|SQLITE_NOTADB/i.test(why)) {
      throw new UsageError(`${path}: not a SQLite database; pass --db a linernotes database or a new file name`, 'LN_DB_NOT_SQLITE');
    }
    throw storage ?? new LinernotesError(`${path}: cannot open database (${why})`, { code: 'LN_DB_OPEN', cause: err });
  }
  return db;
}

function canWrite(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuse before SQLite does, with the fix in the message: a missing or read-only folder for a
 * new file, a read-only file (SQLite would quietly open it read-only and fail at the first write).
 */
function assertWritable(path: string, existed: boolean): void {
  if (existed) {
    if (statSync(path).isDirectory()) throw new UsageError(`${path}: is a folder; pass --db a file name such as ${path.replace(/\/+$/, '')}/linernotes.db`, 'LN_DB_IS_DIR');
    if (!canWrite(path)) {
      throw new UsageError(`${path}: the database is read-only; make it writable (chmod u+w ${path}) or pass --db a copy you can write`, 'LN_DB_READONLY');
    }
    return;
  }
  const dir = dirname(resolve(path));
  if (!existsSync(dir)) throw new UsageError(`${path}: no such folder ${dir}; create it or pass --db a file in an existing folder`, 'LN_DB_NO_DIR');
  if (!canWrite(dir)) throw new UsageError(`${path}: cannot create the database, ${dir} is not writable; pass --db a file in a folder you can write`, 'LN_DB_DIR_READONLY');
}

function removeNewDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * The one-line error for a failed write to the database at `path`, or null when `err` is not
 * one: a full disk (or file size limit) and a database that became read-only.
 */
export function storageError(err: unknown, path: string): LinernotesError | null {
  const code = String((err as { code?: unknown })?.code ?? '');
  if (isPostgresUrl(path)) return pgStorageError(err, redactUrl(path));
  if (code === 'SQLITE_FULL' || ['SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_TRUNCATE', 'SQLITE_IOERR_SHMSIZE'].includes(code)) {
    const what = code === 'SQLITE_FULL' ? 'the disk is full' : 'a write failed (disk full or a file size limit)';
    return new StorageFullError(`${path}: cannot write the database: ${what}; free some space and run the same command again (what was saved is intact)`, err);
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new UsageError(`${path}: the database is read-only; make it and its folder writable (chmod u+w ${path}) or pass --db a copy you can write`, 'LN_DB_READONLY');
  }
  return null;
}

/**
 * Switch to WAL. The conversion needs the file to itself and SQLite runs no busy handler for it,
 * so two processes creating one new database at once would see SQLITE_BUSY: retry until the
 * busy timeout instead. Once a file is in WAL mode this is a read and returns at once.
 */
function enableWal(db: SqliteDb, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!String((err as { code?: string }).code).startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err;
      // A synchronous pause: opening the database is synchronous all the way up.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
    }
  }
}

/** Apply pending migrations (migrate.ts) on a SQLite file: the version is PRAGMA user_version. */
function migrate(db: SqliteDb, path: string, readonly: boolean): void {
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  migrateSchema({
    version,
    assertEmptyOrOurs: () => assertEmptyOrOurs(db, path),
    locked: (fn) => db.transaction(fn).immediate(),
    apply: (m) => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    },
    // A read-only open of a file with no schema yet gets the "older schema" message (run discover).
    emptyReadonly: () => null,
  }, path, readonly);
}

/** A user_version of 0 with tables in it is somebody else's database: don't write into it. */
function assertEmptyOrOurs(db: SqliteDb, path: string): void {
  // One read snapshot: a process creating the same new file may commit its schema meanwhile.
  const foreign = db.transaction(() => {
    if ((db.pragma('user_version', { simple: true }) as number) > 0) return false;
    return (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n > 0;
  })();
  if (foreign) {
    throw new UsageError(`${path}: not a linernotes database (it already has tables); choose another --db file`, 'LN_DB_FOREIGN');
  }
}
