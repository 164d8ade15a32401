// A recrawl of a world that did not change must change nothing: the same sites and accounts
// visited (accounts found only through posts read the first time included), no post page the
// first run did not read, every page and feed asked for conditionally, a byte-identical
// ranking and an empty change report. The world is a generated niche of `npm run bench:quality`
// (blogs, a feed seed, a Bluesky seed that reposts, a Mastodon seed that boosts).
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateNicheWorld } from '../../bench/niche-world.js';
import { writeQualityWorld } from '../../bench/quality-world.js';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import { runCli, type CliResult } from '../helpers/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ln-recrawl-stable-'));
const db = join(dir, 'niche.db');
const niche = generateNicheWorld(2);
let world: OfflineWorld;
let firstRank: CliResult;
let recrawl: CliResult;
let secondRank: CliResult;
let firstRequests = 0;

/** Per run: the URLs its frontier visited (done), by role. */
function visited(run: number): Map<string, string[]> {
  const sqlite = new Database(db, { readonly: true });
  try {
    const rows = sqlite.prepare("SELECT role, url FROM frontier WHERE run_id = ? AND status = 'done' ORDER BY url").all(run) as { role: string; url: string }[];
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.role, [...(out.get(r.role) ?? []), r.url]);
    return out;
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  writeQualityWorld(dir, niche);
  world = await startOfflineWorld(dir);
  const discover = await runCli(['discover', join(dir, 'seeds.txt'), '--db', db, '--topic', niche.topic, '--delay', '0', '--depth', '3', '-q', '--bluesky-api', world.blueskyApi!], world.env);
  expect(discover.code, discover.stderr).toBe(0);
  firstRank = await runCli(['rank', '--db', db, '--json', '--limit', '1000'], world.env);
  firstRequests = world.proxy.requests.length;
  recrawl = await runCli(['recrawl', '--db', db, '--json', '--threshold', '0', '-q'], world.env);
  secondRank = await runCli(['rank', '--db', db, '--json', '--limit', '1000'], world.env);
}, 180_000);

afterAll(async () => {
  await world?.close();
});

describe('recrawl of an unchanged world', () => {
  it('ranks byte for byte the same, the stored scores included', () => {
    expect(recrawl.code, recrawl.stderr).toBe(0);
    expect(firstRank.code).toBe(0);
    expect(JSON.parse(firstRank.stdout).length).toBeGreaterThan(30);
    // Everything but what says which run it is (rank_change: "new" then 0; last_seen).
    const strip = (out: string): string => out.replace(/\n\s*"(rank_change|last_seen)": [^\n]*/g, '');
    expect(strip(secondRank.stdout)).toBe(strip(firstRank.stdout));
    const sqlite = new Database(db, { readonly: true });
    const scores = (run: number): string => JSON.stringify(sqlite.prepare('SELECT entity_id, rank, score, relevance, authority, authority_norm, referrers, seeds_reaching, top_terms, topicality, endorsement FROM scores WHERE run_id = ? ORDER BY rank').all(run));
    expect(scores(2)).toBe(scores(1));
    sqlite.close();
  });

  it('reports no new, rising or falling candidates', () => {
    const { changes } = JSON.parse(recrawl.stdout) as { changes: Record<string, unknown[]> };
    expect(changes.newCandidates).toEqual([]);
    expect(changes.risers).toEqual([]);
    expect(changes.fallers).toEqual([]);
  });

  it('visits the same sites and accounts, accounts found through posts read the first time included', () => {
    const [one, two] = [visited(1), visited(2)];
    for (const role of ['home', 'feed', 'bsky-account', 'fedi-account']) expect(two.get(role) ?? [], role).toEqual(one.get(role) ?? []);
    expect((one.get('bsky-account') ?? []).length).toBeGreaterThan(2);
    // Post pages are read again from the store, never fetched anew: none the first run had not read.
    const firstPages = new Set(one.get('page') ?? []);
    for (const url of two.get('page') ?? []) expect(firstPages.has(url), url).toBe(true);
  });

  it('asks for every page and feed conditionally', () => {
    const apis = new Set(['bsky-api.example', 'toot.example', 'fedi.example']);
    const again = world.proxy.requests.slice(firstRequests).filter((r) => !apis.has(r.host) && r.path !== '/robots.txt');
    expect(again.length).toBeGreaterThan(10);
    for (const r of again) expect(r.headers['if-none-match'] ?? r.headers['if-modified-since'], `${r.host}${r.path}`).toBeDefined();
    expect(again.every((r) => r.status === 304)).toBe(true);
  });
});
