// The entity graph: entities (sites, publications, later accounts), the typed edges between
// them with the document that proves each, and how each entity was first reached from a seed.
import type { Db } from './db.js';
import type { HiddenReason } from '../sources/source.js';
import { laterOf, readTogether, statementsOf, type Later, type Prepared, type Read } from './statements.js';
import { IntRows } from './int-columns.js';
import { edgeGroupsAhead } from './edge-groups-ahead.js';

/** What an entity is. */
export type EntityKind = 'site' | 'podcast' | 'account';

/** A stored entity. */
export interface EntityRow {
  id: number;
  key: string;
  kind: EntityKind;
  name: string | null;
  homeUrl: string | null;
  feedUrl: string | null;
  isPodcast: boolean;
  isSeed: boolean;
  isPlatform: boolean;
  aliasOf: number | null;
  /** Social handle for display (Bluesky handle, fediverse user@host). */
  handle: string | null;
  /** Profile page of a social account. */
  profileUrl: string | null;
  /** Why the entity is never shown (ranked, exported, reported), or null. */
  hidden: HiddenReason | null;
  firstSeenRun: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
}

/** An edge as the crawler records it. */
export interface EdgeInput {
  from: number;
  to: number;
  type: string;
  evidenceUrl: string;
  targetUrl: string;
  anchorText: string | null;
}

/** The first path from a seed to an entity: one step, pointing at its parent. */
export interface Discovery {
  entityId: number;
  runId: number;
  depth: number;
  parentEntity: number | null;
  edgeType: string | null;
  evidenceUrl: string | null;
  targetUrl: string | null;
}

/** Map a raw entities row. */
export function toEntity(r: Record<string, unknown>): EntityRow {
  return {
    id: r.id as number, key: r.key as string, kind: r.kind as EntityKind, name: r.name as string | null,
    homeUrl: r.home_url as string | null, feedUrl: r.feed_url as string | null, isPodcast: r.is_podcast === 1,
    isSeed: r.is_seed === 1, isPlatform: r.is_platform === 1, aliasOf: r.alias_of as number | null,
    handle: (r.handle as string | null) ?? null, profileUrl: (r.profile_url as string | null) ?? null,
    hidden: (r.hidden as HiddenReason | null) ?? null,
    firstSeenRun: r.first_seen_run as number | null, firstSeenAt: r.first_seen_at as number, lastSeenAt: r.last_seen_at as number,
  };
}

/** Reads and writes entities, edges and discoveries. */
export class GraphStore {
  private readonly sql: Prepared;
  /** Writes whose results are not read (sent with the next statement on PostgreSQL). */
  private readonly later: Later;

  constructor(private readonly db: Db) {
    this.sql = statementsOf(db);
    this.later = laterOf(db);
  }

  /** Entities this handle has inserted, so progress displays need no count(*) per page. */
  entitiesCreated = 0;

  /** How many entities the db holds. */
  entityCount(): number {
    return (this.sql('SELECT count(*) AS n FROM entities').get() as { n: number }).n;
  }

  /** Find or create the entity with `key`; returns its id. */
  ensureEntity(key: string, kind: EntityKind, init: { homeUrl?: string | null; isPlatform?: boolean }, runId: number, now: number): number {
    const found = this.sql('SELECT id FROM entities WHERE key = ?').get(key) as { id: number } | undefined;
    if (found) {
      this.sql('UPDATE entities SET last_seen_at = ? WHERE id = ?').run(now, found.id);
      return found.id;
    }
    return this.insertEntity(key, kind, init, runId, now);
  }

  /** Create the entity with `key`, which must not exist yet; returns its id. */
  insertEntity(key: string, kind: EntityKind, init: { homeUrl?: string | null; isPlatform?: boolean }, runId: number, now: number): number {
    const info = this.sql(
        `INSERT INTO entities (key, kind, home_url, is_platform, first_seen_run, first_seen_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(key, kind, init.homeUrl ?? null, init.isPlatform ? 1 : 0, runId, now, now);
    this.entitiesCreated++;
    return Number(info.lastInsertRowid);
  }

  /**
   * The entities with one of `keys` (and the one with id `alsoId`), each with its stored
   * discovery step (the parent as its key), in one statement: what a page's links are resolved
   * against.
   */
  entitiesByKey(keys: readonly string[], alsoId: number | null = null): Map<string, KnownEntity> {
    return readTogether(this.db, this.entitiesByKeyRead(keys, alsoId))[0];
  }

  /** {@link entitiesByKey} as a read to send with others (Store.together). */
  entitiesByKeyRead(keys: readonly string[], alsoId: number | null = null): Read<Map<string, KnownEntity>> {
    const query = {
      sql: `SELECT e.id, e.key, d.run_id, d.depth, d.edge_type, p.key AS parent_key, d.evidence_url, d.target_url
       FROM entities e LEFT JOIN discoveries d ON d.entity_id = e.id LEFT JOIN entities p ON p.id = d.parent_entity
       WHERE e.key IN (SELECT value FROM json_each(?)) OR e.id = ?`,
      params: [JSON.stringify(keys), alsoId],
    };
    return {
      query: keys.length === 0 && alsoId === null ? null : query,
      parse: (rows) => {
        const out = new Map<string, KnownEntity>();
        for (const r of rows as { id: number; key: string; run_id: number | null; depth: number; edge_type: string | null; parent_key: string | null; evidence_url: string | null; target_url: string | null }[]) {
          out.set(r.key, {
            id: r.id,
            step: r.run_id === null ? null : { runId: r.run_id, depth: r.depth, edgeType: r.edge_type, parentKey: r.parent_key, evidenceUrl: r.evidence_url, targetUrl: r.target_url },
          });
        }
        return out;
      },
    };
  }

  /** The key of an entity (it must exist). */
  keyOf(id: number): string {
    return (this.sql('SELECT key FROM entities WHERE id = ?').get(id) as { key: string }).key;
  }

  /** Seen again now: the entities with one of `keys`. */
  touch(keys: readonly string[], now: number): void {
    if (keys.length > 0) this.later('UPDATE entities SET last_seen_at = ? WHERE key IN (SELECT value FROM json_each(?))', now, JSON.stringify(keys));
  }

  /** Mark an entity as a seed. */
  markSeed(id: number): void {
    this.sql('UPDATE entities SET is_seed = 1 WHERE id = ?').run(id);
  }

  /**
   * Fill in what we learned about an entity. `name` from a home page overwrites; everything
   * else (and a name from a feed) only fills a blank, so the first authoritative value stays.
   */
  describe(id: number, facts: {
    name?: string | null; nameIsAuthoritative?: boolean; homeUrl?: string | null; feedUrl?: string | null;
    isPodcast?: boolean; handle?: string | null; profileUrl?: string | null; hidden?: HiddenReason | null;
  }): void {
    const later = this.later;
    if (facts.hidden !== undefined) later('UPDATE entities SET hidden = ? WHERE id = ?', facts.hidden, id);
    if (facts.name) {
      const sql = facts.nameIsAuthoritative
        ? 'UPDATE entities SET name = ? WHERE id = ?'
        : 'UPDATE entities SET name = COALESCE(name, ?) WHERE id = ?';
      later(sql, facts.name, id);
    }
    if (facts.homeUrl) later('UPDATE entities SET home_url = COALESCE(home_url, ?) WHERE id = ?', facts.homeUrl, id);
    if (facts.feedUrl) later('UPDATE entities SET feed_url = COALESCE(feed_url, ?) WHERE id = ?', facts.feedUrl, id);
    if (facts.isPodcast) later('UPDATE entities SET is_podcast = 1 WHERE id = ?', id);
    // A handle can change (Bluesky handles do); the latest answer is the one to show.
    if (facts.handle) later('UPDATE entities SET handle = ? WHERE id = ?', facts.handle, id);
    if (facts.profileUrl) later('UPDATE entities SET profile_url = ? WHERE id = ?', facts.profileUrl, id);
  }


  /** Record that `from` claims to be the same person as `to` (once per evidence). */
  addClaim(claim: { from: number; to: number; kind: string; evidenceUrl: string; targetUrl: string }, runId: number, now: number): void {
    if (claim.from === claim.to) return;
    this.sql(
        `INSERT INTO identity_claims (from_entity, to_entity, kind, evidence_url, target_url, run_id, first_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(claim.from, claim.to, claim.kind, claim.evidenceUrl, claim.targetUrl, runId, now);
  }

  /** Every identity claim, for merging. */
  claims(): { from: number; to: number; kind: string; evidenceUrl: string; targetUrl: string; firstSeenAt: number }[] {
    return this.sql(
        `SELECT from_entity AS "from", to_entity AS "to", kind, evidence_url AS evidenceUrl, target_url AS targetUrl,
                first_seen_at AS firstSeenAt FROM identity_claims ORDER BY id`,
      )
      .all() as { from: number; to: number; kind: string; evidenceUrl: string; targetUrl: string; firstSeenAt: number }[];
  }

  /** Every identity claim, oldest sighting first (ties in the order they were recorded). */
  claimsByAge(): { from: number; to: number; kind: string; evidenceUrl: string; targetUrl: string; firstSeenAt: number }[] {
    return this.sql(
        `SELECT from_entity AS "from", to_entity AS "to", kind, evidence_url AS evidenceUrl, target_url AS targetUrl,
                first_seen_at AS firstSeenAt FROM identity_claims ORDER BY first_seen_at, id`,
      )
      .all() as { from: number; to: number; kind: string; evidenceUrl: string; targetUrl: string; firstSeenAt: number }[];
  }

  /** Mark an entity as never to be shown (an author view said the account opted out). */
  hide(id: number, reason: HiddenReason): void {
    this.sql('UPDATE entities SET hidden = ? WHERE id = ? AND hidden IS NULL').run(reason, id);
  }

  /** Set handle and profile URL where they are still blank (first sighting of an account). */
  describeIfBlank(id: number, facts: { handle?: string | null; profileUrl?: string | null }): void {
    this.sql('UPDATE entities SET handle = COALESCE(handle, ?), profile_url = COALESCE(profile_url, ?) WHERE id = ?')
      .run(facts.handle ?? null, facts.profileUrl ?? null, id);
  }

  /** Record that `id` is the same publication as `target` (a site that moved). */
  setAlias(id: number, target: number): void {
    if (id !== target) this.sql('UPDATE entities SET alias_of = ? WHERE id = ?').run(target, id);
  }

  /** One entity by id. */
  entity(id: number): EntityRow | null {
    const r = this.sql('SELECT * FROM entities WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return r ? toEntity(r) : null;
  }

  /** One entity by key. */
  entityByKey(key: string): EntityRow | null {
    const r = this.sql('SELECT * FROM entities WHERE key = ?').get(key) as Record<string, unknown> | undefined;
    return r ? toEntity(r) : null;
  }

  /** Every entity. */
  entities(): EntityRow[] {
    return (this.sql('SELECT * FROM entities ORDER BY id').all() as Record<string, unknown>[]).map(toEntity);
  }

  /**
   * Every entity as columns, in id order: what ranking needs of all of them (the rest it reads
   * only for the few that identity merging concerns, `entitiesAmong`). One string of numbers
   * per slice of ids, so a hundred thousand entities are a few SQL calls and no row objects.
   */
  entityColumns(): EntityColumns {
    const range = this.sql('SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM entities').get() as { lo: number | null; hi: number | null; n: number };
    const rows = new IntRows(3, range.n);
    if (range.lo !== null && range.hi !== null) {
      const slice = this.sql(
        `SELECT string_agg(CAST(id AS TEXT) || ' ' || CAST(coalesce(alias_of, -1) AS TEXT) || ' ' || CAST(flags AS TEXT), ' ') AS chunk FROM (
           SELECT id, alias_of, CASE WHEN is_platform = 1 THEN 1 ELSE 0 END + CASE WHEN hidden IS NULL THEN 0 ELSE 2 END AS flags
           FROM entities WHERE id >= ? AND id < ? ORDER BY id) sub`,
      );
      const width = Math.max(1, Math.ceil(((range.hi - range.lo + 1) * ENTITY_SLICE) / Math.max(1, range.n)));
      for (let lo = range.lo; lo <= range.hi; lo += width) {
        const chunk = (slice.get(lo, lo + width) as { chunk: string | null }).chunk;
        if (chunk) rows.addChunk(chunk);
      }
    }
    const [id, aliasOf, flags] = rows.columns() as [Int32Array, Int32Array, Int32Array];
    return { length: id.length, id, aliasOf, isPlatform: Uint8Array.from(flags, (f) => f & 1), hidden: Uint8Array.from(flags, (f) => (f >> 1) & 1) };
  }

  /** The entities with one of `ids` or one of `keys`, in id order. */
  entitiesAmong(ids: readonly number[], keys: readonly string[] = []): EntityRow[] {
    if (ids.length === 0 && keys.length === 0) return [];
    return (this.sql(
      `SELECT * FROM entities WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) OR key IN (SELECT value FROM json_each(?)) ORDER BY id`,
    ).all(JSON.stringify(ids), JSON.stringify(keys)) as Record<string, unknown>[]).map(toEntity);
  }

  /** Record an edge once per (from, to, type, evidence, target). Self-edges are not kept. */
  addEdge(edge: EdgeInput, runId: number, now: number): void {
    this.addEdges([edge], runId, now);
  }

  /**
   * {@link addEdge} for many edges, stored in their order (so their ids are as if added one by
   * one) with a statement per up to {@link EDGE_BATCH} of them.
   */
  addEdges(edges: readonly EdgeInput[], runId: number, now: number): void {
    const kept = edges.filter((e) => e.from !== e.to);
    for (let at = 0; at < kept.length; ) {
      // Batches of a power of two: a handful of SQL texts whatever the number of links.
      let n = EDGE_BATCH;
      while (n > kept.length - at) n >>= 1;
      const params: unknown[] = [];
      for (const e of kept.slice(at, at + n)) params.push(e.from, e.to, e.type, e.evidenceUrl, e.targetUrl, e.anchorText, runId, now);
      this.later(
        `INSERT INTO edges (from_entity, to_entity, type, evidence_url, target_url, anchor_text, run_id, first_seen_at)
         VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        ...params,
      );
      at += n;
    }
  }

  /**
   * Offer a path step to an entity. The stored one is replaced when it came from an older run,
   * or when the new one is better by (depth, stronger edge, parent key, evidence URL, target
   * URL): a total order, so the result does not depend on the order pages happened to finish
   * in, and at equal depth a boost or a link beats a passing mention. `strength` ranks edge
   * types (higher is stronger); unknown types rank 0.
   */
  offerDiscovery(d: Discovery, now: number, strength: (edgeType: string | null) => number = () => 0): void {
    const current = this.sql(
        `SELECT d.run_id, d.depth, d.edge_type, p.key AS parent_key, d.evidence_url, d.target_url
         FROM discoveries d LEFT JOIN entities p ON p.id = d.parent_entity WHERE d.entity_id = ?`,
      )
      .get(d.entityId) as { run_id: number; depth: number; edge_type: string | null; parent_key: string | null; evidence_url: string | null; target_url: string | null } | undefined;
    if (current && current.run_id === d.runId) {
      const parentKey = d.parentEntity === null ? null : this.keyOf(d.parentEntity);
      const old: DiscoveryStep = { runId: current.run_id, depth: current.depth, edgeType: current.edge_type, parentKey: current.parent_key, evidenceUrl: current.evidence_url, targetUrl: current.target_url };
      if (!replacesStep({ ...d, parentKey }, old, strength)) return;
    }
    this.putDiscovery(d, now);
  }

  /** Store `d` as the entity's discovery step, replacing the one it had. */
  putDiscovery(d: Discovery, now: number): void {
    this.later(
      `INSERT INTO discoveries (entity_id, run_id, depth, parent_entity, edge_type, evidence_url, target_url, found_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (entity_id) DO UPDATE SET run_id = excluded.run_id, depth = excluded.depth,
         parent_entity = excluded.parent_entity, edge_type = excluded.edge_type,
         evidence_url = excluded.evidence_url, target_url = excluded.target_url, found_at = excluded.found_at`,
      d.entityId, d.runId, d.depth, d.parentEntity, d.edgeType, d.evidenceUrl, d.targetUrl, now,
    );
  }

  /** The stored discovery step of an entity. */
  discovery(entityId: number): Discovery | null {
    const r = this.sql('SELECT * FROM discoveries WHERE entity_id = ?').get(entityId) as Record<string, unknown> | undefined;
    if (!r) return null;
    return {
      entityId: r.entity_id as number, runId: r.run_id as number, depth: r.depth as number,
      parentEntity: r.parent_entity as number | null, edgeType: r.edge_type as string | null,
      evidenceUrl: r.evidence_url as string | null, targetUrl: r.target_url as string | null,
    };
  }

  /** Every edge as (from, to, type, evidence), for folding into people. */
  edgeEvidence(): IterableIterator<{ from: number; to: number; type: string; evidence: string }> {
    // Not the statement cache: a statement being iterated is busy until the loop ends.
    return this.db
      .prepare('SELECT from_entity AS "from", to_entity AS "to", type, evidence_url AS evidence FROM edges ORDER BY id')
      .iterate() as IterableIterator<{ from: number; to: number; type: string; evidence: string }>;
  }

  /**
   * The edges as (from, to, type) groups with the number of distinct evidence URLs of each, in
   * (from, to, type) order, as integer columns: `type` is the index of the edge's type in
   * `types` (other types are left out). `dropFeedItemsOfPages`: a feed item whose evidence is
   * also the evidence of a link between the same two entities (a post read as a page and as its
   * feed item) is left out. Read from edge_groups in slices as one string of numbers per slice,
   * so a million groups are a few SQL calls and no row objects.
   */
  edgeGroups(types: readonly string[], dropFeedItemsOfPages: boolean): EdgeGroups {
    const range = this.sql('SELECT min(from_entity) AS lo, max(from_entity) AS hi, count(*) AS n FROM edge_groups').get() as { lo: number | null; hi: number | null; n: number };
    const out = new EdgeGroupsBuilder(Math.min(range.n, 1 << 16), types);
    if (range.lo === null || range.hi === null || types.length === 0) return out.done();
    const typeCode = `CASE type ${types.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} END`;
    // edge_groups holds each group's distinct evidence already (migration 11 keeps it as edges
    // are written): one row per group, the numbers joined into one string in SQL. No ORDER BY
    // and no CASTs: either would double the cost of a million groups (the builder checks the order).
    const count = dropFeedItemsOfPages ? 'ranked' : 'evidence';
    const slice = this.sql(
      `SELECT string_agg(from_entity || ' ' || to_entity || ' ' || (${typeCode}) || ' ' || ${count}, ' ') AS chunk FROM edge_groups
       WHERE from_entity >= ? AND from_entity < ? AND type IN (${types.map(() => '?').join(', ')}) AND ${count} > 0`,
    );
    // About EDGE_SLICE groups per call whatever the id range (fewer if one source holds many).
    const width = Math.max(1, Math.ceil(((range.hi - range.lo + 1) * EDGE_SLICE) / Math.max(1, range.n)));
    for (let lo = range.lo; lo <= range.hi; lo += width) {
      const chunk = (slice.get(...types, lo, lo + width, ...types) as { chunk: string | null }).chunk;
      if (chunk) out.addChunk(chunk);
    }
    return out.done();
  }

  /**
   * {@link edgeGroups}, started now and collected by calling the function returned: on a SQLite
   * file with a big graph, read by another thread on its own connection meanwhile
   * (edge-groups-ahead.ts); otherwise read when collected.
   */
  edgeGroupsAhead(types: readonly string[], dropFeedItemsOfPages: boolean): () => EdgeGroups {
    const edges = (this.sql('SELECT max(id) AS n FROM edges').get() as { n: number | null }).n ?? 0;
    return edgeGroupsAhead(this.db, edges, types, dropFeedItemsOfPages, () => this.edgeGroups(types, dropFeedItemsOfPages));
  }

  /** The distinct evidence URLs of the edges `from` → `to` of `type` (with `edgeGroups`' feed-item rule). */
  groupEvidence(from: number, to: number, type: string, dropFeedItemsOfPages: boolean): string[] {
    const rows = this.sql(
      `SELECT DISTINCT e.evidence_url AS evidence FROM edges e WHERE e.from_entity = ? AND e.to_entity = ? AND e.type = ?
         AND NOT (? = 1 AND e.type = 'feed-item' AND EXISTS (
           SELECT 1 FROM edges l WHERE l.from_entity = e.from_entity AND l.to_entity = e.to_entity AND l.type = 'link' AND l.evidence_url = e.evidence_url))`,
    ).all(from, to, type, dropFeedItemsOfPages ? 1 : 0) as { evidence: string }[];
    return rows.map((r) => r.evidence);
  }

  /** Every edge into one of `entityIds`, in the order they were recorded. */
  edgesInto(entityIds: readonly number[]): { from: number; to: number; type: string; evidenceUrl: string; targetUrl: string; firstSeenAt: number }[] {
    return this.sql(
        `SELECT from_entity AS "from", to_entity AS "to", type, evidence_url AS evidenceUrl, target_url AS targetUrl, first_seen_at AS firstSeenAt
         FROM edges WHERE to_entity IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY id`,
      )
      .all(JSON.stringify(entityIds)) as { from: number; to: number; type: string; evidenceUrl: string; targetUrl: string; firstSeenAt: number }[];
  }

  /** Edges that point at one of `urls` or were seen on one of them (a repost or boost of a post), for the digest's sources. */
  edgesAboutUrls(urls: readonly string[]): { from: number; to: number; type: string; evidenceUrl: string; targetUrl: string }[] {
    if (urls.length === 0) return [];
    const list = JSON.stringify(urls);
    return this.sql(
        `SELECT from_entity AS "from", to_entity AS "to", type, evidence_url AS evidenceUrl, target_url AS targetUrl FROM edges
         WHERE target_url IN (SELECT value FROM json_each(?)) OR evidence_url IN (SELECT value FROM json_each(?)) ORDER BY id`,
      )
      .all(list, list) as { from: number; to: number; type: string; evidenceUrl: string; targetUrl: string }[];
  }
}

/** How many entities `entityColumns` asks SQL for at a time. */
const ENTITY_SLICE = 200_000;

/** Every entity's id, alias and flags, in id order (`GraphStore.entityColumns`). */
export interface EntityColumns {
  length: number;
  id: Int32Array;
  /** The entity this one moved to, or -1. */
  aliasOf: Int32Array;
  /** 1: a platform. */
  isPlatform: Uint8Array;
  /** 1: never shown (`EntityRow.hidden` set). */
  hidden: Uint8Array;
}

/** How many edges `edgeGroups` asks SQL for at a time. */
const EDGE_SLICE = 200_000;

/** (from, to, type) edge groups as columns; `count` distinct evidence URLs each. */
export interface EdgeGroups {
  length: number;
  from: Int32Array;
  to: Int32Array;
  /** Index into the `types` asked for. */
  type: Uint8Array;
  count: Int32Array;
}

/** Collects `edgeGroups`' slices: "from to type count" quadruples, one per group. */
class EdgeGroupsBuilder {
  private n = 0;
  private from: Int32Array;
  private to: Int32Array;
  private type: Uint8Array;
  private count: Int32Array;
  /** Some group came before the one ahead of it in (from, to, type name) order. */
  private unordered = false;
  /** Each type code's place among the type names in text order, as SQL sorts them. */
  private readonly typeOrder: Uint8Array;

  constructor(capacity: number, types: readonly string[]) {
    const byName = types.map((_, i) => i).sort((a, b) => (types[a]! < types[b]! ? -1 : types[a]! > types[b]! ? 1 : 0));
    this.typeOrder = new Uint8Array(Math.max(1, types.length));
    byName.forEach((code, place) => (this.typeOrder[code] = place));
    const c = Math.max(16, capacity);
    this.from = new Int32Array(c);
    this.to = new Int32Array(c);
    this.type = new Uint8Array(c);
    this.count = new Int32Array(c);
  }

  addChunk(chunk: string): void {
    let at = 0;
    const end = chunk.length;
    const int = (): number => {
      let v = 0;
      let c = chunk.charCodeAt(at);
      const negative = c === 45;
      if (negative) c = chunk.charCodeAt(++at);
      if (!(c >= 48 && c <= 57)) throw new Error(`edgeGroups: unexpected ${JSON.stringify(chunk.slice(at, at + 20))}`);
      while (c >= 48 && c <= 57) {
        v = v * 10 + (c - 48);
        c = chunk.charCodeAt(++at);
      }
      at++; // the space after it
      return negative ? -v : v;
    };
    while (at < end) {
      if (this.n === this.from.length) this.grow();
      const k = this.n++;
      this.from[k] = int();
      this.to[k] = int();
      this.type[k] = int();
      this.count[k] = int();
      if (k > 0 && !this.unordered && this.compare(k - 1, k) > 0) this.unordered = true;
    }
  }

  /** (from, to, type name) order of groups a and b. */
  private compare(a: number, b: number): number {
    return this.from[a]! - this.from[b]! || this.to[a]! - this.to[b]! || this.typeOrder[this.type[a]!]! - this.typeOrder[this.type[b]!]!;
  }

  /**
   * The groups in (from, to, type name) order. SQLite hands them over in its primary key's order
   * already; an engine that does not promise an aggregate's input order gets them sorted here.
   */
  done(): EdgeGroups {
    const n = this.n;
    if (!this.unordered) return { length: n, from: this.from.slice(0, n), to: this.to.slice(0, n), type: this.type.slice(0, n), count: this.count.slice(0, n) };
    const order = Int32Array.from({ length: n }, (_, k) => k).sort((a, b) => this.compare(a, b));
    return {
      length: n,
      from: Int32Array.from(order, (k) => this.from[k]!),
      to: Int32Array.from(order, (k) => this.to[k]!),
      type: Uint8Array.from(order, (k) => this.type[k]!),
      count: Int32Array.from(order, (k) => this.count[k]!),
    };
  }

  private grow(): void {
    const c = this.from.length * 2;
    const grown = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.from = grown(this.from, (k) => new Int32Array(k));
    this.to = grown(this.to, (k) => new Int32Array(k));
    this.type = grown(this.type, (k) => new Uint8Array(k));
    this.count = grown(this.count, (k) => new Int32Array(k));
  }
}

/** A stored discovery step as {@link GraphStore.offerDiscovery} compares it: the parent by its key. */
export interface DiscoveryStep {
  runId: number;
  depth: number;
  edgeType: string | null;
  parentKey: string | null;
  evidenceUrl: string | null;
  targetUrl: string | null;
}

/** An entity as a page's links are resolved against: its id and stored discovery step. */
export interface KnownEntity {
  id: number;
  step: DiscoveryStep | null;
}

/**
 * Whether the offered step `next` replaces the stored `old`: always when `old` is from another
 * run, else when `next` is better by (depth, stronger edge, parent key, evidence URL, target URL).
 */
export function replacesStep(next: DiscoveryStep, old: DiscoveryStep | null, strength: (edgeType: string | null) => number): boolean {
  if (old === null || old.runId !== next.runId) return true;
  return isBefore(
    [next.depth, -strength(next.edgeType), next.parentKey ?? '', next.evidenceUrl ?? '', next.targetUrl ?? ''],
    [old.depth, -strength(old.edgeType), old.parentKey ?? '', old.evidenceUrl ?? '', old.targetUrl ?? ''],
  );
}

/** Edges stored per statement at most by {@link GraphStore.addEdges}. */
const EDGE_BATCH = 64;

function isBefore(a: readonly (number | string)[], b: readonly (number | string)[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return true;
    if (a[i]! > b[i]!) return false;
  }
  return false;
}
