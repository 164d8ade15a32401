// One test per property the ranking promises (see the header of src/rank/score.ts), on a small
// made-up niche: three seeds with lives of their own, their three close friends, twenty ordinary
// writers, a broadly cited authority, a narrowly cited one that writes exactly like the seeds,
// a keyword-stuffed farm entered through one link, a weather hub everyone links, a cook.
import { describe, expect, it } from 'vitest';
import { GATE_LOW, relevanceGate } from '../../src/rank/gate.js';
import { rankEntities } from '../../src/rank/score.js';
import type { EdgeType, RankEdge, RankEntity, RankedCandidate } from '../../src/rank/types.js';

const GARDEN = 'compost mulch soil seedling pollinator bumblebee hedgerow allotment comfrey wildflower meadow raised bed rainwater heirloom tomato worm bin leaf mould green manure crop rotation polytunnel nettle clover mycorrhizal'.split(' ');
const SIDE: Record<string, string[]> = {
  cooking: 'chutney pesto soup pickle jam tart roast simmer oven pastry dough sauce'.split(' '),
  travel: 'flight hotel beach itinerary passport museum airport backpack cruise resort'.split(' '),
  tech: 'laptop battery firmware smartphone charger processor tablet headphones benchmark app'.split(' '),
  weather: 'forecast storm rainfall temperature heatwave drizzle pressure gust fog outlook'.split(' '),
};
const GLUE = 'the a we this month after years I finally and with by hand on'.split(' ');

/** Deterministic prose: `share` of the words from the garden, the rest from `side`. */
function prose(seed: number, share: number, side: keyof typeof SIDE, words = 80): string {
  let x = seed * 2654435761 >>> 0;
  const next = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = next();
    const list = r < 0.3 ? GLUE : next() < share ? GARDEN : SIDE[side]!;
    out.push(list[Math.floor(next() * list.length)]!);
  }
  return out.join(' ');
}

const ent = (id: number, text: string, isSeed = false): RankEntity => ({ id, key: `site:e${id}`, name: `E${id}`, isSeed, isPlatform: false, text });
const edge = (from: number, to: number, count = 1, type: EdgeType = 'link'): RankEdge => ({ from, to, type, count });

const SEEDS = [1, 2, 3];
const FRIENDS = [11, 12, 13];
const WRITERS = Array.from({ length: 20 }, (_, i) => 100 + i);
const BROAD = 200; // cited by 16 writers
const NARROW = 201; // cited by 3 writers, writes exactly like the seeds
const FARM = [300, 301, 302, 303, 304];
const HUB = 400;
const COOK = 401;

function niche(): { entities: RankEntity[]; edges: RankEdge[] } {
  const sides: (keyof typeof SIDE)[] = ['cooking', 'travel', 'tech'];
  const entities: RankEntity[] = [
    ...SEEDS.map((id, i) => ent(id, prose(id, 0.7, sides[i]!), true)),
    ...FRIENDS.map((id) => ent(id, prose(id, 0.7, 'travel'))),
    ...WRITERS.map((id) => ent(id, prose(id, 0.5 + (id % 5) / 10, sides[id % 3]!))),
    ent(BROAD, prose(BROAD, 0.55, 'tech')),
    ent(NARROW, SEEDS.map((id, i) => prose(id, 0.7, sides[i]!)).join(' ')),
    ...FARM.map((id) => ent(id, `best cheap compost buy top mulch ${prose(id, 1, 'cooking', 40)} best cheap garden compost`)),
    ent(HUB, prose(HUB, 0, 'weather')),
    ent(COOK, prose(COOK, 0, 'cooking')),
  ];
  const edges: RankEdge[] = [];
  for (const s of SEEDS) {
    for (const f of FRIENDS) edges.push(edge(s, f, 1, 'blogroll'), edge(s, f, 3));
    edges.push(edge(s, HUB, 5));
  }
  edges.push(edge(1, COOK, 2)); // the seed who cooks links a cook
  WRITERS.slice(0, 8).forEach((w, i) => edges.push(edge(SEEDS[i % 3]!, w)));
  WRITERS.slice(8).forEach((w, i) => edges.push(edge(WRITERS[i % 8]!, w)));
  WRITERS.slice(0, 16).forEach((w) => edges.push(edge(w, BROAD)));
  WRITERS.slice(16, 19).forEach((w) => edges.push(edge(w, NARROW)));
  for (const w of WRITERS) edges.push(edge(w, HUB, 4), edge(w, WRITERS[(w - 100 + 7) % 20]!));
  edges.push(edge(WRITERS[19]!, FARM[0]!)); // one spam link in a comment
  for (const a of FARM) for (const b of FARM) if (a !== b) edges.push(edge(a, b, 50), edge(a, b, 1, 'blogroll'));
  return { entities, edges };
}

const ranked = rankEntities(niche().entities, niche().edges, { topic: ['gardening'] });
const get = (id: number): RankedCandidate => ranked.find((r) => r.id === id)!;

describe('ranking properties', () => {
  it('breadth beats a seed\'s close friends: a site most writers cite ranks above friends every seed links', () => {
    const broad = get(BROAD);
    for (const f of FRIENDS.map(get)) {
      expect(broad.rank).toBeLessThan(f.rank);
      expect(broad.authorityNorm).toBeGreaterThan(2 * f.authorityNorm);
      // Plain PageRank from three seeds says the opposite: the friends hold more of the walk.
      expect(f.authority).toBeGreaterThan(broad.authority);
    }
    expect(broad.rank).toBe(1);
  });

  it('a link farm trading links among itself gets almost nothing', () => {
    const broad = get(BROAD);
    // The site behind the spam link has that one writer's link, no more than a writer's worth...
    expect(get(FARM[0]!).endorsement).toBeLessThan(1);
    // ...and the members' blogrolls and fifty links to each other add up to next to nothing.
    for (const f of FARM.slice(1).map(get)) expect(f.endorsement).toBeLessThan(0.02 * broad.endorsement);
    for (const f of FARM.map(get)) {
      expect(f.score).toBeLessThan(0.06);
      expect(f.rank).toBeGreaterThan(WRITERS.length);
    }
  });

  it('wording does not reorder on-topic candidates whose endorsement differs 5x, and authority keeps that ratio', () => {
    const broad = get(BROAD);
    const narrow = get(NARROW);
    expect(narrow.relevance).toBeGreaterThan(1.5 * broad.relevance); // it writes exactly like the seeds
    expect(broad.endorsement / narrow.endorsement).toBeGreaterThan(4);
    // Linear: the ratio of authorities is the ratio of endorsements, not squeezed into hundredths.
    expect(broad.authorityNorm / narrow.authorityNorm).toBeCloseTo(broad.endorsement / narrow.endorsement, 9);
    expect(broad.score / narrow.score).toBeGreaterThan(4);
    expect(broad.rank).toBeLessThan(narrow.rank);
  });

  it('off topic is gated out: the weather hub everyone links scores 0, the cook a seed links next to nothing', () => {
    const hub = get(HUB);
    expect(hub.endorsement).toBeGreaterThan(get(BROAD).endorsement); // it is linked more than anyone
    expect(hub.topicality).toBeLessThan(GATE_LOW);
    expect(hub.score).toBe(0);
    // The seed who cooks makes cooking words part of its own text, not of the niche's topic.
    const cook = get(COOK);
    expect(relevanceGate(cook.topicality)).toBeLessThan(0.1);
    expect(cook.score).toBeLessThan(0.01);
    for (const w of WRITERS.map(get)) expect(cook.rank).toBeGreaterThan(w.rank);
    // ...while every on-topic writer someone near the seeds links is in.
    for (const w of WRITERS.map(get)) expect(w.score).toBeGreaterThan(0);
  });
});
