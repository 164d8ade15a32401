// The same crawl into both stores: discover on the bundled demo world into a SQLite file and
// into a PostgreSQL database (chosen by LINERNOTES_DB, as a user would), then the exports must be
// byte-identical and `why` must tell the same story about the top candidate; then every other
// command (pick, reject, seeds, known, recrawl, runs, rank, the exports, digest, unmark) prints
// the same on both.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import { freshPgDatabase } from '../helpers/pg-databases.js';
import { ROOT, runCli, type CliResult } from '../helpers/spawn-cli.js';

const WORLD = join(ROOT, 'fixtures/demo-world');
const expected = JSON.parse(readFileSync(join(WORLD, 'expected.json'), 'utf8')) as { topic: string };
const dir = mkdtempSync(join(tmpdir(), 'ln-pgdemo-'));
const sqlite = join(dir, 'demo.db');
let postgres: string;
let world: OfflineWorld;
const runs: Record<'sqlite' | 'postgres', CliResult[]> = { sqlite: [], postgres: [] };

/** Run the CLI on one engine: SQLite by --db, PostgreSQL by LINERNOTES_DB. */
function on(engine: 'sqlite' | 'postgres', args: string[]): Promise<CliResult> {
  return engine === 'sqlite'
    ? runCli([...args, '--db', sqlite], world.env)
    : runCli(args, { ...world.env, LINERNOTES_DB: postgres });
}

beforeAll(async () => {
  world = await startOfflineWorld(WORLD);
  postgres = freshPgDatabase('demo');
  for (const engine of ['sqlite', 'postgres'] as const) {
    runs[engine].push(await on(engine, ['discover', join(WORLD, 'seeds.txt'), '--topic', expected.topic, '--delay', '0', '--bluesky-api', world.blueskyApi!]));
    runs[engine].push(await on(engine, ['export', '--format', 'csv']));
    runs[engine].push(await on(engine, ['why', '1']));
  }
}, 240_000);

afterAll(async () => {
  await world?.close();
});

describe('the demo world in SQLite and in PostgreSQL', () => {
  it('crawls it the same way into both', () => {
    for (const engine of ['sqlite', 'postgres'] as const) {
      expect(runs[engine][0]!.code, `${engine}: ${runs[engine][0]!.stderr}`).toBe(0);
    }
    const summary = (r: CliResult) => r.stdout.split('\n')[0]!.replace(/ in \S+$/, ''); // the line ends naming the database
    expect(summary(runs.postgres[0]!)).toBe(summary(runs.sqlite[0]!));
  });

  it('exports byte-identical CSV', () => {
    const [csvLite, csvPg] = [runs.sqlite[1]!, runs.postgres[1]!];
    expect(csvLite.code).toBe(0);
    expect(csvPg.code).toBe(0);
    expect(csvLite.stdout.split('\n').length).toBeGreaterThan(10);
    expect(csvPg.stdout).toBe(csvLite.stdout);
  });

  it('explains the top candidate the same way', () => {
    const [whyLite, whyPg] = [runs.sqlite[2]!, runs.postgres[2]!];
    expect(whyLite.code).toBe(0);
    expect(whyLite.stdout).toMatch(/\S/);
    expect(whyPg.stdout).toBe(whyLite.stdout);
    expect(whyPg.code).toBe(0);
  });
});

/** What the CLI printed, with the database's name, dates and durations taken out. */
function normalized(r: CliResult, db: string): string {
  const text = `exit ${r.code}\n${r.stdout}\n--- stderr\n${r.stderr.split('\n').filter((l) => !/^linernotes: hop /.test(l)).join('\n')}`;
  return text
    .replaceAll(db, 'DB')
    .replaceAll(' --db DB', '') // hints name --db only when it is not the default (LINERNOTES_DB)
    .replace(/\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?Z?)?/g, 'DATE')
    .replace(/\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT/g, 'DATE')
    .replace(/\b\d+(\.\d+)? ?(ms|s|min|pages\/s)\b/g, 'N $2')
    .replace(/ {2,}/g, ' '); // columns padded to a duration's width
}

describe('every other command on both stores', () => {
  const steps: string[][] = [
    ['pick', '2', '--as', 'ana'],
    ['reject', '3', '--as', 'bo'],
    ['seeds', 'list'],
    ['known', 'import', join(dir, 'known.txt')],
    ['recrawl'],
    ['runs'],
    ['runs', '--errors', '1'],
    ['rank', '--limit', '12'],
    ['why', '2', '--json'],
    ['export', '--format', 'json'],
    ['export', '--format', 'opml'],
    ['export', '--format', 'gexf'],
    ['digest', '--since', '1'],
    ['unmark', '2'],
    ['export', '--format', 'csv', '--status', 'all'],
  ];
  const outputs: Record<'sqlite' | 'postgres', string[]> = { sqlite: [], postgres: [] };

  beforeAll(async () => {
    const top = runs.sqlite[1]!.stdout.split('\n')[3]!.split(',').find((f) => /^https?:/.test(f));
    writeFileSync(join(dir, 'known.txt'), `${top}\n`);
    for (const engine of ['sqlite', 'postgres'] as const) {
      for (const args of steps) {
        outputs[engine].push(normalized(await on(engine, args), engine === 'sqlite' ? sqlite : postgres));
      }
    }
  }, 300_000);

  it.each(steps.map((s, i) => [s.join(' '), i] as const))('%s prints the same', (_, i) => {
    expect(outputs.sqlite[i]).toMatch(/^exit (0|4)\n/);
    expect(outputs.postgres[i]).toBe(outputs.sqlite[i]);
  });
});
