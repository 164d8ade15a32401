// `linernotes unmerge`: split a wrongly merged identity, keep it split across recrawls, undo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverArgs, identityWorld } from '../helpers/identity-world.js';
import type { TestWorld } from '../helpers/world.js';

interface Row { rank: number; name: string; website: string; bluesky: string; mastodon: string }

let world: TestWorld;

async function ranked(): Promise<Row[]> {
  const res = await world.cli(['rank', '--db', world.db, '--json']);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout);
}
const dana = async () => (await ranked()).find((r) => r.website === 'http://dana.example/')!;

beforeAll(async () => {
  world = await identityWorld();
  expect((await world.cli(discoverArgs(world))).code).toBe(0);
});

afterAll(async () => {
  await world?.close();
});

describe('unmerge', () => {
  it('asks which identity to split off when given a whole person', async () => {
    const { rank } = await dana();
    const res = await world.cli(['unmerge', '--db', world.db, String(rank)]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`"${rank}" is one person with 3 identities (http://dana.example/, @dana.bsky.social, @dana@toot.example)`);
    expect(res.stderr).toContain('linernotes unmerge @dana@toot.example');
    expect(await dana()).toMatchObject({ bluesky: 'dana.bsky.social', mastodon: 'dana@toot.example' });
  });

  it('refuses an identity that is not merged with anything', async () => {
    const res = await world.cli(['unmerge', '--db', world.db, 'http://lee.example/']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('http://lee.example/ is not merged with anything');
  });

  it('splits the named identity off, shows the evidence it overrules, and rescores at once', async () => {
    const res = await world.cli(['unmerge', '--db', world.db, '@dana@toot.example', '--as', 'ana']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('unmerged @dana@toot.example from http://dana.example/, @dana.bsky.social');
    expect(res.stderr).toMatch(/verified-field: @dana@toot\.example -> http:\/\/dana\.example\/ \(in http:\/\/toot\.example\/@dana, first seen \d{4}-\d\d-\d\d\)/);
    expect(res.stderr).toContain('profile-link: dana.example -> http://toot.example/@dana (in http://dana.example/posts/a.html');
    expect(res.stderr).toContain('undo with: linernotes unmerge --undo @dana@toot.example');
    const rows = await ranked();
    expect(rows.find((r) => r.website === 'http://dana.example/')).toMatchObject({ bluesky: 'dana.bsky.social', mastodon: '' });
    expect(rows.filter((r) => r.mastodon === 'dana@toot.example')).toHaveLength(1);
    const list = await world.cli(['unmerge', '--db', world.db, '--list']);
    expect(list.stdout.trim().split('\n').map((l) => l.split('\t').slice(0, 2))).toEqual([
      ['@dana.bsky.social', '@dana@toot.example'],
      ['@dana@toot.example', 'http://dana.example/'],
    ]);
    // Who split them: the fourth column.
    expect(list.stdout.trim().split('\n').map((l) => l.split('\t')[3])).toEqual(['ana', 'ana']);
  });

  it('stays split after a recrawl records the same claims again', async () => {
    const res = await world.cli(discoverArgs(world));
    expect(res.code, res.stderr).toBe(0);
    expect(await dana()).toMatchObject({ bluesky: 'dana.bsky.social', mastodon: '' });
    const why = await world.cli(['why', '--db', world.db, '@dana@toot.example']);
    expect(why.stdout).toMatch(/verified-field: @dana@toot\.example → dana\.example via http:\/\/dana\.example\/ on http:\/\/toot\.example\/@dana, seen \d{4}-\d\d-\d\d — kept apart by unmerge/);
  });

  it('--undo lets the identity merge again', async () => {
    const res = await world.cli(['unmerge', '--db', world.db, '--undo', '@dana@toot.example']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('lifted 2 vetoes on @dana@toot.example: merged into http://dana.example/ again');
    expect(await dana()).toMatchObject({ mastodon: 'dana@toot.example' });
    expect((await world.cli(['unmerge', '--db', world.db, '--list'])).stdout).toBe('');
    expect((await world.cli(['unmerge', '--db', world.db, '--undo', '@dana@toot.example'])).code).toBe(2);
  });
});
