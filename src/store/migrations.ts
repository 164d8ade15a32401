// The schema, as an ordered list of migrations. `PRAGMA user_version` records how many have
// run; each runs once, in its own transaction, when a database is opened. Never edit a
// migration that has shipped: add the next one.

/** One schema step. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

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
];
