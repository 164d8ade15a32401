// The fetch thread that worker-fetcher.ts starts: the run's undici pool and network guard
// (http-dispatcher.ts), the fetcher (redirects, decompression, charset decoding) and, when a
// request asks for it, the web source's readers (sources/web-read.ts), all on this thread. It
// takes requests and aborts from the main thread and answers each with a result or an error
// in plain data (worker-messages.ts); politeness stays on the main thread, which decides when a
// request is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { readAhead } from '../sources/web-read.js';
import { createFetcher } from './fetcher.js';
import { createDispatcher } from './http-dispatcher.js';
import { errorToData, type FetchWorkerData, type ToMain, type ToWorker } from './worker-messages.js';

const port = parentPort!;
const { env, dispatcher, fetcher: fetcherOptions } = workerData as FetchWorkerData;
const fetcher = createFetcher(createDispatcher(env, dispatcher), fetcherOptions);
const aborts = new Map<number, AbortController>();

const send = (msg: ToMain): void => port.postMessage(msg);

async function fetchOne({ id, req, abortable }: Extract<ToWorker, { type: 'fetch' }>): Promise<void> {
  // Only a request the caller can abort gets a signal: the fetcher joins it with its deadline
  // (AbortSignal.any), which costs every request that carries one.
  const abort = abortable ? new AbortController() : null;
  if (abort) aborts.set(id, abort);
  try {
    const result = await fetcher.fetch(abort ? { ...req, signal: abort.signal } : req);
    if (req.read === 'web') result.read = readAhead(result);
    send({ type: 'done', id, result });
  } catch (err) {
    send({ type: 'fail', id, error: errorToData(err) });
  } finally {
    aborts.delete(id);
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'fetch') void fetchOne(msg);
  else if (msg.type === 'abort') aborts.get(msg.id)?.abort(new Error('aborted by the crawler'));
  else if (msg.type === 'close') {
    void fetcher.close().then(() => {
      send({ type: 'closed' });
      port.close();
    });
  }
});
