// The crawl loop end to end, in-process, against made-up webs behind the world proxy.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { createStore, type Store, dbOf } from '../../src/store/store.js';
import { makeWorld, page, rss, type TestWorld } from '../helpers/world.js';

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

function readStore(db: string): Store {
  return createStore(openDatabase(db, { readonly: true }));
}

function frontier(db: string): { url: string; depth: number; status: string; reason: string | null; attempts: number; next_try_at: number | null }[] {
  const s = readStore(db);
  try {
    return dbOf(s).prepare('SELECT url, depth, status, reason, attempts, next_try_at FROM frontier ORDER BY url').all() as never;
  } finally {
    s.close();
  }
}

const DATE = 'Tue, 10 Nov 2026 10:00:00 GMT';

/** seed a -> b (post) -> c (post) -> d: a chain of four sites. */
const chain = {
  'a.example': {
    'index.html': page('Alpha on content strategy', 'content strategy and editorial calendars', ['http://b.example/posts/one.html'], '/feed.xml'),
    'feed.xml': rss('Alpha', 'http://a.example/', [{ url: 'http://a.example/p1.html', title: 'Editorial calendars', body: 'See <a href="http://b.example/posts/one.html">Beta</a>', date: DATE }]),
    'p1.html': page('Editorial calendars', 'A post about editorial calendars and content strategy.', ['http://b.example/posts/one.html']),
  },
  'b.example': {
    'index.html': page('Beta', 'newsletters and content distribution', [], '/feed.xml'),
    'feed.xml': rss('Beta', 'http://b.example/', []),
    'posts/one.html': page('Beta one', 'content marketing distribution', ['http://c.example/x.html']),
  },
  'c.example': {
    'index.html': page('Gamma', 'audience research'),
    'x.html': page('Gamma x', 'audience research for content', ['http://d.example/']),
  },
  'd.example': { 'index.html': page('Delta', 'never fetched at depth 2') },
};

describe('crawler', () => {
  it('walks breadth-first to --depth, records edges beyond it without fetching them', async () => {
    world = await makeWorld(chain);
    const seeds = world.seeds(['http://a.example/']);
    const res = await world.cli(['discover', seeds, '--db', world.db, '--delay', '0', '--depth', '2', '-q']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(world.hits('a.example/feed.xml')).toBe(1);
    expect(world.hits('c.example/x.html')).toBe(1);
    expect(world.hits('d.example/')).toBe(0);
    const rows = frontier(world.db);
    expect(rows.find((r) => r.url === 'http://b.example/posts/one.html')?.depth).toBe(1);
    expect(rows.find((r) => r.url === 'http://c.example/x.html')?.depth).toBe(2);
    expect(rows.some((r) => r.url.startsWith('http://d.example'))).toBe(false);
    const s = readStore(world.db);
    try {
      const keys = s.graph.entities().map((e) => e.key);
      expect(keys).toEqual(expect.arrayContaining(['site:a.example', 'site:b.example', 'site:c.example', 'site:d.example']));
      const d = s.graph.entities().find((e) => e.key === 'site:d.example')!;
      expect(s.graph.discovery(d.id)?.depth).toBe(3);
    } finally {
      s.close();
    }
  });

  it('never fetches what robots.txt disallows, and says why', async () => {
    world = await makeWorld({
      'a.example': {
        'robots.txt': 'User-agent: *\nDisallow: /private/\n',
        'index.html': page('A', 'text', ['/private/secret.html', 'http://b.example/']),
        'private/secret.html': page('secret', 'secret'),
      },
      'b.example': { 'robots.txt': 'User-agent: linernotes\nDisallow: /\n', 'index.html': page('B', 'b') },
    });
    const res = await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    expect(res.code).toBe(0);
    expect(world.hits('a.example/private/secret.html')).toBe(0);
    expect(world.hits('b.example/')).toBe(0);
    expect(world.hits('b.example/robots.txt')).toBe(1);
    const b = frontier(world.db).find((r) => r.url === 'http://b.example/')!;
    expect(b.status).toBe('skipped');
    expect(b.reason).toMatch(/robots\.txt/);
  });

  it('backs off on 503 with Retry-After and then gets the page', async () => {
    world = await makeWorld({
      'a.example': {
        'index.html': page('A', 'text', ['http://b.example/']),
      },
      'b.example': {
        '_routes.json': { '/': { status: 503, headers: { 'retry-after': '5' }, times: 1 } },
        'index.html': page('B', 'b content'),
      },
    });
    const res = await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    expect(res.code).toBe(0);
    expect(world.hits('b.example/')).toBe(2);
    const row = frontier(world.db).find((r) => r.url === 'http://b.example/')!;
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
    expect(row.next_try_at).not.toBeNull();
  });

  it('survives broken, missing and non-text pages and records why each was skipped', async () => {
    world = await makeWorld({
      'a.example': {
        'index.html': page('A', 'text', ['http://gone.example/x', 'http://b.example/missing.html', 'http://b.example/image.png', 'http://c.example/']),
      },
      'b.example': { 'index.html': page('B', 'b'), 'image.png': '\u0089PNG\r\n' },
      'c.example': { 'index.html': '<html><body><p>unclosed <a href="http://d.example/">d' },
    });
    const res = await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    expect(res.code).toBe(0);
    const rows = frontier(world.db);
    const by = (u: string) => rows.find((r) => r.url === u)!;
    expect(by('http://b.example/missing.html')).toMatchObject({ status: 'failed', reason: 'HTTP 404' });
    expect(by('http://b.example/image.png').status).toBe('skipped');
    expect(by('http://b.example/image.png').reason).toMatch(/image\/png/);
    expect(by('http://gone.example/')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/site unreachable: robots.txt answered 502/) });
    expect(by('http://c.example/').status).toBe('done');
  });

  it('finds a feed at a common path when the page declares none', async () => {
    world = await makeWorld({
      'a.example': {
        'index.html': page('A', 'no feed link here'),
        'feed.xml': rss('A feed', 'http://a.example/', [{ url: 'http://a.example/p.html', title: 'P', body: 'links <a href="http://b.example/">b</a>', date: DATE }]),
        'p.html': page('P', 'post'),
      },
      'b.example': { 'index.html': page('B', 'b') },
    });
    const res = await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    expect(res.code).toBe(0);
    expect(world.hits('a.example/feed')).toBe(1);
    expect(world.hits('a.example/rss.xml')).toBe(1);
    expect(world.hits('a.example/feed.xml')).toBe(1);
    expect(world.hits('a.example/atom.xml')).toBe(0);
    expect(world.hits('b.example/')).toBe(1);
    const s = readStore(world.db);
    try {
      expect(s.graph.entities().find((e) => e.key === 'site:a.example')?.feedUrl).toBe('http://a.example/feed.xml');
    } finally {
      s.close();
    }
  });

  it('stops at --max-pages and keeps one site within --per-site', async () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}.html`, page(`P${i}`, 'x')]));
    world = await makeWorld({
      'a.example': { 'index.html': page('A', 'hub', Array.from({ length: 30 }, (_, i) => `http://big.example/p${i}.html`)) },
      'big.example': { 'index.html': page('Big', 'big'), ...many },
    });
    const seeds = world.seeds(['http://a.example/']);
    await world.cli(['discover', seeds, '--db', world.db, '--delay', '0', '--per-site', '5', '-q']);
    const big = frontier(world.db).filter((r) => r.url.startsWith('http://big.example/'));
    expect(big).toHaveLength(5);

    const sites = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`s${i}.example`, { 'index.html': page(`S${i}`, 'x') }]));
    const other = await makeWorld({ 'a.example': { 'index.html': page('A', 'hub', Array.from({ length: 30 }, (_, i) => `http://s${i}.example/`)) }, ...sites });
    try {
      const res = await other.cli(['discover', other.seeds(['http://a.example/']), '--db', other.db, '--delay', '0', '--max-pages', '7', '--json']);
      const summary = JSON.parse(res.stdout);
      expect(summary.fetched).toBe(7);
      expect(summary.stopReason).toBe('max-pages');
    } finally {
      await other.close();
    }
  });

  it('follows a site that moved and counts it as the same publication', async () => {
    world = await makeWorld({
      'a.example': { 'index.html': page('A', 'text', ['http://old.example/']) },
      'old.example': { '_routes.json': { '*': { status: 301, headers: { location: 'http://new.example{path}' } } } },
      'new.example': { 'index.html': page('New home', 'moved here') },
    });
    const res = await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    expect(res.code).toBe(0);
    const s = readStore(world.db);
    try {
      const old = s.graph.entities().find((e) => e.key === 'site:old.example')!;
      const moved = s.graph.entities().find((e) => e.key === 'site:new.example')!;
      expect(old.aliasOf).toBe(moved.id);
      expect(moved.name).toBe('New home');
    } finally {
      s.close();
    }
  });
});
