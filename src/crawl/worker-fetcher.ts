// A Fetcher whose requests run on a worker thread (fetch-worker.ts): the undici pool, the
// network guard, decompression, charset decoding and, for requests that ask (`read: 'web'`),
// parsing the page or feed. The main thread keeps politeness (it decides when each request is
// sent), the commit order and the store, and spends its time on those. A thread that dies takes
// only its requests in flight with it, each rejected with FetchWorkerError (the page is
// recorded as skipped); the next request starts a new thread.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { FetchError } from '../errors.js';
import type { Fetcher, FetchRequest, FetchResult } from './fetch-types.js';
import { parseRetryAfter } from './response-headers.js';
import { dataToError, type FetchWorkerData, type ToMain, type ToWorker } from './worker-messages.js';

/** The fetch thread died (out of memory on a hostile page, a crash) while the request was out. */
export class FetchWorkerError extends FetchError {
  constructor(url: string, detail: string) {
    super(`${url}: the fetch thread stopped (${detail})`, { code: 'LN_FETCH_WORKER', url, retryable: false });
  }
}

/** Options for {@link createWorkerFetcher}. */
export interface WorkerFetcherOptions extends FetchWorkerData {
  /** Clock for Retry-After HTTP-dates (the thread's own clock is not the run's). @default Date.now */
  now?: () => number;
  /** The thread's script. @default fetch-worker.js beside this module */
  entry?: URL;
  /** Heap limits of the thread: a page that needs more costs itself, not the run. @default { maxOldGenerationSizeMb: 1024 } */
  resourceLimits?: ResourceLimits;
}

/**
 * fetch-worker.js beside this module. Run from the TypeScript sources (vitest), a thread cannot
 * load .ts, so the built one in dist/ is used (the test script builds first).
 */
function defaultEntry(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/src/crawl/fetch-worker.js', here) : new URL('./fetch-worker.js', here);
}

interface Pending {
  url: string;
  resolve(res: FetchResult): void;
  reject(err: unknown): void;
  cleanup(): void;
}

/** A Fetcher on its own thread; the thread starts on the first request. */
export function createWorkerFetcher(opts: WorkerFetcherOptions): Fetcher {
  const now = opts.now ?? (() => Date.now());
  const entry = opts.entry ?? defaultEntry();
  const data: FetchWorkerData = { env: opts.env, dispatcher: opts.dispatcher, fetcher: opts.fetcher };
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let nextId = 1;
  let closing: Promise<void> | null = null;

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined; // aborted by the caller meanwhile
    pending.delete(id);
    p.cleanup();
    // An idle thread must not keep the process alive; one with requests out must.
    if (pending.size === 0) worker?.unref();
    return p;
  };

  const start = (): Worker => {
    const w = new Worker(entry, { workerData: data, resourceLimits: opts.resourceLimits ?? { maxOldGenerationSizeMb: 1024 } });
    let reason: string | null = null;
    w.on('message', (msg: ToMain) => {
      if (msg.type === 'done') {
        const result = msg.result;
        result.retryAfterMs = parseRetryAfter(result.headers['retry-after'], now());
        settle(msg.id)?.resolve(result);
      } else if (msg.type === 'fail') {
        settle(msg.id)?.reject(dataToError(msg.error));
      } else if (msg.type === 'closed') {
        void w.terminate();
      }
    });
    w.on('error', (err) => {
      reason = err.message.replace(/\s+/g, ' ').slice(0, 200);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      for (const id of [...pending.keys()]) {
        const p = settle(id)!;
        p.reject(new FetchWorkerError(p.url, reason ?? `exited with code ${code}`));
      }
    });
    return w;
  };

  const post = (msg: ToWorker): void => worker?.postMessage(msg);

  return {
    fetch(req: FetchRequest): Promise<FetchResult> {
      if (closing) {
        return Promise.reject(new FetchError(`${req.url}: fetcher is closed`, { code: 'LN_FETCH_CLOSED', url: req.url, retryable: false }));
      }
      const signal = req.signal;
      if (signal?.aborted) return Promise.reject(signal.reason);
      worker ??= start();
      worker.ref();
      const id = nextId++;
      return new Promise<FetchResult>((resolve, reject) => {
        // The caller's abort settles at once (as the in-process fetcher's does); the thread is
        // told to drop the request and its late answer is ignored.
        const onAbort = (): void => {
          if (!settle(id)) return;
          post({ type: 'abort', id });
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.set(id, { url: req.url, resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) });
        const { signal: _signal, ...plain } = req;
        post({ type: 'fetch', id, req: plain, abortable: signal !== undefined });
      });
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        const w = worker;
        if (!w) return resolve();
        w.ref();
        w.once('exit', () => resolve());
        w.postMessage({ type: 'close' } satisfies ToWorker);
      });
      return closing;
    },
  };
}
