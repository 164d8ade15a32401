/*
 * How linernotes ranks (the lead copies this into the README as RANKING.md)
 * =========================================================================
 *
 * Every site or author the crawl discovered is a *candidate*, except the seeds themselves and
 * platforms (Wikipedia, YouTube, GitHub, link shorteners, ...). Seeds and platforms still take
 * part in the link graph; they are just never listed. A candidate's score combines two
 * questions: does it write about the topic (relevance), and do the seeds' circles point at it
 * (authority)?
 *
 * Authority: personalized PageRank from the seeds.
 *   Picture a reader who starts on a seed's site and keeps following links, but at each step
 *   with probability 1 - 0.85 (the damping) gets bored and goes back to a random seed. A
 *   site's authority is the share of time that reader spends there. Sites the seeds link to
 *   directly get a lot; sites only reachable through long chains get little; sites nobody
 *   near the seeds links to get exactly zero, however many links they trade among themselves
 *   (this is what sinks link farms). Links out of sites we never fetched (platforms, dead
 *   ends) send the reader back to the seeds rather than nowhere.
 *   Edges are weighted by kind: a plain link counts 1, a link in a feed item 1, a blogroll
 *   entry 2 (a standing endorsement), a repost, quote or podcast guest appearance 2, a bare name
 *   mention 0.5. Repetition counts with diminishing returns: an edge seen in `count` distinct
 *   documents weighs kindWeight * log2(1 + count), so 1 post -> 1, 3 posts -> 2, 50 posts ->
 *   5.7. A blog that links the same friend in every post's footer does not outvote fifty
 *   other blogs that each linked once.
 *   Raw PageRank is heavy-tailed: the best-linked site can hold a hundred times the mass of a
 *   solid mid-tier one. Before combining, authority is put on a log scale against the
 *   strongest candidate: authorityNorm = 1 + log10(authority / best) / 4, clamped to 0..1.
 *   Each factor of 10 costs a quarter, and 4 decades (roughly two or three hops further from
 *   the seeds than the best candidate) reach 0. A log scale keeps "ten times more authority"
 *   meaning the same step everywhere, and being relative to the best (not the weakest)
 *   candidate means the long tail of barely-seen sites at the crawl's edge cannot stretch the
 *   scale and make everyone else look important.
 *
 * Relevance: how close the candidate's text is to the topic.
 *   The topic is what the seeds themselves write (their pages and feeds), plus any --topic
 *   terms, which count for as much as all the seed text together because they are the user's
 *   explicit intent. Texts are split into words (lower-case, stop words and numbers dropped,
 *   simple plurals merged). Each word is weighted by how distinctive it is across every site
 *   we saw (IDF: a word on every page says nothing) and by how often the site uses it, with
 *   diminishing returns and a correction for long pages (BM25: stuffing a keyword fifty times
 *   barely beats using it three times). Relevance is the cosine between the candidate's words
 *   and the topic's words: 0 = nothing in common, 1 = the same emphasis. The top terms shown
 *   are the words that contributed most.
 *
 * The score: a weighted geometric mean.
 *   score = relevance^w * authorityNorm^(1-w), with w = 0.5 by default (RankOptions.relevanceWeight).
 *   A geometric mean needs both: an off-topic hub (everyone links to the weather site, but
 *   relevance ~0) and an on-topic page nobody near the seeds links to (authority ~0) both
 *   sink, where an average would let one strong half carry the other. So that one zero does
 *   not erase everything else, each part is first lifted by a 1% floor
 *   (0.01 + 0.99 * part) and the result is rescaled so that both-zero is 0 and both-one is 1.
 *   An on-topic author with a single link from a seed therefore still scores above zero and
 *   above the link farm. Ties are broken by id so output is stable from run to run.
 *
 * Also reported: referrers (how many distinct sites point at the candidate) and seedsReaching
 * (how many seeds can reach it by following links), to explain where authority came from.
 */

// Owns turning entities + aggregated edges into ranked candidates; the math lives in
// authority.ts (PageRank), relevance.ts (text) and reach.ts (explanations).

import { UsageError } from '../errors.js';
import { personalizedPageRank, type WeightedEdge } from './authority.js';
import { referrerCounts, seedsReaching, type IdEdge } from './reach.js';
import { relevanceScores } from './relevance.js';
import { DEFAULT_EDGE_WEIGHTS, EDGE_TYPES, type EdgeType, type RankEdge, type RankEntity, type RankOptions, type RankedCandidate } from './types.js';

/** Decades of authority below the best candidate at which authorityNorm reaches 0. */
export const AUTHORITY_DECADES = 4;
/** Floor added to relevance and authorityNorm before the geometric mean, so one zero does not zero the score. */
export const SCORE_FLOOR = 0.01;

interface Resolved {
  damping: number;
  weights: Record<EdgeType, number>;
  relevanceWeight: number;
  topic: string[];
}

/** Apply defaults and fail fast on values a user could have typed wrong. */
function resolveOptions(opts: RankOptions): Resolved {
  const damping = opts.damping ?? 0.85;
  if (typeof damping !== 'number' || !(damping >= 0 && damping < 1)) {
    throw new UsageError(`Expected \`damping\` to be a number in [0, 1), got \`${String(damping)}\``);
  }
  const relevanceWeight = opts.relevanceWeight ?? 0.5;
  if (typeof relevanceWeight !== 'number' || !(relevanceWeight >= 0 && relevanceWeight <= 1)) {
    throw new UsageError(`Expected \`relevanceWeight\` to be a number in [0, 1], got \`${String(relevanceWeight)}\``);
  }
  const weights = { ...DEFAULT_EDGE_WEIGHTS };
  for (const [type, value] of Object.entries(opts.edgeWeights ?? {})) {
    if (!(EDGE_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`Unknown edge type \`${type}\` in edge weights; expected one of ${EDGE_TYPES.join(', ')}`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new UsageError(`Expected edge weight for \`${type}\` to be a finite number >= 0, got \`${String(value)}\``);
    }
    weights[type as EdgeType] = value;
  }
  return { damping, weights, relevanceWeight, topic: opts.topic ?? [] };
}

/** Share of its authority an off-topic page still passes on (an on-topic one passes all). */
export const OFF_TOPIC_PASS = 0.2;

/**
 * Topic-sensitive damping: how much authority each entity passes along its links. A seed and
 * an entity at least as relevant as the upper quartile of what was read pass the full `damping`;
 * an off-topic one only OFF_TOPIC_PASS of it, in proportion between. An off-topic hub's links
 * (or a gateway page that opens onto a link farm) then lend little authority, while the hub
 * itself still receives what points at it.
 */
export function topicDamping(entities: readonly RankEntity[], relevance: ReadonlyMap<number, { score: number }>, damping: number): Float64Array {
  const scores = entities.filter((e) => e.text.length > 0).map((e) => relevance.get(e.id)?.score ?? 0).sort((a, b) => a - b);
  const reference = scores.length > 0 ? scores[Math.floor(scores.length * 0.75)]! : 0;
  return Float64Array.from(entities, (e) => {
    if (e.isSeed || reference <= 0) return damping;
    const r = Math.min(1, (relevance.get(e.id)?.score ?? 0) / reference);
    return damping * (OFF_TOPIC_PASS + (1 - OFF_TOPIC_PASS) * r);
  });
}

/** authority rescaled to 0..1 on a log scale relative to the strongest candidate. */
export function normalizeAuthority(authority: number, best: number): number {
  if (!(authority > 0) || !(best > 0)) return 0;
  const norm = 1 + Math.log10(authority / best) / AUTHORITY_DECADES;
  return Math.min(1, Math.max(0, norm));
}

/** Weighted geometric mean of floored relevance and authority, rescaled to 0..1. */
export function combineScore(relevance: number, authorityNorm: number, relevanceWeight: number): number {
  const lift = (x: number): number => SCORE_FLOOR + (1 - SCORE_FLOOR) * Math.min(1, Math.max(0, x));
  const g = lift(relevance) ** relevanceWeight * lift(authorityNorm) ** (1 - relevanceWeight);
  const score = (g - SCORE_FLOOR) / (1 - SCORE_FLOOR);
  // Float noise around the floor must not turn "both parts zero" into a tiny positive score.
  return score < 1e-12 ? 0 : Math.min(1, score);
}

/**
 * Rank every entity that is neither a seed nor a platform: personalized PageRank restarting
 * uniformly at the seeds (at every entity if there are none) over type-weighted,
 * log-damped edges; TF-IDF relevance against the seeds' text plus `opts.topic`; combined as
 * described at the top of this file. Sorted by score descending, ties by id ascending.
 * Edges naming unknown ids, self-edges and edges whose weight comes out 0 are ignored
 * everywhere, including the referrer and reach counts. Throws UsageError on bad options.
 */
export function rankEntities(
  entities: readonly RankEntity[],
  edges: readonly RankEdge[],
  opts: RankOptions = {},
): RankedCandidate[] {
  const { damping, weights, relevanceWeight, topic } = resolveOptions(opts);
  const unique = dedupeById(entities);
  const index = new Map<number, number>();
  unique.forEach((e, i) => index.set(e.id, i));
  const n = unique.length;

  // Sum weight over edge types per (from, to) pair.
  const pairWeights = new Map<number, number>();
  for (const edge of edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    const count = edge.count;
    if (typeof count !== 'number' || !Number.isFinite(count) || count <= 0) continue;
    const w = (weights[edge.type] ?? 0) * Math.log2(1 + count);
    if (!(w > 0)) continue;
    const pair = from * n + to;
    pairWeights.set(pair, (pairWeights.get(pair) ?? 0) + w);
  }
  const weighted: WeightedEdge[] = [];
  const idEdges: IdEdge[] = [];
  for (const [pair, weight] of pairWeights) {
    const from = Math.floor(pair / n);
    const to = pair - from * n;
    weighted.push({ from, to, weight });
    idEdges.push({ from: unique[from]!.id, to: unique[to]!.id });
  }

  const seeds = unique.filter((e) => e.isSeed);
  const restart = new Float64Array(n);
  if (seeds.length > 0) for (const s of seeds) restart[index.get(s.id)!] = 1 / seeds.length;
  else restart.fill(n > 0 ? 1 / n : 0);

  const topicText = seeds.map((s) => s.text).join('\n');
  const relevance = relevanceScores(unique, topicText, topic);
  const nodeDamping = topicDamping(unique, relevance, damping);
  const authority = personalizedPageRank(n, weighted, restart, { damping, nodeDamping });
  const reach = seedsReaching(unique.map((e) => e.id), idEdges, seeds.map((s) => s.id));
  const referrers = referrerCounts(idEdges);

  const candidates = unique.filter((e) => !e.isSeed && !e.isPlatform);
  let best = 0;
  for (const c of candidates) best = Math.max(best, authority[index.get(c.id)!]!);

  const ranked = candidates.map((c) => {
    const a = authority[index.get(c.id)!]!;
    const rel = relevance.get(c.id) ?? { score: 0, topTerms: [] };
    const authorityNorm = normalizeAuthority(a, best);
    return {
      id: c.id,
      rank: 0,
      score: combineScore(rel.score, authorityNorm, relevanceWeight),
      relevance: rel.score,
      authority: a,
      authorityNorm,
      referrers: referrers.get(c.id) ?? 0,
      seedsReaching: reach.get(c.id) ?? 0,
      topTerms: rel.topTerms,
    };
  });
  // Compare on a 1e-12 grid so float noise between equivalent candidates cannot beat the id rule.
  const key = (s: number): number => Math.round(s * 1e12);
  ranked.sort((a, b) => key(b.score) - key(a.score) || a.id - b.id);
  ranked.forEach((r, i) => (r.rank = i + 1));
  return ranked;
}

/** Keep the first entity per id: duplicates would split one site's mass in two. */
function dedupeById(entities: readonly RankEntity[]): RankEntity[] {
  const seen = new Set<number>();
  return entities.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}
