// Fetched documents (pages, feeds, feed items): what was fetched, when, with which validators,
// a text excerpt for relevance, and (gzipped, pruned after --keep-runs) the body of pages and
// feeds, so a 304 Not Modified can be read again exactly as the first time.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db } from './db.js';
import { laterOf, statementsOf, type Later, type Prepared } from './statements.js';

/** What kind of document a row holds. */
export type DocumentKind = 'html' | 'feed' | 'item' | 'other';

/** A document to store. */
export interface DocumentInput {
  url: string;
  kind: DocumentKind;
  finalUrl: string | null;
  entityId: number | null;
  status: number | null;
  contentType: string | null;
  title: string | null;
  publishedAt: number | null;
  etag: string | null;
  lastModified: string | null;
  textExcerpt: string | null;
  error: string | null;
  /** The decoded body of a page or feed, kept for conditional re-fetches. */
  body?: string | null;
  /**
   * `body` already compressed by {@link gzipBody} (the fetch thread or the fetching worker does
   * it): stored as it is, with or without `body` beside it.
   */
  bodyGzip?: Uint8Array | null;
}

/** What a conditional request needs, and what a 304 answer stands for. */
export interface CachedResponse {
  etag: string | null;
  lastModified: string | null;
  finalUrl: string;
  status: number;
  contentType: string;
  body: string;
}

/** Longest text kept per document; relevance needs the gist, not the whole page. */
export const MAX_EXCERPT_CHARS = 8000;

/**
 * A 4 KB window and a small hash table: a third of the CPU of zlib's defaults for typical pages
 * (most of a default gzip call is setting up its 256 KB of state), within a few percent of
 * their size. Any gunzip reads it.
 */
const BODY_GZIP = { windowBits: 12, memLevel: 5 } as const;

/** A body compressed as the store keeps it; pure, so it may run on another thread. */
export function gzipBody(body: string): Buffer {
  return gzipSync(body, BODY_GZIP);
}

/** One document's text as {@link DocumentStore.eachEntityText} reads it. */
interface TextRow {
  entity_id: number;
  /** Final URL (or URL): one text per address, however it was reached. */
  url: string;
  /** 0 a page, 1 a feed item, 2 anything else: the page's text wins over its feed item's. */
  k: number;
  raw: string;
  piece: string;
}

/**
 * An entity's text: its documents by (final URL, kind, URL) in byte order, as SQLite's BINARY
 * collation orders them, the first of each final URL only, joined with line breaks up to `max`
 * characters.
 */
function entityText(rows: TextRow[], max: number): string {
  if (rows.length > 1) rows.sort((a, b) => compareBinary(a.url, b.url) || a.k - b.k || compareBinary(a.raw, b.raw));
  let text = '';
  let lastUrl: string | null = null;
  for (const r of rows) {
    if (r.url === lastUrl) continue;
    lastUrl = r.url;
    if (text.length >= max) continue;
    // Title and excerpt are joined in SQL: one column handed over for the two.
    const piece = r.piece.trim();
    text = (text ? `${text}\n` : '') + piece.slice(0, max - text.length);
  }
  return text;
}

/** a vs b by their UTF-8 bytes (SQLite's BINARY order); plain ASCII compares as JS strings do. */
function compareBinary(a: string, b: string): number {
  if (NON_ASCII.test(a) || NON_ASCII.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}
const NON_ASCII = /[^\x00-\x7f]/;

/** What {@link DocumentStore.cached} reads of a document and its body. */
const CACHED_COLUMNS = 'd.etag, d.last_modified, d.final_url, d.status, b.content_type, b.body';
/** Documents whose answer may be asked for again conditionally. */
const CACHED_KINDS = "d.kind IN ('html','feed') AND (d.etag IS NOT NULL OR d.last_modified IS NOT NULL)";

interface CachedRow {
  url: string; etag: string | null; last_modified: string | null; final_url: string | null; status: number | null;
  content_type: string | null; body: Buffer;
}

function toCached(r: CachedRow): CachedResponse {
  return {
    etag: r.etag, lastModified: r.last_modified, finalUrl: r.final_url ?? r.url, status: r.status ?? 200,
    contentType: r.content_type ?? '', body: gunzipSync(r.body).toString('utf8'),
  };
}

/** Reads and writes the `documents` table. */
export class DocumentStore {
  private readonly sql: Prepared;
  /** Writes whose results are not read (sent with the next statement on PostgreSQL). */
  private readonly later: Later;

  constructor(private readonly db: Db) {
    this.sql = statementsOf(db);
    this.later = laterOf(db);
  }

  /**
   * Insert or refresh a document (one row per URL and kind). A newer run replaces the row; within
   * one run the same URL can arrive twice (a post in both the RSS and the Atom feed), and the
   * greater (text, title) wins, so the result does not depend on which arrived first.
   */
  save(doc: DocumentInput, runId: number, now: number): void {
    this.later(
      `INSERT INTO documents (url, kind, final_url, entity_id, run_id, status, content_type, title, published_at,
                                fetched_at, etag, last_modified, text_excerpt, error)
         VALUES (@url, @kind, @finalUrl, @entityId, @runId, @status, @contentType, @title, @publishedAt,
                 @now, @etag, @lastModified, @textExcerpt, @error)
         ON CONFLICT (url, kind) DO UPDATE SET final_url = excluded.final_url, entity_id = excluded.entity_id,
           run_id = excluded.run_id, status = excluded.status, content_type = excluded.content_type,
           title = excluded.title, published_at = excluded.published_at, fetched_at = excluded.fetched_at,
           etag = excluded.etag, last_modified = excluded.last_modified, text_excerpt = excluded.text_excerpt,
           error = excluded.error
         WHERE documents.run_id IS NOT excluded.run_id
            OR (coalesce(excluded.text_excerpt, ''), coalesce(excluded.title, ''))
             > (coalesce(documents.text_excerpt, ''), coalesce(documents.title, ''))`,
      { ...doc, body: undefined, bodyGzip: undefined, textExcerpt: doc.textExcerpt?.slice(0, MAX_EXCERPT_CHARS) ?? null, runId, now },
    );
    // An empty body is not kept (nothing to re-fetch conditionally against).
    const gzipped = doc.body === '' ? null : (doc.bodyGzip ?? (doc.body ? gzipBody(doc.body) : null));
    if (gzipped) {
      // The document's id whether the upsert wrote the row or kept the stored one.
      this.later(
        `INSERT INTO bodies (document_id, run_id, content_type, body)
         SELECT id, ?, ?, ? FROM documents WHERE url = ? AND kind = ?
         ON CONFLICT (document_id) DO UPDATE SET run_id = excluded.run_id, content_type = excluded.content_type, body = excluded.body`,
        runId, doc.contentType, gzipped, doc.url, doc.kind,
      );
    }
  }

  /**
   * The stored answer for `url` from an earlier fetch, if its body is still kept and it carried
   * validators: what to send as If-None-Match / If-Modified-Since, and what a 304 means.
   */
  cached(url: string): CachedResponse | null {
    return this.cachedAmong([url]).get(url) ?? null;
  }

  /** {@link cached} for several URLs in one statement: the answers kept for those that have one. */
  cachedAmong(urls: readonly string[]): Map<string, CachedResponse> {
    const out = new Map<string, CachedResponse>();
    if (urls.length === 0) return out;
    const rows = this.sql(
        `SELECT d.url, ${CACHED_COLUMNS} FROM documents d JOIN bodies b ON b.document_id = d.id
         WHERE d.url IN (SELECT value FROM json_each(?)) AND ${CACHED_KINDS} ORDER BY d.url, d.fetched_at DESC`,
      )
      .all(JSON.stringify(urls)) as CachedRow[];
    // The latest fetch of each URL (as a page or as a feed) comes first.
    for (const r of rows) if (!out.has(r.url)) out.set(r.url, toCached(r));
    return out;
  }

  /**
   * Which of `urls` have a document of `kind` stored by a run before `runId`: post pages already
   * fetched ('html'), social posts already read ('item'). Recrawls read only what is new. One
   * statement for a feed's posts or a page of an account's statuses.
   */
  knownBefore(urls: readonly string[], kind: DocumentKind, runId: number): Set<string> {
    if (urls.length === 0) return new Set();
    const rows = this.sql('SELECT url FROM documents WHERE url IN (SELECT value FROM json_each(?)) AND kind = ? AND run_id < ?')
      .all(JSON.stringify(urls), kind, runId) as { url: string }[];
    return new Set(rows.map((r) => r.url));
  }

  /** Entities with a page or feed that answered (2xx): sites we have seen to exist. */
  fetchedEntityIds(): Set<number> {
    const rows = this
      .sql("SELECT DISTINCT entity_id AS id FROM documents WHERE kind IN ('html','feed') AND ((status >= 200 AND status < 300) OR status = 304) AND entity_id IS NOT NULL")
      .all() as { id: number }[];
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Keep bodies only for the `keepRuns` most recent runs; a document whose body is dropped loses
   * its validators too, so the next request for it is a plain one. Returns bodies dropped.
   */
  prune(keepRuns: number): number {
    const cutoff = this.sql('SELECT id FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?').get(keepRuns - 1) as { id: number } | undefined;
    if (!cutoff) return 0;
    this.sql('UPDATE documents SET etag = NULL, last_modified = NULL WHERE id IN (SELECT document_id FROM bodies WHERE run_id < ?)')
      .run(cutoff.id);
    return this.sql('DELETE FROM bodies WHERE run_id < ?').run(cutoff.id).changes;
  }

  /**
   * Each entity's text for relevance: its documents' excerpts, a page counted once by its final
   * (canonical) URL, a post's page winning over its feed item, capped per entity so one prolific site does not dominate IDF.
   */
  entityTexts(maxCharsPerEntity = 60_000): Map<number, string> {
    return new Map(this.eachEntityText(maxCharsPerEntity));
  }

  /**
   * `entityTexts` one entity at a time, in entity id order, so a caller that only needs each
   * text's words never holds every text (a large crawl's are hundreds of MB).
   */
  *eachEntityText(maxCharsPerEntity = 60_000): Generator<[entityId: number, text: string]> {
    // Streamed, not `all()`. (Not the statement cache: a statement being iterated is busy.) In
    // entity order only, as the index gives them: an entity's few documents are put in order
    // here, which costs less than SQLite sorting every row of a big crawl.
    const rows = this.db
      .prepare(
        `SELECT entity_id, coalesce(final_url, url) AS url, CASE kind WHEN 'html' THEN 0 WHEN 'item' THEN 1 ELSE 2 END AS k, url AS raw,
           coalesce(title, '') || ' ' || text_excerpt AS piece FROM documents
         WHERE entity_id IS NOT NULL AND text_excerpt IS NOT NULL AND text_excerpt != ''
         ORDER BY entity_id`,
      )
      .iterate() as IterableIterator<TextRow>;
    let entity: number | null = null;
    let group: TextRow[] = [];
    for (const r of rows) {
      if (r.entity_id !== entity) {
        if (entity !== null) yield [entity, entityText(group, maxCharsPerEntity)];
        entity = r.entity_id;
        group = [];
      }
      group.push(r);
    }
    if (entity !== null) yield [entity, entityText(group, maxCharsPerEntity)];
  }

  /** An entity's feeds that answered, in the order they were first stored, with their gzipped bodies if kept. */
  feedsOf(entityId: number): { url: string; finalUrl: string | null; title: string | null; body: Buffer | null }[] {
    return this.sql(
        `SELECT d.url, d.final_url AS finalUrl, d.title, b.body FROM documents d LEFT JOIN bodies b ON b.document_id = d.id
         WHERE d.entity_id = ? AND d.kind = 'feed' AND d.error IS NULL ORDER BY d.id`,
      )
      .all(entityId) as { url: string; finalUrl: string | null; title: string | null; body: Buffer | null }[];
  }

  /** Documents with a published date whose URL or final URL is one of `urls`. */
  publishedAmong(urls: readonly string[]): { url: string; finalUrl: string | null; publishedAt: number }[] {
    if (urls.length === 0) return [];
    const list = JSON.stringify(urls);
    return this.sql(
        `SELECT url, final_url AS finalUrl, published_at AS publishedAt FROM documents
         WHERE published_at IS NOT NULL
           AND (url IN (SELECT value FROM json_each(?)) OR final_url IN (SELECT value FROM json_each(?)))`,
      )
      .all(list, list) as { url: string; finalUrl: string | null; publishedAt: number }[];
  }

  /** Per entity, the publication date of its newest feed item or post. */
  lastPostByEntity(): { entityId: number; last: number }[] {
    return this.sql(
        "SELECT entity_id AS entityId, max(published_at) AS last FROM documents WHERE kind = 'item' AND published_at IS NOT NULL GROUP BY entity_id",
      )
      .all() as { entityId: number; last: number }[];
  }

  /** Feed items and social posts of `entityIds` published at or after `since` (epoch ms), newest first. */
  postsSince(entityIds: readonly number[], since: number): { url: string; entityId: number; title: string | null; publishedAt: number; excerpt: string | null }[] {
    if (entityIds.length === 0) return [];
    return this.sql(
        `SELECT url, entity_id AS entityId, title, published_at AS publishedAt, text_excerpt AS excerpt FROM documents
         WHERE kind = 'item' AND published_at >= ? AND entity_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))
         ORDER BY published_at DESC, url`,
      )
      .all(since, JSON.stringify(entityIds)) as { url: string; entityId: number; title: string | null; publishedAt: number; excerpt: string | null }[];
  }
}
