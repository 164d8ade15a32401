// What servers said about themselves (today: which software a fediverse server runs, from
// NodeInfo), kept between runs for a day like robots.txt, so a weekly recrawl does not ask every
// instance again before reading one account.
import type { Db } from './db.js';
import { statementsOf, type Prepared } from './statements.js';

/** Reads and writes the `server_facts` table. */
export class ServerFactStore {
  private readonly sql: Prepared;

  constructor(db: Db) {
    this.sql = statementsOf(db);
  }

  /** The stored value for `key` if it is younger than `maxAgeMs`. */
  get(key: string, maxAgeMs: number, now: number): string | null {
    const r = this.sql('SELECT value, fetched_at FROM server_facts WHERE key = ?').get(key) as { value: string; fetched_at: number } | undefined;
    return r && now - r.fetched_at < maxAgeMs ? r.value : null;
  }

  /** Keep a value learned now. */
  put(key: string, value: string, now: number): void {
    this.sql('INSERT INTO server_facts (key, value, fetched_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at')
      .run(key, value, now);
  }
}
