// Bad input on the command line, as a user meets it: a --db that is not SQLite, from a newer
// linernotes, in a read-only folder, read-only itself, on a full disk; a seeds file that cannot
// be read. Each is one line naming the path and the fix, a documented exit code, and nothing
// half-written. Permission cases run the CLI as `nobody` when the tests run as root (root
// ignores file modes); the full disk is a real write failure under a file size limit.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, storageError } from '../../src/store/db.js';
import { createStore, dbOf } from '../../src/store/store.js';
import { StorageFullError } from '../../src/errors.js';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import { BIN, ROOT } from '../helpers/spawn-cli.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
/** As root, file modes mean nothing; `nobody` must be able to run the CLI from this checkout. */
const nobodyCanRun = asRoot && spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)}, 4)`], { uid: NOBODY, gid: NOBODY }).status === 0;
/** Whether file permissions can be tested here (not as root with a checkout nobody can read). */
const permissionsHold = !asRoot || nobodyCanRun;
const dir = mkdtempSync(join(tmpdir(), 'ln-bad-input-'));
chmodSync(dir, 0o777);
let world: OfflineWorld;

interface Run { code: number | null; stdout: string; stderr: string }

/** Run the CLI as an ordinary user (nobody, when we are root), optionally under a file size limit. */
function cli(args: string[], opts: { fileSizeKb?: number; env?: Record<string, string> } = {}): Promise<Run> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  // SIGXFSZ ignored, so a write past the limit fails (EFBIG) instead of killing the process.
  const script = opts.fileSizeKb ? `trap '' XFSZ; ulimit -f ${opts.fileSizeKb}; exec ${quoted}` : `exec ${quoted}`;
  // Asynchronous: the world proxy these runs talk to lives in this process.
  const child = spawn('/bin/bash', ['-c', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(nobodyCanRun ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A folder the CLI's user can write. */
function freshDir(name: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  chmodSync(d, 0o777);
  return d;
}

function oneLineError(run: Run): string {
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

const seeds = join(dir, 'seeds.txt');

beforeAll(async () => {
  world = await startOfflineWorld(join(ROOT, 'fixtures/demo-world'));
  writeFileSync(seeds, 'https://blog.example/\n');
  chmodSync(seeds, 0o644);
});

afterAll(async () => {
  await world.close();
});

describe('bad --db and seeds files', () => {
  it('refuses a file that is not SQLite and leaves it as it was', async () => {
    const d = freshDir('not-sqlite');
    const db = join(d, 'notes.txt');
    writeFileSync(db, 'shopping list: eggs, milk\n'.repeat(200));
    chmodSync(db, 0o666);
    const run = await cli(['discover', seeds, '--db', db]);
    expect(run.code).toBe(2);
    expect(oneLineError(run)).toBe(`linernotes: ${db}: not a SQLite database; pass --db a linernotes database or a new file name`);
    expect(readFileSync(db, 'utf8')).toBe('shopping list: eggs, milk\n'.repeat(200));
    expect(readdirSync(d)).toEqual(['notes.txt']);
  });

  it('refuses a database from a newer linernotes without touching it', async () => {
    const d = freshDir('newer');
    const db = join(d, 'future.db');
    const conn = new Database(db);
    conn.exec('CREATE TABLE from_the_future (x)');
    conn.pragma('user_version = 999');
    conn.close();
    chmodSync(db, 0o666);
    const run = await cli(['pick', 'x', '--db', db]);
    expect(run.code).toBe(2);
    expect(oneLineError(run)).toMatch(new RegExp(`^linernotes: ${db}: written by a newer linernotes \\(schema 999 > \\d+\\); upgrade linernotes$`));
    const after = new Database(db, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    after.close();
  });

  it.skipIf(!permissionsHold)('names a read-only folder for a new database and creates nothing', async () => {
    const d = freshDir('read-only-dir');
    chmodSync(d, 0o555);
    const db = join(d, 'niche.db');
    const run = await cli(['discover', seeds, '--db', db]);
    expect(run.code).toBe(2);
    expect(oneLineError(run)).toBe(`linernotes: ${db}: cannot create the database, ${d} is not writable; pass --db a file in a folder you can write`);
    expect(readdirSync(d)).toEqual([]);
  });

  it('names a missing folder', async () => {
    const db = join(dir, 'no-such-folder', 'niche.db');
    const run = await cli(['seeds', 'add', 'https://blog.example/', '--db', db]);
    expect(run.code).toBe(2);
    expect(oneLineError(run)).toMatch(/no such folder .*no-such-folder; create it or pass --db a file in an existing folder$/);
  });

  it.skipIf(!permissionsHold)('says how to fix `pick` on a read-only database (exit 2) and changes nothing', async () => {
    const d = freshDir('read-only-db');
    const db = join(d, 'niche.db');
    const setup = await cli(['seeds', 'add', 'https://blog.example/', '--db', db]);
    expect(setup.code, setup.stderr).toBe(0);
    for (const f of readdirSync(d)) chmodSync(join(d, f), 0o444);
    const before = readFileSync(db);
    const run = await cli(['pick', 'blog.example', '--db', db]);
    expect(run.code).toBe(2);
    expect(oneLineError(run)).toBe(`linernotes: ${db}: the database is read-only; make it writable (chmod u+w ${db}) or pass --db a copy you can write`);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it.skipIf(!permissionsHold)('names an unreadable seeds file and the fix, before any database is made', async () => {
    const d = freshDir('unreadable-seeds');
    const secret = join(d, 'seeds.txt');
    writeFileSync(secret, 'https://blog.example/\n');
    chmodSync(secret, 0o000);
    const db = join(d, 'niche.db');
    const run = await cli(['discover', secret, '--db', db]);
    expect(run.code).toBe(2);
    expect(oneLineError(run)).toBe(`linernotes: ${secret}: cannot read the seeds file (permission denied); make it readable (chmod u+r ${secret}) or pass another seeds file`);
    expect(existsSync(db)).toBe(false);
  });
});

describe('a full disk', () => {
  it('stops a crawl with one line and exit 5, keeps what was saved, and resumes once there is room', async () => {
    const d = freshDir('full-disk');
    const db = join(d, 'niche.db');
    const env = world.env;
    const setup = await cli(['seeds', 'add', 'http://blog.ada-writes.example/', '--db', db], { env });
    expect(setup.code, setup.stderr).toBe(0);
    // Each file may grow to 40 KiB: the WAL fills up during the crawl's first writes.
    const full = await cli(['discover', '--db', db, '--delay', '0', '--depth', '1', '-q'], { fileSizeKb: 40, env });
    expect(full.code).toBe(5);
    expect(oneLineError(full)).toBe(`linernotes: ${db}: cannot write the database: a write failed (disk full or a file size limit); free some space and run the same command again (what was saved is intact)`);
    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((check.prepare('SELECT count(*) AS n FROM seeds').get() as { n: number }).n).toBe(1);
    check.close();
    const again = await cli(['discover', '--db', db, '--delay', '0', '--depth', '1', '--json'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ run: 1, status: 'done' });
  }, 120_000);

  it('leaves no empty database behind when even creating it fails', async () => {
    const d = freshDir('full-disk-new');
    const db = join(d, 'niche.db');
    // 40 KiB: room for the WAL index, not for the schema.
    const run = await cli(['discover', seeds, '--db', db], { fileSizeKb: 40 });
    expect(run.code).toBe(5);
    expect(oneLineError(run)).toContain(`${db}: cannot write the database`);
    expect(readdirSync(d)).toEqual([]);
  });

  it('maps SQLITE_FULL from a real full database (max_page_count) to exit 5 naming the file', async () => {
    const db = join(freshDir('page-cap'), 'capped.db');
    const store = createStore(openDatabase(db));
    try {
      const pages = dbOf(store).pragma('page_count', { simple: true }) as number;
      dbOf(store).pragma(`max_page_count = ${pages + 2}`);
      let thrown: unknown;
      try {
        store.tx(() => {
          const ins = dbOf(store).prepare('INSERT INTO server_facts (key, value, fetched_at) VALUES (?, ?, ?)');
          for (let i = 0; i < 100; i++) ins.run(`k${i}`, 'x'.repeat(4000), i);
        });
      } catch (err) {
        thrown = err;
      }
      expect((thrown as { code?: string }).code).toBe('SQLITE_FULL');
      const mapped = storageError(thrown, db);
      expect(mapped).toBeInstanceOf(StorageFullError);
      expect(mapped?.exitCode).toBe(5);
      expect(mapped?.message).toBe(`${db}: cannot write the database: the disk is full; free some space and run the same command again (what was saved is intact)`);
      // The transaction rolled back whole.
      expect((dbOf(store).prepare('SELECT count(*) AS n FROM server_facts').get() as { n: number }).n).toBe(0);
    } finally {
      store.close();
    }
  });
});
