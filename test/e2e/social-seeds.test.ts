// Account seeds given as the URLs people copy from their browser: a Mastodon profile URL
// (`http://host/@user`, checked with NodeInfo and read through the API, never as a web page)
// and a Bluesky profile URL. Someone reachable only through the Mastodon seed's boost is found,
// with liner notes that start at that seed; someone only the Bluesky seed reposts is found too.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import type { SocialWorld } from '../../src/demo/social-world.js';
import { runCli, type CliResult } from '../helpers/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ln-social-seeds-'));
const db = join(dir, 'seeds.db');
const social: SocialWorld = {
  bluesky: {
    host: 'bsky-api.example',
    accounts: [
      { did: 'did:plc:seedsky0000000000000000', handle: 'seedsky.bsky.social', displayName: 'Seed Sky', posts: [
        { rkey: '3lrepost0000001', text: '', createdAt: '2026-11-10T10:00:00Z', repostOf: { did: 'did:plc:onlyrepost00000000000000', rkey: '3lonly00000001' } },
        { rkey: '3lseed00000001', text: 'Compost, mulch and rainwater: the no-dig garden notes.', createdAt: '2026-11-09T10:00:00Z' },
      ] },
      { did: 'did:plc:onlyrepost00000000000000', handle: 'reposted.bsky.social', displayName: 'Only Reposted', posts: [
        { rkey: '3lonly00000001', text: 'Leaf mould and comfrey tea for a peat-free garden.', createdAt: '2026-11-08T10:00:00Z' },
      ] },
    ],
  },
  mastodon: {
    instances: [
      { host: 'toot.example', accounts: [{ id: '1', username: 'gardener', displayName: 'The Gardener', note: '<p>No-dig gardening, compost and pollinators.</p>', statuses: [
        { id: '1990', createdAt: '2026-11-10T09:00:00Z', content: '', reblogOf: { acct: 'boosted@fedi.example', id: '2500' } },
        { id: '1500', createdAt: '2026-11-09T09:00:00Z', content: '<p>Mulching the raised beds before the frost, peat-free compost only.</p>' },
      ] }] },
      { host: 'fedi.example', accounts: [{ id: '2', username: 'boosted', displayName: 'Boosted Only', note: '<p>Wildflower meadows and hedgerows.</p>', statuses: [
        { id: '2500', createdAt: '2026-11-08T09:00:00Z', content: '<p>Sowed a wildflower meadow; the bumblebees found it in a week. Compost helps.</p>' },
      ] }] },
    ],
  },
};
let world: OfflineWorld;
let discover: CliResult;
let rows: Record<string, string>[];

beforeAll(async () => {
  mkdirSync(join(dir, 'sites'), { recursive: true });
  writeFileSync(join(dir, 'social.json'), JSON.stringify(social));
  writeFileSync(join(dir, 'seeds.txt'), 'http://toot.example/@gardener   # Mastodon seed as a profile URL\nhttps://bsky.app/profile/seedsky.bsky.social\n');
  world = await startOfflineWorld(dir);
  discover = await runCli(['discover', join(dir, 'seeds.txt'), '--db', db, '--topic', 'gardening', '--delay', '0', '--bluesky-api', world.blueskyApi!], world.env);
  const exported = await runCli(['export', '--db', db, '--format', 'json'], world.env);
  expect(exported.code).toBe(0);
  rows = JSON.parse(exported.stdout);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('profile URLs as seeds', () => {
  it('reads the Mastodon profile URL as an account: NodeInfo, then the API, no web page or feed probes', () => {
    expect(discover.code).toBe(0);
    const paths = world.proxy.requests.filter((r) => r.host === 'toot.example').map((r) => r.path.split('?')[0]);
    expect(paths).toContain('/.well-known/nodeinfo');
    expect(paths).toContain('/api/v1/accounts/lookup');
    expect(paths.some((p) => p!.startsWith('/api/v1/accounts/1/statuses'))).toBe(true);
    expect(paths).not.toContain('/@gardener');
    for (const probe of ['/feed', '/rss.xml', '/feed.xml', '/atom.xml', '/index.xml']) expect(paths).not.toContain(probe);
  });

  it('finds the person only the Mastodon seed boosted, with a via that starts at that seed', () => {
    const boosted = rows.find((r) => r.mastodon === 'boosted@fedi.example');
    expect(boosted, JSON.stringify(rows.map((r) => r.url))).toBeDefined();
    expect(boosted!.via).toMatch(/^seed @?gardener@toot\.example → boosted @boosted@fedi\.example$/);
  });

  it('finds the account only the Bluesky seed (given as https://bsky.app/profile/…) reposted', () => {
    const reposted = rows.find((r) => r.bluesky === 'reposted.bsky.social');
    expect(reposted).toBeDefined();
    expect(reposted!.via).toMatch(/^seed @?seedsky\.bsky\.social → reposted @reposted\.bsky\.social$/);
  });
});
