// One object that holds every table group of an open database, so commands take one thing. The
// connection itself stays inside src/store: commands, sources and ranking ask store methods.
import { hostname } from 'node:os';
import type { Clock } from '../clock.js';
import type { Db } from './db.js';
import { DocumentStore } from './documents.js';
import { FrontierStore } from './frontier.js';
import { GraphStore } from './graph.js';
import { KnownStore } from './known.js';
import { RunLock, type LockHolder, type LockOptions } from './lock.js';
import { MarkStore } from './marks.js';
import { OutcomeStore } from './outcomes.js';
import { PgDb } from './pg/pg-db.js';
import { WorkQueue } from './pg/work-queue.js';
import { ReplayStore } from './replay.js';
import { RobotsStore } from './robots-store.js';
import { RunStore } from './runs.js';
import { ScoreStore } from './scores.js';
import { ServerFactStore } from './server-facts.js';
import { SeedStore } from './seeds.js';
import { VetoStore } from './vetoes.js';
import { readTogether, type Read } from './statements.js';

/** A held run lock: refresh it while crawling, release it in a `finally`. */
export interface HeldLock {
  /** Refresh the holder's heartbeat; false when the lock is no longer ours. */
  heartbeat(): boolean;
  /** Let go of the lock. Safe to call twice. */
  release(): void;
}

/** The table groups of one open database. */
export interface Store {
  runs: RunStore;
  seeds: SeedStore;
  graph: GraphStore;
  frontier: FrontierStore;
  /** How the run's rows ended (failures, skips), for people. */
  outcomes: OutcomeStore;
  documents: DocumentStore;
  scores: ScoreStore;
  marks: MarkStore;
  known: KnownStore;
  robots: RobotsStore;
  serverFacts: ServerFactStore;
  /** Earlier runs' pages and post links, read back by recrawls. */
  replay: ReplayStore;
  /** Pairs of identities the user split apart (`linernotes unmerge`). */
  vetoes: VetoStore;
  /**
   * Claims, leases and host rows for several worker processes crawling one run: PostgreSQL
   * only (null for a SQLite file, which one process crawls under the run lock).
   */
  workQueue: WorkQueue | null;
  /**
   * Take the crawl lock for `command` (LockedError naming the holder when it is alive).
   * `dbPath` is the --db value, for the messages.
   */
  acquireLock(dbPath: string, command: string, clock: Clock, opts?: LockOptions & { onTakeover?: (h: LockHolder) => void }): HeldLock;
  /** Who holds the crawl lock now, if anyone. */
  lockHolder(): LockHolder | null;
  /** Run `fn` in one IMMEDIATE transaction (write lock taken up front, so no SQLITE_BUSY mid-way). */
  tx<T>(fn: () => T): T;
  /** Several modules' reads (their `…Read` methods) at once: on PostgreSQL one round trip. */
  together<T extends unknown[]>(...reads: { [K in keyof T]: Read<T[K]> }): T;
  close(): void;
}

/** The connection under each store, for src/store and the store's own tests only. */
const connections = new WeakMap<Store, Db>();

/** The connection of `store`: only src/store modules and store tests reach below the methods. */
export function dbOf(store: Store): Db {
  const db = connections.get(store);
  if (!db) throw new Error('not a store made by createStore');
  return db;
}

/** Wrap an open database. */
export function createStore(db: Db): Store {
  // One transaction function for every call: better-sqlite3 builds a wrapper per `transaction()`.
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  const store: Store = {
    runs: new RunStore(db),
    seeds: new SeedStore(db),
    graph: new GraphStore(db),
    frontier: new FrontierStore(db),
    outcomes: new OutcomeStore(db),
    documents: new DocumentStore(db),
    scores: new ScoreStore(db),
    marks: new MarkStore(db),
    known: new KnownStore(db),
    robots: new RobotsStore(db),
    serverFacts: new ServerFactStore(db),
    replay: new ReplayStore(db),
    vetoes: new VetoStore(db),
    workQueue: db instanceof PgDb ? new WorkQueue(db, `${hostname()}:${process.pid}`) : null,
    acquireLock: (dbPath, command, clock, opts) => RunLock.acquire(db, dbPath, command, clock, opts),
    lockHolder: () => RunLock.holder(db),
    tx: <T>(fn: () => T): T => inTransaction.immediate(fn) as T,
    together: <T extends unknown[]>(...reads: { [K in keyof T]: Read<T[K]> }): T => readTogether<T>(db, ...reads),
    close: () => db.close(),
  };
  connections.set(store, db);
  return store;
}
