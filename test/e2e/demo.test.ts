// The CLI as a user runs it, against the bundled demo world: discover, rank, export, and the
// CSV holds what the world was built to show (fixtures/demo-world/expected.json).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorldProxy, type WorldProxy } from '../../src/demo/world-proxy.js';
import { siteKeyOf } from '../../src/extract/site.js';
import { ROOT, runCli, type CliResult } from '../helpers/spawn-cli.js';

const WORLD = join(ROOT, 'fixtures/demo-world');
const expected = JSON.parse(readFileSync(join(WORLD, 'expected.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'ln-demo-'));
const db = join(dir, 'demo.db');
const csvFile = join(dir, 'influencers.csv');
let proxy: WorldProxy;
let env: Record<string, string>;
let discover: CliResult;
let rows: Record<string, string>[];
const rankOf = (site: string) => rows.find((r) => siteKeyOf(r.url!) === site)?.rank;

beforeAll(async () => {
  proxy = await startWorldProxy({ root: WORLD });
  env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
  discover = await runCli(['discover', join(WORLD, 'seeds.txt'), '--db', db, '--topic', expected.topic, '--delay', '0'], env);
  const exported = await runCli(['export', '--db', db, '--format', 'csv', '--out', csvFile], env);
  expect(exported.code).toBe(0);
  rows = parse(readFileSync(csvFile, 'utf8'), { columns: true, skip_empty_lines: true });
}, 120_000);

afterAll(async () => {
  await proxy?.close();
});

describe('demo world, end to end', () => {
  it('finishes, reports social seeds as not crawled yet, and prints a summary on stdout', () => {
    expect(discover.code).toBe(0);
    expect(discover.stdout).toMatch(/^run 1 done: \d+ fetched/);
    for (const seed of expected.socialSeedsNotCrawled) expect(discover.stderr).toContain(seed);
    expect(discover.stderr).toMatch(/not crawled yet/);
  });

  it('puts the planted influencers at the top', () => {
    for (const site of expected.topInfluencers) {
      expect(Number(rankOf(site)), site).toBeLessThanOrEqual(expected.topInfluencersWithin);
    }
  });

  it('ranks on-topic candidates above the distractors', () => {
    for (const [above, below] of expected.mustRankAbove as [string, string][]) {
      expect(Number(rankOf(above)), `${above} above ${below}`).toBeLessThan(Number(rankOf(below)));
    }
    for (const site of expected.notInTop10) {
      const rank = rankOf(site);
      expect(rank === undefined || Number(rank) > 10, `${site} at ${rank}`).toBe(true);
    }
  });

  it('never lists seeds or platforms', () => {
    const listed = rows.map((r) => siteKeyOf(r.url!));
    for (const seed of expected.seedKeys) expect(listed).not.toContain(seed);
    for (const platform of expected.platformsLinked) expect(listed).not.toContain(platform);
  });

  it('writes the liner note through the site that led there', () => {
    for (const [site, through] of Object.entries(expected.viaThrough as Record<string, string[]>)) {
      const row = rows.find((r) => siteKeyOf(r.url!) === site)!;
      expect(row.via).toMatch(/^seed /);
      for (const t of through) expect(row.via).toContain(t);
    }
  });

  it('marks the podcast, and follows its guests', () => {
    const show = rows.find((r) => siteKeyOf(r.url!) === expected.podcast.site)!;
    expect(show.podcast).toBe('true');
    expect(show.feed).toBe(expected.podcast.feed);
    const conn = new Database(db, { readonly: true });
    const guests = conn
      .prepare(`SELECT t.key FROM edges e JOIN entities f ON f.id = e.from_entity JOIN entities t ON t.id = e.to_entity
                WHERE e.type = 'guest' AND f.key = ?`)
      .pluck()
      .all(`site:${expected.podcast.site}`);
    conn.close();
    expect(new Set(guests)).toEqual(new Set(expected.podcast.guests.map((g: { href: string }) => `site:${siteKeyOf(g.href)}`)));
  });

  it('counts a moved site once, under its new name', () => {
    const listed = rows.map((r) => siteKeyOf(r.url!));
    for (const [from, to] of Object.entries(expected.movedSites as Record<string, string>)) {
      expect(listed).toContain(to);
      expect(listed).not.toContain(from);
    }
  });

  it('honours robots.txt and never fetches the platforms', () => {
    const fetched = new Set(proxy.requests.map((r) => `http://${r.host}${r.path}`));
    for (const url of expected.neverFetched) expect(fetched.has(url), url).toBe(false);
    const hosts = new Set(proxy.requests.filter((r) => r.method !== 'CONNECT').map((r) => r.host));
    for (const p of expected.platformsLinked) expect([...hosts].some((h) => h === p || h.endsWith(`.${p}`)), p).toBe(false);
  });

  it('decodes a windows-1252 page', () => {
    const cafe = rows.find((r) => siteKeyOf(r.url!) === siteKeyOf(expected.charset.url))!;
    expect(cafe.name).toBe('Café Éditorial');
  });

  it('rank prints a table to stdout, and --json parses', async () => {
    const table = await runCli(['rank', '--db', db, '--limit', '5'], env);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/#\s+name\s+score\s+rel\s+auth\s+seeds\s+url/);
    expect(table.stdout.trim().split('\n')).toHaveLength(6);
    const json = await runCli(['rank', '--db', db, '--limit', '3', '--json'], env);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toHaveLength(3);
    expect(parsed[0]).toMatchObject({ rank: 1, name: expect.any(String), via: expect.stringMatching(/^seed /) });
  });
});
