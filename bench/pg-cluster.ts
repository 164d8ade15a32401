// (Shared by the tests and the workers bench: it lives here so the bench builds without test/.)
// A throwaway PostgreSQL cluster for the tests: initdb into a temp folder, a server that listens
// only on a unix socket in that folder, stopped and removed at the end. When the tests run as
// root (CI containers) the server runs as `postgres` (or `nobody`): initdb refuses root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running cluster. */
export interface PgCluster {
  /** The folder holding the data directory and the socket. */
  dir: string;
  /** A URL for database `db` on this cluster, as `--db` takes it. */
  url(db: string): string;
  /** Stop the server and remove its folder. */
  stop(): void;
}

/** Where Debian keeps the server binaries: $LN_PG_BIN, else the newest /usr/lib/postgresql/N/bin with N >= 15. */
export function pgBinDir(): string {
  if (process.env.LN_PG_BIN) return process.env.LN_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).map(Number).filter((v) => v >= 15).sort((a, b) => b - a) : [];
  const dir = versions.map((v) => join(root, String(v), 'bin')).find((d) => existsSync(join(d, 'initdb')));
  if (!dir) throw new Error(`PostgreSQL >= 15 not found in ${root}/N/bin: install Debian's postgresql (apt-get install postgresql) or set LN_PG_BIN`);
  return dir;
}

/** The uid/gid to run the server as: ours, or `postgres`/`nobody` when we are root. */
function serverUser(): { uid: number; gid: number; name: string } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (r.status === 0) {
      const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
      return { uid: Number(r.stdout.trim()), gid, name };
    }
  }
  throw new Error('running as root and neither user postgres nor nobody exists to run the test server');
}

/** Start a cluster; throws with the server's log when it does not come up within 30 s. */
export function startPgCluster(): PgCluster {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'ln-pg-'));
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]) =>
    execFileSync(join(bin, cmd), args, { ...as, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, encoding: 'utf8' });
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    // Durability is not under test: skip fsync. No TCP: the socket in `dir` is the only door.
    const opts = `-k ${dir} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', '-o', opts, 'start']);
  } catch (err) {
    let log = '';
    try {
      log = execFileSync('cat', [join(dir, 'log')], { encoding: 'utf8' });
    } catch {
      /* no log yet */
    }
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: string; message: string };
    throw new Error(`the test PostgreSQL did not start: ${e.stderr || e.message}\n${log}`);
  }
  return {
    dir,
    url: (db) => `postgres://postgres@localhost/${db}?host=${encodeURIComponent(dir)}`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
