// The code of the thread that owns the `pg` connection, as text: it runs as an `eval` worker so
// it loads the same way from src/ under vitest and from dist/ when installed. It answers one
// request at a time on the port it is given, then wakes the waiting main thread (pg/bridge.ts).
// Plain CommonJS on purpose: nothing here is compiled.

/** The worker's program. `workerData` carries { pgPath, port, flag, config }. */
export const WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const { port, flag } = workerData;
const state = new Int32Array(flag);

// Integers come back as JS numbers, as better-sqlite3 gives them: ids and epoch-ms timestamps
// are far below 2^53. bigint (count(*), columns) and numeric (sum()) would otherwise be strings.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

let client = null;
let broken = null;

function reply(message) {
  port.postMessage(message);
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
}

function failure(err) {
  const e = err || {};
  return { error: { message: String(e.message || e), code: e.code === undefined ? undefined : String(e.code), detail: e.detail, constraint: e.constraint } };
}

function toBuffers(values) {
  return values.map((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v));
}

async function handle(m) {
  if (m.op === 'connect') {
    client = new pg.Client(m.config);
    client.on('error', (err) => { broken = err; });
    await client.connect();
    for (const sql of m.setup) await client.query(sql);
    return { ok: true };
  }
  if (m.op === 'close') {
    const c = client;
    client = null;
    if (c) await c.end();
    return { ok: true };
  }
  if (broken) throw new Error('the connection to PostgreSQL was lost (' + (broken.message || broken) + ')');
  if (!client) throw new Error('the connection is closed');
  const config = { text: m.sql, values: toBuffers(m.params || []) };
  if (m.name) config.name = m.name;
  if (m.rowMode) config.rowMode = m.rowMode;
  let r;
  try {
    if (m.pre) await client.query(m.pre);
    r = await client.query(config);
  } catch (err) {
    // The server may drop the connection before pg has told us (its 'error' event): the
    // query's own write then fails with the socket's code (EPIPE, ECONNRESET). That is the
    // same lost connection, said the same way, and the connection is not used again.
    if (err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) {
      broken = err;
      throw new Error('the connection to PostgreSQL was lost (' + (err.message || err) + ')');
    }
    throw err;
  }
  const results = Array.isArray(r) ? r : [r];
  const last = results[results.length - 1];
  // sets: the rows of each of the last n statements of a multi-statement text (PgDb.allTogether).
  const sets = m.sets ? results.slice(-m.sets).map((x) => x.rows || []) : undefined;
  return { rows: last.rows || [], rowCount: last.rowCount || 0, sets };
}

process.on('uncaughtException', (err) => reply(failure(err)));
process.on('unhandledRejection', (err) => reply(failure(err)));
port.on('message', (m) => {
  handle(m).then(reply, (err) => reply(failure(err)));
});
`;
