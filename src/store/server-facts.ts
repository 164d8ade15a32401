// What servers said about themselves (today: which software a fediverse server runs, from
// NodeInfo), kept between runs for a day like robots.txt, so a weekly recrawl does not ask every
// instance again before reading one account.
import type { Db } from './db.js';

/** Reads and writes the `server_facts` table. */
export class ServerFactStore {
  constructor(private readonly db: Db) {}

  /** The stored value for `key` if it is younger than `maxAgeMs`. */
  get(key: string, maxAgeMs: number, now: number): string | null {
    const r = this.db.prepare('SELECT value, fetched_at FROM server_facts WHERE key = ?').get(key) as { value: string; fetched_at: number } | undefined;
    return r && now - r.fetched_at < maxAgeMs ? r.value : null;
  }

  /** Keep a value learned now. */
  put(key: string, value: string, now: number): void {
    this.db
      .prepare('INSERT INTO server_facts (key, value, fetched_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at')
      .run(key, value, now);
  }
}
