// `linernotes known`: import from a file or from whom an account follows, list, remove; and rank,
// export and review leaving known people out unless --include-known. In-process against small
// worlds behind the proxy, with the fake AppView and Mastodon servers for the follows imports.
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { runReview } from '../../src/cli/commands/review.js';
import { fakeBluesky } from '../../src/demo/fake-bluesky.js';
import { fakeMastodon } from '../../src/demo/fake-mastodon.js';
import type { BskyAccountSpec } from '../../src/demo/social-world.js';
import { makeWorld, page, rss, type TestWorld } from '../helpers/world.js';

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const NAMES = ['Alpha', 'Bravo', 'Charlie', 'Delta'];
const host = (name: string) => `${name.toLowerCase()}.example`;
const spec = {
  's.example': { 'index.html': page('Seed', 'content strategy editorial', NAMES.map((n) => `http://${host(n)}/`)) },
  ...Object.fromEntries(NAMES.map((n, i) => [host(n), {
    'index.html': page(`${n} blog`, 'content strategy editorial '.repeat(i + 1), [], '/feed.xml'),
    'feed.xml': rss(`${n} blog`, `http://${host(n)}/`, [{ url: `http://${host(n)}/p`, title: 'A post', body: 'content strategy', date: 'Mon, 05 Oct 2026 10:00:00 GMT' }]),
  }])),
};

async function crawled(): Promise<TestWorld> {
  const w = await makeWorld(spec);
  expect((await w.cli(['discover', w.seeds(['http://s.example/']), '--db', w.db, '--delay', '0', '-q'])).code).toBe(0);
  return w;
}

function file(w: TestWorld, name: string, text: string): string {
  const path = join(w.dir, name);
  writeFileSync(path, text);
  return path;
}

async function rankJson(w: TestWorld, extra: string[] = []): Promise<{ rows: { name: string; known: boolean }[]; stderr: string }> {
  const res = await w.cli(['rank', '--db', w.db, '--json', ...extra]);
  expect(res.code).toBe(0);
  return { rows: JSON.parse(res.stdout), stderr: res.stderr };
}

describe('known import FILE', () => {
  it('hides imported people from rank and export, shows them marked with --include-known, and remove brings them back', async () => {
    world = await crawled();
    expect((await rankJson(world)).rows.map((r) => r.name).sort()).toEqual(['Alpha blog', 'Bravo blog', 'Charlie blog', 'Delta blog']);
    const list = file(world, 'people.txt', '# whom I read\nhttps://bravo.example/feed.xml # Bravo\nnope nope\nhttp://www.charlie.example/about\n');
    const imported = await world.cli(['known', 'import', list, '--db', world.db]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe(`${list}:3: "nope nope" is not a URL or handle\nknown: 2 added, 0 already known, 1 bad line skipped (list ${list})\n`);

    const hidden = await rankJson(world);
    expect(hidden.rows.map((r) => r.name).sort()).toEqual(['Alpha blog', 'Delta blog']);
    expect(hidden.stderr).toBe('2 known candidates hidden (--include-known shows them)\n');
    const shown = await rankJson(world, ['--include-known']);
    expect(Object.fromEntries(shown.rows.map((r) => [r.name, r.known]))).toEqual({ 'Alpha blog': false, 'Bravo blog': true, 'Charlie blog': true, 'Delta blog': false });
    expect(shown.stderr).toBe('');
    const table = await world.cli(['rank', '--db', world.db, '--include-known']);
    expect(table.stdout).toMatch(/Bravo blog.*\[known\] http:\/\/bravo\.example\//);
    expect(table.stdout).not.toMatch(/Alpha blog.*\[known\]/);

    const csv = await world.cli(['export', '--db', world.db, '--format', 'csv']);
    expect(csv.stderr).toBe('2 known candidates hidden (--include-known shows them)\n');
    // The README's column order; `known` only with --include-known (it would always be false).
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^rank,name,url,status,picked_by,note,website,/);
    const all: Record<string, string>[] = parse((await world.cli(['export', '--db', world.db, '--format', 'csv', '--include-known'])).stdout, { columns: true });
    expect(all.filter((r) => r.known === 'true').map((r) => r.name).sort()).toEqual(['Bravo blog', 'Charlie blog']);
    const json = JSON.parse((await world.cli(['export', '--db', world.db, '--format', 'json', '--include-known'])).stdout);
    expect(json.find((r: { name: string }) => r.name === 'Bravo blog').known).toBe(true);

    const listed = JSON.parse((await world.cli(['known', 'list', '--db', world.db, '--json'])).stdout);
    expect(listed).toEqual([
      { id: 1, kind: 'feed', identity: 'https://bravo.example/feed.xml', label: 'Bravo', source: 'list:people.txt', added_at: expect.any(String) },
      { id: 2, kind: 'site', identity: 'charlie.example', label: null, source: 'list:people.txt', added_at: expect.any(String) },
    ]);
    expect((await world.cli(['known', 'list', '--db', world.db])).stdout).toMatch(/^id\s+kind\s+identity\s+source\s+label\n\s*1\s+feed\s+https:\/\/bravo\.example\/feed\.xml\s+list:people\.txt\s+Bravo\n/);

    const removed = await world.cli(['known', 'remove', '--db', world.db, 'https://charlie.example/', '1']);
    expect(removed.stderr).toBe('removed known 2: site charlie.example\nremoved known 1: feed https://bravo.example/feed.xml\n');
    expect((await rankJson(world)).rows).toHaveLength(4);
    const unknown = await world.cli(['known', 'remove', '--db', world.db, 'https://alpha.example/']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no known entry matches "https:\/\/alpha\.example\/"/);
  });

  it('counts only the known people ranked above the last row shown', async () => {
    world = await crawled();
    const best = (await rankJson(world)).rows[0]!.name;
    await world.cli(['known', 'import', file(world, 'k.txt', `${host(best.split(' ')[0]!)}\n`), '--db', world.db]);
    const top = await world.cli(['rank', '--db', world.db, '--json', '--limit', '1']);
    expect(JSON.parse(top.stdout).map((r: { name: string }) => r.name)).not.toContain(best);
    expect(top.stderr).toBe('1 known candidate hidden (--include-known shows them)\n');
  });

  it('refuses a file that is none of the formats with one line, and stores nothing', async () => {
    world = await crawled();
    const html = file(world, 'page.opml', '<!doctype html><html><body><a href="http://bravo.example/">x</a></body></html>');
    const res = await world.cli(['known', 'import', html, '--db', world.db]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`linernotes: ${html}: not an OPML subscription list, a Mastodon following CSV or a list of URLs and handles (an XML or HTML document without <opml>); nothing imported\n`);
    expect((await world.cli(['known', 'list', '--db', world.db, '--json'])).stdout.trim()).toBe('[]');
    expect((await world.cli(['known', 'import', join(world.dir, 'missing.opml'), '--db', world.db])).stderr).toMatch(/missing\.opml: no such file/);
    expect((await world.cli(['known', 'import', '--db', world.db])).stderr).toMatch(/known import takes one of: FILE, --bluesky HANDLE, --mastodon @user@host/);
    expect((await world.cli(['known', 'import', html, '--bluesky', 'x.example', '--db', world.db])).code).toBe(2);
  });

  it('leaves known people out of review', async () => {
    world = await crawled();
    const best = (await rankJson(world)).rows[0]!.name;
    await world.cli(['known', 'import', file(world, 'k.txt', `http://${host(best.split(' ')[0]!)}/\n`), '--db', world.db]);
    const run = async (includeKnown: boolean) => {
      const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
      input.write('q');
      let out = '';
      let err = '';
      const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) }, env: { NO_COLOR: '1' } };
      await runReview({ db: world!.db, limit: 5, includeKnown }, io, new ManualClock(), { input, open: () => undefined });
      return { out, err };
    };
    const hidden = await run(false);
    expect(hidden.err).toBe('1 known candidate hidden (--include-known shows them)\n');
    expect(hidden.out).not.toContain(best);
    expect((await run(true)).out).toContain(best);
  });
});

const BSKY = 'bsky-api.example';
const friends: BskyAccountSpec[] = Array.from({ length: 120 }, (_, i) => ({ did: `did:plc:friend${String(i).padStart(19, '0')}`, handle: `friend${i}.bsky.social`, posts: [] }));
const dana: BskyAccountSpec = { did: 'did:plc:dana0000000000000000000', handle: 'dana.example', follows: friends.map((f) => f.did), posts: [] };
const social = [
  fakeBluesky({ host: BSKY, accounts: [dana, ...friends] }, new ManualClock()),
  fakeMastodon({
    instances: [
      { host: 'toot.example', accounts: [{ id: '1', username: 'hana', following: ['rafa@toot.example', 'joanna@far.example'], statuses: [] }, { id: '2', username: 'rafa', displayName: 'Rafa', statuses: [] }] },
      { host: 'gts.example', software: 'gotosocial', requireAuth: true, accounts: [{ id: '01H', username: 'kai', statuses: [] }] },
    ],
  }, new ManualClock()),
];
const handle = async (h: string, path: string, req: IncomingMessage, res: ServerResponse) => {
  for (const s of social) if (await s(h, path, req, res)) return true;
  return false;
};

describe('known import --bluesky / --mastodon', () => {
  it('imports whom a Bluesky account follows, page by page, bounded by --max', async () => {
    world = await makeWorld({}, { handle });
    const res = await world.cli(['known', 'import', '--bluesky', '@dana.example', '--bluesky-api', `http://${BSKY}`, '--db', world.db]);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('known: 120 accounts dana.example follows: 240 added, 0 already known\n');
    expect(world.proxy.requests.filter((r) => r.path.includes('getFollows')).map((r) => r.path.replace(/.*\?/, ''))).toEqual([
      'actor=dana.example&limit=100',
      'actor=dana.example&limit=100&cursor=3kfollow000099',
    ]);
    const listed = JSON.parse((await world.cli(['known', 'list', '--db', world.db, '--json'])).stdout);
    expect(listed.slice(0, 2)).toMatchObject([
      { kind: 'bluesky', identity: friends[0]!.did, label: 'friend0.bsky.social', source: 'bluesky:dana.example' },
      { kind: 'bluesky', identity: 'friend0.bsky.social', label: 'friend0.bsky.social', source: 'bluesky:dana.example' },
    ]);
    // Removing a follow by handle removes its DID too: they were imported as one account.
    expect((await world.cli(['known', 'remove', '--db', world.db, 'bsky:friend0.bsky.social'])).stderr).toBe(`removed known 2: bluesky friend0.bsky.social\nremoved known 1: bluesky ${friends[0]!.did}\n`);

    const capped = await world.cli(['known', 'import', '--bluesky', 'dana.example', '--bluesky-api', `http://${BSKY}`, '--max', '30', '--db', world.db]);
    expect(capped.stderr).toBe('known: 30 accounts dana.example follows (stopped at --max 30): 2 added, 58 already known\n');
  });

  it('imports whom a fediverse account follows', async () => {
    world = await makeWorld({}, { handle });
    const res = await world.cli(['known', 'import', '--mastodon', 'http://toot.example/@hana', '--db', world.db]);
    expect(res.stderr).toBe('known: 2 accounts http://toot.example/@hana follows: 2 added, 0 already known\n');
    const listed = JSON.parse((await world.cli(['known', 'list', '--db', world.db, '--json'])).stdout);
    expect(listed.map((r: { identity: string; label: string }) => [r.identity, r.label])).toEqual([['rafa@toot.example', 'Rafa'], ['joanna@far.example', 'joanna@far.example']]);
  });

  it('fails with one line and imports nothing when the account cannot be read', async () => {
    world = await makeWorld({}, { handle });
    const res = await world.cli(['known', 'import', '--mastodon', 'http://gts.example/@kai', '--db', world.db]);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('linernotes: http://gts.example/@kai: could not read whom it follows (not readable without login (gotosocial)); nothing imported\n');
    expect((await world.cli(['known', 'import', '--mastodon', 'kai', '--db', world.db])).stderr).toMatch(/--mastodon takes @user@host or a profile URL/);
    expect((await world.cli(['known', 'import', '--bluesky', 'not a handle', '--db', world.db])).stderr).toMatch(/--bluesky takes a handle or DID/);
  });
});
