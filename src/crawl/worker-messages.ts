// What the main thread and the fetch thread (fetch-worker.ts) say to each other, in plain data
// that structured clone carries, and the fetch errors turned into data and back again with
// their class, code, message and fields, so code on the main thread cannot tell a worker's
// failure from an in-process one.
import {
  FetchBlockedError, FetchError, FetchNetworkError, FetchRedirectError, FetchTimeoutError, FetchTooLargeError,
} from '../errors.js';
import type { FetcherOptions, FetchRequest, FetchResult } from './fetch-types.js';
import type { DispatcherOptions } from './http-dispatcher.js';
import type { GuardOptions } from './network-guard.js';

/** How the fetch thread builds its pool and fetcher: options only, nothing that cannot be cloned. */
export interface FetchWorkerData {
  env: Record<string, string | undefined>;
  dispatcher: Omit<DispatcherOptions, 'guard'> & { guard?: Omit<GuardOptions, 'resolve'> };
  fetcher: FetcherOptions;
}

/** Main thread to fetch thread. */
export type ToWorker =
  | { type: 'fetch'; id: number; req: Omit<FetchRequest, 'signal'>; abortable: boolean }
  | { type: 'abort'; id: number }
  | { type: 'close' };

/** Fetch thread to main thread. */
export type ToMain =
  | { type: 'done'; id: number; result: FetchResult }
  | { type: 'fail'; id: number; error: ErrorData }
  | { type: 'closed' };

/** An error as data. */
export interface ErrorData {
  name: string;
  message: string;
  /** Set for FetchError and its subclasses. */
  fetch?: { code: string; url: string; retryable: boolean; blocked?: string; reason?: string; hop?: string };
}

/** Any thrown value as data. */
export function errorToData(err: unknown): ErrorData {
  const name = err instanceof Error ? err.name : 'Error';
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof FetchError)) return { name, message };
  const fetch: ErrorData['fetch'] = { code: err.code, url: err.url, retryable: err.retryable };
  if (err instanceof FetchBlockedError) Object.assign(fetch, { blocked: err.blocked, reason: err.reason, hop: err.hop });
  return { name, message, fetch };
}

/** The error `data` stands for: the same class (FetchError family), code, fields and message. */
export function dataToError(data: ErrorData): Error {
  const f = data.fetch;
  if (!f) return Object.assign(new Error(data.message), { name: data.name });
  let err: FetchError;
  switch (f.code) {
    case 'LN_FETCH_BLOCKED':
      err = new FetchBlockedError(f.url, f.reason ?? data.message, f.blocked ?? '', f.hop);
      break;
    case 'LN_FETCH_TIMEOUT':
      err = new FetchTimeoutError(f.url, '');
      break;
    case 'LN_FETCH_NETWORK':
      err = new FetchNetworkError(f.url, '');
      break;
    case 'LN_FETCH_TOO_LARGE':
      err = new FetchTooLargeError(f.url, 0);
      break;
    case 'LN_FETCH_REDIRECT':
      err = new FetchRedirectError(f.url, '');
      break;
    default:
      err = new FetchError(data.message, { code: f.code, url: f.url, retryable: f.retryable });
  }
  err.message = data.message;
  return err;
}
