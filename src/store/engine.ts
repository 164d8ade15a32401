// The surface of a database connection that the store modules use: better-sqlite3's own shape
// (prepare/run/get/all/iterate/pluck, transaction functions), which the SQLite connection has
// natively and the PostgreSQL adapter (pg/pg-db.ts) reproduces, synchronously, over `pg`.

/** What a write reports. */
export interface SqlRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement. Parameters are positional (`?`) or one object for `@name` parameters. */
export interface SqlStatement {
  run(...params: unknown[]): SqlRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** Return only the first column of each row (for every later call too). */
  pluck(toggle?: boolean): SqlStatement;
}

// better-sqlite3's own definition of a transaction's function, so its Database fits this interface.
export type AnyFunction = (...params: any[]) => unknown;
type ArgumentTypes<F extends AnyFunction> = F extends (...args: infer A) => unknown ? A : never;

/** A function that runs inside a transaction; `.immediate` takes the write lock up front. */
export interface SqlTransaction<F extends AnyFunction> {
  (...args: ArgumentTypes<F>): ReturnType<F>;
  deferred(...args: ArgumentTypes<F>): ReturnType<F>;
  immediate(...args: ArgumentTypes<F>): ReturnType<F>;
  exclusive(...args: ArgumentTypes<F>): ReturnType<F>;
}

/** One open connection. */
export interface SqlDb {
  /** The database's name for messages and lock keys: a file path, or a URL without its password. */
  readonly name: string;
  /** False once closed. */
  readonly open: boolean;
  prepare(sql: string): SqlStatement;
  /** Run one or more statements without parameters. */
  exec(sql: string): unknown;
  transaction<F extends AnyFunction>(fn: F): SqlTransaction<F>;
  /** SQLite pragmas; the PostgreSQL adapter answers only `user_version` (its schema_version table). */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
  /**
   * Run a write whose result nobody reads. The PostgreSQL adapter, inside a transaction, holds
   * it and sends it with the transaction's next statement (or its COMMIT) in one round trip; an
   * error it raises is thrown there and fails the transaction as it would have here. Absent
   * (SQLite, in-process): `laterOf` (statements.ts) runs the statement at once.
   */
  defer?(sql: string, params: unknown[]): void;
  /**
   * Several reads in one round trip: each query's rows, in order. The PostgreSQL adapter, inside
   * a transaction, sends them as one text behind what the transaction holds. Absent (SQLite,
   * in-process): `readTogether` (statements.ts) runs them one after the other.
   */
  allTogether?(queries: readonly SqlQuery[]): unknown[][];
}

/** One statement and its values. */
export interface SqlQuery {
  sql: string;
  params: unknown[];
}
