// A team on one database: pick/reject/review record who decided (`--as`, default the OS user),
// exports and `why` say so, and `review` leaves out what teammates already picked or rejected.
import { userInfo } from 'node:os';
import { PassThrough } from 'node:stream';
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { runReview } from '../../src/cli/commands/review.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore } from '../../src/store/store.js';
import { makeWorld, page, type TestWorld } from '../helpers/world.js';

const sites = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const name = (h: string) => `${h[0]!.toUpperCase()}${h.slice(1)} blog`;

let world: TestWorld;
beforeEach(async () => {
  world = await makeWorld({
    's.example': { 'index.html': page('Seed', 'content strategy', sites.map((h) => `http://${h}.example/`)) },
    ...Object.fromEntries(sites.map((h, i) => [`${h}.example`, { 'index.html': page(name(h), 'content strategy '.repeat(i + 1)) }])),
  });
  const res = await world.cli(['discover', world.seeds(['http://s.example/']), '--db', world.db, '--delay', '0', '-q']);
  expect(res.code, res.stderr).toBe(0);
});
afterEach(async () => {
  await world?.close();
});

const cli = (...args: string[]) => world.cli([...args, '--db', world.db]);

interface Row { rank: number; name: string; status: string; picked_by: string }
async function rows(status = 'all'): Promise<Row[]> {
  const res = await cli('rank', '--json', '--status', status);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout);
}
const byName = async (n: string) => (await rows()).find((r) => r.name === n)!;

/** Marks as stored: entity name -> [status, author]. */
function stored(): Map<string, [string, string | null]> {
  const store = createStore(openDatabase(world.db, { readonly: true }));
  try {
    return new Map(store.marks.all().map((m) => [store.graph.entity(m.entityId)!.name!, [m.status, m.by]]));
  } finally {
    store.close();
  }
}

describe('who decided', () => {
  it('records --as, and the OS user by default, in rank, CSV, JSON and why', async () => {
    expect((await cli('pick', 'Alpha blog', '--as', 'ana')).stderr).toBe('picked: Alpha blog\n');
    expect((await cli('reject', 'Bravo blog', '--as', 'bo', '--note', 'off topic')).code).toBe(0);
    expect((await cli('pick', 'Charlie blog')).code).toBe(0);
    const me = userInfo().username;
    expect(stored()).toEqual(new Map([['Alpha blog', ['picked', 'ana']], ['Bravo blog', ['rejected', 'bo']], ['Charlie blog', ['picked', me]]]));

    expect(await byName('Alpha blog')).toMatchObject({ status: 'picked', picked_by: 'ana' });
    expect(await byName('Bravo blog')).toMatchObject({ status: 'rejected', picked_by: 'bo' });
    expect(await byName('Charlie blog')).toMatchObject({ status: 'picked', picked_by: me });
    expect(await byName('Delta blog')).toMatchObject({ status: 'new', picked_by: '' });

    const csv = (await cli('export', '--format', 'csv', '--status', 'all')).stdout.trim().split('\r\n').map((l) => l.split(','));
    const col = csv[0]!.indexOf('picked_by');
    expect(col).toBe(csv[0]!.indexOf('status') + 1);
    const cell = (n: string) => csv.find((r) => r[1] === n)![col];
    expect([cell('Alpha blog'), cell('Bravo blog'), cell('Charlie blog'), cell('Delta blog')]).toEqual(['ana', 'bo', me, '']);

    const json = JSON.parse((await cli('export', '--format', 'json', '--status', 'picked')).stdout) as Row[];
    expect(json.map((r) => [r.name, r.picked_by]).sort()).toEqual([['Alpha blog', 'ana'], ['Charlie blog', me]]);

    expect((await cli('why', 'Alpha blog')).stdout.split('\n')[0]).toMatch(/^Alpha blog {2}#\d+, picked by ana$/);
    expect(JSON.parse((await cli('why', 'Bravo blog', '--json')).stdout)).toMatchObject({ status: 'rejected', pickedBy: 'bo' });
    expect(JSON.parse((await cli('why', 'Delta blog', '--json')).stdout)).toMatchObject({ status: 'new', pickedBy: null });
  });

  it('shows the note kept with a decision in why, rank/export JSON, CSV and the report data', async () => {
    expect((await cli('reject', 'Bravo blog', '--as', 'bo', '--note', 'sells seeds; not advice')).code).toBe(0);
    expect((await cli('pick', 'Alpha blog', '--as', 'ana')).code).toBe(0);
    const why = (await cli('why', 'Bravo blog')).stdout.split('\n');
    expect(why[0]).toMatch(/^Bravo blog {2}#\d+, rejected by bo$/);
    expect(why[1]).toBe('  note     sells seeds; not advice');
    expect((await cli('why', 'Alpha blog')).stdout).not.toContain('note');
    expect(JSON.parse((await cli('why', 'Bravo blog', '--json')).stdout)).toMatchObject({ note: 'sells seeds; not advice' });
    expect(await byName('Bravo blog')).toMatchObject({ note: 'sells seeds; not advice' });
    expect(await byName('Alpha blog')).toMatchObject({ note: '' });
    const csv = (await cli('export', '--format', 'csv', '--status', 'all')).stdout.trim().split('\r\n').map((l) => l.split(','));
    const col = csv[0]!.indexOf('note');
    expect(col).toBe(csv[0]!.indexOf('picked_by') + 1);
    expect(csv.find((r) => r[1] === 'Bravo blog')![col]).toBe('sells seeds; not advice');
    // The same decision again with another note replaces the note, and says so.
    expect((await cli('reject', 'Bravo blog', '--as', 'bo', '--note', 'sells courses')).stderr).toBe('note updated: Bravo blog\n');
    expect(await byName('Bravo blog')).toMatchObject({ status: 'rejected', note: 'sells courses' });
    expect((await cli('reject', 'Bravo blog', '--as', 'bo')).stderr).toBe('already rejected: Bravo blog\n');
    // A later decision without a note clears it: the note explains that decision, not the person.
    expect((await cli('pick', 'Bravo blog', '--as', 'ana')).code).toBe(0);
    expect(await byName('Bravo blog')).toMatchObject({ status: 'picked', note: '' });
  });

  it("says whose decision a pick, rejection or unmark changes", async () => {
    await cli('pick', 'Alpha blog', '--as', 'ana');
    await cli('reject', 'Bravo blog', '--as', 'bo');
    expect((await cli('pick', 'Alpha blog', '--as', 'bo')).stderr).toBe('already picked by ana: Alpha blog\n');
    expect((await cli('pick', 'Alpha blog', '--as', 'ana')).stderr).toBe('already picked: Alpha blog\n');
    expect((await cli('pick', 'Bravo blog', '--as', 'ana')).stderr).toBe('picked: Bravo blog (was rejected by bo)\n');
    expect(stored().get('Bravo blog')).toEqual(['picked', 'ana']);
    expect((await cli('unmark', 'Alpha blog')).stderr).toBe('unmarked (was picked by ana): Alpha blog\n');
    expect((await cli('unmark', 'Bravo blog', '--as', 'ana')).stderr).toBe('unmarked (was picked): Bravo blog\n');
  });

  it('refuses a bad --as with one line and exit 2, writing nothing', async () => {
    const res = await cli('pick', 'Alpha blog', '--as', ' ');
    expect(res.code).toBe(2);
    expect(res.stderr.split('\n')[0]).toContain('--as takes a name of 1 to 64 characters without control characters, got " "');
    expect(stored().size).toBe(0);
  });
});

/** A keyboard that says it is a terminal, with `keys` typed up front. */
function keyboard(keys: string) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  input.write(keys);
  return input;
}

async function review(as: string, keys: string, extra: { includeDecided?: boolean; again?: boolean } = {}) {
  const io = { out: '', err: '', stdout: { write: (s: string) => ((io.out += s), true), isTTY: false }, stderr: { write: (s: string) => ((io.err += s), true), isTTY: false }, env: { NO_COLOR: '1' } as NodeJS.ProcessEnv };
  const code = await runReview({ db: world.db, limit: 25, as, ...extra }, io, new ManualClock(), { input: keyboard(keys), open: () => undefined });
  return { code, out: io.out, err: io.err, cards: [...io.out.matchAll(/\[\d+\/\d+\] #\d+ (.+)/g)].map((m) => m[1]!) };
}

describe('review on a shared database', () => {
  it("leaves out teammates' picks and rejections and says how many; shows what they only skipped", async () => {
    await cli('pick', 'Alpha blog', '--as', 'bo');
    await cli('reject', 'Bravo blog', '--as', 'bo');
    const order = (await rows()).map((r) => r.name);
    // bo skips the best remaining one: a skip is no decision, so ana still sees it.
    const boSkips = order.find((n) => !['Alpha blog', 'Bravo blog'].includes(n))!;
    await review('bo', 'sq');
    expect(stored().get(boSkips)).toEqual(['skipped', 'bo']);

    const ana = await review('ana', 'q');
    expect(ana.err).toBe('2 candidates already picked or rejected by teammates left out (--include-decided shows them)\n');
    expect(ana.cards).toEqual([`${boSkips} (skipped by bo)`]);
    expect(ana.out.trimEnd().split('\n').at(-1)).toBe('picked 0, rejected 0, skipped 0; 3 left');

    // bo's own review: his decisions are done, his skip comes back only with --again.
    const bo = await review('bo', 'q');
    expect(bo.err).toBe('');
    expect(bo.out.trimEnd().split('\n').at(-1)).toBe('picked 0, rejected 0, skipped 0; 2 left');
  });

  it('with --include-decided shows them; a decision replaces the teammate\'s, a skip keeps it', async () => {
    await cli('pick', 'Alpha blog', '--as', 'bo');
    await cli('reject', 'Bravo blog', '--as', 'bo');
    const order = (await rows()).map((r) => r.name).filter((n) => n === 'Alpha blog' || n === 'Bravo blog');
    const [first, second] = order as [string, string];
    const res = await review('ana', 'srq', { includeDecided: true });
    expect(res.err).toBe('');
    expect(res.cards.slice(0, 2)).toEqual([`${first} (${first === 'Alpha blog' ? 'picked' : 'rejected'} by bo)`, `${second} (${second === 'Alpha blog' ? 'picked' : 'rejected'} by bo)`]);
    // The skip left bo's decision in place; the rejection replaced his.
    expect(stored().get(first)).toEqual([first === 'Alpha blog' ? 'picked' : 'rejected', 'bo']);
    expect(stored().get(second)).toEqual(['rejected', 'ana']);
  });
});
