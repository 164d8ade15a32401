// The run lock: one row in `locks` says which process is crawling a database, so a second run
// started by cron exits at once (LockedError, exit code 3) instead of interleaving writes or
// waiting on SQLITE_BUSY. A row left by a process that died is taken over.
import { readFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { resolve } from 'node:path';
import type { Clock } from '../clock.js';
import { LockedError } from '../errors.js';
import { cleanForTerminal } from '../extract/text.js';
import type { Db } from './db.js';

/** The one lock every crawling command takes; `rank`/`export` only read and need none. */
const LOCK_NAME = 'crawl';

/** Who holds the lock, as stored in the `locks` row. */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  startedAt: number;
  heartbeatAt: number;
}

/** How a lock decides that its current holder is gone. */
export interface LockOptions {
  /** A holder on another host whose heartbeat is older than this is presumed dead. @default 10 * 60_000 */
  staleAfterMs?: number;
  /** Whether a pid on this host is alive. @default process.kill(pid, 0) semantics (ESRCH = dead, EPERM = alive) */
  isAlive?: (pid: number) => boolean;
  /** @default os.hostname() */
  hostname?: string;
  /** @default process.pid */
  pid?: number;
}

interface LockRow {
  pid: number;
  host: string;
  command: string;
  started_at: number;
  heartbeat_at: number;
}

/**
 * Locks this process holds, by database file and row identity. A row with our pid that is NOT
 * in here was left by an earlier process whose pid the OS has since given to us (after a
 * reboot, or in a container where pids restart low): that one is dead, not re-entered.
 */
const heldHere = new Set<string>();

/** A held run lock; release it in a `finally`. */
export class RunLock {
  private released = false;

  private constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** The identity of our row: pid, host and start time together. */
    private readonly me: { pid: number; host: string; startedAt: number },
    /** An acquire nested inside one this process already holds: the outer one releases. */
    private readonly nested: boolean,
  ) {}

  /**
   * Take the lock named 'crawl' for `command` in one IMMEDIATE transaction (read the holder,
   * decide, write). Throws LockedError naming the holder (one line) when it is alive. Takes
   * over a holder that is dead (same host and !isAlive(pid)) or stale (another host, heartbeat
   * older than staleAfterMs), and says so through `onTakeover`. Re-entrant for the same pid.
   */
  static acquire(db: Db, dbPath: string, command: string, clock: Clock, opts: LockOptions & { onTakeover?: (h: LockHolder) => void } = {}): RunLock {
    const staleAfterMs = opts.staleAfterMs ?? 10 * 60_000;
    if (!Number.isFinite(staleAfterMs) || staleAfterMs < 0) {
      throw new TypeError(`Expected \`staleAfterMs\` to be a finite number >= 0, got \`${staleAfterMs}\``);
    }
    const pid = opts.pid ?? process.pid;
    const host = opts.hostname ?? osHostname();
    const isAlive = opts.isAlive ?? pidIsAlive;
    const file = fileKey(db);

    let decision: { kind: 'fresh' | 'nested'; startedAt: number } | { kind: 'takeover'; startedAt: number; previous: LockHolder };
    try {
      decision = db.transaction(() => {
        const now = clock.now();
        const holder = RunLock.holder(db);
        if (holder && holder.host === host && holder.pid === pid && heldHere.has(keyOf(file, holder))) {
          db.prepare('UPDATE locks SET heartbeat_at = ? WHERE name = ?').run(now, LOCK_NAME);
          return { kind: 'nested' as const, startedAt: holder.startedAt };
        }
        if (holder && !isGone(holder, { pid, host, now, staleAfterMs, isAlive })) {
          throw new LockedError(lockedMessage(dbPath, holder));
        }
        db.prepare(
          `INSERT INTO locks (name, pid, host, command, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, host = excluded.host, command = excluded.command,
             started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
        ).run(LOCK_NAME, pid, host, command, now, now);
        return holder ? { kind: 'takeover' as const, startedAt: now, previous: holder } : { kind: 'fresh' as const, startedAt: now };
      }).immediate();
    } catch (err) {
      throw busyAsLocked(err, db, dbPath);
    }

    const me = { pid, host, startedAt: decision.startedAt };
    const nested = decision.kind === 'nested';
    if (!nested) heldHere.add(keyOf(file, me));
    // Told after the commit, so a throwing callback cannot undo the takeover half-way.
    if (decision.kind === 'takeover') opts.onTakeover?.(decision.previous);
    return new RunLock(db, clock, me, nested);
  }

  /** Who holds the lock now, if anyone (for `linernotes runs`). */
  static holder(db: Db): LockHolder | null {
    const r = db.prepare('SELECT pid, host, command, started_at, heartbeat_at FROM locks WHERE name = ?').get(LOCK_NAME) as LockRow | undefined;
    return r ? { pid: r.pid, host: r.host, command: r.command, startedAt: r.started_at, heartbeatAt: r.heartbeat_at } : null;
  }

  /**
   * Refresh heartbeat_at (the crawl calls it every ~30 s). No-op if the lock is no longer ours.
   * Returns whether it is still ours, so a crawl can stop if another host took it over.
   */
  heartbeat(): boolean {
    if (this.released || !this.db.open) return false;
    try {
      const changed = this.db
        .prepare('UPDATE locks SET heartbeat_at = ? WHERE name = ? AND pid = ? AND host = ? AND started_at = ?')
        .run(this.clock.now(), LOCK_NAME, this.me.pid, this.me.host, this.me.startedAt).changes;
      if (changed === 0) heldHere.delete(keyOf(fileKey(this.db), this.me));
      return changed > 0;
    } catch (err) {
      // A beat missed because another writer held the file for a while is harmless: staleness
      // is measured in minutes. Anything else is a real fault.
      if (isBusy(err)) return true;
      throw err;
    }
  }

  /** Delete the row if it is still ours. Safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.nested || !this.db.open) return;
    heldHere.delete(keyOf(fileKey(this.db), this.me));
    this.db
      .prepare('DELETE FROM locks WHERE name = ? AND pid = ? AND host = ? AND started_at = ?')
      .run(LOCK_NAME, this.me.pid, this.me.host, this.me.startedAt);
  }
}

/**
 * Whether process `pid` on this machine is running. Signal 0 checks without sending anything:
 * ESRCH means gone, EPERM means alive but someone else's. A zombie (killed, not yet reaped by
 * its parent) still answers signal 0, so on Linux its state in /proc says it is dead.
 */
export function pidIsAlive(pid: number): boolean {
  // 0 and negative pids name process groups, not a process: never a holder.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS) or it vanished just now: trust the signal
  }
}

/** Dead on this host by its pid; on another host only silence (a stale heartbeat) tells. */
function isGone(h: LockHolder, me: { pid: number; host: string; now: number; staleAfterMs: number; isAlive: (pid: number) => boolean }): boolean {
  if (h.host === me.host) return h.pid === me.pid || !me.isAlive(h.pid);
  return me.now - h.heartbeatAt > me.staleAfterMs;
}

/** The one line a second run prints; host and command came from the file, so strip them. */
function lockedMessage(dbPath: string, h: LockHolder): string {
  const since = Number.isFinite(h.startedAt) && Math.abs(h.startedAt) < 8.64e15 ? new Date(h.startedAt).toISOString() : 'an unknown time';
  return cleanForTerminal(
    `${dbPath} is in use by \`linernotes ${h.command}\` (pid ${h.pid} on ${h.host}, running since ${since}); try again when it has finished`,
  );
}

/**
 * BEGIN IMMEDIATE waits busy_timeout for another writer; if that runs out, the file is busy
 * with a live process, which is a lock conflict (exit 3), not a crash with SQLITE_BUSY.
 */
function busyAsLocked(err: unknown, db: Db, dbPath: string): unknown {
  if (!isBusy(err)) return err;
  let holder: LockHolder | null = null;
  try {
    holder = RunLock.holder(db); // WAL readers do not wait for the writer
  } catch {
    /* still busy: say so without a name */
  }
  return new LockedError(
    holder ? lockedMessage(dbPath, holder) : `${cleanForTerminal(dbPath)} is busy: another process is writing to it; try again when it has finished`,
  );
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // 55P03: PostgreSQL's lock_timeout ran out (the busy_timeout of a PostgreSQL store).
  return typeof code === 'string' && (/^SQLITE_(BUSY|LOCKED)/.test(code) || code === '55P03');
}

/** In-memory and temporary databases are private to their connection: key them by it. */
const privateIds = new WeakMap<Db, number>();
let nextPrivateId = 1;

/** The database file this connection is on, so two spellings of one path count once. */
function fileKey(db: Db): string {
  if (db.name !== '' && db.name !== ':memory:') return resolve(db.name);
  if (!privateIds.has(db)) privateIds.set(db, nextPrivateId++);
  return `:private:${privateIds.get(db)}`;
}

function keyOf(file: string, h: { pid: number; host: string; startedAt: number }): string {
  return JSON.stringify([file, h.host, h.pid, h.startedAt]);
}
