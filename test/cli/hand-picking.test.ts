// pick / reject / unmark, --status filters, stored seeds, picks crawled from hop 0, settings file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, page, type TestWorld } from '../helpers/world.js';

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

/** seed a -> b, c, d (hop 1); d -> e (hop 2); e -> f (hop 3). */
const spec = {
  'a.example': { 'index.html': page('Alpha', 'gardening compost soil', ['http://b.example/', 'http://c.example/', 'http://d.example/']) },
  'b.example': { 'index.html': page('Beta Garden', 'compost soil gardening beds') },
  'c.example': { 'index.html': page('Gamma Garden', 'soil gardening') },
  'd.example': { 'index.html': page('Delta Garden', 'gardening', ['http://e.example/']) },
  'e.example': { 'index.html': page('Epsilon Garden', 'compost', ['http://f.example/']) },
  'f.example': { 'index.html': page('Zeta Garden', 'compost gardening') },
};

async function ranked(w: TestWorld, extra: string[] = []): Promise<{ rank: number; name: string; status: string }[]> {
  const res = await w.cli(['rank', '--db', w.db, '--json', ...extra]);
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout);
}

describe('hand-picking', () => {
  it('picks, rejects and unmarks by name, rank number or URL; rejected ones are hidden unless asked', async () => {
    world = await makeWorld(spec);
    await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '--depth', '1', '-q']);
    const before = await ranked(world);
    const second = before[1]!;
    expect((await world.cli(['pick', '--db', world.db, 'Beta Garden'])).stderr).toBe('picked: Beta Garden\n');
    expect((await world.cli(['reject', '--db', world.db, String(second.rank === 1 ? before[0]!.rank : second.rank), 'http://d.example/'])).code).toBe(0);
    const after = await ranked(world);
    expect(after.find((r) => r.name === 'Beta Garden')?.status).toBe('picked');
    expect(after.some((r) => r.status === 'rejected')).toBe(false);
    expect(after.find((r) => r.name === 'Delta Garden')).toBeUndefined();
    const rejected = await ranked(world, ['--status', 'rejected']);
    expect(rejected.map((r) => r.name)).toContain('Delta Garden');
    expect(rejected.every((r) => r.status === 'rejected')).toBe(true);
    const picked = await world.cli(['export', '--db', world.db, '--format', 'csv', '--status', 'picked']);
    expect(picked.stdout.trim().split('\r\n')).toHaveLength(2);
    await world.cli(['unmark', '--db', world.db, 'http://d.example/']);
    expect((await ranked(world)).find((r) => r.name === 'Delta Garden')?.status).toBe('new');
  });

  it('changes nothing when one of several names is unknown or ambiguous', async () => {
    world = await makeWorld(spec);
    await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '--depth', '1', '-q']);
    const unknown = await world.cli(['pick', '--db', world.db, 'Beta Garden', 'Nobody Here']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no candidate matches "Nobody Here"/);
    const ambiguous = await world.cli(['pick', '--db', world.db, 'Garden']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/"Garden" matches \d+ candidates/);
    expect((await ranked(world)).every((r) => r.status === 'new')).toBe(true);
    expect((await world.cli(['rank', '--db', world.db, '--status', 'pikced'])).stderr).toMatch(/--status takes picked, rejected, skipped, new or all/);
  });

  it('crawls from picked candidates at hop 0 next time', async () => {
    world = await makeWorld(spec);
    const seeds = world.seeds(['http://a.example/']);
    await world.cli(['discover', seeds, '--db', world.db, '--delay', '0', '--depth', '1', '-q']);
    expect(world.hits('e.example/')).toBe(0);
    await world.cli(['pick', '--db', world.db, 'Delta Garden']);
    const res = await world.cli(['discover', seeds, '--db', world.db, '--delay', '0', '--depth', '1']);
    expect(res.stderr).toMatch(/1 picked candidate\(s\) crawled from hop 0/);
    expect(world.hits('e.example/')).toBe(1); // d is now hop 0, so e is hop 1
    expect(world.hits('f.example/')).toBe(0);
    const again = await world.cli(['discover', seeds, '--db', world.db, '--delay', '0', '--depth', '1', '--no-expand-picks', '-q']);
    expect(again.code).toBe(0);
    expect(world.hits('e.example/')).toBe(1);
  });
});

describe('stored seeds', () => {
  it('adds, lists and removes seeds; discover without a file uses them', async () => {
    world = await makeWorld(spec);
    expect((await world.cli(['seeds', 'add', '--db', world.db, 'http://a.example/', 'bsky:someone.example'])).code).toBe(0);
    const listed = JSON.parse((await world.cli(['seeds', 'list', '--db', world.db, '--json'])).stdout);
    expect(listed.map((s: { seed: string }) => s.seed)).toEqual(['http://a.example/', 'bsky:someone.example']);
    expect((await world.cli(['seeds', 'remove', '--db', world.db, 'bsky:someone.example'])).code).toBe(0);
    const bad = await world.cli(['seeds', 'add', '--db', world.db, 'htp://x']);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/seeds add: "htp:\/\/x" is not a URL or handle/);
    const res = await world.cli(['discover', '--db', world.db, '--delay', '0', '--depth', '1', '-q', '--json']);
    expect(res.code).toBe(0);
    expect(world.hits('a.example/')).toBe(1);
    expect(world.proxy.requests.some((r) => r.host.includes('bsky'))).toBe(false);
  });

  it('says how to add seeds when there are none', async () => {
    world = await makeWorld(spec);
    const res = await world.cli(['discover', '--db', world.db]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no seeds; pass a seeds file, or add seeds with `linernotes seeds add/);
  });
});

describe('settings file', () => {
  it('is read from next to the database, and a bad one fails naming the setting', async () => {
    world = await makeWorld(spec);
    const config = join(world.dir, 'linernotes.config.json');
    writeFileSync(config, JSON.stringify({ ranking: { dampin: 0.5 } }));
    const bad = await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${config}: unknown setting "ranking.dampin"`);
    expect(world.proxy.requests).toHaveLength(0);

    writeFileSync(config, JSON.stringify({ ranking: { relevanceWeight: 1 }, platforms: ['c.example'] }));
    await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '--depth', '1', '-q']);
    const rows = await ranked(world);
    expect(rows.map((r) => r.name)).not.toContain('Gamma Garden');
    expect(world.hits('c.example/')).toBe(0);

    writeFileSync(config, '{ not json');
    const res = await world.cli(['rank', '--db', world.db, '--rescore']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/linernotes\.config\.json: not valid JSON/);
  });
});
