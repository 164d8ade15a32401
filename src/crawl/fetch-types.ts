// The fetcher's public shapes, kept apart from its implementation so sources, robots and the
// crawler can depend on them without pulling in undici. Re-exported by fetcher.ts.
import type { HtmlExtract } from '../extract/html.js';
import type { ParsedFeed } from '../extract/feed-types.js';

/** Options for a Fetcher; one set for the whole run. */
export interface FetcherOptions {
  /** Sent as User-Agent on every request, including through a proxy. */
  userAgent: string;
  /**
   * Cap on DECODED body bytes, enforced while streaming.
   * @default 5 * 1024 * 1024
   */
  maxBytes?: number;
  /**
   * Wait at most this long for response headers (undici's default is 300 s).
   * @default 15_000
   */
  headersTimeoutMs?: number;
  /**
   * Longest idle gap between body chunks (undici's default is 300 s).
   * @default 15_000
   */
  bodyTimeoutMs?: number;
  /**
   * Deadline for the whole fetch, redirects and body included.
   * @default 30_000
   */
  totalTimeoutMs?: number;
  /**
   * Redirects followed before giving up with FetchRedirectError.
   * @default 5
   */
  maxRedirects?: number;
}

/** One GET. */
export interface FetchRequest {
  /** Absolute http(s) URL. */
  url: string;
  /**
   * Accept header.
   * @default DEFAULT_ACCEPT (fetcher.ts): pages and feeds first
   */
  accept?: string;
  /** Sent as If-None-Match (an ETag from an earlier fetch). */
  ifNoneMatch?: string;
  /** Sent as If-Modified-Since (a Last-Modified from an earlier fetch). */
  ifModifiedSince?: string;
  /** Per-request override of FetcherOptions.maxBytes (robots.txt uses 500 KiB). */
  maxBytes?: number;
  /**
   * Past `maxBytes`, keep the first `maxBytes` and stop reading instead of failing with
   * FetchTooLargeError (robots.txt: RFC 9309 asks to parse at least the first 500 KiB).
   * @default false
   */
  truncate?: boolean;
  /** Cancels the fetch; the promise then rejects with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * Read the body as the web source would (sources/web-read.ts) where it was fetched, and
   * attach that as `FetchResult.read`: the worker fetcher does, so pages are parsed off the
   * main thread; the in-process fetcher leaves it to the source.
   */
  read?: 'web';
}

/** A reader's answer, or the message it threw (kept so it costs one page, not the thread). */
export type ReadAttempt<T> = { ok: true; value: T } | { ok: false; error: string };

/** What the web source's readers made of a body ahead of it (absent: not read ahead). */
export interface WebRead {
  feed?: ReadAttempt<ParsedFeed | null>;
  page?: ReadAttempt<HtmlExtract>;
  /** The body compressed as the store keeps it (store/documents.ts gzipBody), when it is a page or feed. */
  gzipped?: Uint8Array;
}

/** What came back. */
export interface FetchResult {
  /** As requested. */
  url: string;
  /** After redirects (absolute, normalized). */
  finalUrl: string;
  /** Every redirect followed, in order. */
  redirects: { from: string; to: string; status: number }[];
  /** Final status; 4xx/5xx are results, not thrown. */
  status: number;
  /** Lower-case names; the last value wins for repeated headers. */
  headers: Record<string, string>;
  /** Lower-case mime type without parameters; '' if absent. */
  contentType: string;
  /** Encoding used to decode `body` (e.g. 'utf-8', 'windows-1252'); null when body is null. */
  charset: string | null;
  /** Decoded text for text types; null for other types, 304, unknown Content-Encoding or empty. */
  body: string | null;
  /** Decoded bytes read (0 when the body was not read). */
  bytes: number;
  /** Retry-After as milliseconds from now, when present and parseable. */
  retryAfterMs: number | null;
  /** Status was 304. */
  notModified: boolean;
  /** The body was cut at `maxBytes` (only with FetchRequest.truncate). */
  truncated?: boolean;
  /** The body as read ahead (FetchRequest.read), by the same readers the source would use. */
  read?: WebRead;
}

/** Fetches URLs over one dispatcher. */
export interface Fetcher {
  /** GET `req.url`, following redirects. Rejects only with FetchError subclasses (or the caller's abort reason). */
  fetch(req: FetchRequest): Promise<FetchResult>;
  /** Stop accepting fetches and close the dispatcher once in-flight requests finish. Idempotent. */
  close(): Promise<void>;
}
