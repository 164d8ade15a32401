import { describe, expect, it } from 'vitest';
import { hostOf, median, placement, precisionAtK, qualityFigures, rankOf, type RankedHost } from '../../bench/quality-metrics.js';
import type { PlantedRoles } from '../../bench/quality-world.js';

/** Ranked hosts in the order given, ranks 1..n, with made-up numbers. */
function ranking(hosts: string[]): RankedHost[] {
  return hosts.map((host, i) => ({ rank: i + 1, host, score: 1 - i / 100, relevance: 0.5, authority: 0.5 }));
}

const roles: PlantedRoles = {
  seeds: ['s1.example'],
  influencers: ['i1.example', 'i2.example', 'i3.example'],
  obscure: 'o.example',
  hub: 'hub.example',
  gateway: 'gate.example',
  farm: ['f1.example', 'f2.example', 'f3.example', 'f4.example'],
  noise: ['n1.example', 'n2.example'],
  platforms: ['en.wikipedia.org'],
};

describe('precisionAtK', () => {
  it('counts the relevant hosts among the first k positions', () => {
    const r = ranking(['a', 'x', 'b', 'y', 'c']);
    expect(precisionAtK(r, new Set(['a', 'b', 'c']), 2)).toBe(0.5);
    expect(precisionAtK(r, new Set(['a', 'b', 'c']), 5)).toBe(0.6);
  });

  it('goes by rank, not by the order rows arrive in', () => {
    const r = ranking(['a', 'x', 'y']).reverse();
    expect(precisionAtK(r, new Set(['a']), 1)).toBe(1);
  });

  it('counts the gaps of a ranking shorter than k as misses', () => {
    expect(precisionAtK(ranking(['a', 'b']), new Set(['a', 'b']), 10)).toBe(0.2);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => precisionAtK([], new Set(), 0)).toThrow(/`k`.*got `0`/);
    expect(() => precisionAtK([], new Set(), 1.5)).toThrow(RangeError);
  });
});

describe('rankOf, median, placement', () => {
  it('finds a rank or says null', () => {
    const r = ranking(['a', 'b']);
    expect(rankOf(r, 'b')).toBe(2);
    expect(rankOf(r, 'zzz')).toBeNull();
  });

  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  it('places a group by its ranked members and counts the missing ones', () => {
    const r = ranking(['a', 'f1', 'b', 'f2', 'c', 'f3']);
    expect(placement(r, ['f1', 'f2', 'f3', 'f4'])).toEqual({ best: 2, median: 4, worst: 6, ranked: 3, total: 4 });
    expect(placement(r, ['nope'])).toEqual({ best: null, median: null, worst: null, ranked: 0, total: 1 });
  });
});

describe('hostOf', () => {
  it('reads the host of http(s) URLs only and never throws', () => {
    expect(hostOf('http://I1.Example/path')).toBe('i1.example');
    expect(hostOf('https://x.example')).toBe('x.example');
    expect(hostOf('mailto:a@b.example')).toBeNull();
    expect(hostOf('not a url')).toBeNull();
    expect(hostOf('')).toBeNull();
  });
});

describe('qualityFigures', () => {
  it('reports where the planted influencers and every distractor landed', () => {
    // 25 places: two influencers on top, the farm entry and the obscure author in the top 10,
    // the third influencer sunk to 22, the hub and the rest of the farm further down.
    const order = [
      'i1.example', 'i2.example', 'n1.example', 'f1.example', 'o.example', 'x1', 'x2', 'x3', 'x4', 'x5',
      'x6', 'x7', 'x8', 'x9', 'x10', 'x11', 'x12', 'x13', 'x14', 'x15',
      'hub.example', 'i3.example', 'f2.example', 'f3.example', 'n2.example',
    ];
    const f = qualityFigures(ranking(order), roles);
    expect(f.candidates).toBe(25);
    expect(f.precisionAt10).toBe(0.2);
    expect(f.precisionAt20).toBe(0.1);
    expect(f.maxPrecisionAt20).toBe(0.15);
    expect(f.influencers).toEqual({ best: 1, median: 2, worst: 22, ranked: 3, total: 3 });
    expect(f.obscureRank).toBe(5);
    expect(f.hubRank).toBe(21);
    expect(f.gatewayRank).toBeNull();
    expect(f.farm).toEqual({ best: 4, median: 23, worst: 24, ranked: 3, total: 4 });
    expect(f.noiseInTop10).toBe(1);
    expect(f.noiseInTop20).toBe(1);
    expect(f.sunkInfluencers).toEqual([{ host: 'i3.example', rank: 22 }]);
    expect(f.liftedIntoTop20.slice(0, 3).map((r) => [r.rank, r.host, r.role])).toEqual([
      [3, 'n1.example', 'noise'],
      [4, 'f1.example', 'farm'],
      [5, 'o.example', 'obscure'],
    ]);
    expect(f.liftedIntoTop20[3]!.role).toBe('unknown');
  });

  it('lists unranked influencers after the ranked ones when they sink', () => {
    const f = qualityFigures(ranking(['i2.example']), roles);
    expect(f.sunkInfluencers).toEqual([
      { host: 'i1.example', rank: null },
      { host: 'i3.example', rank: null },
    ]);
    expect(f.precisionAt10).toBe(0.1);
  });
});
