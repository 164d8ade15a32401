// Fetched documents (pages, feeds, feed items): what was fetched, when, with which validators,
// and a text excerpt for relevance. Bodies are not kept; the excerpt is.
import type { Db } from './db.js';

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
}

/** Longest text kept per document; relevance needs the gist, not the whole page. */
export const MAX_EXCERPT_CHARS = 8000;

/** Reads and writes the `documents` table. */
export class DocumentStore {
  constructor(private readonly db: Db) {}

  /**
   * Insert or refresh a document (one row per URL and kind). A newer run replaces the row; within
   * one run the same URL can arrive twice (a post in both the RSS and the Atom feed), and the
   * greater (text, title) wins, so the result does not depend on which arrived first.
   */
  save(doc: DocumentInput, runId: number, now: number): void {
    this.db
      .prepare(
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
      )
      .run({ ...doc, textExcerpt: doc.textExcerpt?.slice(0, MAX_EXCERPT_CHARS) ?? null, runId, now });
  }


  /**
   * Each entity's text for relevance: its documents' excerpts, a page counted once by its final
   * (canonical) URL, a post's page winning over its feed item, capped per entity so one prolific site does not dominate IDF.
   */
  entityTexts(maxCharsPerEntity = 60_000): Map<number, string> {
    const rows = this.db
      .prepare(
        `SELECT entity_id, coalesce(final_url, url) AS url, kind, title, text_excerpt FROM documents
         WHERE entity_id IS NOT NULL AND text_excerpt IS NOT NULL AND text_excerpt != ''
         ORDER BY entity_id, coalesce(final_url, url), CASE kind WHEN 'html' THEN 0 WHEN 'item' THEN 1 ELSE 2 END, url`,
      )
      .all() as { entity_id: number; url: string; kind: DocumentKind; title: string | null; text_excerpt: string }[];
    const texts = new Map<number, string>();
    let lastKey = '';
    for (const r of rows) {
      const key = `${r.entity_id} ${r.url}`;
      if (key === lastKey) continue;
      lastKey = key;
      const sofar = texts.get(r.entity_id) ?? '';
      if (sofar.length >= maxCharsPerEntity) continue;
      const piece = `${r.title ?? ''} ${r.text_excerpt}`.trim();
      texts.set(r.entity_id, (sofar ? `${sofar}\n` : '') + piece.slice(0, maxCharsPerEntity - sofar.length));
    }
    return texts;
  }
}
