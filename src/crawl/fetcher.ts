// The crawler's only way to GET a URL: one undici `request` per hop on the shared dispatcher,
// redirects followed here so the chain is recorded, bodies decompressed and capped while
// streaming, text decoded to a string. 4xx/5xx are results; failures are FetchError subclasses.

import { request, type Dispatcher } from 'undici';
import { FetchBlockedError, FetchError, FetchRedirectError, FetchTooLargeError } from '../errors.js';
import { decodeBody, isTextMime, looksBinary, mimeType } from './decode-body.js';
import { stripControl, toFetchError } from './fetch-errors.js';
import { contentCodings, readBody } from './read-body.js';
import type { Fetcher, FetcherOptions, FetchRequest, FetchResult } from './fetch-types.js';
import { flattenHeaders, parseRetryAfter } from './response-headers.js';

export type { Fetcher, FetcherOptions, FetchRequest, FetchResult } from './fetch-types.js';

/** Accept header sent when a request does not choose one: pages and feeds first. */
export const DEFAULT_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,' +
  'application/feed+json,application/json;q=0.8,text/plain;q=0.5,*/*;q=0.1';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Bodies we do not want are drained up to this much so the socket can be reused; past it,
// the connection is closed instead.
const DRAIN_LIMIT = 64 * 1024;

type Resolved = Required<FetcherOptions>;

function validate(opts: FetcherOptions): Resolved {
  const o: Resolved = {
    maxBytes: 5 * 1024 * 1024,
    headersTimeoutMs: 15_000,
    bodyTimeoutMs: 15_000,
    totalTimeoutMs: 30_000,
    maxRedirects: 5,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    userAgent: stripControl(String(opts.userAgent ?? '')),
  };
  if (o.userAgent === '') throw new TypeError('Expected `userAgent` to be a non-empty string');
  for (const key of ['maxBytes', 'headersTimeoutMs', 'bodyTimeoutMs', 'totalTimeoutMs'] as const) {
    positive(key, o[key]);
  }
  if (!Number.isInteger(o.maxRedirects) || o.maxRedirects < 0) {
    throw new TypeError(`Expected \`maxRedirects\` to be an integer >= 0, got \`${String(o.maxRedirects)}\``);
  }
  return o;
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Expected \`${name}\` to be a finite number > 0, got \`${String(value)}\``);
  }
  return value;
}

/** `now` is injected (for Retry-After HTTP-dates); pass `() => Date.now()` in production. */
export function createFetcher(dispatcher: Dispatcher, opts: FetcherOptions, now: () => number = () => Date.now()): Fetcher {
  const o = validate(opts);
  let closing: Promise<void> | null = null;

  return {
    async fetch(req) {
      if (closing) {
        throw new FetchError(`${req.url}: fetcher is closed`, { code: 'LN_FETCH_CLOSED', url: req.url, retryable: false });
      }
      return fetchFollowing(dispatcher, o, now, req);
    },
    close() {
      closing ??= dispatcher.close().catch(() => undefined);
      return closing;
    },
  };
}

function startUrl(raw: string): URL {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const shown = stripControl(raw).slice(0, 200);
    throw new FetchError(`${shown}: not an http(s) URL`, { code: 'LN_FETCH_INVALID', url: shown, retryable: false });
  }
  return url;
}

function withoutHash(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

async function fetchFollowing(dispatcher: Dispatcher, o: Resolved, now: () => number, req: FetchRequest): Promise<FetchResult> {
  const maxBytes = req.maxBytes === undefined ? o.maxBytes : positive('maxBytes', req.maxBytes);
  let current = startUrl(req.url);
  const headers: Record<string, string> = {
    'user-agent': o.userAgent,
    accept: req.accept ?? DEFAULT_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (req.ifNoneMatch) headers['if-none-match'] = req.ifNoneMatch;
  if (req.ifModifiedSince) headers['if-modified-since'] = req.ifModifiedSince;

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('total deadline passed')), o.totalTimeoutMs);
  const signal = req.signal ? AbortSignal.any([deadline.signal, req.signal]) : deadline.signal;
  const seen = new Set([withoutHash(current)]);
  const redirects: FetchResult['redirects'] = [];

  try {
    for (;;) {
      const res = await settleBy(signal, request(withoutHash(current), {
        dispatcher,
        method: 'GET',
        // A fresh object per hop: undici's proxy path adds a `host` header to the one it gets.
        headers: { ...headers },
        headersTimeout: o.headersTimeoutMs,
        bodyTimeout: o.bodyTimeoutMs,
        signal,
      }));
      if (!REDIRECT_STATUSES.has(res.statusCode)) {
        return await finish(res, { req, finalUrl: current.href, redirects, maxBytes, nowMs: now() });
      }
      await drain(res.body);
      const next = redirectTarget(req.url, res.statusCode, res.headers.location, current);
      if (seen.has(withoutHash(next))) throw new FetchRedirectError(req.url, `redirect loop back to ${next.href}`);
      if (redirects.length >= o.maxRedirects) throw new FetchRedirectError(req.url, `more than ${o.maxRedirects} redirects`);
      redirects.push({ from: current.href, to: next.href, status: res.statusCode });
      seen.add(withoutHash(next));
      current = next;
    }
  } catch (err) {
    const mapped = toFetchError(err, req.url, { deadlineExpired: deadline.signal.aborted, callerSignal: req.signal });
    // The guard refused the hop being fetched (a redirect target, maybe), not necessarily req.url.
    if (mapped instanceof FetchBlockedError && !(err instanceof FetchBlockedError)) mapped.hop = current.href;
    throw mapped;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Settle when `signal` aborts even if undici has not: a request still queued for a connection
 * only notices its signal once connected. A response that turns up later is destroyed.
 */
function settleBy(signal: AbortSignal, pending: Promise<Dispatcher.ResponseData>): Promise<Dispatcher.ResponseData> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (res) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) discard(res.body);
        else resolve(res);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function redirectTarget(reqUrl: string, status: number, location: string | string[] | undefined, current: URL): URL {
  const raw = Array.isArray(location) ? location[0] : location;
  if (!raw?.trim()) throw new FetchRedirectError(reqUrl, `${status} redirect without Location`);
  let next: URL;
  try {
    next = new URL(raw.trim(), current);
  } catch {
    throw new FetchRedirectError(reqUrl, `${status} redirect to an invalid Location "${stripControl(raw).slice(0, 200)}"`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    // file:, data:, ftp: ... a page must not make the crawler read anything but the web.
    const scheme = stripControl(next.protocol).slice(0, 20);
    throw new FetchBlockedError(reqUrl, `blocked: redirect to a ${scheme} URL`, scheme, next.href.slice(0, 200));
  }
  return next;
}

/** Consume a body we do not want: drain small ones for socket reuse, destroy the rest. */
async function drain(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump({ limit: DRAIN_LIMIT });
  } catch {
    discard(body);
  }
}

/**
 * Destroy a body we will not read. undici's body emits an error when destroyed before its end,
 * even one that arrived whole; with no listener that error would be thrown uncaught.
 */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

interface FinishContext {
  req: FetchRequest;
  finalUrl: string;
  redirects: FetchResult['redirects'];
  maxBytes: number;
  nowMs: number;
}

async function finish(res: Dispatcher.ResponseData, ctx: FinishContext): Promise<FetchResult> {
  const headers = flattenHeaders(res.headers);
  const typeHeader = headers['content-type'];
  const contentType = mimeType(typeHeader);
  const result: FetchResult = {
    url: ctx.req.url,
    finalUrl: ctx.finalUrl,
    redirects: ctx.redirects,
    status: res.statusCode,
    headers,
    contentType,
    charset: null,
    body: null,
    bytes: 0,
    retryAfterMs: parseRetryAfter(headers['retry-after'], ctx.nowMs),
    notModified: res.statusCode === 304,
  };

  const codings = contentCodings(headers['content-encoding']);
  const wanted = res.statusCode !== 304 && res.statusCode !== 204 && (contentType === '' || isTextMime(contentType));
  if (!wanted || codings === null) {
    await drain(res.body);
    return result;
  }
  const declared = headers['content-length'];
  if (!ctx.req.truncate && declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > ctx.maxBytes) {
    discard(res.body);
    throw new FetchTooLargeError(ctx.req.url, ctx.maxBytes);
  }

  const { bytes, truncated } = await readBody(res.body, codings, ctx.maxBytes, ctx.req.url, ctx.req.truncate ?? false);
  result.bytes = bytes.length;
  if (truncated) result.truncated = true;
  // An untyped body is read to find out whether it is text; binary ones stay null.
  if (bytes.length === 0 || (contentType === '' && looksBinary(bytes))) return result;
  const decoded = decodeBody(bytes, typeHeader);
  result.body = decoded.text;
  result.charset = decoded.charset;
  return result;
}
