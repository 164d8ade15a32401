// New, empty PostgreSQL databases on the test cluster, one per call, as --db URLs. Created
// synchronously through the store's own bridge, so tests stay as synchronous as the store.
import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { PgBridge } from '../../src/store/pg/bridge.js';

let admin: PgBridge | null = null;

/** The URL of database `db` on the test cluster. */
export function pgUrl(db: string): string {
  return `postgres://postgres@localhost/${db}?host=${encodeURIComponent(inject('pgSocketDir'))}`;
}

/** Create an empty database named `ln_PREFIX_…` and return its URL. */
export function freshPgDatabase(prefix: string): string {
  if (!admin) {
    admin = new PgBridge({ url: pgUrl('postgres'), name: 'test cluster', queryTimeoutMs: 30_000 });
    afterAll(() => {
      admin?.close();
      admin = null;
    });
  }
  const name = `ln_${prefix.replace(/\W/g, '_')}_${randomBytes(5).toString('hex')}`.toLowerCase();
  admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  return pgUrl(name);
}
