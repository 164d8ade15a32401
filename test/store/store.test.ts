import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ENGINES, tempStores, writeOldDatabase } from '../helpers/temp-stores.js';
import { PgBridge } from '../../src/store/pg/bridge.js';
import { openPgDatabase } from '../../src/store/pg/open-pg.js';
import { freshPgDatabase, pgUrl } from '../helpers/pg-databases.js';
import { UsageError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { type Store, dbOf } from '../../src/store/store.js';
import { personEdges } from '../../src/rank/compute.js';
import { EDGE_TYPES } from '../../src/rank/types.js';
import { mulberry32 } from '../../src/prng.js';
import { edgeGroupsAhead } from '../../src/store/edge-groups-ahead.js';

const { dir, fresh, store } = tempStores('store');

describe('openDatabase (SQLite)', () => {
  it('creates the schema, WAL mode and foreign keys', () => {
    const s = store();
    expect(dbOf(s).pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(dbOf(s).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(dbOf(s).pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => dbOf(s).prepare('INSERT INTO edges (from_entity, to_entity, type, evidence_url, target_url, run_id, first_seen_at) VALUES (999, 998, ?, ?, ?, 997, 0)').run('link', 'a', 'b')).toThrow(/FOREIGN KEY/);
  });

  it('reopens without re-running migrations and keeps data', () => {
    const path = fresh();
    const a = store(path);
    a.runs.create('discover', {}, null, 1);
    a.close();
    const b = store(path);
    expect(b.runs.get(1)?.command).toBe('discover');
  });

  it('refuses a file that is not SQLite, naming it', () => {
    const path = fresh();
    writeFileSync(path, 'hello, this is a text file and not a database at all '.repeat(20));
    expect(() => openDatabase(path)).toThrow(UsageError);
    expect(() => openDatabase(path)).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a SQLite database`));
  });

  it('refuses somebody else\'s SQLite database instead of writing into it', () => {
    const path = fresh();
    const other = new Database(path);
    other.exec('CREATE TABLE customers (id INTEGER)');
    other.close();
    expect(() => openDatabase(path)).toThrow(/not a linernotes database/);
    const check = new Database(path);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type='table'").all()).toEqual([{ name: 'customers' }]);
    check.close();
  });

  it('read-only open of a missing file says to run discover first', () => {
    expect(() => openDatabase(join(dir, 'missing.db'), { readonly: true })).toThrow(/no such database; run `linernotes discover/);
  });
});

describe('openPgDatabase', () => {
  const pg = tempStores('store', 'postgres');

  it('creates the schema at the same version, with foreign keys enforced', () => {
    const s = pg.store();
    expect(dbOf(s).pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(() => dbOf(s).prepare('INSERT INTO edges (from_entity, to_entity, type, evidence_url, target_url, run_id, first_seen_at) VALUES (999, 998, ?, ?, ?, 997, 0)').run('link', 'a', 'b')).toThrow(/foreign key/);
  });

  it('reopens without re-running migrations and keeps data', () => {
    const url = pg.fresh();
    const a = pg.store(url);
    a.runs.create('discover', {}, null, 1);
    a.close();
    const b = pg.store(url);
    expect(b.runs.get(1)?.command).toBe('discover');
  });

  it("refuses somebody else's database instead of writing into it", () => {
    const url = freshPgDatabase('foreign');
    const other = new PgBridge({ url, name: 'other', queryTimeoutMs: 10_000 });
    other.query('CREATE TABLE customers (id integer)');
    try {
      expect(() => openPgDatabase(url)).toThrow(/not a linernotes database/);
      expect(other.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").rows).toEqual([{ table_name: 'customers' }]);
    } finally {
      other.close();
    }
  });

  it('names a missing database and says how to create it, and a read-only open of an empty one says to run discover', () => {
    expect(() => openPgDatabase(pgUrl('no_such_db'))).toThrow(/no_such_db\?host=.*: no such database; create it first \(createdb no_such_db\)/);
    expect(() => openPgDatabase(pg.fresh(), { readonly: true })).toThrow(/run `linernotes discover/);
  });

  it('says which server it cannot reach, in one line, without the password', () => {
    const url = `postgres://ana:secret@localhost/x?host=${encodeURIComponent(dir)}`;
    let message = '';
    try {
      openPgDatabase(url);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^postgres:\/\/ana:\*\*\*@localhost\/x\?host=.*: cannot connect to PostgreSQL \(.*\); check that the server is running/);
    expect(message).not.toContain('secret');
    expect(message).not.toMatch(/\n/);
  });

  it('refuses writes on a read-only open', () => {
    const url = pg.fresh();
    pg.store(url).close();
    const ro = pg.store(url, { readonly: true });
    expect(() => ro.runs.create('discover', {}, null, 1)).toThrow(/read-only transaction/);
  });
});

describe.each(ENGINES)('store contract on %s', (engine) => {
const { store, fresh } = tempStores('store', engine);

describe('FrontierStore', () => {
  it('adds a URL once per run and moves an unstored row up to a shorter hop', () => {
    const s = store();
    const run = s.runs.create('discover', {}, null, 0);
    const e = s.graph.ensureEntity('site:a.example', 'site', {}, run, 0);
    const base = { role: 'page' as const, entityId: e, foundFromUrl: null, foundEdge: 'link' };
    expect(s.frontier.enqueue(run, { ...base, url: 'http://a.example/x', depth: 2 }, 0)).toBe(true);
    expect(s.frontier.enqueue(run, { ...base, url: 'http://a.example/x', depth: 1, foundFromUrl: 'http://b.example/' }, 0)).toBe(false);
    const [row] = s.frontier.all(run);
    expect(row!.depth).toBe(1);
    expect(row!.foundFromUrl).toBe('http://b.example/');
    // Fetched ahead of its turn but not stored: it still moves (its outcome is stored at hop 0).
    s.frontier.markFetching(row!.id);
    s.frontier.enqueue(run, { ...base, url: 'http://a.example/x', depth: 0 }, 0);
    expect(s.frontier.all(run)[0]!.depth).toBe(0);
    s.frontier.finish(row!.id, 'done', null, 0);
    s.frontier.enqueue(run, { ...base, url: 'http://a.example/x', depth: -1 }, 0);
    expect(s.frontier.all(run)[0]!.depth).toBe(0); // a stored row is never moved
  });

  it('puts rows left fetching by a killed process back in the queue', () => {
    const s = store();
    const run = s.runs.create('discover', {}, null, 0);
    const e = s.graph.ensureEntity('site:a.example', 'site', {}, run, 0);
    s.frontier.enqueue(run, { url: 'http://a.example/', depth: 0, role: 'home', entityId: e, foundFromUrl: null, foundEdge: 'seed' }, 0);
    const [row] = s.frontier.queuedAt(run, 0, 10);
    s.frontier.markFetching(row!.id);
    expect(s.frontier.lowestPendingDepth(run)).toBe(0);
    expect(s.frontier.requeueInFlight(run)).toBe(1);
    expect(s.frontier.queuedAt(run, 0, 10)).toHaveLength(1);
    s.frontier.finish(row!.id, 'done', null, 1);
    expect(s.frontier.lowestPendingDepth(run)).toBeNull();
  });
});

describe('GraphStore discoveries', () => {
  it('keeps the same best path whatever order the offers arrive in', () => {
    const offers = (s: Store, run: number, ids: Record<string, number>) => [
      { entityId: ids.c!, runId: run, depth: 2, parentEntity: ids.b!, edgeType: 'link', evidenceUrl: 'http://b.example/p', targetUrl: 'http://c.example/' },
      { entityId: ids.c!, runId: run, depth: 2, parentEntity: ids.a!, edgeType: 'link', evidenceUrl: 'http://a.example/p', targetUrl: 'http://c.example/' },
      { entityId: ids.c!, runId: run, depth: 3, parentEntity: ids.a!, edgeType: 'link', evidenceUrl: 'http://a.example/0', targetUrl: 'http://c.example/' },
    ];
    const results: (number | null)[] = [];
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0]]) {
      const s = store();
      const run = s.runs.create('discover', {}, null, 0);
      // create entities in a different order each time so ids differ
      const keys = order.map((i) => ['a', 'b', 'c'][i]!);
      const ids: Record<string, number> = {};
      for (const k of keys) ids[k] = s.graph.ensureEntity(`site:${k}.example`, 'site', {}, run, 0);
      const list = offers(s, run, ids);
      for (const i of order) s.graph.offerDiscovery(list[i]!, 0);
      const d = s.graph.discovery(ids.c!)!;
      results.push(d.depth);
      expect(s.graph.entity(d.parentEntity!)!.key).toBe('site:a.example');
      expect(d.evidenceUrl).toBe('http://a.example/p');
    }
    expect(results).toEqual([2, 2, 2]);
  });

  it('does not record self edges and counts evidence per edge', () => {
    const s = store();
    const run = s.runs.create('discover', {}, null, 0);
    const a = s.graph.ensureEntity('site:a.example', 'site', {}, run, 0);
    const b = s.graph.ensureEntity('site:b.example', 'site', {}, run, 0);
    const edge = { from: a, to: b, type: 'link', targetUrl: 'http://b.example/', anchorText: null };
    s.graph.addEdge({ ...edge, evidenceUrl: 'http://a.example/1' }, run, 0);
    s.graph.addEdge({ ...edge, evidenceUrl: 'http://a.example/1' }, run, 0);
    s.graph.addEdge({ ...edge, evidenceUrl: 'http://a.example/2' }, run, 0);
    s.graph.addEdge({ ...edge, to: a, evidenceUrl: 'http://a.example/3' }, run, 0);
    expect(personEdges(s, new Map())).toEqual([{ from: a, to: b, type: 'link', count: 2 }]);
  });
});

describe('entity texts (what relevance reads)', () => {
  it('joins an entity\'s documents in (final URL, kind, URL) byte order, one text per final URL, as SQL would order them', () => {
    const s = store();
    const run = s.runs.create('discover', {}, null, 0);
    const [a, b] = ['a', 'b'].map((h) => s.graph.ensureEntity(`site:${h}.example`, 'site', {}, run, 0));
    const doc = (url: string, kind: 'html' | 'item' | 'feed', finalUrl: string | null, entityId: number, text: string) => ({
      url, kind, finalUrl, entityId, status: 200, contentType: 'text/html', title: `T ${text}`, publishedAt: null, etag: null, lastModified: null, textExcerpt: text, error: null,
    });
    s.tx(() => {
      // Written out of order; U+FF5E sorts before U+1F600 by bytes, after it in UTF-16.
      s.documents.save(doc('http://a.example/item-of-post', 'item', 'http://a.example/post', a!, 'the feed item says less'), run, 0);
      s.documents.save(doc('http://a.example/\u{1F600}', 'html', null, a!, 'grinning'), run, 0);
      s.documents.save(doc('http://a.example/post', 'html', 'http://a.example/post', a!, 'the page says more'), run, 0);
      s.documents.save(doc('http://a.example/\uFF5E', 'html', null, a!, 'tilde'), run, 0);
      s.documents.save(doc('http://a.example/feed', 'feed', null, a!, 'feed text'), run, 0);
      s.documents.save(doc('http://b.example/', 'html', null, b!, '  spaced  '), run, 0);
      s.documents.save(doc('http://b.example/empty', 'html', null, b!, ''), run, 0);
    });
    // What the store's SQL ordering gave before the order moved into the reader.
    const rows = dbOf(s).prepare(
      `SELECT entity_id, coalesce(final_url, url) AS url, coalesce(title, '') || ' ' || text_excerpt AS piece FROM documents
       WHERE entity_id IS NOT NULL AND text_excerpt IS NOT NULL AND text_excerpt != ''
       ORDER BY entity_id, coalesce(final_url, url), CASE kind WHEN 'html' THEN 0 WHEN 'item' THEN 1 ELSE 2 END, url`,
    ).all() as { entity_id: number; url: string; piece: string }[];
    const expected = new Map<number, string[]>();
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(`${r.entity_id} ${r.url}`)) continue;
      seen.add(`${r.entity_id} ${r.url}`);
      expected.set(r.entity_id, [...(expected.get(r.entity_id) ?? []), r.piece.trim()]);
    }
    const texts = [...s.documents.eachEntityText()];
    expect(texts).toEqual([...expected].map(([id, pieces]) => [id, pieces.join('\n')]));
    expect(texts[0]![1]).toBe(['feed text', 'the page says more', 'tilde', 'grinning'].map((t) => `T ${t} ${t}`).join('\n'));
  });
});

describe('edge groups (kept as edges are written)', () => {
  // What edgeGroups must say, from the edges themselves: distinct evidence per (from, to, type),
  // and for ranking no feed item whose evidence also links the same pair.
  const expected = (edges: { from: number; to: number; type: string; evidenceUrl: string }[], forRanking: boolean): string[] => {
    const linked = new Set(edges.filter((e) => e.type === 'link').map((e) => `${e.from} ${e.to} ${e.evidenceUrl}`));
    const groups = new Map<string, Set<string>>();
    for (const e of edges) {
      if (e.from === e.to || (forRanking && e.type === 'feed-item' && linked.has(`${e.from} ${e.to} ${e.evidenceUrl}`))) continue;
      const key = `${e.from} ${e.to} ${e.type}`;
      groups.set(key, (groups.get(key) ?? new Set()).add(e.evidenceUrl));
    }
    return [...groups].map(([key, evidence]) => `${key} ${evidence.size}`).sort();
  };
  const read = (s: Store, forRanking: boolean): string[] => {
    const g = s.graph.edgeGroups(EDGE_TYPES, forRanking);
    return Array.from({ length: g.length }, (_, k) => `${g.from[k]} ${g.to[k]} ${EDGE_TYPES[g.type[k]!]} ${g.count[k]}`).sort();
  };

  it('counts distinct evidence, and a feed item whose page links the same pair once, in any order and batching', () => {
    for (let world = 0; world < 6; world++) {
      const s = store();
      const run = s.runs.create('discover', {}, null, 0);
      const ids = ['a', 'b', 'c'].map((h) => s.graph.ensureEntity(`site:${h}.example`, 'site', {}, run, 0));
      const rand = mulberry32(world + 1);
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const edges = Array.from({ length: 60 }, () => ({
        from: pick(ids), to: pick(ids), type: pick(['link', 'feed-item', 'mention']),
        evidenceUrl: `http://a.example/${pick([1, 2, 3, 4])}`, targetUrl: `http://t.example/${pick([1, 2])}`, anchorText: null,
      }));
      // Some pages' edges in one statement (PostgreSQL fires the trigger after it), some one by one.
      for (let at = 0; at < edges.length; ) {
        const n = 1 + Math.floor(rand() * 12);
        s.tx(() => s.graph.addEdges(edges.slice(at, at + n), run, 0));
        at += n;
      }
      expect(read(s, true)).toEqual(expected(edges, true));
      expect(read(s, false)).toEqual(expected(edges, false));
    }
  });

  it('migration 11 counts the edges a schema-10 database already holds', () => {
    const path = fresh();
    const rows = [
      "INSERT INTO runs (id, command, started_at, status, settings) VALUES (1, 'discover', 0, 'done', '{}')",
      ...['a', 'b'].map((h, i) => `INSERT INTO entities (id, key, kind, first_seen_at, last_seen_at) VALUES (${i + 1}, 'site:${h}.example', 'site', 0, 0)`),
      ...[['link', 1, 1], ['link', 1, 2], ['link', 2, 1], ['feed-item', 1, 1], ['feed-item', 3, 1], ['mention', 1, 1]].map(
        ([type, page, target]) => `INSERT INTO edges (from_entity, to_entity, type, evidence_url, target_url, run_id, first_seen_at) VALUES (1, 2, '${type}', 'http://a.example/${page}', 'http://b.example/${target}', 1, 0)`,
      ),
    ];
    writeOldDatabase(engine, path, 10, rows);
    const s = store(path);
    expect(read(s, true)).toEqual(['1 2 feed-item 1', '1 2 link 2', '1 2 mention 1']);
    expect(read(s, false)).toEqual(['1 2 feed-item 2', '1 2 link 2', '1 2 mention 1']);
    // And the trigger goes on from there: a link to the feed item's page takes its count back.
    s.graph.addEdges([{ from: 1, to: 2, type: 'link', evidenceUrl: 'http://a.example/3', targetUrl: 'http://b.example/1', anchorText: null }], 1, 0);
    expect(read(s, true)).toEqual(['1 2 link 3', '1 2 mention 1']);
  });

  it('comes out in (from, to, type) order', () => {
    const s = store();
    const run = s.runs.create('discover', {}, null, 0);
    const [a, b, c] = ['a', 'b', 'c'].map((h) => s.graph.ensureEntity(`site:${h}.example`, 'site', {}, run, 0));
    const edge = (from: number, to: number, type: string) => ({ from, to, type, evidenceUrl: 'http://x.example/', targetUrl: 'http://y.example/', anchorText: null });
    s.graph.addEdges([edge(c!, a!, 'link'), edge(a!, c!, 'mention'), edge(a!, c!, 'link'), edge(a!, b!, 'repost'), edge(b!, a!, 'link')], run, 0);
    const g = s.graph.edgeGroups(EDGE_TYPES, true);
    expect(Array.from({ length: g.length }, (_, k) => [g.from[k], g.to[k], EDGE_TYPES[g.type[k]!]])).toEqual([
      [a, b, 'repost'], [a, c, 'link'], [a, c, 'mention'], [b, a, 'link'], [c, a, 'link'],
    ]);
  });
});

describe('set-wise reads and writes (a page at a time)', () => {
  it('looks frontier rows up by URL, entities by key (with their steps and one more by id)', () => {
    const s = store();
    const run = s.runs.create('discover', {}, null, 0);
    const a = s.graph.ensureEntity('site:a.example', 'site', {}, run, 0);
    const b = s.graph.ensureEntity('site:b.example', 'site', {}, run, 0);
    s.graph.offerDiscovery({ entityId: b, runId: run, depth: 1, parentEntity: a, edgeType: 'link', evidenceUrl: 'http://a.example/', targetUrl: 'http://b.example/' }, 0);
    s.frontier.enqueue(run, { url: 'http://b.example/', depth: 1, role: 'home', entityId: b, foundFromUrl: null, foundEdge: 'link' }, 0);
    expect([...s.frontier.lookup(run, ['http://b.example/', 'http://c.example/'])]).toEqual([['http://b.example/', { depth: 1, status: 'queued' }]]);
    expect(s.frontier.lookup(run + 1, ['http://b.example/']).size).toBe(0);
    const found = s.graph.entitiesByKey(['site:b.example', 'site:zzz'], a);
    expect([...found.keys()].sort()).toEqual(['site:a.example', 'site:b.example']);
    expect(found.get('site:b.example')).toEqual({ id: b, step: { runId: run, depth: 1, edgeType: 'link', parentKey: 'site:a.example', evidenceUrl: 'http://a.example/', targetUrl: 'http://b.example/' } });
    expect(found.get('site:a.example')).toEqual({ id: a, step: null });
    s.graph.touch(['site:b.example'], 7);
    expect([s.graph.entity(a)!.lastSeenAt, s.graph.entity(b)!.lastSeenAt]).toEqual([0, 7]);
  });

  it('stores many edges in their order, once each, in batches', () => {
    const s = store();
    const run = s.runs.create('discover', {}, null, 0);
    const a = s.graph.ensureEntity('site:a.example', 'site', {}, run, 0);
    const b = s.graph.ensureEntity('site:b.example', 'site', {}, run, 0);
    // 150 edges: batches of 64, 64, 16, 4, 2; a repeat, a self edge among them.
    const edges = Array.from({ length: 150 }, (_, i) => ({ from: a, to: b, type: 'link', evidenceUrl: `http://a.example/${i}`, targetUrl: 'http://b.example/', anchorText: null }));
    edges.splice(70, 0, { ...edges[3]! }, { ...edges[5]!, to: a });
    s.graph.addEdges(edges, run, 0);
    expect(s.graph.edgesInto([b]).map((e) => e.evidenceUrl)).toEqual(Array.from({ length: 150 }, (_, i) => `http://a.example/${i}`));
  });

  it('tells which documents an earlier run stored, for many URLs at once', () => {
    const s = store();
    const first = s.runs.create('discover', {}, null, 0);
    const doc = { kind: 'html' as const, finalUrl: null, entityId: null, status: 200, contentType: 'text/html', title: 't', publishedAt: null, etag: null, lastModified: null, textExcerpt: 'x', error: null };
    s.documents.save({ ...doc, url: 'http://a.example/1' }, first, 0);
    s.documents.save({ ...doc, url: 'http://a.example/2', kind: 'item' }, first, 0);
    const second = s.runs.create('recrawl', {}, null, 1);
    s.documents.save({ ...doc, url: 'http://a.example/3' }, second, 1);
    const urls = ['http://a.example/1', 'http://a.example/2', 'http://a.example/3', 'http://a.example/4'];
    expect([...s.documents.knownBefore(urls, 'html', second)]).toEqual(['http://a.example/1']);
    expect([...s.documents.knownBefore(urls, 'item', second)]).toEqual(['http://a.example/2']);
    expect(s.documents.knownBefore([], 'html', second).size).toBe(0);
  });

  it('keeps what a page transaction wrote, bodies and held writes included, and reads answers kept for many URLs', () => {
    const s = store();
    const run = s.runs.create('discover', {}, null, 0);
    const a = s.graph.ensureEntity('site:a.example', 'site', {}, run, 0);
    const doc = { kind: 'html' as const, finalUrl: null, entityId: a, status: 200, contentType: 'text/html', title: 't', publishedAt: null, lastModified: null, textExcerpt: 'x', error: null };
    s.frontier.enqueue(run, { url: 'http://a.example/1', depth: 0, role: 'page', entityId: a, foundFromUrl: null, foundEdge: null }, 0);
    const row = s.frontier.all(run)[0]!;
    s.tx(() => {
      s.documents.save({ ...doc, url: 'http://a.example/1', etag: '"1"', body: '<p>one ünï</p>' }, run, 1);
      s.documents.save({ ...doc, url: 'http://a.example/2', etag: '"2"', body: '<p>two</p>', kind: 'feed' }, run, 2);
      s.documents.save({ ...doc, url: 'http://a.example/3', etag: null, body: '<p>no validator</p>' }, run, 3);
      s.frontier.placeLater(run, { url: 'http://a.example/4', depth: 1, role: 'page', entityId: a, foundFromUrl: 'http://a.example/1', foundEdge: 'link' }, 4);
      s.frontier.finish(row.id, 'done', null, 5);
      s.runs.count(run, 1, 0);
      // Read in the same transaction: what was held went first.
      expect(s.frontier.lookup(run, ['http://a.example/4']).get('http://a.example/4')).toEqual({ depth: 1, status: 'queued' });
    });
    const kept = s.documents.cachedAmong(['http://a.example/1', 'http://a.example/2', 'http://a.example/3', 'http://a.example/9']);
    expect([...kept.keys()]).toEqual(['http://a.example/1', 'http://a.example/2']);
    expect(kept.get('http://a.example/1')).toEqual({ etag: '"1"', lastModified: null, finalUrl: 'http://a.example/1', status: 200, contentType: 'text/html', body: '<p>one ünï</p>' });
    expect(s.documents.cached('http://a.example/2')?.body).toBe('<p>two</p>');
    expect(s.documents.cachedAmong([]).size).toBe(0);
    expect(s.frontier.all(run).map((r) => [r.url, r.status])).toEqual([['http://a.example/1', 'done'], ['http://a.example/4', 'queued']]);
    expect(s.runs.get(run)?.pagesFetched).toBe(1);
  });
});
});

describe('edge groups read ahead on another thread (SQLite)', () => {
  const make = (): { s: Store; a: number; b: number; c: number; run: number } => {
    const s = store();
    const run = s.runs.create('discover', {}, null, 0);
    const [a, b, c] = ['a', 'b', 'c'].map((h) => s.graph.ensureEntity(`site:${h}.example`, 'site', {}, run, 0));
    const edges = Array.from({ length: 40 }, (_, i) => ({
      from: [a!, b!, c!][i % 3]!, to: [b!, c!, a!][(i >> 2) % 3]!, type: ['link', 'feed-item', 'mention'][i % 3]!,
      evidenceUrl: `http://a.example/${i % 7}`, targetUrl: `http://t.example/${i % 2}`, anchorText: null,
    }));
    s.tx(() => s.graph.addEdges(edges, run, 0));
    return { s, a: a!, b: b!, c: c!, run };
  };

  it('gives what edgeGroups gives, read by the thread from the file', () => {
    const { s } = make();
    for (const drop of [true, false]) {
      const here = s.graph.edgeGroups(EDGE_TYPES, drop);
      // As if the graph were big: the thread reads it.
      const ahead = edgeGroupsAhead(dbOf(s), Number.MAX_SAFE_INTEGER, EDGE_TYPES, drop, () => {
        throw new Error('read on the calling thread');
      });
      expect(ahead()).toEqual(here);
    }
  });

  it('reads on the calling thread inside a transaction (the thread would not see its writes) and for a small graph', () => {
    const { s, a, b, run } = make();
    s.tx(() => {
      s.graph.addEdges([{ from: a, to: b, type: 'guest', evidenceUrl: 'http://a.example/show', targetUrl: 'http://b.example/', anchorText: null }], run, 0);
      const ahead = s.graph.edgeGroupsAhead(EDGE_TYPES, true)();
      const big = edgeGroupsAhead(dbOf(s), Number.MAX_SAFE_INTEGER, EDGE_TYPES, true, () => s.graph.edgeGroups(EDGE_TYPES, true))();
      for (const g of [ahead, big]) expect(Array.from(g.type).map((t) => EDGE_TYPES[t])).toContain('guest');
    });
  });
});
