// A crawl killed with SIGKILL at any point and run again ends with the same stored graph as a
// crawl that was never interrupted: nothing lost, nothing duplicated, the file intact.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import { snapshot, type GraphSnapshot } from '../helpers/graph-snapshot.js';
import { ROOT, runCli, startCli } from '../helpers/spawn-cli.js';

const WORLD = join(ROOT, 'fixtures/demo-world');
const SEEDS = join(WORLD, 'seeds.txt');
const dir = mkdtempSync(join(tmpdir(), 'ln-resume-'));
let world: OfflineWorld;
let baseline: GraphSnapshot;
let baselineHits: Map<string, number>;

const args = (db: string) => ['discover', SEEDS, '--db', db, '--topic', 'content marketing', '--delay', '0', '-q', '--bluesky-api', world.blueskyApi!];

/**
 * Requests per URL. robots.txt and fediverse discovery documents (NodeInfo, WebFinger) are left
 * out: each process reads them once per host by design, like a cache that starts empty.
 */
function hitsSince(start: number): Map<string, number> {
  const hits = new Map<string, number>();
  for (const r of world.proxy.requests.slice(start)) {
    if (r.path === '/robots.txt' || r.path.startsWith('/.well-known/') || r.path.startsWith('/nodeinfo/') || r.method === 'CONNECT') continue;
    const key = `${r.host}${r.path}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
  }
  return hits;
}

function pagesFetched(db: string): number {
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      const row = conn.prepare('SELECT max(pages_fetched) AS n FROM runs').get() as { n: number | null } | undefined;
      return row?.n ?? 0;
    } finally {
      conn.close();
    }
  } catch {
    return 0; // not created yet, or schema not there yet
  }
}

beforeAll(async () => {
  world = await startOfflineWorld(WORLD);
  const start = world.proxy.requests.length;
  const db = join(dir, 'baseline.db');
  const res = await runCli(args(db), world.env);
  expect(res.stderr).toBe('');
  expect([0, 4]).toContain(res.code);
  baseline = snapshot(db);
  baselineHits = hitsSince(start);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('kill -9 and resume', () => {
  it('the uninterrupted crawl is itself repeatable', async () => {
    const db = join(dir, 'again.db');
    await runCli(args(db), world.env);
    expect(snapshot(db)).toEqual(baseline);
  }, 120_000);

  // 22 kill points spread over the crawl (~170 fetches): before the first page, during hop 0,
  // at the hop barriers, in the social accounts, late in hop 2.
  for (const killAt of [0, 1, 3, 6, 10, 15, 20, 25, 30, 38, 45, 52, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150]) {
    it(`killed after ${killAt} fetches, then resumed, ends with the same graph`, async () => {
      const db = join(dir, `killed-${killAt}.db`);
      const start = world.proxy.requests.length;
      const { child, done } = startCli(args(db), world.env);
      while (pagesFetched(db) < killAt && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      const killed = await done;
      if (killed.signal !== 'SIGKILL') return expect.fail(`crawl finished before the kill point ${killAt}; lower it`);

      const conn = new Database(db);
      expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
      // Killed before the schema was even committed: the next run creates it.
      const hasFrontier = conn.prepare("SELECT 1 FROM sqlite_master WHERE name = 'frontier'").get() !== undefined;
      const inFlight = hasFrontier ? (conn.prepare("SELECT url, role FROM frontier WHERE status = 'fetching'").all() as { url: string; role: string }[]) : [];
      conn.close();

      const resumed = await runCli(args(db), world.env);
      expect([0, 4]).toContain(resumed.code);
      expect(snapshot(db)).toEqual(baseline);

      // Nothing fetched twice beyond what was in flight when the process died: every URL asked
      // for more often than in the uninterrupted run is a row that was being fetched (or, for
      // API calls, belongs to an account row that was).
      const resumedDb = new Database(db, { readonly: true });
      const finalUrls = inFlight.flatMap((r) => resumedDb.prepare('SELECT final_url FROM documents WHERE url = ? AND final_url IS NOT NULL').pluck().all(r.url) as string[]);
      resumedDb.close();
      // A row's request and the redirects it followed.
      const inFlightUrls = new Set([...inFlight.map((r) => r.url), ...finalUrls].map((u) => u.replace(/^https?:\/\//, '')));
      const accountInFlight = inFlight.some((r) => r.role.endsWith('-account'));
      for (const [url, n] of hitsSince(start)) {
        if (n <= (baselineHits.get(url) ?? 0)) continue;
        const api = /\/xrpc\/|\/api\/v1\/|\/\.well-known\//.test(url);
        expect(api ? accountInFlight : inFlightUrls.has(url), `${url} fetched again`).toBe(true);
      }
    }, 120_000);
  }
});
