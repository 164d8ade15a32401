// How the web source reads a body: as a feed, as an HTML page, or neither, decided from its media
// type and its first characters. Pure, so it runs wherever the body is: the fetch worker reads
// ahead (`readAhead`, attached to the result as `res.read`), and web.ts takes what was read there
// or reads the body itself (a stored body replayed after a 304, an in-process fetcher).
import { extractHtml, type HtmlExtract } from '../extract/html.js';
import { looksLikeFeed, parseFeed, type ParsedFeed } from '../extract/feed.js';
import type { FetchResult, WebRead, ReadAttempt } from '../crawl/fetch-types.js';
import { gzipBody } from '../store/documents.js';

export type { WebRead };

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const FEED_TYPES = /(^|[/+])(rss|atom|rdf|xml|json)\b|feed\+json/;
const HTML_START = /^\s*(<!doctype html|<html)/i;

/** Whether the media type says HTML. */
export function isHtmlType(contentType: string): boolean {
  return HTML_TYPES.has(contentType);
}

/** Whether a body is worth parsing as a feed: a feed-ish media type, or feed-like first bytes. */
export function mayBeFeed(contentType: string, body: string): boolean {
  return !isHtmlType(contentType) && (FEED_TYPES.test(contentType) || looksLikeFeed(body));
}

/** Whether a body is read as an HTML page (once it is not a feed). */
export function mayBePage(contentType: string, body: string): boolean {
  return isHtmlType(contentType) || HTML_START.test(body);
}

function attempt<T>(read: () => T): ReadAttempt<T> {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function unwrap<T>(a: ReadAttempt<T>): T {
  // A reader that threw where the body was read throws here, as it would have in this thread.
  if (!a.ok) throw new Error(a.error);
  return a.value;
}

/**
 * Read what web.ts will want of a fetched body: the feed when it may be one, the page when it
 * may be one and is not a feed. Undefined for answers web.ts does not read (errors, empty bodies).
 * A reader that throws is kept as its message: it costs that page, never the crawl.
 */
export function readAhead(res: FetchResult): WebRead | undefined {
  const body = res.body;
  if (res.status >= 400 || body === null || body.trim() === '') return undefined;
  const read: WebRead = {};
  if (mayBeFeed(res.contentType, body)) read.feed = attempt(() => parseFeed(body, res.finalUrl));
  const notFeed = read.feed === undefined || (read.feed.ok && read.feed.value === null);
  if (notFeed && mayBePage(res.contentType, body)) read.page = attempt(() => extractHtml(body, res.finalUrl));
  // A page or feed is stored with its body: compressed here too, not on the thread that stores it.
  if ((read.feed?.ok && read.feed.value !== null) || read.page?.ok) read.gzipped = gzipBody(body);
  return read;
}

/** The body of `res` parsed as a feed (null: not one), from the read-ahead when there is one. */
export function feedOf(res: FetchResult): ParsedFeed | null {
  return res.read?.feed ? unwrap(res.read.feed) : parseFeed(res.body!, res.finalUrl);
}

/** The stored form of `body` when it was compressed ahead (null: the store compresses it). */
export function gzippedOf(res: FetchResult, body: string | null): Uint8Array | null {
  return body !== null && body === res.body ? (res.read?.gzipped ?? null) : null;
}

/** `html` read as a page of `res.finalUrl`, from the read-ahead when it read this very body. */
export function pageOf(res: FetchResult, html: string): HtmlExtract {
  return res.read?.page && html === res.body ? unwrap(res.read.page) : extractHtml(html, res.finalUrl);
}
