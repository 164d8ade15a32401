// Already-known people on the demo world, as a user runs it: crawl, import an OPML that lists two
// of the top candidates (one by its feed, one by its site), and rank/export leave them out by
// default and show them, marked known, with --include-known.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import { siteKeyOf } from '../../src/extract/site.js';
import { ROOT, runCli, type CliResult } from '../helpers/spawn-cli.js';

const WORLD = join(ROOT, 'fixtures/demo-world');
const OPML = join(ROOT, 'fixtures/known/demo-follows.opml');
/** The two top candidates the OPML lists. */
const KNOWN = ['contentstrategyweekly.example', 'editorial-calendar.example'];
const db = join(mkdtempSync(join(tmpdir(), 'ln-known-e2e-')), 'demo.db');
let world: OfflineWorld;
let before: { url: string; rank: number }[];
let imported: CliResult;

type Row = { url: string; rank: number; known: boolean };
const sites = (rows: { url: string }[]) => rows.map((r) => siteKeyOf(r.url));

beforeAll(async () => {
  world = await startOfflineWorld(WORLD);
  const discover = await runCli(['discover', join(WORLD, 'seeds.txt'), '--db', db, '--topic', 'content marketing', '--delay', '0', '-q', '--bluesky-api', world.blueskyApi!], world.env);
  expect(discover.code).toBe(0);
  before = JSON.parse((await runCli(['rank', '--db', db, '--json', '--limit', '1000'], world.env)).stdout);
  imported = await runCli(['known', 'import', OPML, '--db', db], world.env);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('known people on the demo world', () => {
  it('lists the two planted influencers near the top before the import', () => {
    for (const site of KNOWN) expect(sites(before.slice(0, 5)), site).toContain(site);
  });

  it('imports the OPML and reports its broken outline by line', () => {
    expect(imported.code).toBe(0);
    expect(imported.stderr).toBe(`${OPML}:8: outline "A typo": xmlUrl "htp://nowhere" is not a URL\nknown: 2 added, 0 already known, 1 bad line skipped (OPML ${OPML})\n`);
  });

  it('leaves them out of rank by default, with one stderr line saying so', async () => {
    const res = await runCli(['rank', '--db', db, '--json', '--limit', '1000'], world.env);
    expect(res.stderr).toBe('2 known candidates hidden (--include-known shows them)\n');
    const rows: Row[] = JSON.parse(res.stdout);
    for (const site of KNOWN) expect(sites(rows)).not.toContain(site);
    expect(rows).toHaveLength(before.length - 2);
    expect(rows.every((r) => r.known === false)).toBe(true);
  });

  it('shows them, marked known, with --include-known; rank numbers do not change', async () => {
    const res = await runCli(['rank', '--db', db, '--json', '--limit', '1000', '--include-known'], world.env);
    expect(res.stderr).toBe('');
    const rows: Row[] = JSON.parse(res.stdout);
    expect(rows.map((r) => [r.rank, r.url])).toEqual(before.map((r) => [r.rank, r.url]));
    expect(rows.filter((r) => r.known).map((r) => siteKeyOf(r.url)).sort()).toEqual(KNOWN);
  });

  it('exports a known column: hidden by default, true for them with --include-known', async () => {
    const hidden = await runCli(['export', '--db', db, '--format', 'csv'], world.env);
    expect(hidden.stderr).toBe('2 known candidates hidden (--include-known shows them)\n');
    expect(sites(parse(hidden.stdout, { columns: true }))).not.toContain(KNOWN[0]);
    const all: Record<string, string>[] = parse((await runCli(['export', '--db', db, '--format', 'csv', '--include-known'], world.env)).stdout, { columns: true });
    expect(Object.keys(all[0]!).slice(0, 7)).toEqual(['rank', 'name', 'url', 'status', 'picked_by', 'note', 'known']);
    expect(all.filter((r) => r.known === 'true').map((r) => siteKeyOf(r.url!)).sort()).toEqual(KNOWN);
  });
});
