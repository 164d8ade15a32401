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

/** Reads and writes the `scores` table. */
export class ScoreStore {
  private readonly sql: Prepared;

  constructor(private readonly db: Db) {
    this.sql = statementsOf(db);
  }

  /** Replace a run's scores with `rows`, atomically. */
  replaceRun(runId: number, rows: Omit<ScoreRow, 'runId'>[]): void {
    const insert = this.sql(
      `INSERT INTO scores (run_id, entity_id, rank, score, relevance, authority, authority_norm, referrers, seeds_reaching, top_terms, topicality, endorsement)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.sql('DELETE FROM scores WHERE run_id = ?').run(runId);
      for (const r of rows) {
        insert.run(runId, r.entityId, r.rank, r.score, r.relevance, r.authority, r.authorityNorm, r.referrers, r.seedsReaching, JSON.stringify(r.topTerms), r.topicality, r.endorsement);
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
