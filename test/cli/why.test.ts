// `linernotes why` in-process on a small crawled world: the report's sections, --json, finding
// the candidate by rank, URL, handle or name, and the one-line errors (exit 2).
import { Command, CommanderError } from 'commander';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { registerWhy } from '../../src/cli/commands/why.js';
import type { RegisterCommand } from '../../src/cli/options.js';
import { LinernotesError, oneLine } from '../../src/errors.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore, dbOf } from '../../src/store/store.js';
import { makeWorld, page, rss, type TestWorld } from '../helpers/world.js';

/** Run one registered command the way main() does (main's command list is the lead's). */
async function run(register: RegisterCommand, args: string[], env: NodeJS.ProcessEnv = { NO_COLOR: '1' }) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env,
  };
  let code = 0;
  const program = new Command('linernotes').exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  register(program, { io, clock: new ManualClock(), setExit: (c) => (code = c) });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return { code: err.exitCode === 0 ? 0 : 2, stdout, stderr };
    stderr += `linernotes: ${oneLine(err)}\n`;
    code = err instanceof LinernotesError ? err.exitCode : 1;
  }
  return { code, stdout, stderr };
}

function relMePage(title: string, relMe: string[], links: string[]): string {
  return `<html><head><title>${title}</title></head><body><main><p>content strategy and editorial calendars</p>
${relMe.map((l) => `<a rel="me" href="${l}">me</a>`).join('')}${links.map((l) => `<a href="${l}">${l}</a>`).join('')}</main></body></html>`;
}

let world: TestWorld;
const why = (...args: string[]) => run(registerWhy, ['why', ...args, '--db', world.db]);

beforeAll(async () => {
  world = await makeWorld({
    's1.example': {
      'index.html': page('Content Strategy Weekly', 'content strategy and editorial calendars', ['http://t.example/', 'http://r.example/'], '/feed.xml'),
      'feed.xml': rss('Content Strategy Weekly', 'http://s1.example/', [
        { url: 'http://s1.example/p1.html', title: 'One', body: '<a href="http://t.example/a.html">t</a>', date: 'Tue, 20 Oct 2026 10:00:00 GMT' },
        { url: 'http://s1.example/p2.html', title: 'Two', body: '<a href="http://t.example/b.html">t</a>', date: 'Thu, 05 Nov 2026 10:00:00 GMT' },
      ]),
      'p1.html': page('One', 'content strategy'),
      'p2.html': page('Two', 'content strategy'),
    },
    'r.example': { 'index.html': page('Roundup', 'links about editorial calendars', ['http://t2.example/']) },
    't.example': { 'index.html': relMePage('Tess on Content', ['http://t2.example/'], []) },
    't2.example': { 'index.html': relMePage('Tess Two', ['http://t.example/'], []) },
  });
  const res = await world.cli(['discover', world.seeds(['http://s1.example/']), '--db', world.db, '--delay', '0', '-q']);
  expect(res.code).toBe(0);
  // Extraction already cleans titles; a name with escapes in the db must still never reach the terminal raw.
  const rw = createStore(openDatabase(world.db));
  dbOf(rw).prepare("UPDATE entities SET name = ? WHERE key = 'site:r.example'").run('Roundup\u001b[2J\u009b31m\u202e');
  rw.close();
});

afterAll(async () => {
  await world?.close();
});

function rankOf(key: string): number {
  const store = createStore(openDatabase(world.db, { readonly: true }));
  try {
    const id = store.graph.entityByKey(key)!.id;
    return store.scores.forRun(store.runs.latestFinished()!.id).find((s) => s.entityId === id)!.rank;
  } finally {
    store.close();
  }
}

describe('linernotes why', () => {
  it('prints who it is, the liner notes, the evidence, the terms, the score and the claims', async () => {
    const res = await why(String(rankOf('site:t.example')));
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = res.stdout;
    expect(out.split('\n')[0]).toBe(`Tess on Content  #${rankOf('site:t.example')}, new`);
    expect(out).toContain('website  http://t.example/');
    const sections = ['Why it is here', 'Evidence', 'Relevant for', 'Score', 'Identity claims'].map((s) => out.indexOf(`\n${s}\n`));
    expect(sections.every((i) => i > 0)).toBe(true);
    expect([...sections].sort((a, b) => a - b)).toEqual(sections);
    expect(out).toContain('  seed s1.example → linked t.example\n');
    expect(out).toContain('  seed s1.example → linked r.example → linked t2.example\n');
    expect(out).toContain('Content Strategy Weekly (seed) linked it in its feed 2 times — http://s1.example/p2.html (2026-11-05), http://s1.example/p1.html (2026-10-20)');
    expect(out).toMatch(/Roundup \(hop 1\) linked it once — http:\/\/r\.example\/ \(\d{4}-\d\d-\d\d\)/);
    // The score line adds up: score = gate × authority, each part explained below it.
    const [, score, gate, authority] = /\n {2}(\d\.\d{3}) = gate (\d\.\d{2}) × authority (\d\.\d{3})\n/.exec(out)!;
    expect(Number(score)).toBeCloseTo(Number(gate) * Number(authority), 2);
    expect(out).toMatch(/\n {2}gate \d\.\d{2}: relevance \d\.\d{3} is topicality \d\.\d{2} of the niche's typical on-topic level/);
    expect(out).toMatch(/\n {2}authority \d\.\d{3}: endorsement \d+\.\d{2} of the best \d+\.\d{2}/);
    expect(out).toMatch(/trust \(pagerank\) \S+, 2 referrers, 1 seed reaching/);
    expect(out).toMatch(/rel-me: t\.example → t2\.example via http:\/\/t2\.example\/ on http:\/\/t\.example\/, seen \d{4}-\d{2}-\d{2} — merged/);
    expect(out).toMatch(/Relevant for\n {2}\S/);
    expect(out).not.toMatch(/[\u001b\u009b\u202e]/);
  });

  it('finds the same person by rank, URL of either site, handle-like domain or name', async () => {
    const byRank = (await why(String(rankOf('site:t.example')))).stdout;
    for (const q of ['http://t2.example/', 'http://t.example/', 't.example', 'Tess on Content', 'Tess']) {
      const res = await why(q);
      expect(res.code, q).toBe(0);
      expect(res.stdout, q).toBe(byRank);
    }
  });

  it('prints the explanation as JSON with --json', async () => {
    const res = await why('t.example', '--json');
    expect(res.code).toBe(0);
    const ex = JSON.parse(res.stdout);
    expect(Object.keys(ex)).toEqual(['entityId', 'name', 'rank', 'status', 'pickedBy', 'note', 'identities', 'score', 'topTerms', 'reading', 'history', 'paths', 'evidence', 'evidenceTotal', 'claims']);
    expect(ex).toMatchObject({ name: 'Tess on Content', rank: rankOf('site:t.example'), status: 'new' });
    expect(Object.keys(ex.score)).toEqual(['score', 'relevance', 'topicality', 'gate', 'authority', 'endorsement', 'bestEndorsement', 'pagerank', 'referrers', 'seedsReaching', 'relevanceWeight']);
    expect(ex.evidence[0]).toMatchObject({ from: 'Content Strategy Weekly', fromIsSeed: true, fromDepth: 0, type: 'feed-item', count: 2 });
    expect(ex.evidence[0].examples[0]).toEqual({ evidenceUrl: 'http://s1.example/p2.html', targetUrl: 'http://t.example/b.html', date: '2026-11-05' });
    expect(ex.claims).toHaveLength(2);
  });

  it('refuses an ambiguous name in one line, listing the matches, exit 2', async () => {
    const res = await why('Content');
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toBe(`linernotes: "Content" matches 2 candidates (#${rankOf('site:t.example')} "Tess on Content", seed "Content Strategy Weekly"); use the rank number or the URL\n`);
  });

  it('refuses an unknown candidate or rank in one line, exit 2', async () => {
    for (const q of ['nobody at all', '999']) {
      const res = await why(q);
      expect(res.code, q).toBe(2);
      expect(res.stderr.trim().split('\n'), q).toHaveLength(1);
      expect(res.stderr, q).toMatch(/no candidate (matches|at rank)/);
    }
  });

  it('says what to do when there is no database or nothing ranked yet', async () => {
    const missing = await run(registerWhy, ['why', '1', '--db', join(world.dir, 'missing.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.db: no such database; run `linernotes discover/);
    const emptyDb = join(world.dir, 'empty.db');
    openDatabase(emptyDb).close();
    const empty = await run(registerWhy, ['why', '1', '--db', emptyDb]);
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.stderr).toMatch(/nothing ranked yet/);
  });

  it('has help with examples', async () => {
    const res = await run(registerWhy, ['why', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Examples:\n\s+\$ linernotes why 3 --db niche\.db/);
  });
});
