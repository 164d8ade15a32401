// The weekly recrawl: conditional requests for everything with validators, only new posts
// fetched, the change report, the run history, retention, and the run lock.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { openDatabase } from '../../src/store/db.js';
import { RunLock } from '../../src/store/lock.js';
import { makeWorld, page, rss, type TestWorld } from '../helpers/world.js';

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const D1 = 'Tue, 03 Nov 2026 10:00:00 GMT';
const D2 = 'Tue, 10 Nov 2026 10:00:00 GMT';

const spec = () => ({
  'a.example': {
    'index.html': page('Alpha', 'gardening compost', ['http://b.example/', 'http://gone.example/'], '/feed.xml'),
    'feed.xml': rss('Alpha', 'http://a.example/', [{ url: 'http://a.example/p1.html', title: 'One', body: 'see <a href="http://b.example/">b</a>', date: D1 }]),
    'p1.html': page('One', 'compost gardening'),
  },
  'b.example': { 'index.html': page('Beta', 'compost soil gardening') },
  'gone.example': { 'index.html': page('Gone soon', 'gardening') },
});

// Settings (--delay 0 here) are the first run's: recrawl reuses them.
const run = (w: TestWorld, args: string[]) => w.cli([...args, '--db', w.db, ...(args[0] === 'discover' ? ['--delay', '0'] : [])]);

describe('recrawl', () => {
  it('sends conditional requests for every page and feed it holds validators for, and fetches only new posts', async () => {
    world = await makeWorld(spec());
    expect((await run(world, ['discover', world.seeds(['http://a.example/']), '-q'])).code).toBe(0);
    const validators = new Database(world.db, { readonly: true })
      .prepare("SELECT url FROM documents WHERE kind IN ('html','feed') AND (etag IS NOT NULL OR last_modified IS NOT NULL)")
      .pluck().all() as string[];
    expect(validators.length).toBeGreaterThanOrEqual(5);
    const before = world.proxy.requests.length;
    const res = await run(world, ['recrawl', '-q']);
    expect(res.code).toBe(0);
    const again = world.proxy.requests.slice(before).filter((r) => r.path !== '/robots.txt');
    // Posts read by the first run are not fetched again (feeds: only new items); every other
    // page and feed with validators is asked for conditionally, and answers 304.
    const posts = ['http://a.example/p1.html'];
    for (const url of validators) {
      const u = new URL(url);
      const hit = again.find((r) => r.host === u.host && r.path === u.pathname);
      if (posts.includes(url)) {
        expect(hit, url).toBeUndefined();
        continue;
      }
      expect(hit, url).toBeDefined();
      expect(hit!.headers['if-none-match'] ?? hit!.headers['if-modified-since'], url).toBeTruthy();
      expect(hit!.status, url).toBe(304);
    }
    expect(res.stdout).toMatch(/^run 2 done/);
    expect(res.stdout).toMatch(/changes since run 1:\n {2}nothing changed\n/);
  });

  it('reports new candidates, dead and moved sites, keeping the graph of a 304 intact', async () => {
    world = await makeWorld(spec());
    await run(world, ['discover', world.seeds(['http://a.example/']), '-q']);
    const edgesBefore = new Database(world.db, { readonly: true }).prepare('SELECT count(*) FROM edges').pluck().get() as number;
    // a new post links a new site; gone.example dies; b.example moves
    writeFileSync(join(world.dir, 'sites/a.example/feed.xml'), rss('Alpha', 'http://a.example/', [
      { url: 'http://a.example/p2.html', title: 'Two', body: 'new friend <a href="http://c.example/">c</a>', date: D2 },
      { url: 'http://a.example/p1.html', title: 'One', body: 'see <a href="http://b.example/">b</a>', date: D1 },
    ]));
    writeFileSync(join(world.dir, 'sites/a.example/p2.html'), page('Two', 'compost', ['http://c.example/']));
    writeFileSync(join(world.dir, 'sites/c.example.tmp'), '');
    rmSync(join(world.dir, 'sites/gone.example/index.html'));
    for (const [host, files] of Object.entries({ 'c.example': { 'index.html': page('Gamma', 'compost gardening soil') } })) {
      for (const [f, body] of Object.entries(files)) {
        const { mkdirSync } = await import('node:fs');
        mkdirSync(join(world.dir, 'sites', host), { recursive: true });
        writeFileSync(join(world.dir, 'sites', host, f), body);
      }
    }
    const second = await run(world, ['recrawl', '-q']);
    expect(second.stdout).toMatch(/new \(1\)\n {2}Gamma \(#\d+\) {2}http:\/\/c\.example\//);
    expect(second.stdout).not.toMatch(/dead/); // 404 once is not dead yet
    const edgesAfter = new Database(world.db, { readonly: true }).prepare('SELECT count(*) FROM edges').pluck().get() as number;
    expect(edgesAfter).toBe(edgesBefore + 2); // p2 -> c (item and page); nothing lost on 304s
    const csv = (await world.cli(['export', '--db', world.db, '--format', 'json'])).stdout;
    const rows = JSON.parse(csv) as { name: string; rank_change: number | string; first_seen: string; last_seen: string }[];
    expect(rows.find((r) => r.name === 'Gamma')?.rank_change).toBe('new');
    expect(rows.find((r) => r.name === 'Beta')?.rank_change).toEqual(expect.any(Number));
    expect(rows.every((r) => /^\d{4}-\d\d-\d\d$/.test(r.first_seen) && /^\d{4}-\d\d-\d\d$/.test(r.last_seen))).toBe(true);
    const why = await world.cli(['why', '--db', world.db, 'Beta']);
    expect(why.stdout).toMatch(/rank history: run 1 \(\d{4}-\d\d-\d\d\) #\d+ → run 2 \(\d{4}-\d\d-\d\d\) #\d+/);
    const third = await run(world, ['recrawl', '--json', '-q']);
    const report = JSON.parse(third.stdout);
    expect(report.changes.dead).toEqual([{ name: 'Gone soon', url: 'http://gone.example/', status: '404' }]);
    expect(report.changes.newCandidates).toEqual([]);
  });

  it('lists runs, and keeps stored bodies only for --keep-runs runs', async () => {
    world = await makeWorld(spec());
    await run(world, ['discover', world.seeds(['http://a.example/']), '-q']);
    await run(world, ['recrawl', '-q', '--keep-runs', '1']);
    const db = new Database(world.db, { readonly: true });
    expect(db.prepare('SELECT DISTINCT run_id FROM bodies').pluck().all()).toEqual([2]);
    const p1 = db.prepare("SELECT etag FROM documents WHERE url = 'http://a.example/p1.html' AND kind = 'html'").pluck().get();
    expect(p1).toBeNull(); // its body is gone, so the next request for it is a plain one
    expect(db.prepare('SELECT count(*) FROM edges').pluck().get()).toBeGreaterThan(0);
    db.close();
    const runs = await world.cli(['runs', '--db', world.db]);
    expect(runs.stdout).toMatch(/run\s+command\s+started\s+took\s+status\s+fetched\s+errors\s+ranked\n\s+1\s+discover .* done .*\n\s+2\s+recrawl .* done/);
  });

  it('exits 3 with one line when another run holds the database', async () => {
    world = await makeWorld(spec());
    await run(world, ['discover', world.seeds(['http://a.example/']), '-q']);
    const other = openDatabase(world.db);
    RunLock.acquire(other, world.db, 'recrawl', systemClock, { pid: 999_999_999, isAlive: () => true, hostname: 'elsewhere' });
    const res = await run(world, ['recrawl']);
    expect(res.code).toBe(3);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/is in use by `linernotes recrawl` \(pid 999999999 on elsewhere/);
    other.close();
  });

  it('says to run discover first on an empty database', async () => {
    world = await makeWorld(spec());
    const res = await run(world, ['recrawl']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no such database|nothing to recrawl yet/);
  });
});
