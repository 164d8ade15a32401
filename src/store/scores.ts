// Scores per run: the ranking computed at the end of a crawl is kept, so later runs can show
// how a candidate moved.
import type { Db } from './db.js';
import { statementsOf, type Prepared } from './statements.js';
import type { RankedCandidate } from '../rank/types.js';

/** One candidate's stored score in one run: the ranker's numbers, keyed by run and entity. */
export interface ScoreRow extends Omit<RankedCandidate, 'id'> {
  runId: number;
  entityId: number;
}

/** Score rows per INSERT statement (12 parameters each, well under SQLite's limit). */
const ROWS_PER_INSERT = 100;

/** Reads and writes the `scores` table. */
export class ScoreStore {
  private readonly sql: Prepared;

  constructor(private readonly db: Db) {
    this.sql = statementsOf(db);
  }

  /** Replace a run's scores with `rows`, atomically. */
  replaceRun(runId: number, rows: Omit<ScoreRow, 'runId'>[]): void {
    // Many rows per INSERT: a hundred thousand candidates are a thousand statements, not 100k.
    const insert = (count: number) => this.sql(
      `INSERT INTO scores (run_id, entity_id, rank, score, relevance, authority, authority_norm, referrers, seeds_reaching, top_terms, topicality, endorsement)
       VALUES ${Array.from({ length: count }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    );
    // In key order: appending to the primary key's B-tree instead of inserting all over it.
    const sorted = [...rows].sort((a, b) => a.entityId - b.entityId);
    this.db.transaction(() => {
      this.sql('DELETE FROM scores WHERE run_id = ?').run(runId);
      for (let at = 0; at < sorted.length; at += ROWS_PER_INSERT) {
        const batch = sorted.slice(at, at + ROWS_PER_INSERT);
        const values: unknown[] = [];
        for (const r of batch) {
          values.push(runId, r.entityId, r.rank, r.score, r.relevance, r.authority, r.authorityNorm, r.referrers, r.seedsReaching, JSON.stringify(r.topTerms), r.topicality, r.endorsement);
        }
        insert(batch.length).run(...values);
      }
    }).immediate();
  }

  /** A run's scores in rank order. */
  forRun(runId: number): ScoreRow[] {
    const rows = this.sql('SELECT * FROM scores WHERE run_id = ? ORDER BY rank').all(runId) as Record<string, unknown>[];
    return rows.map((r) => ({
      runId: r.run_id as number, entityId: r.entity_id as number, rank: r.rank as number, score: r.score as number,
      relevance: r.relevance as number, authority: r.authority as number, authorityNorm: r.authority_norm as number,
      referrers: r.referrers as number, seedsReaching: r.seeds_reaching as number, topTerms: JSON.parse(r.top_terms as string) as string[],
      topicality: r.topicality as number, endorsement: r.endorsement as number,
    }));
  }

  /**
   * A person's place in every run that ranked it: the best rank among `entityIds` (a person's
   * identities may have stood for it in different runs), oldest run first.
   */
  history(entityIds: readonly number[]): { runId: number; startedAt: number; rank: number }[] {
    if (entityIds.length === 0) return [];
    return this.sql(
        `SELECT s.run_id AS runId, r.started_at AS startedAt, min(s.rank) AS rank FROM scores s JOIN runs r ON r.id = s.run_id
         WHERE s.entity_id IN (${entityIds.map(() => '?').join(',')}) GROUP BY s.run_id, r.started_at ORDER BY s.run_id`,
      )
      .all(...entityIds) as { runId: number; startedAt: number; rank: number }[];
  }

}
