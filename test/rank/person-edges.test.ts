// personEdges reads (from, to, type) groups from the store and reads evidence URLs only where a
// merged person joins two groups; it must equal the plain definition (a Set of evidence per
// pair of people, feed items of pages dropped for ranking), order included.
import { describe, expect, it } from 'vitest';
import { personEdges } from '../../src/rank/compute.js';
import { EDGE_TYPES, type RankEdge } from '../../src/rank/types.js';
import { mulberry32 } from '../../src/prng.js';
import type { Store } from '../../src/store/store.js';
import { tempStores } from '../helpers/temp-stores.js';

const stores = tempStores('person-edges');

/** The definition: every edge row, in (from, to, type, evidence) order, folded into people. */
function reference(store: Store, people: ReadonlyMap<number, number>, forRanking: boolean): RankEdge[] {
  const all = [...store.graph.edgeEvidence()].sort((a, b) => a.from - b.from || a.to - b.to || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || (a.evidence < b.evidence ? -1 : a.evidence > b.evidence ? 1 : 0));
  const asPage = new Set(!forRanking ? [] : all.filter((e) => e.type === 'link').map((e) => `${e.from} ${e.to} ${e.evidence}`));
  const evidence = new Map<string, Set<string>>();
  for (const e of all) {
    if (!(EDGE_TYPES as readonly string[]).includes(e.type)) continue;
    if (forRanking && e.type === 'feed-item' && asPage.has(`${e.from} ${e.to} ${e.evidence}`)) continue;
    const from = people.get(e.from) ?? e.from;
    const to = people.get(e.to) ?? e.to;
    if (from === to) continue;
    const key = `${from} ${to} ${e.type}`;
    evidence.set(key, (evidence.get(key) ?? new Set()).add(e.evidence));
  }
  return [...evidence].map(([key, docs]) => {
    const [from, to, type] = key.split(' ');
    return { from: Number(from), to: Number(to), type: type as RankEdge['type'], count: docs.size };
  });
}

describe('personEdges', () => {
  it('equals the Set-of-evidence definition on random graphs with merged people', () => {
    const rand = mulberry32(5);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    for (let round = 0; round < 6; round++) {
      const s = stores.store();
      const run = s.runs.create('discover', {}, null, 0);
      const ids = Array.from({ length: 12 }, (_, i) => s.graph.ensureEntity(`site:e${i}.test`, 'site', {}, run, 0));
      const types = ['link', 'feed-item', 'mention', 'repost', 'not-a-type'];
      const docs = Array.from({ length: 6 }, (_, i) => `https://e.test/p/${i}`);
      s.tx(() => {
        for (let k = 0; k < 300; k++) {
          s.graph.addEdge({ from: pick(ids), to: pick(ids), type: pick(types), evidenceUrl: pick(docs), targetUrl: `https://t.test/${Math.floor(rand() * 3)}`, anchorText: null }, run, 0);
        }
      });
      // A few people of two or three identities; an id mapped onto one that keeps itself.
      const people = new Map<number, number>(ids.map((id) => [id, id]));
      for (let k = 0; k < 4; k++) people.set(pick(ids), pick(ids.slice(0, 3)));
      for (const forRanking of [false, true]) {
        expect(personEdges(s, people, forRanking)).toEqual(reference(s, people, forRanking));
      }
      expect(personEdges(s, new Map(), true)).toEqual(reference(s, new Map(), true));
    }
  });

  it('is empty for a store without edges', () => {
    expect(personEdges(stores.store(), new Map())).toEqual([]);
  });
});
