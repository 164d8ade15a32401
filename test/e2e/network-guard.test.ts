// The guard as a user meets it: `discover` with seeds that spell a loopback address seven ways
// and a listening socket behind them. By default the socket sees no connection and each seed
// is recorded as blocked; --allow-private (or the settings file) lets the crawl in.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { runCli } from '../helpers/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ln-guard-'));
let socket: TestServer;
let seeds: string;

function reasons(db: string): Map<string, string | null> {
  const conn = new Database(db, { readonly: true });
  try {
    const rows = conn.prepare("SELECT url, status, reason FROM frontier WHERE found_edge = 'seed'").all() as { url: string; status: string; reason: string | null }[];
    return new Map(rows.map((r) => [r.url, `${r.status}: ${r.reason}`]));
  } finally {
    conn.close();
  }
}

beforeAll(async () => {
  socket = await startServer((req, res) => {
    if (req.url === '/robots.txt') {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><head><title>Intranet</title></head><body>secret</body></html>');
  });
  const p = socket.port;
  seeds = join(dir, 'seeds.txt');
  writeFileSync(seeds, [
    `http://127.0.0.1:${p}/`, `http://localhost:${p}/a`, `http://2130706433:${p}/b`, `http://0177.0.0.1:${p}/c`,
    `http://127.1:${p}/d`, `http://[::ffff:127.0.0.1]:${p}/e`, `http://0.0.0.0:${p}/f`, '',
  ].join('\n'));
});

afterAll(async () => {
  await socket.close();
});

describe('discover and the network guard', () => {
  it('records every loopback spelling as blocked and never connects', async () => {
    const db = join(dir, 'default.db');
    const res = await runCli(['discover', seeds, '--db', db, '--delay', '0', '--depth', '0'], {});
    expect(res.code).toBe(4); // partial: the seeds could not be read
    expect(socket.connections()).toBe(0);
    const got = reasons(db);
    expect(got.size).toBe(7);
    for (const [url, reason] of got) expect(reason, url).toMatch(/^skipped: blocked: (private address \((127\.0\.0\.1|::ffff:7f00:1|0\.0\.0\.0)\)|local host name \(localhost\))$/);
    expect(res.stderr).toContain(`seed failed: http://127.0.0.1:${socket.port}/: blocked: private address (127.0.0.1)`);
  }, 60_000);

  it('lets --allow-private crawl the same seeds', async () => {
    const db = join(dir, 'allowed.db');
    const res = await runCli(['discover', seeds, '--db', db, '--delay', '0', '--depth', '0', '-q', '--allow-private'], {});
    expect(socket.connections()).toBeGreaterThan(0);
    expect(reasons(db).get(`http://127.0.0.1:${socket.port}/`)).toMatch(/^done/);
    expect(res.stderr).not.toMatch(/blocked/);
  }, 60_000);

  it('lets the settings file turn the guard off for a database', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'ln-guard-config-'));
    writeFileSync(join(sub, 'linernotes.config.json'), JSON.stringify({ network: { allowPrivate: true } }));
    const before = socket.connections();
    await runCli(['discover', seeds, '--db', join(sub, 'intranet.db'), '--delay', '0', '--depth', '0', '-q'], {});
    expect(socket.connections()).toBeGreaterThan(before);
  }, 60_000);
});
