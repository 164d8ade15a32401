// explainCandidate on a small crawled world with a known shape: a seed that links a target from
// its home page and three dated feed items, a second seed whose friend keeps a blog on two sites
// (merged by rel=me both ways), a hop-1 site that links the target's second site, and a site
// the target links that links back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relevanceGate } from '../../src/rank/gate.js';
import { explainCandidate, type Explanation } from '../../src/rank/explain.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore, type Store, dbOf } from '../../src/store/store.js';
import { makeWorld, page, rss, type TestWorld } from '../helpers/world.js';

/** A home page with rel=me identity links besides ordinary ones. */
function homeWithRelMe(title: string, body: string, relMe: string[], links: string[]): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><main><h1>${title}</h1><p>${body}</p>
${relMe.map((l) => `<a rel="me" href="${l}">me elsewhere</a>`).join('')}
${links.map((l) => `<p><a href="${l}">${l}</a></p>`).join('')}</main></body></html>`;
}

const item = (n: number, date: string, target: string) => ({
  url: `http://s1.example/p${n}.html`, title: `Post ${n}`, body: `On editorial calendars: <a href="${target}">this</a>`, date,
});

const WORLD = {
  's1.example': {
    'index.html': page('Content Strategy Weekly', 'content strategy and editorial calendars', ['http://t.example/', 'http://r.example/'], '/feed.xml'),
    'feed.xml': rss('Content Strategy Weekly', 'http://s1.example/', [
      item(1, 'Tue, 20 Oct 2026 10:00:00 GMT', 'http://t.example/posts/a.html'),
      item(2, 'Sun, 01 Nov 2026 10:00:00 GMT', 'http://t.example/posts/b.html'),
      item(3, 'Thu, 05 Nov 2026 10:00:00 GMT', 'http://t.example/posts/c.html'),
    ]),
    'p1.html': page('Post 1', 'content strategy'),
    'p2.html': page('Post 2', 'content strategy'),
    'p3.html': page('Post 3', 'content strategy'),
  },
  's2.example': { 'index.html': page('Second Seed', 'content strategy notes', ['http://m1.example/']) },
  'm1.example': { 'index.html': homeWithRelMe('Mona Writes', 'content strategy', ['http://m2.example/'], ['http://t.example/']) },
  'm2.example': { 'index.html': homeWithRelMe('Mona Elsewhere', 'content strategy', ['http://m1.example/'], ['http://t.example/from-m2.html']) },
  // r claims to be t (rel=me) but t never claims r back: recorded, not merged.
  'r.example': { 'index.html': homeWithRelMe('Roundup', 'links', ['http://t.example/'], ['http://t2.example/']) },
  // t links its own second site (a self-edge) and x, which links back (a loop, not a liner note).
  't.example': { 'index.html': homeWithRelMe('Tess on Content', 'content strategy and editorial calendars', ['http://t2.example/'], ['http://t2.example/about.html', 'http://x.example/']) },
  'x.example': { 'index.html': page('Echo', 'echo', ['http://t.example/x-ref.html']) },
  't2.example': { 'index.html': homeWithRelMe('Tess Two', 'content strategy', ['http://t.example/'], []) },
};

let world: TestWorld;
let store: Store;
let runId: number;
const idOf = (key: string) => store.graph.entityByKey(key)!.id;

beforeAll(async () => {
  world = await makeWorld(WORLD);
  const res = await world.cli(['discover', world.seeds(['http://s1.example/', 'http://s2.example/']), '--db', world.db, '--delay', '0', '-q']);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  store = createStore(openDatabase(world.db, { readonly: true }));
  runId = store.runs.latestFinished()!.id;
});

afterAll(async () => {
  store?.close();
  await world?.close();
});

describe('explainCandidate', () => {
  let ex: Explanation;
  beforeAll(() => {
    ex = explainCandidate(store, runId, idOf('site:t.example'));
  });

  it('names the person, its rank, status, identities and numbers', () => {
    const score = store.scores.forRun(runId).find((s) => s.entityId === idOf('site:t.example'))!;
    expect(ex).toMatchObject({ entityId: idOf('site:t.example'), name: 'Tess on Content', rank: score.rank, status: 'new' });
    expect(ex.identities).toEqual({ website: 'http://t.example/', feed: null, bluesky: [], mastodon: [] });
    const best = Math.max(...store.scores.forRun(runId).map((s) => s.endorsement));
    expect(ex.score).toEqual({
      score: score.score, relevance: score.relevance, topicality: score.topicality, gate: relevanceGate(score.topicality),
      authority: score.authorityNorm, endorsement: score.endorsement, bestEndorsement: best, pagerank: score.authority,
      referrers: score.referrers, seedsReaching: score.seedsReaching, relevanceWeight: 0,
    });
    expect(ex.score!.score).toBeCloseTo(ex.score!.gate * ex.score!.authority, 12);
    expect(ex.topTerms).toEqual(score.topTerms);
    expect(ex.topTerms).toContain('editorial');
  });

  it('groups evidence per referring person and kind, strongest first, counting documents', () => {
    expect(ex.evidence.map((g) => [g.from, g.type, g.count, g.fromIsSeed, g.fromDepth])).toEqual([
      ['Content Strategy Weekly', 'feed-item', 3, true, 0], // 1 × log2(4) = 2
      ['Mona Writes', 'link', 2, false, 1], // two sites, one person: 1 × log2(3)
      ['Content Strategy Weekly', 'link', 1, true, 0], // 1, and a seed comes before
      ['Roundup', 'link', 1, false, 1], // ... a hop-1 site
      ['Echo', 'link', 1, false, 2], // ... and a hop-2 one
    ]);
    expect(ex.evidenceTotal).toBe(5);
  });

  it('counts a merged referrer once, with the documents of all its sites', () => {
    const mona = ex.evidence.find((g) => g.from === 'Mona Writes')!;
    expect(mona.fromEntityId).toBe(idOf('site:m1.example'));
    expect(mona.examples.map((x) => x.evidenceUrl).sort()).toEqual(['http://m1.example/', 'http://m2.example/']);
    expect(ex.evidence.some((g) => g.from === 'Mona Elsewhere')).toBe(false);
  });

  it('gathers edges into every entity of the person, and none from inside it', () => {
    expect(ex.evidence.find((g) => g.from === 'Roundup')!.examples[0]!.targetUrl).toBe('http://t2.example/');
    expect(ex.evidence.some((g) => g.fromEntityId === idOf('site:t.example'))).toBe(false);
    expect(explainCandidate(store, runId, idOf('site:t2.example'))).toEqual(ex);
  });

  it('dates evidence by the post, else by when the edge was first seen, newest first', () => {
    expect(ex.evidence[0]!.examples).toEqual([
      { evidenceUrl: 'http://s1.example/p3.html', targetUrl: 'http://t.example/posts/c.html', date: '2026-11-05' },
      { evidenceUrl: 'http://s1.example/p2.html', targetUrl: 'http://t.example/posts/b.html', date: '2026-11-01' },
      { evidenceUrl: 'http://s1.example/p1.html', targetUrl: 'http://t.example/posts/a.html', date: '2026-10-20' },
    ]);
    // A home page has no published date: the crawl's (manual) clock dates it.
    const firstSeen = dbOf(store).prepare("SELECT first_seen_at AS t FROM edges WHERE evidence_url = 'http://r.example/'").get() as { t: number };
    expect(ex.evidence.find((g) => g.from === 'Roundup')!.examples[0]!.date).toBe(new Date(firstSeen.t).toISOString().slice(0, 10));
  });

  it('gives the stored path first, then one path per other last referrer, shortest first, no loops', () => {
    expect(ex.paths).toEqual([
      'seed s1.example → linked t.example',
      'seed s2.example → linked m1.example → linked t.example',
      'seed s1.example → linked r.example → linked t2.example',
    ]);
    const all = explainCandidate(store, runId, idOf('site:t.example'), { maxPaths: 10 });
    expect(all.paths).toEqual(ex.paths); // x.example was found through t: its path would loop
    expect(explainCandidate(store, runId, idOf('site:t.example'), { maxPaths: 1 }).paths).toEqual([ex.paths[0]]);
  });

  it('cuts evidence at maxEvidence and orders it by the weights it is given', () => {
    const cut = explainCandidate(store, runId, idOf('site:t.example'), { maxEvidence: 2 });
    expect(cut.evidence).toEqual(ex.evidence.slice(0, 2));
    expect(cut.evidenceTotal).toBe(5);
    const linksFirst = explainCandidate(store, runId, idOf('site:t.example'), { edgeWeights: { link: 3 } });
    expect(linksFirst.evidence[0]).toMatchObject({ from: 'Mona Writes', type: 'link' });
  });

  it('lists identity claims touching the person and says which merged', () => {
    expect(ex.claims).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'rel-me', from: 't.example', to: 't2.example', evidenceUrl: 'http://t.example/', targetUrl: 'http://t2.example/', merged: true, vetoed: false }),
      expect.objectContaining({ kind: 'rel-me', from: 't2.example', to: 't.example', evidenceUrl: 'http://t2.example/', merged: true }),
      expect.objectContaining({ kind: 'rel-me', from: 'r.example', to: 't.example', evidenceUrl: 'http://r.example/', merged: false }),
    ]));
    expect(ex.claims).toHaveLength(3);
    expect(ex.claims[0]!.seen).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('reports the mark set on any entity of the person', () => {
    const rw = createStore(openDatabase(world.db));
    try {
      rw.marks.set(idOf('site:t2.example'), 'picked', Date.UTC(2026, 0, 2));
      expect(explainCandidate(store, runId, idOf('site:t.example')).status).toBe('picked');
    } finally {
      rw.marks.clear([idOf('site:t2.example')]);
      rw.close();
    }
  });

  it('explains a seed without rank or score', () => {
    const seed = explainCandidate(store, runId, idOf('site:s1.example'));
    expect(seed).toMatchObject({ name: 'Content Strategy Weekly', rank: null, score: null, topTerms: [] });
    expect(seed.paths).toEqual(['seed s1.example']);
  });
});
