import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateQualityWorld, prng, writeQualityWorld, type QualityWorld } from '../../bench/quality-world.js';

const OPTS = { seed: 7, sites: 40, seeds: 3, influencers: 6, farm: 4 };
const world = generateQualityWorld(OPTS);
const { roles } = world;

/** One file that links another host: which site and file it is in. */
interface LinkSite {
  from: string;
  file: string;
}

/** Every cross-site link in the written files, by target host, read back from the files themselves. */
function inboundLinks(w: QualityWorld): Map<string, LinkSite[]> {
  const inbound = new Map<string, LinkSite[]>();
  for (const [rel, content] of w.files) {
    const m = /^sites\/([^/]+)\/(.+)$/.exec(rel);
    if (!m) continue;
    const [, from, file] = m as unknown as [string, string, string];
    for (const [, href] of content.matchAll(/href="(https?:\/\/[^"]+)"/g)) {
      const to = new URL(href!).hostname;
      if (to !== from) inbound.set(to, [...(inbound.get(to) ?? []), { from, file }]);
    }
  }
  return inbound;
}

const inbound = inboundLinks(world);
const sitesOf = (links: LinkSite[] | undefined): Set<string> => new Set((links ?? []).map((l) => l.from));
const htmlPages = (host: string): [string, string][] =>
  [...world.files].filter(([rel]) => rel.startsWith(`sites/${host}/`) && rel.endsWith('.html'));
const count = (text: string, word: string): number => text.split(word).length - 1;

describe('generateQualityWorld', () => {
  it('is deterministic: the same options give the same bytes, another seed another world', () => {
    const again = generateQualityWorld(OPTS);
    expect([...again.files]).toEqual([...world.files]);
    expect(again.roles).toEqual(roles);
    const other = generateQualityWorld({ ...OPTS, seed: 8 });
    expect(other.files.get('world.json')).not.toEqual(world.files.get('world.json'));
  });

  it('plants every role once, with the rest of the sites as noise, and serves no platform', () => {
    const planted = [...roles.seeds, ...roles.influencers, roles.obscure, roles.hub, roles.gateway, ...roles.farm, ...roles.noise];
    expect(new Set(planted).size).toBe(planted.length);
    expect(planted).toHaveLength(OPTS.sites);
    expect(roles.seeds).toHaveLength(3);
    expect(roles.influencers).toHaveLength(6);
    expect(roles.farm).toHaveLength(4);
    expect(roles.noise).toHaveLength(40 - 3 - 6 - 4 - 3);
    for (const host of planted) {
      expect(world.files.has(`sites/${host}/index.html`)).toBe(true);
      expect(world.files.has(`sites/${host}/feed.xml`)).toBe(true);
      expect(world.files.get(`sites/${host}/robots.txt`)).toMatch(/Allow: \//);
    }
    for (const p of roles.platforms) {
      expect([...world.files.keys()].some((k) => k.startsWith(`sites/${p}/`))).toBe(false);
      expect(sitesOf(inbound.get(p)).size).toBeGreaterThan(0);
    }
    expect(world.files.get('seeds.txt')!.trim().split('\n').map((l) => l.split(/\s/)[0])).toEqual(roles.seeds.map((h) => `http://${h}/`));
  });

  it('links every influencer from at least two seeds, and each influencer cites three others', () => {
    for (const i of roles.influencers) {
      const seeds = [...sitesOf(inbound.get(i))].filter((s) => roles.seeds.includes(s));
      expect(seeds.length, i).toBeGreaterThanOrEqual(2);
      const cited = roles.influencers.filter((o) => o !== i && sitesOf(inbound.get(o)).has(i));
      expect(cited, i).toHaveLength(3);
    }
  });

  it('links the obscure author exactly once: one post of one seed (and that post in its feed)', () => {
    const links = inbound.get(roles.obscure)!;
    expect([...sitesOf(links)]).toHaveLength(1);
    expect(roles.seeds).toContain(links[0]!.from);
    expect(links.filter((l) => l.file.endsWith('.html'))).toHaveLength(1);
    expect(links.every((l) => l.file === 'feed.xml' || /^posts\/post-\d\.html$/.test(l.file))).toBe(true);
  });

  it('hides the link farm behind one link on one off-topic page that one seed links', () => {
    const farm = new Set(roles.farm);
    const intoFarm = roles.farm.flatMap((f) => (inbound.get(f) ?? []).filter((l) => !farm.has(l.from)));
    expect(intoFarm).toEqual([{ from: roles.gateway, file: 'posts/post-1.html' }]);
    const toGateway = inbound.get(roles.gateway)!;
    const [seed] = sitesOf(toGateway);
    expect(sitesOf(toGateway).size).toBe(1);
    expect(roles.seeds).toContain(seed);
    // The seed links the very page that holds the farm link, from one of its posts.
    const dealPage = `http://${roles.gateway}/posts/post-1.html`;
    const posts = toGateway.filter((l) => l.file.endsWith('.html'));
    expect(posts).toHaveLength(1);
    expect(world.files.get(`sites/${seed}/${posts[0]!.file}`)).toContain(`href="${dealPage}"`);
    // ...and the gateway's feed carries summaries only, so the farm link is on that page alone.
    expect(world.files.get(`sites/${roles.gateway}/feed.xml`)).not.toContain('href=');
  });

  it('makes the farm link itself densely and stuff the topic words', () => {
    for (const f of roles.farm) {
      for (const [rel, html] of htmlPages(f)) {
        for (const other of roles.farm) if (other !== f) expect(html, rel).toContain(`http://${other}/`);
      }
      const farmHome = world.files.get(`sites/${f}/index.html`)!;
      const seedHome = world.files.get(`sites/${roles.seeds[0]}/index.html`)!;
      expect(count(farmHome, 'sustainable gardening')).toBeGreaterThanOrEqual(10);
      expect(count(farmHome, 'sustainable gardening')).toBeGreaterThan(5 * count(seedHome, 'sustainable gardening'));
    }
  });

  it('links the off-topic hub from almost every page, and the hub writes nothing about gardens', () => {
    const pages = [...world.files].filter(([rel]) => rel.endsWith('.html') && !rel.startsWith(`sites/${roles.hub}/`));
    const linking = pages.filter(([, html]) => html.includes(`http://${roles.hub}/`));
    expect(linking.length / pages.length).toBeGreaterThan(0.8);
    for (const [rel, html] of htmlPages(roles.hub)) expect(html, rel).not.toMatch(/garden|compost|mulch|soil|seedling/i);
  });

  it('rejects sizes too small to hold the planted roles', () => {
    expect(() => generateQualityWorld({ sites: 20 })).toThrow(/`sites`.*got `20`/);
    expect(() => generateQualityWorld({ seed: -1 })).toThrow(RangeError);
  });
});

describe('prng', () => {
  it('repeats its sequence for one seed and stays in [0, 1)', () => {
    const a = prng(42);
    const b = prng(42);
    const xs = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });
});

describe('writeQualityWorld', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ln-quality-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every file byte for byte under the root', () => {
    writeQualityWorld(dir, world);
    for (const [rel, content] of world.files) expect(readFileSync(join(dir, rel), 'utf8'), rel).toBe(content);
    expect(readdirSync(join(dir, 'sites')).sort()).toEqual(
      [...roles.seeds, ...roles.influencers, roles.obscure, roles.hub, roles.gateway, ...roles.farm, ...roles.noise].sort(),
    );
  });
});
