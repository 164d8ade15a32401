// One object that holds every table group of an open database, so commands take one thing.
import type { Db } from './db.js';
import { DocumentStore } from './documents.js';
import { FrontierStore } from './frontier.js';
import { GraphStore } from './graph.js';
import { KnownStore } from './known.js';
import { MarkStore } from './marks.js';
import { OutcomeStore } from './outcomes.js';
import { ReplayStore } from './replay.js';
import { RobotsStore } from './robots-store.js';
import { RunStore } from './runs.js';
import { ScoreStore } from './scores.js';
import { ServerFactStore } from './server-facts.js';
import { SeedStore } from './seeds.js';

/** The table groups of one open database. */
export interface Store {
  db: Db;
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
  /** Run `fn` in one IMMEDIATE transaction (write lock taken up front, so no SQLITE_BUSY mid-way). */
  tx<T>(fn: () => T): T;
  close(): void;
}

/** Wrap an open database. */
export function createStore(db: Db): Store {
  // One transaction function for every call: better-sqlite3 builds a wrapper per `transaction()`.
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  return {
    db,
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
    tx: <T>(fn: () => T): T => inTransaction.immediate(fn) as T,
    close: () => db.close(),
  };
}
