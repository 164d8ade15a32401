import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { combineScore, OFF_TOPIC_PASS, rankEntities, topicDamping } from '../../src/rank/score.js';
import type { EdgeType, RankEdge, RankEntity, RankedCandidate } from '../../src/rank/types.js';

const ON_TOPIC = 'content marketing strategy, editorial calendars, newsletters, storytelling and SEO for brands';
const SEED_1 = 'We write about content marketing: editorial strategy, newsletters, storytelling, audience research.';
const SEED_2 = 'Content strategy and content marketing for B2B: SEO, newsletters, distribution, editorial calendars.';

const ent = (id: number, text: string, extra: Partial<RankEntity> = {}): RankEntity => ({
  id, key: `e${id}.example`, name: `E${id}`, isSeed: false, isPlatform: false, text, ...extra,
});
const edge = (from: number, to: number, count = 1, type: EdgeType = 'link'): RankEdge => ({ from, to, type, count });

/** Seeds 1, 2; influencer 10; obscure 11; off-topic hub 12; mid 13; link farm 20-22; platform 30; unvisited 40. */
function world(): { entities: RankEntity[]; edges: RankEdge[] } {
  const entities = [
    ent(1, SEED_1, { isSeed: true }),
    ent(2, SEED_2, { isSeed: true }),
    ent(10, `${ON_TOPIC}. Audience research, distribution and B2B editorial strategy.`),
    ent(11, 'An obscure blog about editorial calendars, storytelling and content marketing newsletters.'),
    ent(12, 'Weather forecast, storm radar, rain and temperature maps, weekend weather.'),
    ent(13, 'Notes on newsletters and audience research for small brands.'),
    ent(20, 'content marketing content marketing SEO content strategy editorial newsletters storytelling'),
    ent(21, 'content marketing SEO content marketing strategy editorial calendars newsletters'),
    ent(22, 'content marketing content strategy newsletters SEO storytelling brands'),
    ent(30, 'The free encyclopedia. Content marketing article.', { isPlatform: true, key: 'wikipedia.org' }),
    ent(40, ''),
  ];
  const edges = [
    edge(1, 10, 3), edge(2, 10, 2), edge(2, 10, 1, 'blogroll'),
    edge(1, 11, 1),
    edge(1, 12), edge(2, 12), edge(10, 12, 4), edge(11, 12), edge(13, 12, 2),
    edge(2, 13),
    edge(11, 10),
    edge(12, 40),
    // The farm trades links and points at respectable sites, but nobody near the seeds links in.
    edge(20, 21, 50), edge(21, 22, 50), edge(22, 20, 50), edge(20, 10), edge(21, 10), edge(22, 1),
    edge(1, 30), edge(2, 30), edge(10, 30), edge(20, 30, 9),
  ];
  return { entities, edges };
}

const byId = (ranked: RankedCandidate[]): Map<number, RankedCandidate> => new Map(ranked.map((r) => [r.id, r]));

describe('rankEntities', () => {
  it('ranks only candidates: never seeds or platforms', () => {
    const { entities, edges } = world();
    const ranked = rankEntities(entities, edges);
    expect(ranked.map((r) => r.id).sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 20, 21, 22, 40]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
    for (const r of ranked) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.authorityNorm).toBeGreaterThanOrEqual(0);
      expect(r.authorityNorm).toBeLessThanOrEqual(1);
    }
  });

  it('puts the on-topic influencer first and sinks the off-topic hub', () => {
    const ranked = rankEntities(world().entities, world().edges);
    const r = byId(ranked);
    expect(ranked[0]!.id).toBe(10);
    // The hub has lots of authority but nothing to say about the topic.
    expect(r.get(12)!.authorityNorm).toBeGreaterThan(r.get(11)!.authorityNorm);
    expect(r.get(12)!.relevance).toBe(0);
    expect(r.get(12)!.score).toBe(0); // the relevance gate is shut
    expect(r.get(12)!.score).toBeLessThan(r.get(11)!.score);
    expect(r.get(12)!.score).toBeLessThan(r.get(13)!.score);
  });

  it('sinks the link farm nobody near the seeds links to, however on-topic it reads', () => {
    const r = byId(rankEntities(world().entities, world().edges));
    for (const farm of [20, 21, 22]) {
      expect(r.get(farm)!.relevance).toBeGreaterThan(r.get(11)!.relevance * 0.5);
      expect(r.get(farm)!.authority).toBe(0);
      expect(r.get(farm)!.endorsement).toBe(0);
      expect(r.get(farm)!.seedsReaching).toBe(0);
      expect(r.get(farm)!.score).toBeLessThan(r.get(11)!.score / 2);
      expect(r.get(farm)!.score).toBeLessThan(r.get(13)!.score);
    }
  });

  it('keeps an on-topic author with a single link from a seed well above zero', () => {
    const r = byId(rankEntities(world().entities, world().edges)).get(11)!;
    expect(r.referrers).toBe(1);
    expect(r.seedsReaching).toBe(1);
    expect(r.score).toBeGreaterThan(0.1);
    expect(r.topTerms.length).toBeGreaterThan(0);
  });

  it('reports referrers and seeds reaching', () => {
    const r = byId(rankEntities(world().entities, world().edges));
    expect(r.get(10)!.referrers).toBe(5); // seeds 1, 2, obscure 11, farm 20, 21
    expect(r.get(10)!.seedsReaching).toBe(2);
    expect(r.get(40)!.seedsReaching).toBe(2); // through the hub
    expect(r.get(40)!.relevance).toBe(0);
  });

  it('is deterministic: input order does not matter and equal scores go by id', () => {
    const { entities, edges } = world();
    const a = rankEntities(entities, edges);
    const b = rankEntities([...entities].reverse(), [...edges].reverse());
    expect(b.map((r) => r.id)).toEqual(a.map((r) => r.id));
    for (let i = 0; i < a.length; i++) expect(b[i]!.score).toBeCloseTo(a[i]!.score, 12);

    const twins = [ent(1, SEED_1, { isSeed: true }), ent(9, ON_TOPIC), ent(4, ON_TOPIC), ent(6, ON_TOPIC)];
    const twinEdges = [edge(1, 9), edge(1, 6), edge(1, 4)];
    const t1 = rankEntities(twins, twinEdges);
    const t2 = rankEntities([...twins].reverse(), [...twinEdges].reverse());
    expect(t1.map((r) => r.id)).toEqual([4, 6, 9]);
    expect(t2.map((r) => r.id)).toEqual([4, 6, 9]);
    expect(t1[0]!.score).toBe(t1[2]!.score);
  });

  it('weights edges by type and by log2(1 + count)', () => {
    const entities = [ent(1, SEED_1, { isSeed: true }), ent(2, ''), ent(3, ''), ent(4, ''), ent(5, '')];
    const r = byId(rankEntities(entities, [edge(1, 2, 3), edge(1, 3, 1), edge(1, 4, 1, 'guest'), edge(1, 5, 1, 'mention')]));
    // All four are dangling and fed only by the seed, so their mass is proportional to edge weight.
    expect(r.get(2)!.authority / r.get(3)!.authority).toBeCloseTo(2, 9); // log2(4) / log2(2)
    expect(r.get(4)!.authority / r.get(5)!.authority).toBeCloseTo(4, 9); // 2 / 0.5
    const fifty = byId(rankEntities(entities, [edge(1, 2, 50), edge(1, 3, 1)]));
    expect(fifty.get(2)!.authority / fifty.get(3)!.authority).toBeCloseTo(Math.log2(51), 9);
  });

  it('honours custom edge weights; a zero weight disables that kind everywhere', () => {
    const entities = [ent(1, SEED_1, { isSeed: true }), ent(2, ''), ent(3, '')];
    const edges = [edge(1, 2, 1, 'mention'), edge(1, 3, 1, 'link')];
    const r = byId(rankEntities(entities, edges, { edgeWeights: { mention: 0 } }));
    expect(r.get(2)!.authority).toBe(0);
    expect(r.get(2)!.referrers).toBe(0);
    expect(r.get(2)!.seedsReaching).toBe(0);
    expect(r.get(3)!.referrers).toBe(1);
  });

  it('uses relevanceWeight as the exponent of topicality above the gate (0: the gate alone)', () => {
    const { entities, edges } = world();
    for (const r of rankEntities(entities, edges, { relevanceWeight: 0 })) {
      expect(r.score).toBeCloseTo(combineScore(r.topicality, r.authorityNorm, 0), 12);
      if (r.topicality >= 0.4) expect(r.score).toBeCloseTo(r.authorityNorm, 12);
    }
    for (const r of rankEntities(entities, edges, { relevanceWeight: 1 })) expect(r.score).toBeCloseTo(combineScore(r.topicality, r.authorityNorm, 1), 12);
  });

  it('lets --topic terms change the order', () => {
    const entities = [
      ent(1, 'podcast interviews and newsletter growth', { isSeed: true }),
      ent(2, 'podcast podcast interviews'),
      ent(3, 'newsletter newsletter growth'),
    ];
    const edges = [edge(1, 2), edge(1, 3)];
    expect(rankEntities(entities, edges, { topic: ['newsletters'] })[0]!.id).toBe(3);
    expect(rankEntities(entities, edges, { topic: ['podcasts'] })[0]!.id).toBe(2);
  });

  it('restarts uniformly when there are no seeds, and copes with empty input', () => {
    const entities = [ent(1, 'a blog'), ent(2, 'another blog'), ent(3, 'third blog')];
    const ranked = rankEntities(entities, [edge(1, 3), edge(2, 3)]);
    expect(ranked[0]!.id).toBe(3);
    expect(ranked.every((r) => r.authority > 0)).toBe(true);
    expect(rankEntities([], [])).toEqual([]);
    expect(rankEntities([ent(1, 'x', { isSeed: true })], [edge(1, 99), edge(1, 1)])).toEqual([]);
  });

  it('ignores edges with unknown ids, self-edges and bad counts', () => {
    const entities = [ent(1, SEED_1, { isSeed: true }), ent(2, ON_TOPIC)];
    const clean = rankEntities(entities, [edge(1, 2)]);
    const noisy = rankEntities(entities, [edge(1, 2), edge(2, 2, 9), edge(7, 2, 5), edge(2, 8), edge(1, 2, 0), edge(1, 2, Number.NaN), edge(1, 2, -3)]);
    expect(noisy).toEqual(clean);
  });

  it('rejects bad options with the bad value in the message', () => {
    const { entities, edges } = world();
    expect(() => rankEntities(entities, edges, { damping: 1.5 })).toThrow(UsageError);
    expect(() => rankEntities(entities, edges, { damping: 1.5 })).toThrow(/damping.*1\.5/);
    expect(() => rankEntities(entities, edges, { relevanceWeight: -0.1 })).toThrow(/relevanceWeight.*-0\.1/);
    expect(() => rankEntities(entities, edges, { edgeWeights: { link: -1 } })).toThrow(/link.*-1/);
    expect(() => rankEntities(entities, edges, { edgeWeights: { bogus: 1 } as never })).toThrow(/bogus/);
  });
});

describe('score parts', () => {
  it('multiplies the gate by authority: gate shut -> 0, fully on topic -> authority itself', () => {
    expect(combineScore(0, 1, 0)).toBe(0);
    expect(combineScore(0.2, 1, 0)).toBe(0);
    expect(combineScore(1, 0, 0)).toBe(0);
    expect(combineScore(0.4, 0.3, 0)).toBeCloseTo(0.3, 12);
    expect(combineScore(1, 0.3, 0)).toBeCloseTo(0.3, 12);
    expect(combineScore(0.32, 0.5, 0)).toBeGreaterThan(0);
    expect(combineScore(0.32, 0.5, 0)).toBeLessThan(0.5);
    expect(combineScore(0.5, 0.5, 1)).toBeCloseTo(0.25, 12);
  });
});

describe('topic-sensitive authority', () => {
  it('lets an off-topic page pass on only a fifth of what an on-topic page passes', () => {
    const text = (w: string) => Array.from({ length: 30 }, (_, i) => `${w}${i % 7}`).join(' ');
    const entities: RankEntity[] = [
      { id: 1, key: 'site:seed', name: 'seed', isSeed: true, isPlatform: false, text: text('garden') },
      { id: 2, key: 'site:on', name: 'on', isSeed: false, isPlatform: false, text: text('garden') },
      { id: 3, key: 'site:off', name: 'off', isSeed: false, isPlatform: false, text: text('weather') },
      { id: 4, key: 'site:via-on', name: 'via-on', isSeed: false, isPlatform: false, text: text('garden') },
      { id: 5, key: 'site:via-off', name: 'via-off', isSeed: false, isPlatform: false, text: text('garden') },
    ];
    const edges: RankEdge[] = [
      { from: 1, to: 2, type: 'link', count: 1 },
      { from: 1, to: 3, type: 'link', count: 1 },
      { from: 2, to: 4, type: 'link', count: 1 },
      { from: 3, to: 5, type: 'link', count: 1 },
    ];
    const ranked = rankEntities(entities, edges);
    const auth = (id: number) => ranked.find((r) => r.id === id)!.authority;
    expect(auth(2)).toBeCloseTo(auth(3), 12); // both receive the same from the seed
    const topicality = (id: number) => ranked.find((r) => r.id === id)!.topicality;
    expect(topicality(3)).toBe(0);
    // The on-topic page passes OFF_TOPIC_PASS plus the rest in proportion to its topicality.
    expect(auth(5) / auth(4)).toBeCloseTo(OFF_TOPIC_PASS / (OFF_TOPIC_PASS + (1 - OFF_TOPIC_PASS) * topicality(2)), 6);
    const topical = Float64Array.from(entities, (e) => (e.id === 3 ? 0 : 1));
    const d = topicDamping(entities, topical, 0.85);
    expect([...d]).toEqual([0.85, 0.85, 0.85 * OFF_TOPIC_PASS, 0.85, 0.85]);
  });
});
