// Identity evidence beyond rel=me and podcast guests, through a real crawl of a small world.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverArgs, identityWorld } from '../helpers/identity-world.js';
import type { TestWorld } from '../helpers/world.js';

interface Row { name: string; website: string; bluesky: string; mastodon: string; platforms: string; via: string }

let world: TestWorld;
let rows: Row[];

beforeAll(async () => {
  world = await identityWorld();
  const res = await world.cli(discoverArgs(world));
  expect(res.code, res.stderr).toBe(0);
  rows = JSON.parse((await world.cli(['rank', '--db', world.db, '--json'])).stdout);
});

afterAll(async () => {
  await world?.close();
});

describe('identity evidence beyond rel=me', () => {
  it('merges a blog whose footer links a Bluesky profile that names the blog as its website', () => {
    const dana = rows.filter((r) => r.website === 'http://dana.example/');
    expect(dana).toHaveLength(1);
    expect(dana[0]!.bluesky).toBe('dana.bsky.social');
  });

  it('merges the fediverse account an article credits with fediverse:creator, whose verified field points back', () => {
    expect(rows.find((r) => r.website === 'http://dana.example/')!.mastodon).toBe('dana@toot.example');
    expect(rows.filter((r) => r.mastodon.includes('dana@toot.example'))).toHaveLength(1);
    expect(world.proxy.requests.some((r) => r.host === 'toot.example' && r.path.startsWith('/api/v1/accounts/'))).toBe(true);
  });

  it('keeps a one-way claim apart: a footer link to a profile that never claims the blog', () => {
    const lee = rows.find((r) => r.website === 'http://lee.example/')!;
    expect(lee.bluesky).toBe('');
    const account = rows.find((r) => r.bluesky === 'lee.bsky.social');
    expect(account).toBeDefined();
    expect(account!.website).toBe('');
  });
});

describe('podcast guests', () => {
  it('finds a person reachable only as a guest, with a liner note through the show', () => {
    const guest = rows.find((r) => r.website === 'http://guest-only.example/');
    expect(guest).toBeDefined();
    expect(guest!.via).toBe('seed seed.example → linked show.example/episodes/ep-1 → had as guest guest-only.example');
  });
});
