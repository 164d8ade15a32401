// The rows every output shares (rank table, CSV, JSON): one candidate with its numbers, its
// home and feed, when it was first seen and its liner note.
import type { Store } from '../store/store.js';
import { personOf } from '../rank/compute.js';
import { podcastInfo } from './podcast-info.js';
import { bestStart, discoveryPath, formatVia } from '../rank/liner-notes.js';
import { personName, personUrl, personWebsite } from '../rank/person-view.js';
import type { EntityRow } from '../store/graph.js';
import { knownPeople } from '../known/match.js';
import { markAuthor, marksByPerson } from '../store/marks.js';
import { membersByPerson } from '../rank/members.js';

/** One ranked candidate as users see it. */
export interface CandidateRow {
  rank: number;
  name: string;
  url: string;
  website: string;
  feed: string;
  bluesky: string;
  mastodon: string;
  /** Where this person publishes: web, podcast, bluesky, mastodon. */
  platforms: string;
  /** The user's decision: picked, rejected, skipped (seen in review) or new. */
  status: CandidateStatus;
  /** Who made that decision (`--as`, default the OS user); `unknown` for marks older than names, '' when new. */
  picked_by: string;
  /** The note given with that decision (`pick --note`), '' when none. */
  note: string;
  /** The user already follows this person (`linernotes known`). */
  known: boolean;
  podcast: boolean;
  /** Its own show's title, when it has one. */
  podcast_title: string;
  /** The shows it was a guest on, `; `-separated. */
  guest_on: string;
  score: number;
  relevance: number;
  authority: number;
  pagerank: number;
  referrers: number;
  seeds_reaching: number;
  first_seen: string;
  /** When a crawl last saw it (linked, fetched or read). */
  last_seen: string;
  /** Places gained since the previous run that ranked it (negative: fell); 'new' if it had none. */
  rank_change: number | 'new';
  top_terms: string;
  via: string;
}

/** A candidate's hand-picking state. */
export type CandidateStatus = 'picked' | 'rejected' | 'skipped' | 'new';

/** Which candidates to list: by default everything but the rejected. */
export const DEFAULT_STATUSES: readonly CandidateStatus[] = ['picked', 'skipped', 'new'];

/** Column order of CSV exports. */
export const CSV_COLUMNS: readonly (keyof CandidateRow)[] = [
  'rank', 'name', 'url', 'status', 'picked_by', 'note', 'known', 'website', 'feed', 'bluesky', 'mastodon', 'platforms', 'podcast', 'podcast_title', 'guest_on', 'score', 'relevance', 'authority', 'pagerank',
  'referrers', 'seeds_reaching', 'rank_change', 'first_seen', 'last_seen', 'top_terms', 'via',
];

/** Round for display and export: scores carry no meaning past 4 decimals. */
function round(n: number, places = 4): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

/** Options for `candidateRows`. */
export interface CandidateQuery {
  /** At most this many rows. @default Infinity */
  limit?: number;
  /** Only candidates in these states. @default DEFAULT_STATUSES (all but rejected) */
  statuses?: readonly CandidateStatus[];
  /** Also list the people the user already follows (left out by default). @default false */
  includeKnown?: boolean;
}

/** Candidate rows, and how many known people were left out of them. */
export interface CandidateList {
  rows: CandidateRow[];
  /** Known candidates that would otherwise have been listed (ranked above the last row shown). */
  hiddenKnown: number;
}

/** The stderr line saying how many known candidates were left out, or '' when none were. */
export function hiddenKnownNote(hidden: number): string {
  return hidden > 0 ? `${hidden} known candidate${hidden === 1 ? '' : 's'} hidden (--include-known shows them)\n` : '';
}

/** The ranked candidates of `runId`, best first; rank numbers stay those of the full ranking. */
export function candidateRows(store: Store, runId: number, query: CandidateQuery = {}): CandidateRow[] {
  return candidateList(store, runId, query).rows;
}

/** {@link candidateRows}, with the count of known people left out. */
export function candidateList(store: Store, runId: number, query: CandidateQuery = {}): CandidateList {
  const limit = query.limit ?? Infinity;
  const statuses = new Set(query.statuses ?? DEFAULT_STATUSES);
  const scores = store.scores.forRun(runId);
  const entities = store.graph.entities();
  const byId = new Map(entities.map((e) => [e.id, e]));
  const people = personOf(store, entities);
  const marks = marksByPerson(store.marks.all(), people);
  const known = knownPeople(store.known.list(), entities, people);
  const shows = podcastInfo(store, people);
  const fetched = store.documents.fetchedEntityIds();
  let hiddenKnown = 0;
  const members = membersByPerson(entities, people);
  const rows: CandidateRow[] = [];
  for (const s of scores) {
    if (rows.length >= limit) break;
    const e = byId.get(s.entityId);
    if (!e) continue;
    const mark = marks.get(e.id);
    const status: CandidateStatus = mark?.status ?? 'new';
    if (!statuses.has(status)) continue;
    const isKnown = known.has(e.id);
    if (isKnown && !query.includeKnown) {
      hiddenKnown++;
      continue;
    }
    const group = (members.get(e.id) ?? [e]).filter((m) => m.aliasOf === null || m.id === e.id);
    // Only a site we read is shown as the person's website (a domain handle's host may serve nothing).
    const website = personWebsite(group, fetched);
    const feedOwner = group.find((m) => m.feedUrl);
    const bluesky = group.filter((m) => m.key.startsWith('bsky:')).map((m) => handleOf(m));
    const mastodon = group.filter((m) => m.key.startsWith('fedi:')).map((m) => handleOf(m));
    const show = shows.get(e.id);
    const podcast = group.some((m) => m.isPodcast) || (show?.podcast ?? null) !== null;
    const platforms = [website !== null ? 'web' : '', podcast ? 'podcast' : '', bluesky.length ? 'bluesky' : '', mastodon.length ? 'mastodon' : ''].filter(Boolean);
    rows.push({
      rank: s.rank,
      name: personName(e, group, fetched),
      url: personUrl(e, group, fetched),
      website: website ?? '',
      feed: feedOwner?.feedUrl ?? '',
      bluesky: bluesky.join(' '),
      mastodon: mastodon.join(' '),
      platforms: platforms.join(' '),
      status,
      picked_by: mark ? markAuthor(mark) : '',
      note: mark?.note ?? '',
      known: isKnown,
      podcast,
      podcast_title: show?.podcast?.title ?? '',
      guest_on: show?.guestOn.join('; ') ?? '',
      score: round(s.score),
      relevance: round(s.relevance),
      authority: round(s.authorityNorm),
      pagerank: round(s.authority, 8),
      referrers: s.referrers,
      seeds_reaching: s.seedsReaching,
      first_seen: new Date(Math.min(...group.map((m) => m.firstSeenAt))).toISOString().slice(0, 10),
      last_seen: new Date(Math.max(...group.map((m) => m.lastSeenAt))).toISOString().slice(0, 10),
      rank_change: rankChange(store, group, runId, s.rank),
      top_terms: s.topTerms.join(' '),
      via: formatVia(discoveryPath(store.graph, bestStart(store.graph, group, e.id))),
    });
  }
  return { rows, hiddenKnown };
}

/**
 * A handle without its leading `@`: spreadsheets read a cell starting with `@` as a formula,
 * so exports carry `dana.bsky.social` and `dana@toot.example`; the rank table adds the `@`.
 */
function handleOf(e: EntityRow): string {
  return e.handle ?? e.key.replace(/^[a-z]+:/, '');
}

/** Places gained since the newest earlier run that ranked any of the person's identities. */
function rankChange(store: Store, group: readonly EntityRow[], runId: number, rank: number): number | 'new' {
  const before = store.scores.history(group.map((m) => m.id)).filter((h) => h.runId < runId).at(-1);
  return before ? before.rank - rank : 'new';
}
