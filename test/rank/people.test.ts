// peopleIndex merges only the entities identity merging concerns (moved, moved to, in a claim,
// named by a veto) and leaves every other entity its own person: it must give exactly what
// identityGroups over every entity gives, on either store engine's SQL.
import { describe, expect, it } from 'vitest';
import { identityGroups } from '../../src/rank/identity.js';
import { mergeConcerns, peopleIndex } from '../../src/rank/people.js';
import { mulberry32 } from '../../src/prng.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES, tempStores } from '../helpers/temp-stores.js';

function randomWorld(s: Store, seed: number): void {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const run = s.runs.create('discover', {}, null, 0);
  const ids: number[] = [];
  s.tx(() => {
    for (let i = 0; i < 60; i++) {
      const kind = pick(['site', 'site', 'account', 'podcast'] as const);
      const key = kind === 'account' ? `acct:u${i}.test` : `site:e${i}.test`;
      const id = s.graph.ensureEntity(key, kind, { isPlatform: rand() < 0.05 }, run, 0);
      if (kind === 'podcast') s.graph.describe(id, { isPodcast: true });
      if (rand() < 0.05) s.graph.hide(id, 'opted-out');
      ids.push(id);
    }
    for (let k = 0; k < 6; k++) s.graph.setAlias(pick(ids), pick(ids));
    for (let k = 0; k < 40; k++) {
      const from = pick(ids);
      const to = pick(ids);
      s.graph.addClaim({ from, to, kind: pick(['rel-me', 'profile-link', 'verified-field', 'domain-handle']), evidenceUrl: `https://e.test/${k}`, targetUrl: `https://e${Math.floor(rand() * 60)}.test/` }, run, 0);
      if (rand() < 0.5) s.graph.addClaim({ from: to, to: from, kind: 'rel-me', evidenceUrl: `https://e.test/b${k}`, targetUrl: 'https://x.test/' }, run, 0);
    }
  });
  for (let k = 0; k < 3; k++) s.vetoes.add(s.graph.entity(pick(ids))!.key, s.graph.entity(pick(ids))!.key, 0);
}

describe.each(ENGINES)('peopleIndex on %s', (engine) => {
  const stores = tempStores('people', engine);

  it('equals identityGroups over every entity', () => {
    let merged = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const s = stores.store();
      randomWorld(s, seed);
      const reference = identityGroups(s.graph.entities(), s.graph.claims(), s.vetoes.list());
      const people = peopleIndex(s);
      const got = new Map<number, number>();
      for (let i = 0; i < people.entities.length; i++) got.set(people.entities.id[i]!, people.person[people.entities.id[i]!]!);
      expect(got).toEqual(reference);
      // Merged people are marked shared, and only they.
      const size = new Map<number, number>();
      for (const p of reference.values()) size.set(p, (size.get(p) ?? 0) + 1);
      for (const [id, p] of reference) expect(people.shared[id]).toBe(size.get(p)! > 1 ? 1 : 0);
      // Fewer rows than entities are read as rows.
      expect(mergeConcerns(people.entities, s.graph.claims()).length).toBeLessThanOrEqual(60);
      merged += [...reference].filter(([id, p]) => id !== p).length;
    }
    // The worlds do merge people (moved sites, proofs, two-way claims).
    expect(merged).toBeGreaterThan(10);
  });

  it('reads the entity columns: aliases, platforms, hidden', () => {
    const s = stores.store();
    const run = s.runs.create('discover', {}, null, 0);
    const a = s.graph.ensureEntity('site:a.test', 'site', {}, run, 0);
    const b = s.graph.ensureEntity('site:b.test', 'site', { isPlatform: true }, run, 0);
    const c = s.graph.ensureEntity('acct:c.test', 'account', {}, run, 0);
    s.graph.setAlias(a, b);
    s.graph.hide(c, 'opted-out');
    const cols = s.graph.entityColumns();
    expect([...cols.id]).toEqual([a, b, c]);
    expect([...cols.aliasOf]).toEqual([b, -1, -1]);
    expect([...cols.isPlatform]).toEqual([0, 1, 0]);
    expect([...cols.hidden]).toEqual([0, 0, 1]);
    expect(stores.store().graph.entityColumns().length).toBe(0);
  });
});
