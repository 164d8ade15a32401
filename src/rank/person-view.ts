// How one person (the entities merged into one candidate) is shown: the name, the website and
// the main address, chosen among all of its identities. Pure.
//
// The entity that stands for a person is its site when it has one (identity.ts), but that site
// may never have been fetched (a domain handle proves `erin.test` is Erin's; nobody read a page
// there): its name is then only its host, and its home URL was never seen to answer. So the name
// comes from the best source among the merged identities, and only a site we fetched and read
// is shown as the person's website.
import type { EntityRow } from '../store/graph.js';
import { displayName } from './liner-notes.js';

type Member = Pick<EntityRow, 'id' | 'kind' | 'key' | 'name' | 'homeUrl' | 'handle' | 'profileUrl' | 'isPodcast' | 'aliasOf'>;

/** Where a name comes from, best first: a read site, a profile's display name, anything named. */
function nameRank(m: Member, fetched: ReadonlySet<number>): number {
  if (m.name === null) return 9;
  if (m.kind === 'site' && !m.isPodcast && fetched.has(m.id)) return 0;
  if (m.kind === 'account') return 1;
  if (m.kind === 'site' && !m.isPodcast) return 2;
  return 3;
}

/**
 * The person's name: the representative's own when it has a name from a page it was read from,
 * else the best named identity (a read site's title, then an account's display name), else
 * the representative's host or handle. `fetched` holds the ids of entities with a page read.
 */
export function personName(rep: Member, group: readonly Member[], fetched: ReadonlySet<number>): string {
  const candidates = [rep, ...group.filter((m) => m.id !== rep.id && m.aliasOf === null)];
  const best = [...candidates].sort((a, b) => nameRank(a, fetched) - nameRank(b, fetched))[0];
  return best?.name ?? displayName(rep);
}

/** The person's website: the home of a non-podcast site we fetched (a podcast's as a fallback), or null. */
export function personWebsite(group: readonly Member[], fetched: ReadonlySet<number>): string | null {
  const read = group.filter((m) => m.kind === 'site' && m.homeUrl !== null && fetched.has(m.id));
  return (read.find((m) => !m.isPodcast) ?? read[0])?.homeUrl ?? null;
}

/** The person's main address: the website, else an account's profile, else the representative's home. */
export function personUrl(rep: Member, group: readonly Member[], fetched: ReadonlySet<number>): string {
  return personWebsite(group, fetched) ?? group.find((m) => m.kind === 'account' && m.profileUrl)?.profileUrl ?? rep.profileUrl ?? rep.homeUrl ?? '';
}
