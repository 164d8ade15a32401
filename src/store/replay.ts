// What a recrawl reads back instead of fetching again: the stored body of a post page read in an
// earlier run, and the links a social account's posts made. Re-emitting them keeps an unchanged
// world's recrawl visiting the same accounts and sites as the first crawl.
import { gunzipSync } from 'node:zlib';
import type { Db } from './db.js';
import type { AccountRef, EdgeType, FoundLink } from '../sources/source.js';

/** A page as stored when an earlier run fetched it. */
export interface StoredPage {
  url: string;
  finalUrl: string;
  status: number;
  contentType: string;
  body: string;
}

/** Reads of earlier runs' answers for replay. */
export class ReplayStore {
  constructor(private readonly db: Db) {}

  /** The body of the HTML document at `url` stored by a run before `runId`, if still kept. */
  page(url: string, runId: number): StoredPage | null {
    const r = this.db
      .prepare(
        `SELECT d.final_url, d.status, b.content_type, b.body FROM documents d JOIN bodies b ON b.document_id = d.id
         WHERE d.url = ? AND d.kind = 'html' AND d.run_id < ? AND d.status BETWEEN 200 AND 299 LIMIT 1`,
      )
      .get(url, runId) as { final_url: string | null; status: number; content_type: string | null; body: Buffer } | undefined;
    if (!r) return null;
    return { url, finalUrl: r.final_url ?? url, status: r.status, contentType: r.content_type ?? 'text/html', body: gunzipSync(r.body).toString('utf8') };
  }

  /**
   * Every edge stored from the entity keyed `key` (and its aliases) as the link that made it, in
   * id order: the hops of a social account's posts. Targets that are accounts carry their ref.
   */
  linksFrom(key: string): FoundLink[] {
    const rows = this.db
      .prepare(
        `SELECT e.type, e.evidence_url, e.target_url, e.anchor_text, t.kind, t.key AS tkey, t.handle, t.profile_url
         FROM edges e JOIN entities t ON t.id = e.to_entity
         WHERE e.from_entity IN (SELECT id FROM entities WHERE key = @key
                                 UNION SELECT id FROM entities WHERE alias_of = (SELECT id FROM entities WHERE key = @key))
         ORDER BY e.id`,
      )
      .all({ key }) as { type: string; evidence_url: string; target_url: string; anchor_text: string | null; kind: string; tkey: string; handle: string | null; profile_url: string | null }[];
    return rows.map((r) => {
      const link: FoundLink = { targetUrl: r.target_url, type: r.type as EdgeType, evidenceUrl: r.evidence_url, anchorText: r.anchor_text, follow: true };
      const account = accountOf(r.tkey, r.kind, r.handle, r.profile_url);
      if (account) link.account = account;
      return link;
    });
  }
}

/** The account ref of an account entity row, or undefined for sites and unreadable keys. */
function accountOf(key: string, kind: string, handle: string | null, profileUrl: string | null): AccountRef | undefined {
  if (kind !== 'account' || !profileUrl) return undefined;
  const m = /^(bsky|fedi):(.+)$/.exec(key);
  if (!m) return undefined;
  return { network: m[1] === 'bsky' ? 'bluesky' : 'fediverse', id: m[2]!, handle, profileUrl };
}
