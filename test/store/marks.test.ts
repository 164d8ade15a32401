// MarkStore and the authors of marks and vetoes: who made each decision, how a person's mark is
// chosen, and what migration 10 leaves on marks and vetoes stored before names were recorded.
import { describe, expect, it } from 'vitest';
import { ENGINES, tempStores, writeOldDatabase } from '../helpers/temp-stores.js';
import { isOwnMark, markAuthor, marksByPerson } from '../../src/store/marks.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { dbOf, type Store } from '../../src/store/store.js';

describe.each(ENGINES)('on %s', (engine) => {
const { fresh, store } = tempStores('marks', engine);

/** Two entities in a store, for marks to point at. */
function withEntities(s: Store): [number, number] {
  const run = s.runs.create('discover', {}, null, 1);
  return [s.graph.ensureEntity('site:a.example', 'site', {}, run, 1), s.graph.ensureEntity('site:b.example', 'site', {}, run, 1)];
}

describe('MarkStore', () => {
  it('records who made each mark, and replacing a mark replaces its author and note', () => {
    const s = store();
    const [a, b] = withEntities(s);
    s.marks.set(a, 'picked', 10, 'great show', 'ana');
    s.marks.set(b, 'rejected', 11, null, 'bo');
    expect(s.marks.all()).toEqual([
      { entityId: a, status: 'picked', markedAt: 10, note: 'great show', by: 'ana' },
      { entityId: b, status: 'rejected', markedAt: 11, note: null, by: 'bo' },
    ]);
    s.marks.set(a, 'rejected', 12, null, 'bo');
    expect(s.marks.all()[0]).toEqual({ entityId: a, status: 'rejected', markedAt: 12, note: null, by: 'bo' });
    // Without a name the mark has no author (as marks made before names were recorded).
    s.marks.set(b, 'skipped', 13);
    expect(s.marks.all()[1]!.by).toBeNull();
    expect(s.marks.clear([a, b])).toBe(2);
    expect(s.marks.all()).toEqual([]);
  });

  it("gives a person the newest of its identities' marks, with that mark's author", () => {
    const people = new Map([[1, 1], [2, 1], [3, 3]]);
    const byPerson = marksByPerson([
      { entityId: 1, status: 'picked', markedAt: 5, note: null, by: 'ana' },
      { entityId: 2, status: 'rejected', markedAt: 9, note: null, by: 'bo' },
      { entityId: 3, status: 'skipped', markedAt: 1, note: null, by: null },
    ], people);
    expect(byPerson.get(1)).toMatchObject({ status: 'rejected', by: 'bo' });
    expect(markAuthor(byPerson.get(3)!)).toBe('unknown');
  });

  it("counts a mark as one's own when it names the same person, or nobody", () => {
    expect(isOwnMark({ by: 'ana' }, 'ana')).toBe(true);
    expect(isOwnMark({ by: 'ana' }, 'bo')).toBe(false);
    expect(isOwnMark({ by: null }, 'bo')).toBe(true);
    expect(markAuthor({ by: 'ana' })).toBe('ana');
  });
});

describe('VetoStore authors', () => {
  it('records who split a pair; adding the same pair again keeps the first author', () => {
    const v = store().vetoes;
    expect(v.add('site:a.example', 'fedi:a@toot.example', 1, 'ana')).toBe(true);
    expect(v.add('fedi:a@toot.example', 'site:a.example', 2, 'bo')).toBe(false);
    expect(v.list()).toEqual([{ aKey: 'fedi:a@toot.example', bKey: 'site:a.example', vetoedAt: 1, vetoedBy: 'ana' }]);
  });
});

describe('migration 10', () => {
  it('keeps marks and vetoes of a schema-9 database, with no author', () => {
    const path = fresh();
    const rows = [
      "INSERT INTO entities (id, key, kind, first_seen_at, last_seen_at) VALUES (1, 'site:a.example', 'site', 1, 1)",
      "INSERT INTO marks (entity_id, status, marked_at, note) VALUES (1, 'picked', 7, 'old pick')",
      "INSERT INTO merge_vetoes (a_key, b_key, vetoed_at) VALUES ('a', 'b', 3)",
    ];
    writeOldDatabase(engine, path, 9, rows);

    const s = store(path);
    expect(dbOf(s).pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(s.marks.all()).toEqual([{ entityId: 1, status: 'picked', markedAt: 7, note: 'old pick', by: null }]);
    expect(s.vetoes.list()).toEqual([{ aKey: 'a', bKey: 'b', vetoedAt: 3, vetoedBy: null }]);
  });
});
});
