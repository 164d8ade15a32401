// The CLI as a user runs it, against the bundled demo world: discover, rank, export, and the
// CSV holds what the world was built to show (fixtures/demo-world/expected.json).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import { siteKeyOf } from '../../src/extract/site.js';
import { ROOT, runCli, type CliResult } from '../helpers/spawn-cli.js';

const WORLD = join(ROOT, 'fixtures/demo-world');
const expected = JSON.parse(readFileSync(join(WORLD, 'expected.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'ln-demo-'));
const db = join(dir, 'demo.db');
const csvFile = join(dir, 'influencers.csv');
let world: OfflineWorld;
let discover: CliResult;
let rows: Record<string, string>[];
const rankOf = (site: string) => rows.find((r) => siteKeyOf(r.url!) === site)?.rank;

beforeAll(async () => {
  world = await startOfflineWorld(WORLD);
  discover = await runCli(['discover', join(WORLD, 'seeds.txt'), '--db', db, '--topic', expected.topic, '--delay', '0', '--bluesky-api', world.blueskyApi!], world.env);
  const exported = await runCli(['export', '--db', db, '--format', 'csv', '--out', csvFile], world.env);
  expect(exported.code).toBe(0);
  rows = parse(readFileSync(csvFile, 'utf8'), { columns: true, skip_empty_lines: true });
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('demo world, end to end', () => {
  it('finishes and prints a summary on stdout', () => {
    expect(discover.code).toBe(0);
    expect(discover.stdout).toMatch(/^run 1 done: \d+ fetched/);
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
    expect(show.podcast_title).toBe('The Content Hour');
    const guest = rows.find((r) => siteKeyOf(r.url!) === siteKeyOf(expected.podcast.guests[0].href))!;
    expect(guest.guest_on).toBe('The Content Hour');
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
    const fetched = new Set(world.proxy.requests.map((r) => `http://${r.host}${r.path}`));
    for (const url of expected.neverFetched) expect(fetched.has(url), url).toBe(false);
    const hosts = new Set(world.proxy.requests.filter((r) => r.method !== 'CONNECT').map((r) => r.host));
    for (const p of expected.platformsLinked) expect([...hosts].some((h) => h === p || h.endsWith(`.${p}`)), p).toBe(false);
  });

  it('decodes a windows-1252 page', () => {
    const cafe = rows.find((r) => siteKeyOf(r.url!) === siteKeyOf(expected.charset.url))!;
    expect(cafe.name).toBe('Café Éditorial');
  });

  it('rank prints a table to stdout, and --json parses', async () => {
    const table = await runCli(['rank', '--db', db, '--limit', '5'], world.env);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/#\s+name\s+score\s+rel\s+auth\s+seeds\s+where/);
    expect(table.stdout.trim().split('\n')).toHaveLength(6);
    const json = await runCli(['rank', '--db', db, '--limit', '3', '--json'], world.env);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toHaveLength(3);
    expect(parsed[0]).toMatchObject({ rank: 1, name: expect.any(String), via: expect.stringMatching(/^seed /) });
  });

  it('shows a person with a blog, a Bluesky and a Mastodon account as one row with all three', () => {
    const want = expected.social.onePersonAllThree;
    const matches = rows.filter((r) => r.website === want.website);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ bluesky: want.bluesky, mastodon: want.mastodon, platforms: 'web bluesky mastodon' });
    expect(rows.filter((r) => r.bluesky?.includes(want.bluesky) || r.mastodon?.includes(want.mastodon))).toHaveLength(1);
  });

  it('merges blogs with accounts that prove or claim back the same person', () => {
    for (const [site, accounts] of Object.entries(expected.social.mergedWithBlog as Record<string, { bluesky: string }>)) {
      const row = rows.find((r) => siteKeyOf(r.url!) === site)!;
      expect(row.bluesky, site).toBe(accounts.bluesky);
    }
  });

  it('finds a blog reachable only through a boost, with a liner note that crosses networks', () => {
    const { site, mustContain } = expected.social.crossNetworkVia;
    const row = rows.find((r) => siteKeyOf(r.url!) === site);
    expect(row, site).toBeDefined();
    for (const part of mustContain) expect(row!.via).toContain(part);
  });

  it('records accounts it could not read, with the reason', () => {
    const conn = new Database(db, { readonly: true });
    const reason = (url: string) => (conn.prepare('SELECT reason FROM frontier WHERE url = ?').get(url) as { reason: string } | undefined)?.reason;
    for (const [url, why] of Object.entries({ ...expected.social.notReadable, ...expected.social.failedAccounts } as Record<string, string>)) {
      expect(reason(url), url).toContain(why);
    }
    conn.close();
  });
});

describe('demo world: identity evidence beyond rel=me, podcast guests', () => {
  const ev = expected.identityEvidence;

  it('finds a person reachable only as a podcast guest, with a liner note through the show', () => {
    const row = rows.find((r) => siteKeyOf(r.url!) === ev.guestOnly.site);
    expect(row, ev.guestOnly.site).toBeDefined();
    expect(row!.via).toMatch(/^seed /);
    for (const part of ev.guestOnly.mustContain as string[]) expect(row!.via).toContain(part);
    const conn = new Database(db, { readonly: true });
    const edge = conn
      .prepare(`SELECT e.evidence_url FROM edges e JOIN entities f ON f.id = e.from_entity JOIN entities t ON t.id = e.to_entity
                WHERE e.type = 'guest' AND f.key = ? AND t.key = ?`)
      .pluck()
      .all(`site:${ev.guestOnly.show}`, `site:${ev.guestOnly.site}`);
    const inbound = conn
      .prepare(`SELECT DISTINCT e.type FROM edges e JOIN entities t ON t.id = e.to_entity WHERE t.key = ?`)
      .pluck()
      .all(`site:${ev.guestOnly.site}`);
    conn.close();
    expect(edge).toEqual([ev.guestOnly.episode]);
    expect(inbound).toEqual(['guest']);
  });

  it('merges the fediverse account an article credits with fediverse:creator, verified back', () => {
    const row = rows.find((r) => siteKeyOf(r.url!) === ev.fediverseCreator.site)!;
    expect(row.mastodon).toBe(ev.fediverseCreator.mastodon);
    expect(row.platforms).toBe('web mastodon');
    expect(rows.filter((r) => r.mastodon?.includes(ev.fediverseCreator.mastodon))).toHaveLength(1);
    const conn = new Database(db, { readonly: true });
    const claim = conn
      .prepare(`SELECT c.kind FROM identity_claims c JOIN entities f ON f.id = c.from_entity JOIN entities t ON t.id = c.to_entity
                WHERE f.key = ? AND t.key = ? AND c.evidence_url = ?`)
      .pluck()
      .all(`site:${ev.fediverseCreator.site}`, `fedi:${ev.fediverseCreator.mastodon}`, ev.fediverseCreator.article);
    conn.close();
    expect(claim).toEqual(['profile-link']);
  });

  it('keeps a one-way claim apart: two candidates, the claim recorded', () => {
    const site = rows.find((r) => siteKeyOf(r.url!) === ev.oneWayClaim.site)!;
    expect(site.bluesky).toBe('');
    const account = rows.filter((r) => r.bluesky === ev.oneWayClaim.bluesky);
    expect(account).toHaveLength(1);
    expect(account[0]!.website).toBe('');
    const conn = new Database(db, { readonly: true });
    const claims = conn
      .prepare(`SELECT count(*) FROM identity_claims c JOIN entities f ON f.id = c.from_entity JOIN entities t ON t.id = c.to_entity
                WHERE f.key = ? AND t.handle = ?`)
      .pluck()
      .get(`site:${ev.oneWayClaim.site}`, ev.oneWayClaim.bluesky);
    conn.close();
    expect(claims).toBeGreaterThan(0);
  });
});
