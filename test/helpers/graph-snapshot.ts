// A comparable picture of a crawl's stored graph, free of ids and timestamps, so two runs
// (say, one killed and resumed, one not) can be checked for equality.
import Database from 'better-sqlite3';
import { PgBridge } from '../../src/store/pg/bridge.js';

/** Everything a crawl decides, keyed by URLs and entity keys. */
export interface GraphSnapshot {
  entities: string[];
  edges: string[];
  discoveries: string[];
  frontier: string[];
  documents: string[];
  ranking: string[];
}

/**
 * The snapshot's queries, one per part. The dialects differ in two places: a text cast of a
 * status that PostgreSQL keeps as a number, and zero-padding the rank (printf / lpad).
 */
function snapshotSql(pg: boolean): Record<keyof GraphSnapshot, string> {
  const status = pg ? 'status::text' : 'status';
  const rank = pg ? "lpad(s.rank::text, 4, '0')" : "printf('%04d', s.rank)";
  return {
    entities: `SELECT e.key || '|' || coalesce(e.name,'') || '|' || coalesce(e.home_url,'') || '|' || coalesce(e.feed_url,'')
               || '|' || e.is_seed || e.is_platform || e.is_podcast || '|' || coalesce(a.key,'')
               FROM entities e LEFT JOIN entities a ON a.id = e.alias_of`,
    edges: `SELECT f.key || '>' || t.key || '|' || x.type || '|' || x.evidence_url || '|' || x.target_url
            FROM edges x JOIN entities f ON f.id = x.from_entity JOIN entities t ON t.id = x.to_entity`,
    discoveries: `SELECT e.key || '|' || d.depth || '|' || coalesce(p.key,'') || '|' || coalesce(d.edge_type,'') || '|'
                  || coalesce(d.evidence_url,'') || '|' || coalesce(d.target_url,'')
                  FROM discoveries d JOIN entities e ON e.id = d.entity_id LEFT JOIN entities p ON p.id = d.parent_entity`,
    frontier: `SELECT url || '|' || depth || '|' || role || '|' || status || '|' || coalesce(reason,'') FROM frontier`,
    documents: `SELECT url || '|' || kind || '|' || coalesce(${status},'') || '|' || coalesce(title,'') || '|' || length(coalesce(text_excerpt,'')) FROM documents`,
    ranking: `SELECT ${rank} || '|' || e.key FROM scores s JOIN entities e ON e.id = s.entity_id`,
  };
}

/** Every part of the snapshot, each column read by `col` and sorted. */
function readSnapshot(pg: boolean, col: (sql: string) => string[]): GraphSnapshot {
  const sql = snapshotSql(pg);
  const out = {} as GraphSnapshot;
  for (const part of Object.keys(sql) as (keyof GraphSnapshot)[]) out[part] = col(sql[part]).sort();
  return out;
}

/** Read a snapshot of the db at `path`. */
export function snapshot(path: string): GraphSnapshot {
  const db = new Database(path, { readonly: true });
  try {
    return readSnapshot(false, (sql) => db.prepare(sql).pluck().all() as string[]);
  } finally {
    db.close();
  }
}

/** The same snapshot of a PostgreSQL database. */
export function pgSnapshot(url: string): GraphSnapshot {
  const db = new PgBridge({ url, name: 'snapshot', queryTimeoutMs: 30_000 });
  try {
    return readSnapshot(true, (sql) => (db.query(sql, [], { rowMode: 'array' }).rows as unknown[][]).map((r) => String(r[0])));
  } finally {
    db.close();
  }
}
