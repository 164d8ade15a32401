// The rows every output shares (rank table, CSV, JSON): one candidate with its numbers, its
// home and feed, when it was first seen and its liner note.
import type { Store } from '../store/store.js';
import { discoveryPath, formatVia } from '../rank/liner-notes.js';

/** One ranked candidate as users see it. */
export interface CandidateRow {
  rank: number;
  name: string;
  url: string;
  feed: string;
  podcast: boolean;
  score: number;
  relevance: number;
  authority: number;
  pagerank: number;
  referrers: number;
  seeds_reaching: number;
  first_seen: string;
  top_terms: string;
  via: string;
}

/** Column order of CSV exports. */
export const CSV_COLUMNS: readonly (keyof CandidateRow)[] = [
  'rank', 'name', 'url', 'feed', 'podcast', 'score', 'relevance', 'authority', 'pagerank',
  'referrers', 'seeds_reaching', 'first_seen', 'top_terms', 'via',
];

/** Round for display and export: scores carry no meaning past 4 decimals. */
function round(n: number, places = 4): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

/** The ranked candidates of `runId`, best first, at most `limit`. */
export function candidateRows(store: Store, runId: number, limit = Infinity): CandidateRow[] {
  const scores = store.scores.forRun(runId);
  const rows: CandidateRow[] = [];
  for (const s of scores) {
    if (rows.length >= limit) break;
    const e = store.graph.entity(s.entityId);
    if (!e) continue;
    rows.push({
      rank: s.rank,
      name: e.name ?? e.key.replace(/^site:/, ''),
      url: e.homeUrl ?? '',
      feed: e.feedUrl ?? '',
      podcast: e.isPodcast,
      score: round(s.score),
      relevance: round(s.relevance),
      authority: round(s.authorityNorm),
      pagerank: round(s.authority, 8),
      referrers: s.referrers,
      seeds_reaching: s.seedsReaching,
      first_seen: new Date(e.firstSeenAt).toISOString().slice(0, 10),
      top_terms: s.topTerms.join(' '),
      via: formatVia(discoveryPath(store.graph, e.id)),
    });
  }
  return rows;
}
