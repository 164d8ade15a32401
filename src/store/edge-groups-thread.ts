// The thread that reads `GraphStore.edgeGroups` of a SQLite file while the main thread reads
// the texts (graph.ts `edgeGroupsAhead`): its own read-only connection, the groups as typed
// arrays handed back without a copy, and a flag the main thread waits on.
import { workerData, type MessagePort } from 'node:worker_threads';
import { openDatabase } from './db.js';
import { GraphStore } from './graph.js';

/** What the main thread gives the thread. */
export interface EdgeGroupsJob {
  path: string;
  types: string[];
  dropFeedItemsOfPages: boolean;
  /** Where the answer goes ({ groups } or { error }). */
  port: MessagePort;
  /** Int32 0 until the answer is on the port, then 1. */
  done: SharedArrayBuffer;
}

const job = workerData as EdgeGroupsJob;
const flag = new Int32Array(job.done);
try {
  const db = openDatabase(job.path, { readonly: true });
  try {
    const g = new GraphStore(db).edgeGroups(job.types, job.dropFeedItemsOfPages);
    // The columns' own buffers (edgeGroups copies them out exactly), moved rather than copied.
    job.port.postMessage({ groups: g }, [g.from.buffer, g.to.buffer, g.type.buffer, g.count.buffer] as ArrayBuffer[]);
  } finally {
    db.close();
  }
} catch (err) {
  job.port.postMessage({ error: String((err as Error)?.message ?? err) });
}
job.port.close();
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
