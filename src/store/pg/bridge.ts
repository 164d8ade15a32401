// A synchronous PostgreSQL connection. The code base calls its store synchronously (that is how
// better-sqlite3 works), so a worker thread owns the `pg` client and the calling thread blocks
// on Atomics.wait until the worker has posted the answer. Every wait has a deadline: a server
// that does not answer is an error naming the database, never a hang.
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { LinernotesError } from '../../errors.js';
import { WORKER_SOURCE } from './worker-source.js';

/** How the bridge connects and how long it waits. */
export interface BridgeOptions {
  /** The connection string (postgres://user:password@host:port/db or ?host=/socket/dir). */
  url: string;
  /** Name for messages: the URL without its password. */
  name: string;
  /** Longest wait for the server to accept the connection, in ms. @default 10_000 */
  connectTimeoutMs?: number;
  /** Longest wait for one statement's answer, in ms; then the connection is dropped. @default 600_000 */
  queryTimeoutMs?: number;
  /** Statements run once after connecting (session settings). @default [] */
  setup?: string[];
}

/** What the worker answers. */
interface Answer {
  ok?: boolean;
  rows?: unknown[];
  rowCount?: number;
  sets?: unknown[][];
  error?: { message: string; code?: string; detail?: string; constraint?: string };
}

/** How to send a query: a named (prepared) statement, rows as arrays, a text to run first. */
export interface QueryOptions {
  name?: string;
  rowMode?: 'array';
  pre?: string;
  /** A text of several statements: also return the rows of each of its last `sets`. */
  sets?: number;
}

/** A query's rows (of its last statement), how many it touched, and `sets` if asked. */
export interface QueryAnswer {
  rows: unknown[];
  rowCount: number;
  sets?: unknown[][];
}

/** An error PostgreSQL (or the connection) reported, with its SQLSTATE as `code`. */
export class PgError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly detail?: string) {
    super(message);
    this.name = 'PgError';
  }
}

/** One synchronous connection to PostgreSQL. */
export class PgBridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private readonly queryTimeoutMs: number;
  private dead: string | null = null;
  readonly name: string;

  constructor(opts: BridgeOptions) {
    this.name = opts.name;
    this.queryTimeoutMs = opts.queryTimeoutMs ?? 600_000;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const pgPath = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pgPath, port: port2, flag: this.state.buffer },
      transferList: [port2],
    });
    // Neither keeps the process alive: a command that ends without close() still exits.
    this.worker.unref();
    this.port.unref();
    const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    const config = {
      connectionString: opts.url,
      connectionTimeoutMillis: connectTimeoutMs,
      application_name: 'linernotes',
    };
    try {
      this.call({ op: 'connect', config, setup: opts.setup ?? [] }, connectTimeoutMs + 2_000, 'connecting');
    } catch (err) {
      this.kill();
      throw err;
    }
  }

  /**
   * Run one statement (or, without params, several) and return its rows. `pre`: statements
   * without parameters run first, in the same round trip; if one fails, `sql` does not run and
   * that error is thrown.
   */
  query(sql: string, params: unknown[] = [], opts: QueryOptions = {}): QueryAnswer {
    const a = this.call({ op: 'query', sql, params, name: opts.name, rowMode: opts.rowMode, pre: opts.pre, sets: opts.sets }, this.queryTimeoutMs, sql);
    const answer: QueryAnswer = { rows: (a.rows ?? []).map(asBuffers), rowCount: a.rowCount ?? 0 };
    if (a.sets) answer.sets = a.sets.map((rows) => rows.map(asBuffers));
    return answer;
  }

  /** End the connection (waiting briefly for the server to say goodbye) and the worker. */
  close(): void {
    if (this.dead === null) {
      try {
        this.call({ op: 'close' }, 5_000, 'closing');
      } catch {
        /* the thread is ended below either way */
      }
    }
    this.kill();
  }

  get closed(): boolean {
    return this.dead !== null;
  }

  private kill(): void {
    this.dead ??= 'closed';
    this.port.close();
    void this.worker.terminate();
  }

  private call(message: Record<string, unknown>, timeoutMs: number, what: string): Answer {
    if (this.dead !== null) throw new LinernotesError(`${this.name}: the PostgreSQL connection is ${this.dead}`, { code: 'LN_PG_CLOSED' });
    Atomics.store(this.state, 0, 0);
    this.port.postMessage(message);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.dead = 'broken (a statement timed out)';
        this.kill();
        throw new LinernotesError(
          `${this.name}: PostgreSQL did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} while ${what === 'connecting' || what === 'closing' ? what : `running ${abbreviate(what)}`}; check that the server is up and not locked by another session`,
          { code: 'LN_PG_TIMEOUT' },
        );
      }
      Atomics.wait(this.state, 0, 0, Math.min(left, 1_000));
      const got = receiveMessageOnPort(this.port);
      if (got) {
        const answer = got.message as Answer;
        if (answer.error) throw new PgError(answer.error.message, answer.error.code, answer.error.detail);
        return answer;
      }
    }
  }
}

/** Structured cloning turns Buffers into plain Uint8Arrays; give rows Buffers back, as better-sqlite3 does. */
function asBuffers(row: unknown): unknown {
  if (row === null || typeof row !== 'object') return row;
  const r = row as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    const v = r[k];
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) r[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  return row;
}

function abbreviate(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `\`${one.slice(0, 57)}...\`` : `\`${one}\``;
}
