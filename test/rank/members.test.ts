// Grouping entities by the person they stand for.
import { describe, expect, it } from 'vitest';
import { membersByPerson } from '../../src/rank/members.js';

describe('membersByPerson', () => {
  it('groups by person in entity order; an entity missing from the map is its own person', () => {
    const entities = [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }];
    const people = new Map([[1, 3], [2, 2], [3, 3]]);
    expect([...membersByPerson(entities, people)]).toEqual([[3, [{ id: 1 }, { id: 3 }]], [2, [{ id: 2 }]], [4, [{ id: 4 }]]]);
  });
});
