// Podcasts as rank and export show them: a person's own show (title and feed) and the shows
// that had the person as a guest. A show is a person's when it is one of the person's entities:
// the person's site publishes it, or the show and its host claim each other (see
// sources/web-feed.ts); a host named one-way by a show does not get the show.
import { gunzipSync } from 'node:zlib';
import { parseFeed } from '../extract/feed.js';
import { displayName } from '../rank/liner-notes.js';
import type { EntityRow } from '../store/graph.js';
import type { Store } from '../store/store.js';
import { membersByPerson } from '../rank/members.js';

/** A person's podcast and guest appearances. */
export interface PodcastInfo {
  /** The person's own show, or null. */
  podcast: { title: string; feed: string } | null;
  /** Titles of the shows that had the person as a guest, most episodes first, then by title. */
  guestOn: string[];
}

/**
 * Per person (the ids `personOf` maps entities to): its podcast and the shows it was a guest
 * on. People with neither are left out, so a missing entry means `{ podcast: null, guestOn: [] }`.
 */
export function podcastInfo(store: Store, personOf: ReadonlyMap<number, number>): Map<number, PodcastInfo> {
  const entities = store.graph.entities();
  const byId = new Map(entities.map((e) => [e.id, e]));
  const person = (id: number) => personOf.get(id) ?? id;
  const members = membersByPerson(entities, personOf);

  const podcasts = new Map<number, { title: string; feed: string }>();
  for (const [p, group] of members) {
    // The entity that stands for the person first, then live entities before moved ones, by key.
    const shows = group
      .filter((e) => e.isPodcast && e.feedUrl)
      .sort((a, b) => Number(b.id === p) - Number(a.id === p) || Number(a.aliasOf !== null) - Number(b.aliasOf !== null) || (a.key < b.key ? -1 : 1));
    if (shows.length > 0) podcasts.set(p, showOf(store, shows[0]!));
  }

  const appearances = new Map<number, Map<string, Set<string>>>();
  for (const edge of store.graph.edgeEvidence()) {
    if (edge.type !== 'guest') continue;
    const guest = person(edge.to);
    const host = person(edge.from);
    if (guest === host) continue;
    const from = byId.get(edge.from);
    const title = podcasts.get(host)?.title ?? (from ? from.name ?? displayName(from) : String(edge.from));
    const shows = appearances.get(guest) ?? new Map<string, Set<string>>();
    shows.set(title, (shows.get(title) ?? new Set()).add(edge.evidence));
    appearances.set(guest, shows);
  }

  const result = new Map<number, PodcastInfo>();
  for (const p of new Set([...podcasts.keys(), ...appearances.keys()])) {
    const shows = [...(appearances.get(p) ?? new Map<string, Set<string>>())];
    shows.sort(([ta, ea], [tb, eb]) => eb.size - ea.size || (ta < tb ? -1 : ta > tb ? 1 : 0));
    result.set(p, { podcast: podcasts.get(p) ?? null, guestOn: shows.map(([title]) => title) });
  }
  return result;
}

/**
 * Title and feed of a podcast entity. Its `feed_url` is the first feed the crawl read, which
 * on a site with both a blog feed and a podcast feed may be the blog's: then the stored feed
 * bodies say which one has the episodes.
 */
function showOf(store: Store, e: EntityRow): { title: string; feed: string } {
  const docs = store.documents.feedsOf(e.id);
  const name = e.name ?? displayName(e);
  const named = (feed: string, title: string | null) => ({ title: title || name, feed });
  const declared = docs.find((d) => d.url === e.feedUrl || d.finalUrl === e.feedUrl);
  if (docs.length > 1) {
    for (const d of docs) {
      const feed = d.finalUrl ?? d.url;
      if (d.body && isPodcastBody(d.body, feed)) return named(feed, d.title);
    }
  }
  return named(e.feedUrl!, declared?.title ?? null);
}

function isPodcastBody(gzipped: Buffer, url: string): boolean {
  try {
    return parseFeed(gunzipSync(gzipped).toString('utf8'), url)?.isPodcast === true;
  } catch {
    return false;
  }
}
