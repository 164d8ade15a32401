// The same crawl into both stores: discover on the bundled demo world into a SQLite file and
// into a PostgreSQL database (chosen by LINERNOTES_DB, as a user would), then the exports must be
// byte-identical and `why` must tell the same story about the top candidate.
import { mkdtempSync, readFileSync } from 'node:fs';
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
    const t = Date.now();
    runs[engine].push(await on(engine, ['discover', join(WORLD, 'seeds.txt'), '--topic', expected.topic, '--delay', '0', '--bluesky-api', world.blueskyApi!]));
    runs[engine].push(await on(engine, ['export', '--format', 'csv']));
    runs[engine].push(await on(engine, ['why', '1']));
    console.log(`${engine}: discover, export, why in ${Date.now() - t} ms; ${runs[engine][0]!.stdout.split('\n')[0]}`);
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
