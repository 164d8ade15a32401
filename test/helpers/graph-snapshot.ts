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

/** Read a snapshot of the db at `path`. */
export function snapshot(path: string): GraphSnapshot {
  const db = new Database(path, { readonly: true });
  try {
    const col = (sql: string) => (db.prepare(sql).pluck().all() as string[]).sort();
    return {
      entities: col(`SELECT e.key || '|' || coalesce(e.name,'') || '|' || coalesce(e.home_url,'') || '|' || coalesce(e.feed_url,'')
                     || '|' || e.is_seed || e.is_platform || e.is_podcast || '|' || coalesce(a.key,'')
                     FROM entities e LEFT JOIN entities a ON a.id = e.alias_of`),
      edges: col(`SELECT f.key || '>' || t.key || '|' || x.type || '|' || x.evidence_url || '|' || x.target_url
                  FROM edges x JOIN entities f ON f.id = x.from_entity JOIN entities t ON t.id = x.to_entity`),
      discoveries: col(`SELECT e.key || '|' || d.depth || '|' || coalesce(p.key,'') || '|' || coalesce(d.edge_type,'') || '|'
                        || coalesce(d.evidence_url,'') || '|' || coalesce(d.target_url,'')
                        FROM discoveries d JOIN entities e ON e.id = d.entity_id LEFT JOIN entities p ON p.id = d.parent_entity`),
      frontier: col(`SELECT url || '|' || depth || '|' || role || '|' || status || '|' || coalesce(reason,'') FROM frontier`),
      documents: col(`SELECT url || '|' || kind || '|' || coalesce(status,'') || '|' || coalesce(title,'') || '|' || length(coalesce(text_excerpt,'')) FROM documents`),
      ranking: col(`SELECT printf('%04d', s.rank) || '|' || e.key FROM scores s JOIN entities e ON e.id = s.entity_id`),
    };
  } finally {
    db.close();
  }
}

/** The same snapshot of a PostgreSQL database (the SQL in its dialect: casts, lpad for printf). */
export function pgSnapshot(url: string): GraphSnapshot {
  const db = new PgBridge({ url, name: 'snapshot', queryTimeoutMs: 30_000 });
  try {
    const col = (sql: string) => (db.query(sql, [], { rowMode: 'array' }).rows as unknown[][]).map((r) => String(r[0])).sort();
    return {
      entities: col(`SELECT e.key || '|' || coalesce(e.name,'') || '|' || coalesce(e.home_url,'') || '|' || coalesce(e.feed_url,'')
                     || '|' || e.is_seed || e.is_platform || e.is_podcast || '|' || coalesce(a.key,'')
                     FROM entities e LEFT JOIN entities a ON a.id = e.alias_of`),
      edges: col(`SELECT f.key || '>' || t.key || '|' || x.type || '|' || x.evidence_url || '|' || x.target_url
                  FROM edges x JOIN entities f ON f.id = x.from_entity JOIN entities t ON t.id = x.to_entity`),
      discoveries: col(`SELECT e.key || '|' || d.depth || '|' || coalesce(p.key,'') || '|' || coalesce(d.edge_type,'') || '|'
                        || coalesce(d.evidence_url,'') || '|' || coalesce(d.target_url,'')
                        FROM discoveries d JOIN entities e ON e.id = d.entity_id LEFT JOIN entities p ON p.id = d.parent_entity`),
      frontier: col(`SELECT url || '|' || depth || '|' || role || '|' || status || '|' || coalesce(reason,'') FROM frontier`),
      documents: col(`SELECT url || '|' || kind || '|' || coalesce(status::text,'') || '|' || coalesce(title,'') || '|' || length(coalesce(text_excerpt,'')) FROM documents`),
      ranking: col(`SELECT lpad(s.rank::text, 4, '0') || '|' || e.key FROM scores s JOIN entities e ON e.id = s.entity_id`),
    };
  } finally {
    db.close();
  }
}
