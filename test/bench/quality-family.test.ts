// The quality benchmark family: niche worlds are deterministic and vary as the issue asks, and
// the figures and the family summary are computed as documented.
import { describe, expect, it } from 'vitest';
import { generateNicheWorld } from '../../bench/niche-world.js';
import { familySummary, viaStartsAt, worldFigures, type FamilyRow } from '../../bench/quality-family.js';
import type { SocialWorld } from '../../src/demo/social-world.js';

describe('generateNicheWorld', () => {
  it('is deterministic and varies its structure within the ranges the benchmark promises', () => {
    expect([...generateNicheWorld(3).files]).toEqual([...generateNicheWorld(3).files]);
    const topics = new Set<string>();
    const seedCounts = new Set<number>();
    for (let i = 1; i <= 20; i++) {
      const w = generateNicheWorld(i);
      topics.add(w.topic);
      const seeds = w.files.get('seeds.txt')!.split('\n').filter((l) => l && !l.startsWith('#'));
      seedCounts.add(seeds.length);
      expect(seeds.length).toBeGreaterThanOrEqual(2);
      expect(seeds.length).toBeLessThanOrEqual(5);
      expect(seeds.some((l) => /^http:\/\/toot\.example\/(@|users\/)/.test(l))).toBe(true); // the Mastodon seed, as a URL
      expect(w.answer.authorities.length).toBeGreaterThanOrEqual(5);
      expect(w.answer.authorities.length).toBeLessThanOrEqual(10);
      const writers = w.answer.writers.length + w.answer.friends.length; // the seeds' close friends are writers too
      expect(writers).toBeGreaterThanOrEqual(15);
      expect(writers).toBeLessThanOrEqual(40);
      expect(w.answer.farm.length).toBeGreaterThanOrEqual(5);
      const social = JSON.parse(w.files.get('social.json')!) as SocialWorld;
      const boosts = social.mastodon!.instances.flatMap((x) => x.accounts).flatMap((a) => a.statuses).filter((s) => s.reblogOf);
      expect(boosts.map((b) => `acct:${b.reblogOf!.acct}`)).toContain(w.answer.boostOnly);
      if (seeds.some((l) => /^(https:\/\/bsky\.app\/|bsky:)/.test(l))) expect(social.bluesky!.accounts[0]!.posts.some((p) => p.repostOf)).toBe(true);
    }
    expect(topics.size).toBeGreaterThanOrEqual(3);
    expect(seedCounts.size).toBeGreaterThanOrEqual(3);
  });

  it("checks its own key by the links it rendered: the weakest authority's distinct referrers", () => {
    for (const i of [3, 10, 28]) {
      const w = generateNicheWorld(i);
      // Distinct sites whose rendered pages link each authority's home page, plus social accounts
      // whose posts do (social.json holds every account's text and links).
      const social = w.files.get('social.json')!;
      const accounts = (JSON.parse(social) as SocialWorld).bluesky?.accounts.length ?? 0;
      const bySites = (host: string): number => new Set([...w.files].filter(([path, body]) => path.startsWith('sites/') && !path.startsWith(`sites/${host}/`) && body.includes(`http://${host}/`)).map(([path]) => path.split('/')[1])).size;
      const counts = w.answer.authorities.map(bySites);
      const planned = w.answer.planned!;
      // Accounts add at most one referrer each; the rendered sites alone give a lower bound.
      expect(Math.min(...counts)).toBeLessThanOrEqual(planned.weakestAuthority);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(planned.weakestAuthority - accounts - 2);
      expect(planned.strongestOther.role).not.toBe('authority');
      expect(planned.strongestOther.referrers).toBeGreaterThan(0);
    }
  });
});

describe('family figures', () => {
  const answer = {
    topic: 't', authorities: ['a1.example', 'a2.example'], friends: [], writers: [], farm: ['f.example'], hub: ['h.example'], noise: [],
    platforms: ['en.wikipedia.org'], boostOnly: 'acct:b@fedi.example', guestOnly: 'g.example', mastodonSeed: 'seed@toot.example',
  };
  const rows: FamilyRow[] = [
    { rank: 1, keys: ['a1.example'], via: '' },
    { rank: 2, keys: ['w.example'], via: '' },
    { rank: 3, keys: ['a2.example'], via: '' },
    { rank: 4, keys: ['toot.example', 'acct:b@fedi.example'], via: 'seed @seed@toot.example → boosted @b@fedi.example' },
    { rank: 25, keys: ['f.example'], via: '' },
  ];

  it('counts authorities in the top k, precision@10 and the best ranks of the distractors', () => {
    const f = worldFigures('w', rows, answer);
    expect(f).toMatchObject({ k: 2, authoritiesInTopK: 1, topKShare: 0.5, precisionAt10: 0.2, maxPrecisionAt10: 0.2, farmBest: 25, hubBest: null, platformBest: null });
    expect(f).toMatchObject({ boostOnlyRank: 4, boostOnlyViaSeed: true, guestOnlyRank: null, guestOnlyViaShow: false });
    expect(viaStartsAt('seed other.example → boosted @b@fedi.example', 'seed@toot.example')).toBe(false);
  });

  it('summarizes min / median / max and counts the found people', () => {
    const a = worldFigures('a', rows, answer);
    const b = worldFigures('b', [{ rank: 1, keys: ['a2.example'], via: '' }, { rank: 2, keys: ['a1.example'], via: '' }, { rank: 9, keys: ['g.example'], via: 'seed s.example → linked show.example → had as guest g.example' }], answer);
    const s = familySummary([a, b]);
    expect(s.topKShare).toEqual({ min: 0.5, median: 0.75, max: 1 });
    expect(s).toMatchObject({ worlds: 2, farmBest: 25, perfectWorlds: 1, boostOnlyFound: '1 of 2', guestOnlyFound: '1 of 2' });
  });

  it('lists each missed authority with who holds its top-k place and whether that one is as broadly endorsed', () => {
    const withFriend = { ...answer, friends: ['fr.example'] };
    const ranked: FamilyRow[] = [
      { rank: 1, keys: ['a1.example'], via: '', referrers: 20 },
      { rank: 2, keys: ['fr.example'], via: '', referrers: 9 },
      { rank: 3, keys: ['a2.example'], via: '', referrers: 9 },
    ];
    const f = worldFigures('w', ranked, withFriend);
    expect(f.misses).toEqual([{ key: 'a2.example', rank: 3, referrers: 9, above: [{ key: 'fr.example', role: 'friend', rank: 2, referrers: 9 }], tiedOnBreadth: true }]);
    const broader = worldFigures('w', ranked.map((r) => (r.rank === 3 ? { ...r, referrers: 10 } : r)), withFriend);
    expect(broader.misses[0]!.tiedOnBreadth).toBe(false);
    expect(familySummary([f, broader])).toMatchObject({ misses: 2, missesTiedOnBreadth: 1 });
    expect(worldFigures('w', rows, answer).misses.map((m) => m.key)).toEqual(['a2.example']);
  });

  it('flags a world whose plan gives a non-authority as many referrers as the weakest authority', () => {
    const planned = (other: number) => ({ ...answer, planned: { weakestAuthority: 9, strongestOther: { key: 'fr.example', role: 'friend' as const, referrers: other } } });
    const tied = worldFigures('w', rows, planned(9));
    const clear = worldFigures('w', rows, planned(8));
    expect([tied.keyAmbiguous, clear.keyAmbiguous, worldFigures('w', rows, answer).keyAmbiguous]).toEqual([true, false, undefined]);
    expect(familySummary([tied, clear]).ambiguousKeys).toBe(1);
  });
});
