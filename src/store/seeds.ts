// Stored seeds: what the user trusts. Parsing lives in extract/seeds.ts; this keeps them.
import type { Db } from './db.js';
import { statementsOf, type Prepared } from './statements.js';
import type { Seed } from '../extract/seeds.js';

/** A stored seed. */
export interface SeedRow {
  id: number;
  kind: Seed['kind'];
  identity: string;
  input: string;
  url: string | null;
  handle: string | null;
  label: string | null;
  entityId: number | null;
  status: string;
}

/** A stored seed as the parser would have produced it, to plant it again. */
export function seedFromRow(row: SeedRow): Seed {
  return { line: 0, input: row.input, kind: row.kind, url: row.url, handle: row.handle, label: row.label };
}

/** The identity that makes two seed lines the same seed. */
export function seedIdentity(seed: Pick<Seed, 'url' | 'handle' | 'input'>): string {
  return seed.url ?? seed.handle ?? seed.input;
}

/** Reads and writes the `seeds` table. */
export class SeedStore {
  private readonly sql: Prepared;

  constructor(db: Db) {
    this.sql = statementsOf(db);
  }

  /** Insert a seed or refresh its label; returns its id. */
  upsert(seed: Seed, status: string, now: number): number {
    const identity = seedIdentity(seed);
    this.sql(
        `INSERT INTO seeds (kind, identity, input, url, handle, label, status, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, identity) DO UPDATE SET label = COALESCE(excluded.label, seeds.label), status = excluded.status`,
      )
      .run(seed.kind, identity, seed.input, seed.url, seed.handle, seed.label, status, now);
    const row = this.sql('SELECT id FROM seeds WHERE kind = ? AND identity = ?').get(seed.kind, identity) as { id: number };
    return row.id;
  }

  /** Link a seed to the entity it stands for. */
  setEntity(seedId: number, entityId: number): void {
    this.sql('UPDATE seeds SET entity_id = ? WHERE id = ?').run(entityId, seedId);
  }

  /** Set a seed's status ('active' or 'removed'); returns whether a seed was found. */
  setStatus(seedId: number, status: 'active' | 'removed'): boolean {
    return this.sql('UPDATE seeds SET status = ? WHERE id = ?').run(status, seedId).changes > 0;
  }

  /** The entities of the active seeds: what the ranking, `why` and the graph exports treat as seeds. */
  activeEntityIds(): Set<number> {
    return new Set(this.sql("SELECT entity_id FROM seeds WHERE status = 'active' AND entity_id IS NOT NULL").pluck().all() as number[]);
  }

  /** All stored seeds in insertion order. */
  list(): SeedRow[] {
    const rows = this.sql('SELECT * FROM seeds ORDER BY id').all() as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r.id as number, kind: r.kind as Seed['kind'], identity: r.identity as string, input: r.input as string,
      url: r.url as string | null, handle: r.handle as string | null, label: r.label as string | null,
      entityId: r.entity_id as number | null, status: r.status as string,
    }));
  }
}
