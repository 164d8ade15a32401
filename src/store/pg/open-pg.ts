// Opening a PostgreSQL database named by a postgres:// URL: connect, apply the same migrations
// SQLite gets (recorded in schema_version), and the one-line errors for a server that is down,
// a database that does not exist, or one that is not ours.
import { LinernotesError, StorageFullError, UsageError } from '../../errors.js';
import type { OpenOptions } from '../db.js';
import { migrateSchema } from '../migrate.js';
import { PgBridge } from './bridge.js';
import { PgDb } from './pg-db.js';
import { pgMigrationSql, SCHEMA_VERSION_TABLE } from './schema.js';

/** Whether a --db value names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** The URL as messages show it: the password replaced by ***. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** Open the PostgreSQL database at `url` and bring its schema up to date (unless read-only). */
export function openPgDatabase(url: string, opts: OpenOptions & { queryTimeoutMs?: number } = {}): PgDb {
  const name = redactUrl(url);
  const busy = opts.busyTimeoutMs ?? 5000;
  let bridge: PgBridge;
  try {
    bridge = new PgBridge({
      url,
      name,
      queryTimeoutMs: opts.queryTimeoutMs,
      setup: [
        // Like SQLite's busy_timeout: a writer waits this long for another's lock, then fails.
        `SET lock_timeout = ${Math.max(1, Math.round(busy))}`,
        'SET client_min_messages = warning',
        // Short statements only: JIT compiling one (when its estimate looks big on tables not
        // yet analyzed) costs tens of ms, far more than running it.
        'SET jit = off',
        ...(opts.readonly ? ['SET default_transaction_read_only = on'] : []),
      ],
    });
  } catch (err) {
    throw connectError(err, name);
  }
  const db = new PgDb(bridge, name);
  try {
    migrate(db, name, opts.readonly ?? false);
  } catch (err) {
    db.close();
    if (err instanceof LinernotesError) throw err;
    throw new LinernotesError(`${name}: cannot open database (${(err as Error).message})`, { code: 'LN_DB_OPEN', cause: err });
  }
  return db;
}

/** Whether the database at `url` exists and holds a linernotes schema. */
export function pgStoreExists(url: string): boolean {
  let db: PgDb;
  try {
    db = openPgDatabase(url, { readonly: true });
  } catch (err) {
    if (err instanceof UsageError && (err.code === 'LN_DB_MISSING' || err.code === 'LN_DB_OLD')) return false;
    throw err;
  }
  db.close();
  return true;
}

function connectError(err: unknown, name: string): unknown {
  if (err instanceof LinernotesError) return err;
  const code = (err as { code?: string }).code;
  const why = (err as Error).message;
  const dbName = /\/([^/?]+)(\?|$)/.exec(name.replace(/^postgres(ql)?:\/\/[^/]*/, ''))?.[1];
  if (code === '3D000') {
    return new UsageError(`${name}: no such database; create it first (createdb ${dbName ?? 'NAME'})`, 'LN_DB_MISSING');
  }
  if (code === '28P01' || code === '28000') {
    return new UsageError(`${name}: PostgreSQL refused the login (${why}); check the user and password in the URL`, 'LN_PG_AUTH');
  }
  if (/ECONNREFUSED|ENOENT|EHOSTUNREACH|ENOTFOUND|timeout/i.test(`${code} ${why}`)) {
    return new LinernotesError(`${name}: cannot connect to PostgreSQL (${why}); check that the server is running and the URL is right`, {
      code: 'LN_PG_CONNECT', retryable: true, cause: err,
    });
  }
  return new LinernotesError(`${name}: cannot open database (${why})`, { code: 'LN_DB_OPEN', cause: err });
}

function version(db: PgDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply pending migrations (migrate.ts) on PostgreSQL: the version is the schema_version table. */
function migrate(db: PgDb, name: string, readonly: boolean): void {
  migrateSchema({
    version: () => version(db),
    assertEmptyOrOurs: () => assertEmptyOrOurs(db, name),
    locked: (fn) => db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS ${SCHEMA_VERSION_TABLE} (version BIGINT NOT NULL)`);
      fn();
    }).immediate(),
    apply: (m) => {
      db.exec(pgMigrationSql(m.pg ?? m.sql));
      db.exec(`DELETE FROM ${SCHEMA_VERSION_TABLE}; INSERT INTO ${SCHEMA_VERSION_TABLE} (version) VALUES (${m.version})`);
    },
    emptyReadonly: () => new UsageError(`${name}: no linernotes database here yet; run \`linernotes discover SEEDS --db ${name}\` first`, 'LN_DB_MISSING'),
  }, name, readonly);
}

/** No schema_version but tables in the schema: somebody else's database, don't write into it. */
function assertEmptyOrOurs(db: PgDb, name: string): void {
  const foreign = db
    .prepare("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'schema_version'")
    .get() as { n: number };
  if (foreign.n > 0 && version(db) === 0) {
    throw new UsageError(`${name}: not a linernotes database (it already has tables); choose another --db database`, 'LN_DB_FOREIGN');
  }
}

/**
 * The one-line error for a failed write to the PostgreSQL database `name`, or null when `err`
 * is not one: a full disk on the server (53100) or a read-only database or standby (25006).
 */
export function pgStorageError(err: unknown, name: string): LinernotesError | null {
  const code = String((err as { code?: unknown })?.code ?? '');
  if (code === '53100' || code === '53400') {
    return new StorageFullError(`${name}: cannot write the database: the server's disk is full; free some space and run the same command again (what was saved is intact)`, err);
  }
  if (code === '25006') {
    return new UsageError(`${name}: the database is read-only (a standby, or default_transaction_read_only); pass --db a writable primary`, 'LN_DB_READONLY');
  }
  return null;
}
