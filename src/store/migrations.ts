// The schema, as an ordered list of migrations. `PRAGMA user_version` records how many have
// run; each runs once, in its own transaction, when a database is opened. Never edit a
// migration that has shipped: add the next one.

/** One schema step. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * PostgreSQL's own SQL where the dialects cannot meet (a trigger), used instead of `sql`; with
   * SQLite's type names like `sql`, both go through pg/schema.ts's type mapping.
   */
  pg?: string;
}

// Migration 11's parts, shared by its SQLite and PostgreSQL forms. `evidence` counts the
// distinct evidence URLs of a (from, to, type) group of edges; `ranked` the same without a
// feed item whose page links the same target (ranking counts that editorial act once).
// An edge row counts when it is the first (lowest id) of its (from, to, type, evidence): a page
// linking one target under two URLs is one piece of evidence. A feed item is ranked unless a
// link with the same evidence came before it, and a link that comes after a feed item takes
// that item's count back, so the result does not depend on when a trigger sees later rows
// (SQLite runs it after each row, PostgreSQL after the statement). Edges are only ever
// inserted, and one process writes them (a crawl, or the committer of a PostgreSQL crawl).
// `+x.id`: no index on id for the planner to pick; SQLite otherwise walks edges_to by rowid
// (every edge into a popular target) instead of looking the evidence up in the unique index.
const EDGE_GROUPS_TABLE = `CREATE TABLE edge_groups (
  from_entity INTEGER NOT NULL,
  to_entity   INTEGER NOT NULL,
  type        TEXT NOT NULL,
  evidence    INTEGER NOT NULL,
  ranked      INTEGER NOT NULL,
  PRIMARY KEY (from_entity, to_entity, type)
)`;
const LINKED_BEFORE = (row: string, type: string, before: string): string =>
  `SELECT 1 FROM edges ${row} WHERE ${row}.from_entity = NEW.from_entity AND ${row}.to_entity = NEW.to_entity AND ${row}.type = '${type}' AND ${row}.evidence_url = NEW.evidence_url AND +${row}.id < ${before}`;
const FIRST_EVIDENCE_ROW = `SELECT 1 FROM edges o WHERE o.from_entity = NEW.from_entity AND o.to_entity = NEW.to_entity AND o.type = NEW.type AND o.evidence_url = NEW.evidence_url AND +o.id < NEW.id`;
const EDGE_GROUPS_COUNT = `INSERT INTO edge_groups (from_entity, to_entity, type, evidence, ranked)
  VALUES (NEW.from_entity, NEW.to_entity, NEW.type, 1, CASE WHEN NEW.type = 'feed-item' AND EXISTS (${LINKED_BEFORE('l', 'link', 'NEW.id')}) THEN 0 ELSE 1 END)
  ON CONFLICT (from_entity, to_entity, type) DO UPDATE SET evidence = evidence + 1, ranked = ranked + excluded.ranked`;
const EDGE_GROUPS_UNCOUNT_FEED_ITEM = `UPDATE edge_groups SET ranked = ranked - 1
  WHERE NEW.type = 'link' AND from_entity = NEW.from_entity AND to_entity = NEW.to_entity AND type = 'feed-item'
    AND EXISTS (${LINKED_BEFORE('i', 'feed-item', 'NEW.id')})`;
const EDGE_GROUPS_BACKFILL = `INSERT INTO edge_groups (from_entity, to_entity, type, evidence, ranked)
SELECT e.from_entity, e.to_entity, e.type, count(DISTINCT e.evidence_url),
  count(DISTINCT CASE WHEN e.type = 'feed-item' AND EXISTS (
    SELECT 1 FROM edges l WHERE l.from_entity = e.from_entity AND l.to_entity = e.to_entity AND l.type = 'link' AND l.evidence_url = e.evidence_url)
  THEN NULL ELSE e.evidence_url END)
FROM edges e GROUP BY e.from_entity, e.to_entity, e.type;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial graph, frontier and runs',
    sql: `
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  command       TEXT NOT NULL,
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER,
  status        TEXT NOT NULL CHECK (status IN ('running','done','partial','failed','abandoned')),
  settings      TEXT NOT NULL,
  seeds_file    TEXT,
  pages_fetched INTEGER NOT NULL DEFAULT 0,
  errors        INTEGER NOT NULL DEFAULT 0,
  stop_reason   TEXT
);

CREATE TABLE entities (
  id             INTEGER PRIMARY KEY,
  key            TEXT NOT NULL UNIQUE,
  kind           TEXT NOT NULL,
  name           TEXT,
  home_url       TEXT,
  feed_url       TEXT,
  is_podcast     INTEGER NOT NULL DEFAULT 0,
  is_seed        INTEGER NOT NULL DEFAULT 0,
  is_platform    INTEGER NOT NULL DEFAULT 0,
  alias_of       INTEGER REFERENCES entities(id),
  first_seen_run INTEGER REFERENCES runs(id),
  first_seen_at  INTEGER NOT NULL,
  last_seen_at   INTEGER NOT NULL
);

CREATE TABLE seeds (
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('web','bluesky','mastodon')),
  identity  TEXT NOT NULL,
  input     TEXT NOT NULL,
  url       TEXT,
  handle    TEXT,
  label     TEXT,
  entity_id INTEGER REFERENCES entities(id),
  status    TEXT NOT NULL DEFAULT 'active',
  added_at  INTEGER NOT NULL,
  UNIQUE (kind, identity)
);

CREATE TABLE frontier (
  id             INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES runs(id),
  url            TEXT NOT NULL,
  depth          INTEGER NOT NULL,
  role           TEXT NOT NULL,
  entity_id      INTEGER NOT NULL REFERENCES entities(id),
  status         TEXT NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued','fetching','done','failed','skipped')),
  attempts       INTEGER NOT NULL DEFAULT 0,
  next_try_at    INTEGER,
  found_from_url TEXT,
  found_edge     TEXT,
  probe_index    INTEGER,
  reason         TEXT,
  enqueued_at    INTEGER NOT NULL,
  finished_at    INTEGER,
  UNIQUE (run_id, url)
);
CREATE INDEX frontier_pending ON frontier (run_id, status, depth, id);

CREATE TABLE documents (
  id            INTEGER PRIMARY KEY,
  url           TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('html','feed','item','other')),
  final_url     TEXT,
  entity_id     INTEGER REFERENCES entities(id),
  run_id        INTEGER REFERENCES runs(id),
  status        INTEGER,
  content_type  TEXT,
  title         TEXT,
  published_at  INTEGER,
  fetched_at    INTEGER NOT NULL,
  etag          TEXT,
  last_modified TEXT,
  text_excerpt  TEXT,
  error         TEXT,
  UNIQUE (url, kind)
);
CREATE INDEX documents_entity ON documents (entity_id);

CREATE TABLE edges (
  id            INTEGER PRIMARY KEY,
  from_entity   INTEGER NOT NULL REFERENCES entities(id),
  to_entity     INTEGER NOT NULL REFERENCES entities(id),
  type          TEXT NOT NULL,
  evidence_url  TEXT NOT NULL,
  target_url    TEXT NOT NULL,
  anchor_text   TEXT,
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  first_seen_at INTEGER NOT NULL,
  UNIQUE (from_entity, to_entity, type, evidence_url, target_url)
);
CREATE INDEX edges_to ON edges (to_entity);

CREATE TABLE discoveries (
  entity_id     INTEGER PRIMARY KEY REFERENCES entities(id),
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  depth         INTEGER NOT NULL,
  parent_entity INTEGER REFERENCES entities(id),
  edge_type     TEXT,
  evidence_url  TEXT,
  target_url    TEXT,
  found_at      INTEGER NOT NULL
);

CREATE TABLE scores (
  run_id         INTEGER NOT NULL REFERENCES runs(id),
  entity_id      INTEGER NOT NULL REFERENCES entities(id),
  rank           INTEGER NOT NULL,
  score          REAL NOT NULL,
  relevance      REAL NOT NULL,
  authority      REAL NOT NULL,
  authority_norm REAL NOT NULL,
  referrers      INTEGER NOT NULL,
  seeds_reaching INTEGER NOT NULL,
  top_terms      TEXT NOT NULL,
  PRIMARY KEY (run_id, entity_id)
);
`,
  },
  {
    version: 2,
    name: 'social accounts and identity claims',
    sql: `
ALTER TABLE entities ADD COLUMN handle TEXT;
ALTER TABLE entities ADD COLUMN profile_url TEXT;

CREATE TABLE identity_claims (
  id            INTEGER PRIMARY KEY,
  from_entity   INTEGER NOT NULL REFERENCES entities(id),
  to_entity     INTEGER NOT NULL REFERENCES entities(id),
  kind          TEXT NOT NULL CHECK (kind IN ('rel-me','profile-link','verified-field','domain-handle')),
  evidence_url  TEXT NOT NULL,
  target_url    TEXT NOT NULL,
  run_id        INTEGER NOT NULL REFERENCES runs(id),
  first_seen_at INTEGER NOT NULL,
  UNIQUE (from_entity, to_entity, kind, evidence_url, target_url)
);
CREATE INDEX identity_claims_to ON identity_claims (to_entity);
`,
  },
  {
    version: 3,
    name: 'hand-picking: marks on candidates',
    sql: `
CREATE TABLE marks (
  entity_id INTEGER PRIMARY KEY REFERENCES entities(id),
  status    TEXT NOT NULL CHECK (status IN ('picked','rejected','skipped')),
  marked_at INTEGER NOT NULL,
  note      TEXT
);
`,
  },
  {
    version: 4,
    name: 'weekly recrawls: stored bodies for 304 replays, the run lock',
    sql: `
CREATE TABLE bodies (
  document_id  INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  run_id       INTEGER NOT NULL REFERENCES runs(id),
  content_type TEXT,
  body         BLOB NOT NULL
);
CREATE INDEX bodies_run ON bodies (run_id);

CREATE TABLE locks (
  name         TEXT PRIMARY KEY,
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  command      TEXT NOT NULL,
  started_at   INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);
`,
  },
  {
    version: 5,
    name: 'robots.txt kept between runs',
    sql: `
CREATE TABLE robots (
  origin        TEXT PRIMARY KEY,
  fetched_at    INTEGER NOT NULL,
  status        INTEGER NOT NULL,
  etag          TEXT,
  last_modified TEXT,
  body          TEXT
);
`,
  },
  {
    version: 6,
    name: 'the user network: known people, and merges the user undid',
    sql: `
CREATE TABLE known (
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('site','feed','bluesky','mastodon')),
  identity  TEXT NOT NULL,
  label     TEXT,
  source    TEXT NOT NULL,
  added_at  INTEGER NOT NULL,
  UNIQUE (kind, identity)
);

CREATE TABLE merge_vetoes (
  a_key     TEXT NOT NULL,
  b_key     TEXT NOT NULL,
  vetoed_at INTEGER NOT NULL,
  PRIMARY KEY (a_key, b_key)
);
`,
  },
  {
    version: 7,
    name: 'what servers said about themselves (NodeInfo), kept between runs',
    sql: `
CREATE TABLE server_facts (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);
`,
  },
  {
    version: 8,
    name: 'the parts of a score: topicality (the relevance gate reads it) and breadth of endorsement',
    sql: `
ALTER TABLE scores ADD COLUMN topicality REAL NOT NULL DEFAULT 0;
ALTER TABLE scores ADD COLUMN endorsement REAL NOT NULL DEFAULT 0;
`,
  },
  {
    version: 9,
    name: 'accounts never to be shown: opted out of logged-out apps, deactivated, taken down, gone',
    sql: `
ALTER TABLE entities ADD COLUMN hidden TEXT;
`,
  },
  {
    version: 10,
    name: 'a team on one database: who made each pick, rejection, skip and unmerge',
    sql: `
ALTER TABLE marks ADD COLUMN marked_by TEXT;
ALTER TABLE merge_vetoes ADD COLUMN vetoed_by TEXT;
`,
  },
  {
    version: 11,
    name: 'edge groups: distinct evidence per (from, to, type), kept as edges are written, so ranking reads one row per group',
    sql: `
${EDGE_GROUPS_TABLE} WITHOUT ROWID;
${EDGE_GROUPS_BACKFILL}
CREATE TRIGGER edges_group AFTER INSERT ON edges
WHEN NOT EXISTS (${FIRST_EVIDENCE_ROW})
BEGIN
  ${EDGE_GROUPS_COUNT};
  ${EDGE_GROUPS_UNCOUNT_FEED_ITEM};
END;
`,
    pg: `
${EDGE_GROUPS_TABLE};
${EDGE_GROUPS_BACKFILL}
CREATE FUNCTION edges_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (${FIRST_EVIDENCE_ROW}) THEN RETURN NULL; END IF;
  ${EDGE_GROUPS_COUNT.replace('evidence = evidence + 1, ranked = ranked', 'evidence = edge_groups.evidence + 1, ranked = edge_groups.ranked')};
  ${EDGE_GROUPS_UNCOUNT_FEED_ITEM};
  RETURN NULL;
END $$;
CREATE TRIGGER edges_group AFTER INSERT ON edges FOR EACH ROW EXECUTE FUNCTION edges_group();
`,
  },
];
