// Reading the edge groups on a second thread while the caller does other work (ranking reads
// the texts meanwhile): only for a SQLite file, whose other connection sees the same committed
// data, and only for graphs big enough to repay starting a thread. Everything else reads them
// when asked, on the calling thread.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { sqliteFileOf, type Db } from './db.js';
import type { EdgeGroups } from './graph.js';
import type { EdgeGroupsJob } from './edge-groups-thread.js';

/** Below this many stored edges the thread costs more (about 40 ms to start) than it saves. */
export const AHEAD_MIN_EDGES = 200_000;
/** How long to wait for the thread before reading on this one instead (it died, or is stuck). */
const AHEAD_WAIT_MS = 5 * 60_000;

/** edge-groups-thread.js beside this module; from the TypeScript sources (vitest), the built one. */
function entry(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/src/store/edge-groups-thread.js', here) : new URL('./edge-groups-thread.js', here);
}

/**
 * Start reading `read()`'s groups now; the function returned waits for them. `edges`: how many
 * edges are stored (an upper bound is enough). A thread that fails or does not answer in
 * AHEAD_WAIT_MS is not trusted: the groups are then read here, so the answer is always the same.
 */
export function edgeGroupsAhead(db: Db, edges: number, types: readonly string[], dropFeedItemsOfPages: boolean, read: () => EdgeGroups): () => EdgeGroups {
  const path = edges >= AHEAD_MIN_EDGES ? sqliteFileOf(db) : null;
  if (path === null) return read;
  let worker: Worker;
  const { port1, port2 } = new MessageChannel();
  const done = new SharedArrayBuffer(4);
  try {
    const job: EdgeGroupsJob = { path, types: [...types], dropFeedItemsOfPages, port: port2, done };
    worker = new Worker(entry(), { workerData: job, transferList: [port2] });
  } catch {
    port1.close();
    return read;
  }
  worker.unref();
  // An error event must have a listener, or it would end the process; the answer says it.
  worker.on('error', () => {});
  return () => {
    const answered = Atomics.wait(new Int32Array(done), 0, 0, AHEAD_WAIT_MS) !== 'timed-out';
    const message = answered ? (receiveMessageOnPort(port1)?.message as { groups?: EdgeGroups } | undefined) : undefined;
    port1.close();
    void worker.terminate();
    return message?.groups ?? read();
  };
}
