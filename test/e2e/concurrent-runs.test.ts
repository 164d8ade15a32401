// Two real processes started at the same moment on one brand-new database, as two overlapping
// cron runs would be: both race through creating the schema, exactly one gets the run lock, the
// other exits at once with code 3 and one line naming the holder, never SQLITE_BUSY. A holder
// killed with SIGKILL is taken over by the next run.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/spawn-cli.js';

const DIST = join(ROOT, 'dist/src');
const ROUNDS = 30;
let dir: string;
let script: string;
/** Every process started, so a failed assertion does not leave one holding a lock. */
const started: ChildProcess[] = [];

/**
 * What `discover` will do around its crawl, reduced to the lock: say `ready` once loaded; the
 * first stdin line is a start time (ms since the epoch) to wait for, so two processes open the
 * new file within a fraction of a millisecond of each other; open the db, take the lock, hold it
 * until the second line, release. Failures print the way the CLI prints them:
 * `linernotes: <one line>` and the error's exit code.
 */
const HOLDER = (dist: string) => `
import { createInterface } from 'node:readline';
import { systemClock } from ${JSON.stringify(pathToFileURL(join(dist, 'clock.js')).href)};
import { LinernotesError, oneLine } from ${JSON.stringify(pathToFileURL(join(dist, 'errors.js')).href)};
import { openDatabase } from ${JSON.stringify(pathToFileURL(join(dist, 'store/db.js')).href)};
import { RunLock } from ${JSON.stringify(pathToFileURL(join(dist, 'store/lock.js')).href)};

const [dbPath, command] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\\n');
const start = Number((await lines.next()).value);
while (Date.now() < start) { /* spin: a timer would wake the two processes milliseconds apart */ }
let db;
try {
  db = openDatabase(dbPath);
  const lock = RunLock.acquire(db, dbPath, command, systemClock, {
    onTakeover: (h) => process.stdout.write(\`took over \${h.pid} \${h.command}\\n\`),
  });
  process.stdout.write('acquired\\n');
  if (!lock.heartbeat()) throw new Error('heartbeat found the lock gone');
  await lines.next();
  lock.release();
  process.stdout.write('released\\n');
} catch (err) {
  process.stderr.write(\`linernotes: \${oneLine(err)}\\n\`);
  process.exitCode = err instanceof LinernotesError ? err.exitCode : 1;
} finally {
  db?.close();
  process.stdin.destroy();
}
`;

/** One holder process and what it has said so far. */
class Holder {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(db: string, command: string) {
    this.child = spawn(process.execPath, [script, db, command], { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
    started.push(this.child);
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves true when `line` is printed, false if the process ends first. */
  said(line: string): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.stdout.split('\n').includes(line)) resolve(true);
      };
      this.child.stdout!.on('data', check);
      check();
      void this.exited.then(() => {
        // 'close' comes after the last data, so the output is complete here.
        resolve(this.stdout.split('\n').includes(line));
      });
    });
  }

  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }
}

/** Fail with what the processes said instead of hanging until the test timeout. */
async function within<T>(ms: number, what: string, p: Promise<T>, hs: Holder[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms; ${hs.map((h) => JSON.stringify({ out: h.stdout, err: h.stderr })).join(' ')}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function integrity(db: string): unknown {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.pragma('integrity_check', { simple: true });
  } finally {
    conn.close();
  }
}

function holderRow(db: string): unknown {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare("SELECT pid, command FROM locks WHERE name = 'crawl'").get() ?? null;
  } finally {
    conn.close();
  }
}

beforeAll(() => {
  if (!existsSync(join(DIST, 'store/lock.js'))) throw new Error('dist/src/store/lock.js is missing: run `npm run build` first (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'ln-concurrent-'));
  script = join(dir, 'hold-lock.mjs');
  writeFileSync(script, HOLDER(DIST));
});

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('two runs on one database', () => {
  it(`exactly one of two simultaneous runs on a new file gets the lock, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const db = join(dir, `race-${round}.db`);
      const pair = [new Holder(db, 'discover'), new Holder(db, 'recrawl')];
      // Both loaded and waiting, then let go at one instant: the race is on creating the file.
      await within(10_000, `round ${round}: start`, Promise.all(pair.map((h) => h.said('ready'))), pair);
      const at = Date.now() + 100;
      for (const h of pair) h.send(String(at));
      const got = await within(10_000, `round ${round}: acquire`, Promise.all(pair.map((h) => h.said('acquired'))), pair);

      expect(got.filter(Boolean), `round ${round}: winners`).toHaveLength(1);
      const winner = pair[got.indexOf(true)]!;
      const loser = pair[got.indexOf(false)]!;
      // Exit 1 with "database is locked" here means opening the new file lost the race before
      // the lock was ever asked (SQLite runs no busy handler for PRAGMA journal_mode = WAL).
      expect((await loser.exited).code, `round ${round}: ${loser.stderr}`).toBe(3);
      const stderr = loser.stderr;
      expect(stderr).not.toMatch(/SQLITE_BUSY|database is locked/i);
      expect(stderr).toMatch(/^linernotes: \S+ is in use by `linernotes (discover|recrawl)` \(pid \d+ on .+, running since \d{4}-\d\d-\d\dT[\d:.]+Z\); try again when it has finished\n$/);
      expect(stderr).toContain(`\`linernotes ${winner === pair[0] ? 'discover' : 'recrawl'}\` (pid ${winner.child.pid} on ${hostname()},`);
      expect(winner.stdout).not.toContain('took over');

      winner.send('release');
      const end = await within(10_000, `round ${round}: release`, winner.exited, pair);
      expect(end.code, winner.stderr).toBe(0);
      expect(winner.stderr).toBe('');
      expect(holderRow(db)).toBeNull();
      expect(integrity(db)).toBe('ok');
    }
  }, 60_000);

  it('a holder killed with SIGKILL is taken over by the next run', async () => {
    const db = join(dir, 'killed.db');
    const doomed = new Holder(db, 'discover');
    await within(10_000, 'start', doomed.said('ready'), [doomed]);
    doomed.send('0');
    expect(await within(10_000, 'acquire', doomed.said('acquired'), [doomed])).toBe(true);
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect(holderRow(db)).toEqual({ pid: doomed.child.pid, command: 'discover' });

    const next = new Holder(db, 'recrawl');
    await within(10_000, 'restart', next.said('ready'), [next]);
    next.send('0');
    expect(await within(10_000, 'take over', next.said('acquired'), [next]), next.stderr).toBe(true);
    expect(next.stdout).toContain(`took over ${doomed.child.pid} discover\n`);
    expect(holderRow(db)).toEqual({ pid: next.child.pid, command: 'recrawl' });
    next.send('release');
    expect((await next.exited).code).toBe(0);
    expect(holderRow(db)).toBeNull();
    expect(integrity(db)).toBe('ok');
  }, 30_000);
});
