// The outcome writer resolves a page's links set-wise (one read of their entities and frontier
// rows, edges in multi-row statements). Pinned here: on random pages full of repeats, twins,
// moves up, budgets and claims, the database it leaves is the one the plain link-by-link
// algorithm (written out below with the store's single-row methods) leaves.
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/crawl/identify.js';
import { OutcomeWriter } from '../../src/crawl/outcome-writer.js';
import { DEFAULT_SETTINGS, type CrawlSettings } from '../../src/crawl/settings.js';
import { mulberry32 } from '../../src/prng.js';
import { PROOF_KINDS } from '../../src/rank/identity.js';
import { DEFAULT_EDGE_WEIGHTS, type EdgeType } from '../../src/rank/types.js';
import { emptyOutcome, type ClaimKind, type TaskOutcome } from '../../src/sources/source.js';
import type { FrontierInput, FrontierRow } from '../../src/store/frontier.js';
import type { Store } from '../../src/store/store.js';
import { tempStores, type Engine } from '../helpers/temp-stores.js';

const sqlite = tempStores('setwise', 'sqlite');
const postgres = tempStores('setwise', 'postgres');

function newStore(engine: Engine = 'sqlite'): { store: Store; runId: number; seed: number } {
  const store = (engine === 'sqlite' ? sqlite : postgres).store();
  const runId = store.runs.create('discover', {}, null, 0);
  const seed = store.graph.ensureEntity('site:site0.example', 'site', { homeUrl: 'https://site0.example/' }, runId, 0);
  store.graph.offerDiscovery({ entityId: seed, runId, depth: 0, parentEntity: null, edgeType: null, evidenceUrl: null, targetUrl: 'https://site0.example/' }, 0);
  store.frontier.enqueue(runId, { url: 'https://site0.example/', depth: 0, role: 'home', entityId: seed, foundFromUrl: null, foundEdge: 'seed' }, 0);
  return { store, runId, seed };
}

const other = (url: string): string | null =>
  url.startsWith('https://') ? `http://${url.slice(8)}` : url.startsWith('http://') ? `https://${url.slice(7)}` : null;
const strength = (t: string | null): number => (t !== null && t in DEFAULT_EDGE_WEIGHTS ? DEFAULT_EDGE_WEIGHTS[t as EdgeType] : 0);

/** The writer's rules, one link at a time, with the store's single-row methods. */
class OneByOne {
  private readonly used: Map<number, number>;
  constructor(private readonly store: Store, private readonly runId: number, private readonly settings: CrawlSettings) {
    this.used = store.frontier.entityCounts(runId);
  }

  apply(row: FrontierRow, outcome: TaskOutcome, now: number): void {
    const { graph, frontier } = this.store;
    const runId = this.runId;
    const from = row.entityId;
    const ensure = (url: string): { id: number; visits: { url: string; role: FrontierInput['role'] }[]; isPlatform: boolean } => {
      const id = identify(url, this.settings.platforms);
      return { id: graph.ensureEntity(id.key, id.kind, { homeUrl: id.homeUrl, isPlatform: id.isPlatform }, runId, now), visits: id.visits, isPlatform: id.isPlatform };
    };
    for (const f of outcome.followUps) this.enqueue({ url: f.url, depth: row.depth, role: f.role, entityId: from, foundFromUrl: row.url, foundEdge: 'same-site', probeIndex: f.probeIndex ?? null }, now);
    for (const link of outcome.links) {
      const to = ensure(link.targetUrl);
      if (to.id === from) continue;
      graph.addEdge({ from, to: to.id, type: link.type, evidenceUrl: link.evidenceUrl, targetUrl: link.targetUrl, anchorText: link.anchorText }, runId, now);
      const hop = row.depth + 1;
      graph.offerDiscovery({ entityId: to.id, runId, depth: hop, parentEntity: from, edgeType: link.type, evidenceUrl: link.evidenceUrl, targetUrl: link.targetUrl }, now, strength);
      if (!link.follow || hop > this.settings.depth) continue;
      for (const v of to.visits) this.enqueue({ url: v.url, depth: hop, role: v.role, entityId: to.id, foundFromUrl: link.evidenceUrl, foundEdge: link.type }, now);
    }
    for (const claim of outcome.claims) {
      const to = ensure(claim.targetUrl);
      if (to.isPlatform || to.id === from) continue;
      graph.addClaim({ from, to: to.id, kind: claim.kind, evidenceUrl: claim.evidenceUrl, targetUrl: claim.targetUrl }, runId, now);
      graph.offerDiscovery({ entityId: to.id, runId, depth: row.depth, parentEntity: from, edgeType: 'same-as', evidenceUrl: claim.evidenceUrl, targetUrl: claim.targetUrl }, now, strength);
      if (!PROOF_KINDS.has(claim.kind)) for (const v of to.visits) this.enqueue({ url: v.url, depth: row.depth, role: v.role, entityId: to.id, foundFromUrl: claim.evidenceUrl, foundEdge: 'same-as' }, now);
    }
    frontier.finish(row.id, outcome.status, outcome.reason, now);
    if (outcome.status === 'failed' && !outcome.fetched && row.url.startsWith('https://') && (row.role === 'home' || row.role === 'page')) {
      this.enqueue({ url: other(row.url)!, depth: row.depth, role: row.role, entityId: row.entityId, foundFromUrl: row.foundFromUrl, foundEdge: row.foundEdge }, now);
    }
    this.store.runs.count(runId, outcome.fetched ? 1 : 0, outcome.status === 'failed' ? 1 : 0);
  }

  private enqueue(input: FrontierInput, now: number): void {
    const { frontier } = this.store;
    if (frontier.has(this.runId, input.url)) {
      frontier.place(this.runId, input, now);
      return;
    }
    const twin = other(input.url);
    if (twin !== null && frontier.pendingOrDone(this.runId, twin)) return;
    const used = this.used.get(input.entityId) ?? 0;
    if (used >= this.settings.perSite) return;
    if (frontier.place(this.runId, input, now)) this.used.set(input.entityId, used + 1);
  }
}

/** A page of repeats: few sites, both schemes, a few paths, every edge type, follow or not. */
function randomOutcome(rand: () => number, row: FrontierRow): TaskOutcome {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const url = (): string => `${pick(['https', 'http'])}://site${Math.floor(rand() * 9)}.example${pick(['/', '/a', '/b', '/feed.xml'])}`;
  if (row.depth > 0 && rand() < 0.12) return emptyOutcome('failed', 'connection refused', false);
  const outcome = emptyOutcome('done', null, true);
  const types: EdgeType[] = ['link', 'mention', 'repost', 'feed-item', 'quote'];
  const n = Math.floor(rand() * 14);
  for (let i = 0; i < n; i++) {
    outcome.links.push({ targetUrl: url(), type: pick(types), evidenceUrl: rand() < 0.5 ? row.url : `${row.url}#p${Math.floor(rand() * 3)}`, anchorText: rand() < 0.5 ? null : 'x', follow: rand() < 0.8 });
  }
  if (rand() < 0.3) outcome.followUps.push({ url: url().replace(/site\d/, /site\d/.exec(row.url)?.[0] ?? 'site0'), role: 'page' });
  if (rand() < 0.25) outcome.claims.push({ kind: pick<ClaimKind>(['rel-me', 'profile-link', 'verified-field']), targetUrl: url(), evidenceUrl: row.url });
  return outcome;
}

function dump(store: Store, runId: number): unknown {
  return {
    entities: store.graph.entities().map((e) => [e.id, e.key, e.homeUrl, e.lastSeenAt, e.firstSeenAt]),
    discoveries: store.graph.entities().map((e) => store.graph.discovery(e.id)),
    edges: store.graph.edgesInto(store.graph.entities().map((e) => e.id)),
    claims: store.graph.claims(),
    // Row ids by position: a PostgreSQL sequence also advances on an upsert that inserts
    // nothing, so the plain algorithm's no-op upserts leave gaps the set-wise writer does not.
    frontier: store.frontier.all(runId).map((r, i) => ({ ...r, id: i })),
    run: store.runs.get(runId)?.pagesFetched,
  };
}

describe('OutcomeWriter, set-wise', () => {
  // PostgreSQL too: the committer of several workers runs this writer there (fewer seeds: each
  // statement is a round trip).
  const cases: [Engine, number][] = [...[1, 2, 3, 4, 5, 6].map((n): [Engine, number] => ['sqlite', n]), ['postgres', 1], ['postgres', 2]];
  for (const [engine, seed] of cases) {
    it(`leaves the database the link-by-link algorithm leaves (${engine}, random pages, seed ${seed})`, () => {
      const settings: CrawlSettings = { ...DEFAULT_SETTINGS, depth: 3, perSite: 5 };
      const a = newStore(engine);
      const b = newStore(engine);
      const writer = new OutcomeWriter(a.store, a.runId, settings);
      const oracle = new OneByOne(b.store, b.runId, settings);
      const rand = mulberry32(seed);
      let pages = 0;
      for (let now = 1; pages < 60; now++) {
        const row = a.store.frontier.queued(a.runId)[0];
        if (!row) break;
        const twin = b.store.frontier.queued(b.runId)[0]!;
        expect({ ...twin, id: 0 }).toEqual({ ...row, id: 0 });
        const outcome = randomOutcome(rand, row);
        a.store.tx(() => writer.inBatch(() => writer.apply(row, outcome, now)));
        b.store.tx(() => oracle.apply(twin, outcome, now));
        pages++;
      }
      expect(pages).toBeGreaterThan(20);
      expect(dump(a.store, a.runId)).toEqual(dump(b.store, b.runId));
    });
  }

  it('returns rows moved up to a lower depth for the dispatch queue, once', () => {
    const { store, runId, seed } = newStore();
    const writer = new OutcomeWriter(store, runId, { ...DEFAULT_SETTINGS, depth: 3 });
    const far = store.graph.ensureEntity('site:site5.example', 'site', { homeUrl: 'https://site5.example/' }, runId, 0);
    store.frontier.enqueue(runId, { url: 'https://site5.example/', depth: 3, role: 'home', entityId: far, foundFromUrl: null, foundEdge: 'link' }, 0);
    const row = store.frontier.queued(runId)[0]!;
    const outcome = emptyOutcome('done', null, true);
    for (const type of ['mention', 'link'] as const) outcome.links.push({ targetUrl: 'https://site5.example/', type, evidenceUrl: row.url, anchorText: null, follow: true });
    store.tx(() => writer.apply(row, outcome, 1));
    expect(writer.takePlaced().map((r) => [r.url, r.depth])).toEqual([['https://site5.example/', 1]]);
    // The link beats the mention at the same depth, whichever came first on the page.
    expect(store.graph.discovery(far)).toMatchObject({ depth: 1, parentEntity: seed, edgeType: 'link' });
    expect(store.graph.edgesInto([far]).map((e) => e.type)).toEqual(['mention', 'link']);
  });
});
