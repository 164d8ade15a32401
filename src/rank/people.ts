// Who is whom, as columns, for ranking: every entity's person in an Int32Array indexed by id.
// Identity merging (identity.ts) only concerns the entities that moved, are moved to, make or
// receive an identity claim, or are named by a veto; every other entity is its own person. So
// those few are read as rows and merged, and the rest never become objects.
import type { EntityColumns, EntityRow } from '../store/graph.js';
import type { Store } from '../store/store.js';
import { identityGroups, type ClaimEdge, type MergeVeto } from './identity.js';

/** Entities and their people, by id. */
export interface PeopleIndex {
  /** Every entity, in id order. */
  entities: EntityColumns;
  /** Largest entity id (-1 without entities). */
  maxId: number;
  /** person[id]: the entity standing for id's person; -1 where no entity has that id. */
  person: Int32Array;
  /** shared[id] = 1: another entity belongs to id's person too. */
  shared: Uint8Array;
}

/**
 * The entities identity merging has to see: every moved entity and what it moved to, both ends
 * of every claim, and the entities a veto names. Any other entity maps to itself whatever the
 * claims say, so `identityGroups` of these alone agrees with it over every entity.
 */
export function mergeConcerns(entities: EntityColumns, claims: readonly ClaimEdge[]): number[] {
  const ids = new Set<number>();
  for (let i = 0; i < entities.length; i++) {
    if (entities.aliasOf[i]! < 0) continue;
    ids.add(entities.id[i]!);
    ids.add(entities.aliasOf[i]!);
  }
  for (const c of claims) ids.add(c.from).add(c.to);
  return [...ids].sort((a, b) => a - b);
}

/**
 * Every entity's person from the entity columns and the few full rows identity merging needs
 * (`rows`: at least the entities of `mergeConcerns` and those the vetoes name): the same
 * mapping as `identityGroups` over every entity.
 */
export function peopleOf(entities: EntityColumns, rows: readonly EntityRow[], claims: readonly ClaimEdge[], vetoes: readonly MergeVeto[]): PeopleIndex {
  let maxId = -1;
  for (let i = 0; i < entities.length; i++) if (entities.id[i]! > maxId) maxId = entities.id[i]!;
  const person = new Int32Array(maxId + 1).fill(-1);
  for (let i = 0; i < entities.length; i++) person[entities.id[i]!] = entities.id[i]!;
  const shared = new Uint8Array(maxId + 1);
  for (const [id, p] of identityGroups(rows, claims, vetoes)) {
    if (id < 0 || id > maxId || person[id] === -1) continue;
    person[id] = p;
    if (id !== p) {
      shared[id] = 1;
      shared[p] = 1;
    }
  }
  return { entities, maxId, person, shared };
}

/** `peopleOf` the store's entities, claims and the user's vetoes. */
export function peopleIndex(store: Store): PeopleIndex {
  const entities = store.graph.entityColumns();
  const claims = store.graph.claims();
  const vetoes = store.vetoes.list();
  const rows = store.graph.entitiesAmong(mergeConcerns(entities, claims), vetoes.flatMap((v) => [v.aKey, v.bKey]));
  return peopleOf(entities, rows, claims, vetoes);
}
