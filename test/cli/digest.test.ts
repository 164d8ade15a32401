// `linernotes digest` from the command line on a small world: --since as a date, a run or a
// span, the formats, --out written atomically, and one-line errors for bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, page, rss, type TestWorld } from '../helpers/world.js';

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

// The in-process CLI runs on a manual clock that starts at 2026-01-01, so both posts are
// published after every run began; --since a date picks between them.
const spec = () => ({
  'a.example': {
    'index.html': page('Alpha', 'gardening compost', ['http://b.example/'], '/feed.xml'),
    'feed.xml': rss('Alpha', 'http://a.example/', [
      { url: 'http://a.example/p1.html', title: 'One', body: 'see <a href="http://b.example/p1.html">b</a>', date: 'Tue, 03 Nov 2026 10:00:00 GMT' },
    ]),
    'p1.html': page('One', 'compost gardening', ['http://b.example/p1.html']),
  },
  'b.example': {
    'index.html': page('Beta', 'compost soil gardening', [], '/feed.xml'),
    'feed.xml': rss('Beta', 'http://b.example/', [
      { url: 'http://b.example/p2.html', title: 'Beta <b>two</b>', body: 'Second post about compost. More words.', date: 'Tue, 10 Nov 2026 10:00:00 GMT' },
      { url: 'http://b.example/p1.html', title: 'Beta one', body: 'First post about soil. And more.', date: 'Tue, 03 Nov 2026 10:00:00 GMT' },
    ]),
    'p1.html': page('Beta one', 'soil'),
    'p2.html': page('Beta two', 'compost'),
  },
});

describe('digest', () => {
  it('filters by --since date or run, renders text, Markdown and HTML, and writes --out', async () => {
    world = await makeWorld(spec());
    expect((await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q'])).code).toBe(0);
    const all = await world.cli(['digest', '--db', world.db, '--since', '1']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^linernotes digest, run 1 \(2026-01-01\): what the top \d+ published since\nrun 1 \(2026-01-01\)\n/);
    expect(all.stdout).toContain('  * Beta one (2026-11-03)\n    First post about soil.\n    http://b.example/p1.html\n    found via seed a.example → linked b.example/p1.html\n');
    expect(all.stdout).toContain('  * Beta <b>two</b> (2026-11-10)');
    const late = await world.cli(['digest', '--db', world.db, '--since', '2026-11-05', '--format', 'md']);
    expect(late.stdout).toContain('- **[Beta \\<b\\>two\\</b\\>](<http://b.example/p2.html>)** (2026-11-10) Second post about compost.');
    expect(late.stdout).not.toContain('Beta one');
    const out = join(world.dir, 'digest.html');
    const html = await world.cli(['digest', '--db', world.db, '--since', '2026-11-05', '--out', out]);
    expect(html.stderr).toBe(`wrote the digest (1 post from 1 person) to ${out}\n`);
    const page2 = readFileSync(out, 'utf8');
    expect(page2).toMatch(/^<!doctype html>/);
    expect(page2).toContain('Beta &lt;b&gt;two&lt;/b&gt;');
    const none = await world.cli(['digest', '--db', world.db, '--since', '2027-01-01']);
    expect(none.stdout).toBe('nothing new since 2027-01-01: no posts from the top 1 and no movers (run 1, 2026-01-01)\n');
  });

  it('names who picked each person only when the picks come from more than one person', async () => {
    const team = spec();
    team['a.example']['index.html'] = page('Alpha', 'gardening compost', ['http://b.example/', 'http://c.example/'], '/feed.xml');
    Object.assign(team, {
      'c.example': {
        'index.html': page('Gamma', 'compost gardening', [], '/feed.xml'),
        'feed.xml': rss('Gamma', 'http://c.example/', [{ url: 'http://c.example/p1.html', title: 'Gamma one', body: 'Compost at scale.', date: 'Tue, 10 Nov 2026 10:00:00 GMT' }]),
        'p1.html': page('Gamma one', 'compost'),
      },
    });
    world = await makeWorld(team);
    const cli = (...args: string[]) => world!.cli([...args, '--db', world!.db]);
    expect((await cli('discover', world.seeds(['http://a.example/']), '--delay', '0', '-q')).code).toBe(0);
    await cli('pick', 'Beta', '--as', 'ana');
    await cli('pick', 'Gamma', '--as', 'ana');
    const alone = (await cli('digest', '--since', '1')).stdout;
    expect(alone).toMatch(/\nBeta \(#\d+\) http:\/\/b\.example\/\n/);
    expect(alone).not.toContain('picked by');
    await cli('unmark', 'Gamma');
    await cli('pick', 'Gamma', '--as', 'bo');
    const shared = (await cli('digest', '--since', '1')).stdout;
    expect(shared).toMatch(/\nBeta \(#\d+, picked by ana\) http:\/\/b\.example\/\n/);
    expect(shared).toMatch(/\nGamma \(#\d+, picked by bo\) http:\/\/c\.example\/\n/);
  });

  it('says what is wrong with --since and --format in one line', async () => {
    world = await makeWorld(spec());
    await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    const bad = await world.cli(['digest', '--db', world.db, '--since', 'last tuesday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('linernotes: --since takes a span like 7d or 2w, a run number or a date (YYYY-MM-DD), got "last tuesday"\n');
    const run = await world.cli(['digest', '--db', world.db, '--since', '7']);
    expect(run.stderr).toBe('linernotes: --since 7: no such run; `linernotes runs` lists them\n');
    const fmt = await world.cli(['digest', '--db', world.db, '--format', 'pdf']);
    expect(fmt.stderr).toBe('linernotes: --format must be one of text, md, html, got "pdf"\n');
  });
});
