// Translating whatever a request threw (undici errors, Node socket errors, zlib failures) into
// linernotes' FetchError family, so no undici class escapes the fetcher and the crawler can
// decide on retries from `retryable` alone.

import { FetchBlockedError, FetchError, FetchNetworkError, FetchTimeoutError } from '../errors.js';
import { BlockedDestinationError } from './network-guard.js';
import { ContentDecodingError } from './read-body.js';

/** What the fetcher knows about an abort when it maps an error. */
export interface AbortState {
  /** The whole-request deadline fired. */
  deadlineExpired: boolean;
  /** The caller's own signal, if any. */
  callerSignal?: AbortSignal;
}

/** Remove control characters so a hostile value cannot drive the terminal via an error message. */
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

const TIMEOUT_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'headers',
  UND_ERR_BODY_TIMEOUT: 'body',
  ETIMEDOUT: 'connect',
};

// Failures that say the request itself is malformed; retrying cannot help.
const NOT_RETRYABLE = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_URL']);

/** Walk `cause` links for the first error carrying a `code` (Node wraps socket errors). */
function codeOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

/** The guard's refusal, wherever undici put it in the cause chain. */
function blockedIn(err: unknown): BlockedDestinationError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof BlockedDestinationError) return e;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return stripControl(err instanceof Error ? err.message : String(err)).slice(0, 200);
}

/**
 * Map any error from a request to a FetchError. A caller's abort is re-thrown as the caller's
 * own `signal.reason` (it is not a failure of the fetch); our deadline becomes a timeout.
 */
export function toFetchError(err: unknown, url: string, abort: AbortState): unknown {
  if (err instanceof FetchError) return err;
  if (abort.deadlineExpired) return new FetchTimeoutError(url, 'total', err);
  if (abort.callerSignal?.aborted) return abort.callerSignal.reason;
  const blocked = blockedIn(err);
  if (blocked) return new FetchBlockedError(url, blocked.message, blocked.destination.address);
  if (err instanceof ContentDecodingError) return new FetchNetworkError(url, err.message, err);

  const code = codeOf(err);
  const timeout = code === undefined ? undefined : TIMEOUT_CODES[code];
  if (timeout) return new FetchTimeoutError(url, timeout, err);
  if (code !== undefined && NOT_RETRYABLE.has(code)) {
    return new FetchError(`${url}: request failed (${messageOf(err)})`, {
      code: 'LN_FETCH_INVALID',
      url,
      retryable: false,
      cause: err,
    });
  }
  // Refused, reset, DNS, TLS, a proxy refusing CONNECT (undici reports that as an abort).
  const message = messageOf(err);
  const showCode = code !== undefined && !/^(UND_ERR|LN_)/.test(code) && !message.includes(code);
  const detail = showCode ? `${code}: ${message}` : message;
  return new FetchNetworkError(url, detail || code || 'unknown failure', err);
}
