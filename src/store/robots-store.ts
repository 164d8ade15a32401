// robots.txt answers kept between runs: RFC 9309 lets a crawler reuse one for up to 24 hours,
// and after that a conditional request usually answers 304, so a weekly recrawl does not pay
// for every site's robots.txt again.
import type { Db } from './db.js';
import { statementsOf, type Prepared } from './statements.js';

/** A stored robots.txt answer. */
export interface StoredRobots {
  fetchedAt: number;
  status: number;
  etag: string | null;
  lastModified: string | null;
  body: string | null;
}

/** Reads and writes the `robots` table. */
export class RobotsStore {
  private readonly sql: Prepared;

  constructor(db: Db) {
    this.sql = statementsOf(db);
  }

  /** The stored answer for an origin (`https://host`), if any. */
  get(origin: string): StoredRobots | null {
    const r = this.sql('SELECT * FROM robots WHERE origin = ?').get(origin) as Record<string, unknown> | undefined;
    if (!r) return null;
    return { fetchedAt: r.fetched_at as number, status: r.status as number, etag: r.etag as string | null, lastModified: r.last_modified as string | null, body: r.body as string | null };
  }

  /** Keep an answer (only real answers: never an unreachable server). */
  put(origin: string, robots: StoredRobots): void {
    this.sql(
        `INSERT INTO robots (origin, fetched_at, status, etag, last_modified, body) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (origin) DO UPDATE SET fetched_at = excluded.fetched_at, status = excluded.status,
           etag = excluded.etag, last_modified = excluded.last_modified, body = excluded.body`,
      )
      .run(origin, robots.fetchedAt, robots.status, robots.etag, robots.lastModified, robots.body);
  }
}
