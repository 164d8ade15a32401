// Which people of the graph the user already follows: known identities matched against entities
// and lifted to the person each entity stands for, so a known feed hides its author's Bluesky
// account too once the crawl has merged them. Pure: the caller reads the rows and `personOf`.
import { identify } from '../crawl/identify.js';
import type { EntityRow } from '../store/graph.js';
import type { KnownEntry } from './parse-known.js';

/** The fields of an entity that known identities are compared with. */
export type MatchableEntity = Pick<EntityRow, 'id' | 'key' | 'feedUrl' | 'handle'>;

/**
 * A URL compared loosely: feed readers keep the address a feed had when it was subscribed to,
 * so `http://www.x.example/feed/` and `https://x.example/feed` are the same feed here.
 */
export function looseUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.host.toLowerCase().replace(/^www\./, '');
    return `${host}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return url.trim().toLowerCase();
  }
}

/** Indexes over the entities, built once per match. */
class EntityIndex {
  readonly byKey = new Map<string, number[]>();
  readonly byFeed = new Map<string, number[]>();
  readonly byHandle = new Map<string, number[]>();

  constructor(entities: readonly MatchableEntity[]) {
    for (const e of entities) {
      push(this.byKey, e.key, e.id);
      if (e.feedUrl) push(this.byFeed, looseUrl(e.feedUrl), e.id);
      // A handle is per network: `dana.example` on Bluesky is not `dana@dana.example` on Mastodon.
      if (e.handle) push(this.byHandle, `${e.key.slice(0, e.key.indexOf(':'))} ${e.handle.toLowerCase()}`, e.id);
    }
  }
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

/** The key of the entity a feed URL belongs to in the graph (its site), or null. */
function feedSiteKey(feedUrl: string): string | null {
  try {
    return identify(feedUrl).key;
  } catch {
    return null;
  }
}

/** Entity ids one known entry matches. */
function matchOne(entry: KnownEntry, index: EntityIndex): number[] {
  const ids = (map: Map<string, number[]>, key: string | null) => (key === null ? [] : (map.get(key) ?? []));
  const id = entry.identity;
  switch (entry.kind) {
    case 'site':
      return ids(index.byKey, `site:${id.toLowerCase()}`);
    case 'feed':
      // The entity that declares the feed, or, when the crawl never read it, the site it is on.
      return [...ids(index.byFeed, looseUrl(id)), ...ids(index.byKey, feedSiteKey(id))];
    case 'bluesky': {
      const actor = id.startsWith('did:') ? id : id.toLowerCase();
      return [...ids(index.byKey, `bsky:${actor}`), ...ids(index.byHandle, `bsky ${actor.toLowerCase()}`)];
    }
    case 'mastodon': {
      const acct = id.toLowerCase().replace(/^@/, '');
      return [...ids(index.byKey, `fedi:${acct}`), ...ids(index.byHandle, `fedi ${acct}`)];
    }
    default:
      return [];
  }
}

/** For each known entry (same order), the ids of the entities it matches. */
export function matchKnown(known: readonly KnownEntry[], entities: readonly MatchableEntity[]): number[][] {
  const index = new EntityIndex(entities);
  return known.map((k) => [...new Set(matchOne(k, index))]);
}

/**
 * The people the user already follows: every person (as `personOf` maps entities to the entity
 * standing for their person) with at least one entity matched by a known identity.
 */
export function knownPeople(known: readonly KnownEntry[], entities: readonly MatchableEntity[], personOf: ReadonlyMap<number, number>): Set<number> {
  const people = new Set<number>();
  for (const ids of matchKnown(known, entities)) for (const id of ids) people.add(personOf.get(id) ?? id);
  return people;
}
