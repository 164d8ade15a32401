// Opening the SQLite file: pragmas, migrations, and the one-line errors for a db that is not
// ours. Every other store module takes the `Db` this returns.
import Database from 'better-sqlite3';
import { LinernotesError, UsageError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

/** The better-sqlite3 handle every store module works on. */
export type Db = Database.Database;

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
  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    const why = (err as Error).message;
    if (opts.readonly && /unable to open|does not exist|SQLITE_CANTOPEN/i.test(why)) {
      throw new UsageError(`${path}: no such database; run \`linernotes discover SEEDS --db ${path}\` first`, 'LN_DB_MISSING');
    }
    throw new LinernotesError(`${path}: cannot open database (${why})`, { code: 'LN_DB_OPEN', cause: err });
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
    if (err instanceof LinernotesError) throw err;
    const why = (err as Error).message;
    if (/file is not a database|SQLITE_NOTADB/i.test(why)) {
      throw new UsageError(`${path}: not a SQLite database; pass --db a linernotes database or a new file name`, 'LN_DB_NOT_SQLITE');
    }
    throw new LinernotesError(`${path}: cannot open database (${why})`, { code: 'LN_DB_OPEN', cause: err });
  }
  return db;
}

/**
 * Switch to WAL. The conversion needs the file to itself and SQLite runs no busy handler for it,
 * so two processes creating one new database at once would see SQLITE_BUSY: retry until the
 * busy timeout instead. Once a file is in WAL mode this is a read and returns at once.
 */
function enableWal(db: Db, busyTimeoutMs: number): void {
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

/** Apply pending migrations; refuse a file written by a newer linernotes. */
function migrate(db: Db, path: string, readonly: boolean): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new UsageError(`${path}: written by a newer linernotes (schema ${current} > ${latest}); upgrade linernotes`, 'LN_DB_TOO_NEW');
  }
  if (current === 0 && !readonly) assertEmptyOrOurs(db, path);
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return;
  if (readonly) {
    throw new UsageError(`${path}: schema ${current} is older than ${latest}; run any write command (e.g. discover) to upgrade it`, 'LN_DB_OLD');
  }
  for (const m of pending) {
    db.transaction(() => {
      // Re-read under the write lock: another process may have migrated while we waited.
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/** A user_version of 0 with tables in it is somebody else's database: don't write into it. */
function assertEmptyOrOurs(db: Db, path: string): void {
  // One read snapshot: a process creating the same new file may commit its schema meanwhile.
  const foreign = db.transaction(() => {
    if ((db.pragma('user_version', { simple: true }) as number) > 0) return false;
    return (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n > 0;
  })();
  if (foreign) {
    throw new UsageError(`${path}: not a linernotes database (it already has tables); choose another --db file`, 'LN_DB_FOREIGN');
  }
}
