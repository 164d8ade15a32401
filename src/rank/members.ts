// One person's entities: every read model that shows people (candidates, explanations, changes,
// the person graph, podcast info) groups the entities by the person they stand for the same way.

/** Each person (the id of the entity standing for it) with its entities, in the order of `entities`. */
export function membersByPerson<T extends { id: number }>(entities: readonly T[], personOf: ReadonlyMap<number, number>): Map<number, T[]> {
  const members = new Map<number, T[]>();
  for (const e of entities) {
    const p = personOf.get(e.id) ?? e.id;
    const group = members.get(p);
    if (group) group.push(e);
    else members.set(p, [e]);
  }
  return members;
}
