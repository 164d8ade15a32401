// Prepared statements kept per connection. better-sqlite3 compiles SQL on every `prepare`, which
// cost a crawl about a sixth of its CPU when each store method prepared its statement anew; a
// statement is compiled once per database handle and reused by every call after.
import type { Db } from './db.js';
import type { SqlQuery, SqlStatement as Statement } from './engine.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

/** A function returning the one prepared statement of `db` for a SQL text. */
export type Prepared = (sql: string) => Statement;

/**
 * The statement cache of `db`, shared by every store module on that connection. Use it for
 * `run`, `get` and `all`; a statement being `iterate`d is busy until the loop ends, so iterators
 * prepare their own. `pluck`/`raw` change the statement for later callers too: a SQL text that
 * is plucked must always be.
 */
export function statementsOf(db: Db): Prepared {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const own = cache;
  return (sql: string): Statement => {
    let stmt = own.get(sql);
    if (stmt === undefined) {
      stmt = db.prepare(sql);
      own.set(sql, stmt);
    }
    return stmt;
  };
}

/** A function running a write whose result nobody reads: see {@link laterOf}. */
export type Later = (sql: string, ...params: unknown[]) => void;

/**
 * Writes of `db` whose results are not read (no changes count, no row back). On SQLite they run
 * at once, as prepared statements of the cache; on PostgreSQL, inside a transaction, they travel
 * with the next statement that needs an answer (SqlDb.defer), so a page's writes cost the
 * round trips of its reads and one COMMIT instead of one each.
 */
export function laterOf(db: Db): Later {
  if (db.defer) {
    const pg = db as Required<Pick<Db, 'defer'>>;
    return (sql, ...params) => pg.defer(sql, params);
  }
  const sql = statementsOf(db);
  return (text, ...params) => {
    sql(text).run(...params);
  };
}

/**
 * A read described rather than run, so several can share a round trip ({@link readTogether}):
 * its statement (null: nothing to ask, `parse([])` is the answer) and what its rows mean.
 */
export interface Read<T> {
  query: SqlQuery | null;
  parse(rows: unknown[]): T;
}

/**
 * Run `reads` and parse their rows: on PostgreSQL inside a transaction in one round trip
 * (SqlDb.allTogether), on SQLite one after the other as prepared statements of the cache.
 */
export function readTogether<T extends unknown[]>(db: Db, ...reads: { [K in keyof T]: Read<T[K]> }): T {
  const asked = reads.filter((r) => r.query !== null).map((r) => r.query!);
  const sql = statementsOf(db);
  const rows = asked.length === 0 ? [] : db.allTogether && asked.length > 1 ? db.allTogether(asked) : asked.map((q) => sql(q.sql).all(...q.params));
  let at = 0;
  return reads.map((r) => r.parse(r.query === null ? [] : rows[at++]!)) as T;
}
