// The weekly flash report as data: what the picked people (or, with none picked, the top 20)
// published since the last run or a given date, one blurb per post with its source-of-the-
// source (who in the graph linked to or shared the post — else the person — and the chain from
// a seed), then the week's movers from the change report.
import { candidateList } from '../export/candidates.js';
import { changesSince, type ChangedCandidate } from '../rank/changes.js';
import { explainContext, type ExplainContext } from '../rank/explain.js';
import { bestStart, discoveryPath, displayName, formatVia } from '../rank/liner-notes.js';
import { personName, personUrl } from '../rank/person-view.js';
import { markAuthor, marksByPerson } from '../store/marks.js';
import type { Store } from '../store/store.js';
import { firstSentence, trimTo } from './blurb.js';
import { resolveSince } from './since.js';

/** One post in the digest. */
export interface DigestPost {
  title: string;
  url: string;
  /** Published, YYYY-MM-DD (UTC). */
  date: string;
  /** First sentence or the feed's summary, trimmed; '' when the title already is the text. */
  blurb: string;
  /** The liner note that leads to it: `seed … → boosted …`. */
  via: string;
}

/** One followed person with what they published. */
export interface DigestPerson {
  name: string;
  url: string;
  rank: number | null;
  /** Who picked it, when the picks come from two or more people (a team); else null, as one person needs no name. */
  pickedBy: string | null;
  posts: DigestPost[];
}

/** The whole digest. */
export interface Digest {
  runId: number;
  runDate: string;
  /** e.g. `run 1 (2026-11-25)`. */
  sinceLabel: string;
  /** Whose posts: the user's picks, or the top of the ranking. */
  basis: 'picked' | 'top';
  /** How many people were followed. */
  followed: number;
  /** People who posted, in ranking order. */
  people: DigestPerson[];
  baseRunId: number | null;
  movers: { newCandidates: ChangedCandidate[]; risers: ChangedCandidate[]; silent: (ChangedCandidate & { lastPost: string })[] };
}

/** Options of {@link digestData}. */
export interface DigestOptions {
  /** `--since` as typed; undefined: since the run before `runId`. */
  since?: string;
  /** Epoch ms now (spans like `7d` count back from it). */
  now: number;
  /** People followed when nobody is picked. @default 20 */
  top?: number;
  /** Score change that makes a riser. @default 0.05 */
  threshold?: number;
  /** Posts kept per person. @default 5 */
  maxPostsPerPerson?: number;
}

/** A repost or boost is someone else's words: not what the person published. */
function isShare(url: string): boolean {
  return /#repost-by-/.test(url) || /\/statuses\/\d+\/activity$/.test(url);
}

/** Build the digest of `runId`. */
export function digestData(store: Store, runId: number, opts: DigestOptions): Digest {
  const window = resolveSince(store, runId, opts.since, opts.now);
  const ctx = explainContext(store, runId);
  const picks = [...marksByPerson(store.marks.all(), ctx.personOf)].filter(([, m]) => m.status === 'picked');
  const picked = picks.map(([person]) => person);
  const pickers = new Map(picks.map(([person, m]) => [person, markAuthor(m)]));
  const team = new Set(pickers.values()).size > 1;
  let followed: number[];
  if (picked.length > 0) followed = picked;
  else {
    const byRank = new Map(store.scores.forRun(runId).map((s) => [s.rank, s.entityId]));
    followed = candidateList(store, runId, { limit: opts.top ?? 20 }).rows.map((r) => byRank.get(r.rank)!).filter((id) => id !== undefined);
  }
  const rankOf = (id: number) => ctx.scores.get(id)?.rank ?? null;
  followed.sort((a, b) => (rankOf(a) ?? Infinity) - (rankOf(b) ?? Infinity) || a - b);

  const people: DigestPerson[] = [];
  for (const person of followed) {
    const members = ctx.members.get(person) ?? [];
    const posts = store.documents.postsSince(members.map((m) => m.id), window.since).filter((p) => !isShare(p.url)).slice(0, opts.maxPostsPerPerson ?? 5);
    if (posts.length === 0) continue;
    const rep = ctx.byId.get(person)!;
    if (rep.hidden !== null) continue; // picked before it opted out or went away: never shown
    const live = members.filter((m) => m.aliasOf === null || m.id === person);
    const personVia = formatVia(discoveryPath(store.graph, bestStart(store.graph, members, person)));
    people.push({
      name: personName(rep, live, ctx.fetched),
      url: personUrl(rep, live, ctx.fetched),
      rank: rankOf(person),
      pickedBy: team ? (pickers.get(person) ?? null) : null,
      posts: posts.map((p) => {
        const text = p.excerpt ?? '';
        const title = p.title?.trim() ? trimTo(p.title, 120) : firstSentence(text, 120);
        return {
          title,
          url: p.url,
          date: new Date(p.publishedAt).toISOString().slice(0, 10),
          blurb: p.title?.trim() ? firstSentence(text) : '',
          via: postVia(ctx, person, p.url) ?? personVia,
        };
      }),
    });
  }

  const changes = window.baseRunId === null ? null : changesSince(store, runId, window.baseRunId, opts.threshold ?? 0.05);
  const run = store.runs.get(runId);
  return {
    runId,
    runDate: new Date(run?.startedAt ?? opts.now).toISOString().slice(0, 10),
    sinceLabel: window.label,
    basis: picked.length > 0 ? 'picked' : 'top',
    followed: followed.length,
    people,
    baseRunId: window.baseRunId,
    movers: { newCandidates: changes?.newCandidates ?? [], risers: changes?.risers ?? [], silent: changes?.silent ?? [] },
  };
}

/**
 * The liner note through whoever in the graph linked to or shared the post itself: that
 * referrer's own path from a seed, plus the hop to the post. A seed referrer wins, then the
 * shortest chain; null when nobody else pointed at the post.
 */
function postVia(ctx: ExplainContext, person: number, url: string): string | null {
  const { store } = ctx;
  let best: { length: number; text: string } | null = null;
  for (const e of store.graph.edgesAboutUrls([url])) {
    if ((ctx.personOf.get(e.from) ?? e.from) === person) continue;
    const reshare = e.evidenceUrl === url && e.targetUrl !== url;
    if (reshare && !['repost', 'boost', 'quote'].includes(e.type)) continue;
    const base = discoveryPath(store.graph, e.from);
    if (base.seed === null) continue;
    const from = ctx.byId.get(e.from);
    const path = { ...base, steps: [...base.steps, { fromName: from ? displayName(from) : '', edgeType: e.type, targetUrl: url, evidenceUrl: e.evidenceUrl, toAccount: null }] };
    const candidate = { length: path.steps.length, text: formatVia(path) };
    if (!best || candidate.length < best.length) best = candidate;
  }
  return best?.text ?? null;
}

/** Nothing to tell: no posts and no movers. */
export function isEmptyDigest(d: Digest): boolean {
  return d.people.length === 0 && d.movers.newCandidates.length === 0 && d.movers.risers.length === 0 && d.movers.silent.length === 0;
}

/** Whose posts the digest follows, in words. */
export function followedWords(d: Digest): string {
  return d.basis === 'picked' ? `your ${d.followed} pick${d.followed === 1 ? '' : 's'}` : `the top ${d.followed}`;
}

/** The one line an empty digest is. */
export function emptyLine(d: Digest): string {
  return `nothing new since ${d.sinceLabel}: no posts from ${followedWords(d)} and no movers (run ${d.runId}, ${d.runDate})`;
}
