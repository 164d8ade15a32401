// Cursor paging of Bluesky's XRPC lists (getAuthorFeed for the crawl, getFollows for `known`):
// the loop, its bounds and its guards live here once; callers say how to ask for one page and
// what to keep of it.

/** What a caller's page visit reports: how many entries the page held and the server's next cursor. */
export interface PageStep {
  read: number;
  cursor: string | null;
}

/** How paging ended. */
export type PagingEnd =
  /** The server had nothing more: no cursor, an empty page, or a cursor it sent before. */
  | 'exhausted'
  /** `max` entries were read. */
  | 'max'
  /** The visit said stop (an error, or a known post on a recrawl). */
  | 'stopped';

/** Knobs of `pageByCursor`. */
export interface CursorPaging {
  /** Entries to read at most, over all pages (readable or not, so garbage pages cannot loop us). */
  max: number;
  /** The largest page to ask for. */
  pageSize: number;
  /** Ask for one page of at most `limit` entries, continuing at `cursor` (null: the first page). */
  visit(limit: number, cursor: string | null): Promise<PageStep | 'stop'>;
}

/**
 * Page until `max` entries were read, the visit stops, or the server runs out. A page counts at
 * most the `limit` asked for (a server that ignores `limit` cannot blow the bound), and an empty
 * page or a repeated cursor ends the paging: either would page forever.
 */
export async function pageByCursor({ max, pageSize, visit }: CursorPaging): Promise<PagingEnd> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  let read = 0;
  while (read < max) {
    const limit = Math.min(pageSize, max - read);
    const step = await visit(limit, cursor);
    if (step === 'stop') return 'stopped';
    read += Math.min(Math.max(0, step.read), limit);
    if (step.cursor === null || step.read <= 0 || seen.has(step.cursor)) return 'exhausted';
    seen.add(step.cursor);
    cursor = step.cursor;
  }
  return 'max';
}

/** `base` with `limit` and, after the first page, `cursor` as query parameters. */
export function pageUrl(base: string, limit: number, cursor: string | null): string {
  return `${base}&limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
}
