// The run lock between two connections to one file, as two processes would hold them: who wins,
// what the loser is told, and when a holder that went away is taken over.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { ExitCode, LockedError } from '../../src/errors.js';
import type { Db } from '../../src/store/db.js';
import { beginWrite, ENGINES, openDb } from '../helpers/temp-stores.js';
import { freshPgDatabase } from '../helpers/pg-databases.js';
import { pidIsAlive, RunLock, type LockHolder, type LockOptions } from '../../src/store/lock.js';

const MIN = 60_000;
let dir: string;
let path: string;
let a: Db;
let b: Db;
let clock: ManualClock;
const alive = new Set<number>();
const isAlive = (pid: number) => alive.has(pid);

/** Options for "process" `pid` on `hostname`; liveness comes from the `alive` set. */
const as = (pid: number, hostname = 'here', extra: Partial<LockOptions> = {}): LockOptions => ({ pid, hostname, isAlive, ...extra });

function expectLocked(fn: () => unknown): LockedError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LockedError);
    return err as LockedError;
  }
  return expect.fail('expected a LockedError');
}

describe.each(ENGINES)('RunLock on %s', (engine) => {
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ln-lock-'));
  path = engine === 'sqlite' ? join(dir, 'niche.db') : freshPgDatabase('lock');
  a = openDb(engine, path);
  b = openDb(engine, path);
  clock = new ManualClock();
  alive.clear();
  alive.add(1001).add(1002);
});

afterEach(() => {
  a.close();
  b.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RunLock', () => {
  it('lets one connection in and tells the second who has it, in one line, with exit code 3', () => {
    const lock = RunLock.acquire(a, path, 'discover', clock, as(1001));
    expect(RunLock.holder(b)).toEqual({ pid: 1001, host: 'here', command: 'discover', startedAt: clock.now(), heartbeatAt: clock.now() });

    clock.advance(5 * MIN);
    const err = expectLocked(() => RunLock.acquire(b, path, 'recrawl', clock, as(1002)));
    expect(err.exitCode).toBe(ExitCode.locked);
    expect(err.code).toBe('LN_LOCKED');
    expect(err.message).toBe(
      `${path} is in use by \`linernotes discover\` (pid 1001 on here, running since 2026-01-01T00:00:00.000Z); try again when it has finished`,
    );
    expect(err.message).not.toMatch(/\n/);
    // The refusal changed nothing.
    expect(RunLock.holder(a)?.pid).toBe(1001);
    lock.release();
  });

  it('is free again once released, and releasing twice is harmless', () => {
    const first = RunLock.acquire(a, path, 'discover', clock, as(1001));
    first.release();
    first.release();
    expect(RunLock.holder(b)).toBeNull();
    const second = RunLock.acquire(b, path, 'recrawl', clock, as(1002));
    expect(RunLock.holder(a)?.command).toBe('recrawl');
    first.release(); // the old handle must not free the new holder
    expect(RunLock.holder(a)?.pid).toBe(1002);
    second.release();
    expect(RunLock.holder(a)).toBeNull();
  });

  it('takes over from a dead process on the same host and says so', () => {
    RunLock.acquire(a, path, 'discover', clock, as(1001));
    alive.delete(1001); // kill -9
    clock.advance(MIN);
    const told: LockHolder[] = [];
    const lock = RunLock.acquire(b, path, 'recrawl', clock, { ...as(1002), onTakeover: (h) => told.push(h) });
    expect(told).toEqual([{ pid: 1001, host: 'here', command: 'discover', startedAt: clock.now() - MIN, heartbeatAt: clock.now() - MIN }]);
    expect(RunLock.holder(a)).toMatchObject({ pid: 1002, command: 'recrawl', startedAt: clock.now() });
    lock.release();
  });

  it('takes over from a row whose pid is now ours but was left by an earlier process', () => {
    // After a reboot the OS can hand a dead holder's pid to the next run: that row is not ours.
    a.prepare("INSERT INTO locks (name, pid, host, command, started_at, heartbeat_at) VALUES ('crawl', 1001, 'here', 'discover', 1, 1)").run();
    const told: LockHolder[] = [];
    const lock = RunLock.acquire(b, path, 'recrawl', clock, { ...as(1001), onTakeover: (h) => told.push(h) });
    expect(told.map((h) => h.startedAt)).toEqual([1]);
    expect(RunLock.holder(a)).toMatchObject({ pid: 1001, command: 'recrawl', startedAt: clock.now() });
    lock.release();
    expect(RunLock.holder(a)).toBeNull();
  });

  it('takes over from another host once its heartbeat is older than staleAfterMs', () => {
    RunLock.acquire(a, path, 'discover', clock, as(1001, 'nas'));
    // A pid on another machine says nothing here: liveness must not be asked.
    const asked: number[] = [];
    const opts = { ...as(1002, 'here'), isAlive: (pid: number) => (asked.push(pid), true) };
    clock.advance(10 * MIN); // exactly the limit: not older than it yet
    expectLocked(() => RunLock.acquire(b, path, 'recrawl', clock, opts));
    clock.advance(1);
    const told: LockHolder[] = [];
    RunLock.acquire(b, path, 'recrawl', clock, { ...opts, onTakeover: (h) => told.push(h) }).release();
    expect(told.map((h) => h.host)).toEqual(['nas']);
    expect(asked).toEqual([]);
  });

  it('does not take over from another host that keeps beating, and honours staleAfterMs', () => {
    const remote = RunLock.acquire(a, path, 'discover', clock, as(1001, 'nas'));
    clock.advance(9 * MIN);
    expect(remote.heartbeat()).toBe(true);
    clock.advance(9 * MIN); // 18 min since start, 9 since the beat
    const err = expectLocked(() => RunLock.acquire(b, path, 'recrawl', clock, as(1002, 'here')));
    expect(err.message).toContain('(pid 1001 on nas, running since 2026-01-01T00:00:00.000Z)');
    expect(RunLock.holder(b)?.heartbeatAt).toBe(clock.now() - 9 * MIN);
    // A shorter limit makes the same heartbeat stale.
    RunLock.acquire(b, path, 'recrawl', clock, as(1002, 'here', { staleAfterMs: 5 * MIN })).release();
  });

  it('never takes over from a live process on the same host, however old its heartbeat', () => {
    RunLock.acquire(a, path, 'discover', clock, as(1001));
    clock.advance(24 * 60 * MIN);
    expectLocked(() => RunLock.acquire(b, path, 'recrawl', clock, as(1002)));
  });

  it('is re-entrant for the same pid: the inner hold leaves the row to the outer one', () => {
    const outer = RunLock.acquire(a, path, 'recrawl', clock, as(1001));
    clock.advance(MIN);
    const told: LockHolder[] = [];
    const inner = RunLock.acquire(b, path, 'discover', clock, { ...as(1001), onTakeover: (h) => told.push(h) });
    expect(told).toEqual([]);
    expect(RunLock.holder(a)).toMatchObject({ pid: 1001, command: 'recrawl', startedAt: clock.now() - MIN, heartbeatAt: clock.now() });
    inner.release();
    expect(RunLock.holder(a)?.pid).toBe(1001);
    expectLocked(() => RunLock.acquire(b, path, 'discover', clock, as(1002)));
    outer.release();
    expect(RunLock.holder(a)).toBeNull();
  });

  it('does not delete or refresh a lock that someone else took over', () => {
    const mine = RunLock.acquire(a, path, 'discover', clock, as(1001, 'laptop'));
    clock.advance(11 * MIN); // the laptop slept; the server decides it is gone
    const theirs = RunLock.acquire(b, path, 'recrawl', clock, as(1002, 'server'));
    clock.advance(MIN);
    expect(mine.heartbeat()).toBe(false);
    mine.release();
    expect(RunLock.holder(a)).toEqual({ pid: 1002, host: 'server', command: 'recrawl', startedAt: clock.now() - MIN, heartbeatAt: clock.now() - MIN });
    expect(theirs.heartbeat()).toBe(true);
    expect(RunLock.holder(a)?.heartbeatAt).toBe(clock.now());
    theirs.release();
    expect(RunLock.holder(a)).toBeNull();
  });

  it('turns a writer that outlasts busy_timeout into LockedError, never SQLITE_BUSY or a lock_timeout error', () => {
    const impatient = openDb(engine, path, { busyTimeoutMs: 20 });
    try {
      RunLock.acquire(a, path, 'discover', clock, as(1001));
      beginWrite(engine, a); // a long write transaction in the holder
      const err = expectLocked(() => RunLock.acquire(impatient, path, 'recrawl', clock, as(1002)));
      expect(err.message).toContain('in use by `linernotes discover` (pid 1001 on here');
      a.exec('ROLLBACK');
    } finally {
      impatient.close();
    }
  });

  it('keeps the message to one clean line when the stored row is hostile', () => {
    a.prepare('INSERT INTO locks (name, pid, host, command, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run('crawl', 1001, 'evil\r\nhost', 'discover\u001b[2J\u0007', engine === 'sqlite' ? 9e99 : 9e15, clock.now()); // no date; PostgreSQL's bigint stops at 9.2e18
    const err = expectLocked(() => RunLock.acquire(b, path, 'recrawl', clock, as(1002)));
    expect(err.message).toBe(`${path} is in use by \`linernotes discover\` (pid 1001 on evil host, running since an unknown time); try again when it has finished`);
  });

  it('rejects a nonsensical staleAfterMs with the bad value', () => {
    expect(() => RunLock.acquire(a, path, 'discover', clock, as(1001, 'here', { staleAfterMs: -1 }))).toThrow('got `-1`');
    expect(RunLock.holder(a)).toBeNull();
  });

  it('heartbeat and release after the connection closed do not throw', () => {
    const lock = RunLock.acquire(a, path, 'discover', clock, as(1001));
    a.close();
    expect(lock.heartbeat()).toBe(false);
    expect(() => lock.release()).not.toThrow();
    a = openDb(engine, path); // for afterEach
  });
});
});

describe('pidIsAlive', () => {
  it('is true for this process and false for one that has exited or a process-group pid', () => {
    expect(pidIsAlive(process.pid)).toBe(true);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(pidIsAlive(gone)).toBe(false);
    expect(pidIsAlive(0)).toBe(false);
    expect(pidIsAlive(-1)).toBe(false);
    expect(pidIsAlive(Number.NaN)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('is false for a zombie, which still answers signal 0', async () => {
    // `sh` starts a background child, then becomes `sleep`, which never reaps it: killed, the
    // child stays a zombie until its parent dies.
    const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let zombie = 0;
    try {
      zombie = Number((await once(parent.stdout!, 'data'))[0].toString());
      expect(pidIsAlive(zombie)).toBe(true);
      // Kill only once the shell has become `sleep`: a shell still running would reap the child.
      const comm = () => readFileSync(`/proc/${parent.pid}/comm`, 'utf8').trim();
      for (let i = 0; i < 1000 && comm() !== 'sleep'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(comm()).toBe('sleep');
      process.kill(zombie, 'SIGKILL');
      const state = () => { const s = readFileSync(`/proc/${zombie}/stat`, 'utf8'); return s[s.lastIndexOf(')') + 2]; };
      for (let i = 0; i < 1000 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10)); // up to 10 s on a loaded machine
      expect(state()).toBe('Z');
      expect(() => process.kill(zombie, 0)).not.toThrow();
      expect(pidIsAlive(zombie)).toBe(false);
    } finally {
      if (zombie > 0) try { process.kill(zombie, 'SIGKILL'); } catch { /* already gone */ }
      parent.kill('SIGKILL');
    }
  });

  it('treats pid 1 as alive (always running; EPERM unless we are root)', () => {
    expect(pidIsAlive(1)).toBe(true);
  });
});
