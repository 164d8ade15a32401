// The PostgreSQL connection as the store modules see it: better-sqlite3's surface (prepare,
// run/get/all/iterate/pluck, transaction functions with .immediate) over the synchronous bridge.
// SQL is translated once per text (pg/translate.ts) and prepared on the server under one name.
import type { AnyFunction, SqlDb, SqlQuery, SqlRunResult, SqlStatement, SqlTransaction } from '../engine.js';
import type { PgBridge, QueryAnswer, QueryOptions } from './bridge.js';
import { ID_TABLES, SCHEMA_VERSION_TABLE } from './schema.js';
import { translateSql, type TranslatedSql } from './translate.js';

/**
 * The advisory lock an IMMEDIATE transaction takes first: like SQLite's write lock, it lets one
 * writing transaction at a time into the database (advisory locks are per database).
 */
export const WRITE_LOCK_KEY = 0x6c6e7772; // 'lnwr'

/** A prepared statement on a PostgreSQL connection. */
class PgStatement implements SqlStatement {
  private plucked = false;

  constructor(
    private readonly db: PgDb,
    private readonly sql: TranslatedSql & { name: string },
  ) {}

  run(...params: unknown[]): SqlRunResult {
    const r = this.db.query(this.sql, params, false);
    const id = this.sql.returnsId ? (r.rows[0] as { id?: number } | undefined)?.id : undefined;
    return { changes: r.rowCount, lastInsertRowid: id ?? 0 };
  }

  get(...params: unknown[]): unknown {
    return this.all(...params)[0];
  }

  all(...params: unknown[]): unknown[] {
    const r = this.db.query(this.sql, params, this.plucked);
    return this.plucked ? r.rows.map((row) => (row as unknown[])[0]) : r.rows;
  }

  /** The rows are read in one go: the bridge answers whole results. */
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.all(...params)[Symbol.iterator]();
  }

  pluck(toggle = true): SqlStatement {
    this.plucked = toggle;
    return this;
  }
}

/** A PostgreSQL database behind the `Db` surface. */
export class PgDb implements SqlDb {
  private readonly translated = new Map<string, TranslatedSql & { name: string }>();
  private depth = 0;
  /**
   * Statements of the open transaction not sent yet (its BEGIN; PREPAREs and EXECUTEs, with
   * their values written in, of writes nobody reads the result of): they go in front of the
   * next statement sent.
   */
  private pending: string[] = [];
  /** The open transaction's BEGIN has gone to the server. */
  private begun = false;
  /** Deferred statements prepared on the server, by text: their names for EXECUTE. */
  private readonly prepared = new Map<string, string>();
  /** Deferred statements whose PREPARE is pending (known to the server once the batch succeeds). */
  private readonly preparing = new Map<string, string>();
  private preparedCount = 0;

  constructor(
    private readonly bridge: PgBridge,
    /** The URL without its password. */
    readonly name: string,
  ) {}

  get open(): boolean {
    return !this.bridge.closed;
  }

  prepare(sql: string): SqlStatement {
    return new PgStatement(this, this.translate(sql));
  }

  /** Run PostgreSQL text as it is (several statements allowed, no parameters). */
  exec(sql: string): this {
    this.send(sql);
    return this;
  }

  /**
   * A write whose result is not read: inside a transaction it waits for the next statement
   * sent, as EXECUTE of a statement prepared on the server (PREPARE goes in front the first
   * time), its values written in as literals: exactly the untyped text `pg` would send for them.
   */
  defer(sql: string, params: unknown[]): void {
    const t = this.translate(sql);
    const args = this.depth > 0 ? literals(bind(t, params)) : null;
    if (args === null) {
      this.query(t, params, false);
      return;
    }
    const name = this.preparedName(t.text);
    this.pending.push(args.length > 0 ? `EXECUTE ${name}(${args.join(', ')})` : `EXECUTE ${name}`);
  }

  /**
   * Reads in one round trip: inside a transaction, EXECUTEs of statements prepared on the server
   * (as `defer` writes them), sent as one text behind the held writes; each one's rows back.
   * Outside one, or with a value that has no literal form, one query after the other.
   */
  allTogether(queries: readonly SqlQuery[]): unknown[][] {
    const translated = queries.map((q) => this.translate(q.sql));
    const args = this.depth > 0 ? translated.map((t, i) => literals(bind(t, queries[i]!.params))) : [];
    if (this.depth === 0 || args.some((a) => a === null)) return translated.map((t, i) => this.query(t, queries[i]!.params, false).rows);
    const executes = translated.map((t, i) => {
      const name = this.preparedName(t.text);
      const values = args[i]!;
      return values.length > 0 ? `EXECUTE ${name}(${values.join(', ')})` : `EXECUTE ${name}`;
    });
    return this.send(executes.join(';\n'), [], { sets: queries.length }).sets!;
  }

  /** The server-side name of a statement, its PREPARE held to go first if it has none yet. */
  private preparedName(text: string): string {
    let name = this.prepared.get(text) ?? this.preparing.get(text);
    if (name === undefined) {
      name = `lnd${++this.preparedCount}`;
      this.pending.push(`PREPARE ${name} AS ${text}`);
      this.preparing.set(text, name);
    }
    return name;
  }

  /** @internal Bind and run a translated statement. */
  query(sql: TranslatedSql & { name: string }, params: unknown[], asArrays: boolean): { rows: unknown[]; rowCount: number } {
    return this.send(sql.text, bind(sql, params), { name: sql.name, rowMode: asArrays ? 'array' : undefined });
  }

  private translate(sql: string): TranslatedSql & { name: string } {
    let t = this.translated.get(sql);
    if (!t) {
      t = { ...translateSql(sql, ID_TABLES), name: `ln${this.translated.size + 1}` };
      this.translated.set(sql, t);
    }
    return t;
  }

  /** Send a statement, and in the same round trip whatever the transaction has pending. */
  private send(sql: string, params: unknown[] = [], opts: QueryOptions = {}): QueryAnswer {
    if (this.pending.length === 0) return this.bridge.query(sql, params, opts);
    const pre = this.pending.join(';\n');
    this.pending = [];
    this.begun = true;
    const preparing = [...this.preparing];
    this.preparing.clear();
    // Without parameters the two are one text (one simple query); with, `pre` runs first. A
    // failed batch may have stopped before a PREPARE: its name is not used again.
    const result = params.length === 0 && !opts.name ? this.bridge.query(`${pre};\n${sql}`, [], opts) : this.bridge.query(sql, params, { ...opts, pre });
    for (const [text, name] of preparing) this.prepared.set(text, name);
    return result;
  }

  transaction<F extends AnyFunction>(fn: F): SqlTransaction<F> {
    const run = (lock: boolean, args: unknown[]) => this.inTransaction(lock, () => (fn as unknown as (...a: unknown[]) => unknown)(...args));
    const tx = ((...args: unknown[]) => run(false, args)) as unknown as SqlTransaction<F>;
    tx.deferred = ((...args: unknown[]) => run(false, args)) as never;
    tx.immediate = ((...args: unknown[]) => run(true, args)) as never;
    tx.exclusive = ((...args: unknown[]) => run(true, args)) as never;
    return tx;
  }

  /** Only `user_version`, read from the schema_version table (0 when there is none). */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    if (source.trim() !== 'user_version') throw new Error(`PRAGMA ${source}: SQLite only; a PostgreSQL store has no pragmas`);
    const exists = this.send('SELECT to_regclass($1) IS NOT NULL AS t', [SCHEMA_VERSION_TABLE]).rows[0] as { t: boolean };
    const version = exists.t ? ((this.send(`SELECT max(version) AS v FROM ${SCHEMA_VERSION_TABLE}`).rows[0] as { v: number | null }).v ?? 0) : 0;
    return options.simple ? version : [{ user_version: version }];
  }

  close(): void {
    this.bridge.close();
  }

  /**
   * BEGIN … COMMIT, or a savepoint inside an outer transaction (as better-sqlite3 nests). The
   * BEGIN waits to go with the first statement, and the deferred writes with the COMMIT; a
   * transaction that sent nothing ends without a round trip.
   */
  private inTransaction<T>(lock: boolean, fn: () => T): T {
    if (this.depth > 0) {
      const sp = `ln_sp${this.depth}`;
      this.send(`SAVEPOINT ${sp}`);
      this.depth++;
      try {
        const result = fn();
        this.send(`RELEASE SAVEPOINT ${sp}`);
        return result;
      } catch (err) {
        // What is pending was queued after the savepoint: it is rolled back unsent.
        this.pending = [];
        this.preparing.clear();
        if (this.open) this.bridge.query(`ROLLBACK TO SAVEPOINT ${sp}; RELEASE SAVEPOINT ${sp}`);
        throw err;
      } finally {
        this.depth--;
      }
    }
    this.depth++;
    this.begun = false;
    this.pending = [lock ? `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})` : 'BEGIN'];
    try {
      const result = fn();
      if (this.begun || this.pending.length > 1) this.send('COMMIT');
      return result;
    } catch (err) {
      // What is still pending is dropped unsent (finally), and ROLLBACK goes on its own.
      if (this.open && this.begun) {
        try {
          this.bridge.query('ROLLBACK');
        } catch {
          /* the first error is the one to report */
        }
      }
      throw err;
    } finally {
      this.pending = [];
      this.preparing.clear();
      this.depth--;
    }
  }
}

/** The parameter values in $n order, checked like better-sqlite3 checks them. */
function bind(sql: TranslatedSql, params: unknown[]): unknown[] {
  if (sql.names) {
    const obj = params[0];
    if (params.length !== 1 || obj === null || typeof obj !== 'object') throw new RangeError('Expected one object for named parameters');
    return sql.names.map((n) => value((obj as Record<string, unknown>)[n]));
  }
  const flat = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
  if (flat.length !== sql.positional) throw new RangeError(`Expected ${sql.positional} parameters, got ${flat.length}`);
  return flat.map(value);
}

function value(v: unknown): unknown {
  if (v === undefined) return null;
  // PostgreSQL text cannot hold U+0000 (SQLite can): store the replacement character instead
  // of failing the page's whole transaction over one byte of a title or robots.txt.
  if (typeof v === 'string') return v.includes('\u0000') ? v.replaceAll('\u0000', '\ufffd') : v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
  return v;
}

/**
 * Bound values as PostgreSQL literals, or null when one is not a value `pg` sends as plain text
 * (arrays, objects). Quoted, as `pg` sends every parameter as untyped text: the server gives
 * them the types of the prepared statement's parameters, as it does parameters.
 */
export function literals(values: readonly unknown[]): string[] | null {
  const out: string[] = [];
  for (const v of values) {
    const l = literal(v);
    if (l === null) return null;
    out.push(l);
  }
  return out;
}

/** A bound value as a PostgreSQL literal (E'' so backslashes mean the same under any setting). */
function literal(v: unknown): string | null {
  if (v === null) return 'NULL';
  if (typeof v === 'number' || typeof v === 'string') {
    const s = String(v);
    return `E'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  }
  if (v instanceof Uint8Array) return `E'\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}'`;
  return null;
}
