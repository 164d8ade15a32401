/*
 * How linernotes ranks (README "How ranking works" says the same for users)
 * ========================================================================
 *
 * Every site or account the crawl discovered is a *candidate*, except the seeds and platforms
 * (Wikipedia, YouTube, GitHub, shorteners, ...), which take part in the graph but are never
 * listed. score = gate × topicality^w × authority. Each part answers one question.
 *
 * Trust (personalized PageRank from the seeds, authority.ts). A reader starts at a random seed,
 * follows links (edge kinds weighted: link and feed item 1, blogroll, repost, boost, quote and
 * guest 2, mention 0.5; repetition as kindWeight × log2(1 + count)), and with probability 0.15
 * per step goes back to a seed. An off-topic page passes on only a fifth of what it receives.
 * PageRank says how near the seeds' circle an entity is; it is not the score, because with a
 * few seeds it rewards the seeds' direct friends over the sites the whole niche cites.
 *
 * Authority: breadth of trusted endorsement (endorsement.ts). A candidate's endorsement is the
 * sum over the distinct entities pointing at it of trust × gate of the endorser × evidence,
 * where trust is the endorser's PageRank relative to an ordinary on-topic writer near the seeds
 * (the median; capped at 1, seeds 1), the gate is the endorser's own relevance gate (below), and
 * evidence is 1.5s/(0.5+s) of its edge strength s (one link 1, a mention 0.75, a blogroll entry
 * or a repost 1.2, never more than 1.5). So a site cited by 24 of the niche's writers scores
 * about 24 and one linked by a seed's three friends about 3-4; a link farm's members, holding a
 * sliver of the seeds' trust, add almost nothing however densely they link each other; an
 * off-topic hub's links lend nothing. authority = endorsement / the best candidate's: linear,
 * so five times the endorsement is five times the authority.
 *
 * Relevance as a gate (relevance.ts, gate.ts). Relevance is the BM25 TF-IDF cosine between a
 * candidate's text and the topic: the --topic terms (half), and what the seeds write blended
 * with what they point at (each term weighted by the share of seeds, and of the pointed-at
 * texts, that use it), so one seed's cooking is not the niche. Its level depends on wording, so
 * it is read relative to the niche's typical on-topic relevance (the weighted median over what
 * the seeds point at): topicality = min(1, relevance / reference). The gate is 0 below
 * topicality 0.15 and 1 from 0.35, smooth between: off-topic pages are out, and everyone clearly
 * on topic is in on equal terms. topicality^w (w = relevanceWeight, default 0) can let wording
 * order the gated-in again; by default it does not.
 *
 * Ties are broken by trust (PageRank), then id, so output is stable from run to run.
 * Also reported: referrers (distinct entities pointing at it) and seedsReaching.
 */

// Owns turning entities + aggregated edges into ranked candidates; the math lives in
// authority.ts (PageRank), endorsement.ts (breadth), relevance.ts and gate.ts (text) and
// reach.ts (explanations).

import { UsageError } from '../errors.js';
import { personalizedPageRank } from './authority.js';
import { adjacency, sumPairs } from './csr.js';
import { toColumns, type RankEdgeColumns, type WeightedColumns } from './edge-columns.js';
import { seedsReachingIndex } from './reach.js';
import { breadthOfEndorsement, endorserTrust, trustReference } from './endorsement.js';
import { relevanceGate, relevanceReference, topicality } from './gate.js';
import { EntityTerms, relevanceScores } from './relevance.js';
import { DEFAULT_EDGE_WEIGHTS, DEFAULT_RELEVANCE_WEIGHT, EDGE_TYPES, type EdgeType, type RankEdge, type RankNode, type RankOptions, type RankedCandidate } from './types.js';


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
  const relevanceWeight = opts.relevanceWeight ?? DEFAULT_RELEVANCE_WEIGHT;
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

/** log2(1 + count) for the counts nearly every edge has, looked up instead of computed. */
const LOG2_TABLE = Float64Array.from({ length: 64 }, (_, count) => Math.log2(1 + count));

/** Share of its authority an off-topic page still passes on (an on-topic one passes all). */
export const OFF_TOPIC_PASS = 0.2;

/**
 * Topic-sensitive damping: how much trust each entity passes along its links. A seed and an
 * entity at least as relevant as the niche's typical level pass the full `damping`; an
 * off-topic one only OFF_TOPIC_PASS of it, in proportion between. An off-topic hub's links (or a
 * gateway page that opens onto a link farm) then lend little, while the hub still receives.
 */
export function topicDamping(entities: readonly RankNode[], topical: Float64Array, damping: number): Float64Array {
  // topical[i]: the topicality of entities[i].
  return Float64Array.from(entities, (e, i) => (e.isSeed ? damping : damping * (OFF_TOPIC_PASS + (1 - OFF_TOPIC_PASS) * topical[i]!)));
}

/** The score: gate × topicality^w × authority, 0..1. */
export function combineScore(topicalityValue: number, authorityNorm: number, relevanceWeight: number): number {
  const gate = relevanceGate(topicalityValue);
  if (!(gate > 0) || !(authorityNorm > 0)) return 0;
  return Math.min(1, gate * topicalityValue ** relevanceWeight * authorityNorm);
}

/**
 * Rank every entity that is neither a seed nor a platform, as described at the top of this
 * file: trust by personalized PageRank restarting uniformly at the seeds (at every entity if
 * there are none), authority by breadth of trusted endorsement, relevance as a gate. Sorted by
 * score descending, then trust, then id. Edges naming unknown ids, self-edges and edges whose
 * weight comes out 0 are ignored everywhere, including the referrer and reach counts. Throws
 * UsageError on bad options. `texts`: the entities' words already read (compute.ts streams
 * them from the store); then only the seeds' `text` is read, as the topic.
 */
export function rankEntities(
  entities: readonly RankNode[],
  edges: readonly RankEdge[] | RankEdgeColumns,
  opts: RankOptions = {},
  texts?: EntityTerms,
): RankedCandidate[] {
  const { damping, weights, relevanceWeight, topic } = resolveOptions(opts);
  const unique = dedupeById(entities);
  const index = new Map<number, number>();
  unique.forEach((e, i) => index.set(e.id, i));
  const n = unique.length;
  const cols = 'length' in edges && !Array.isArray(edges) ? (edges as RankEdgeColumns) : toColumns(edges as readonly RankEdge[]);

  // Sum weight over edge types per (from, to) pair.
  const typeWeights = Float64Array.from({ length: 256 }, (_, t) => (t < EDGE_TYPES.length ? weights[EDGE_TYPES[t]!] ?? 0 : 0));
  const indexOf = denseIndex(unique, index);
  const kept = { from: new Int32Array(cols.length), to: new Int32Array(cols.length), weight: new Float64Array(cols.length) };
  let m = 0;
  for (let k = 0; k < cols.length; k++) {
    const from = indexOf(cols.from[k]!);
    const to = indexOf(cols.to[k]!);
    if (from < 0 || to < 0 || from === to) continue;
    const count = cols.count[k]!;
    if (!Number.isFinite(count) || count <= 0) continue;
    const w = typeWeights[cols.type[k]!]! * (count < LOG2_TABLE.length ? LOG2_TABLE[count]! : Math.log2(1 + count));
    if (!(w > 0)) continue;
    kept.from[m] = from;
    kept.to[m] = to;
    kept.weight[m] = w;
    m++;
  }
  const weighted = sumPairs(n, kept.from, kept.to, kept.weight, m);

  const seeds = unique.filter((e) => e.isSeed);
  const restart = new Float64Array(n);
  if (seeds.length > 0) for (const s of seeds) restart[index.get(s.id)!] = 1 / seeds.length;
  else restart.fill(n > 0 ? 1 / n : 0);

  const topicText = seeds.map((s) => s.text);
  const endorsedBySeeds = seedEndorsed(unique, weighted);
  const relevance = relevanceScores(unique, topicText, topic, endorsedBySeeds, texts);
  const hasText = (e: RankNode): boolean => (texts ? texts.hasText(e.id) : e.text.length > 0);
  // Per node index, not per id: a hundred thousand Map lookups fewer at each use.
  const relevanceAt = Float64Array.from(unique, (e) => relevance.get(e.id)?.score ?? 0);
  const writers: number[] = [];
  unique.forEach((e, i) => {
    if (!e.isSeed && hasText(e)) writers.push(relevanceAt[i]!);
  });
  const reference = relevanceReference([...endorsedBySeeds].map(([id, weight]) => ({ relevance: relevance.get(id)?.score ?? 0, weight })), writers);
  const topical = Float64Array.from(unique, (e, i) => (e.isSeed ? 1 : topicality(relevanceAt[i]!, reference)));
  const trustRank = personalizedPageRank(n, weighted, restart, { damping, nodeDamping: topicDamping(unique, topical, damping) });
  const gates = Float64Array.from(unique, (e, i) => (e.isSeed ? 1 : relevanceGate(topical[i]!)));
  const trustLevel = trustReference(trustRank, (i) => !unique[i]!.isSeed && !unique[i]!.isPlatform && hasText(unique[i]!) && gates[i]! >= 0.5);
  const trust = endorserTrust(trustRank, (i) => unique[i]!.isSeed, trustLevel);
  const { endorsement } = breadthOfEndorsement(n, { length: weighted.length, from: weighted.from, to: weighted.to, strength: weighted.weight }, trust, gates);
  const graph = adjacency(n, weighted.from, weighted.to, weighted.length);
  const reach = seedsReachingIndex(n, graph, seeds.map((s) => index.get(s.id)!));
  // Pairs are distinct and never self-edges: a node's referrers are its in-edges.
  const referrers = new Int32Array(n);
  for (let k = 0; k < weighted.length; k++) referrers[weighted.to[k]!]!++;

  const candidates = unique.filter((e) => !e.isSeed && !e.isPlatform);
  let best = 0;
  for (const c of candidates) best = Math.max(best, endorsement[index.get(c.id)!]!);

  const ranked: RankedCandidate[] = candidates.map((c) => {
    const i = index.get(c.id)!;
    const rel = relevance.get(c.id) ?? { score: 0, topTerms: [] };
    const authorityNorm = best > 0 ? endorsement[i]! / best : 0;
    const t = topical[i]!;
    return {
      id: c.id,
      rank: 0,
      score: combineScore(t, authorityNorm, relevanceWeight),
      relevance: rel.score,
      topicality: t,
      authority: trustRank[i]!,
      endorsement: endorsement[i]!,
      authorityNorm,
      referrers: referrers[i]!,
      seedsReaching: reach[i]!,
      topTerms: rel.topTerms,
    };
  });
  // Compare on a 1e-12 grid so float noise between equivalent candidates cannot beat the next rule.
  // The grid keys are computed once per candidate, not twice per comparison.
  const key = (s: number): number => Math.round(s * 1e12);
  const scoreKey = Float64Array.from(ranked, (r) => key(r.score));
  const trustKey = Float64Array.from(ranked, (r) => key(r.authority));
  const order = ranked.map((_, j) => j);
  order.sort((a, b) => scoreKey[b]! - scoreKey[a]! || trustKey[b]! - trustKey[a]! || ranked[a]!.id - ranked[b]!.id);
  return order.map((j, i) => {
    const r = ranked[j]!;
    r.rank = i + 1;
    return r;
  });
}

/**
 * What the seeds point at, each distinct target of a seed weighing 1 / its number of targets (so
 * every seed counts the same and a link in every page's nav no more than one in a post): their
 * texts join the topic (relevance.ts, FEEDBACK_SHARE).
 */
function seedEndorsed(entities: readonly RankNode[], edges: WeightedColumns): Map<number, number> {
  const out = new Map<number, number>();
  const total = new Map<number, number>();
  const usable = (k: number): boolean => entities[edges.from[k]!]!.isSeed && !entities[edges.to[k]!]!.isSeed && !entities[edges.to[k]!]!.isPlatform;
  for (let k = 0; k < edges.length; k++) if (usable(k)) total.set(edges.from[k]!, (total.get(edges.from[k]!) ?? 0) + 1);
  for (let k = 0; k < edges.length; k++) {
    if (!usable(k)) continue;
    const to = entities[edges.to[k]!]!.id;
    out.set(to, (out.get(to) ?? 0) + 1 / total.get(edges.from[k]!)!);
  }
  return out;
}

/**
 * id -> index of `unique` (-1 if unknown): an array lookup when ids are small non-negative
 * integers (store ids are), the Map otherwise.
 */
function denseIndex(unique: readonly RankNode[], index: ReadonlyMap<number, number>): (id: number) => number {
  let max = -1;
  for (const e of unique) {
    if (!Number.isInteger(e.id) || e.id < 0) return (id) => index.get(id) ?? -1;
    if (e.id > max) max = e.id;
  }
  if (max > 4 * unique.length + 1024) return (id) => index.get(id) ?? -1;
  const table = new Int32Array(max + 1).fill(-1);
  unique.forEach((e, i) => (table[e.id] = i));
  return (id) => (Number.isInteger(id) && id >= 0 && id <= max ? table[id]! : -1);
}

/** Keep the first entity per id: duplicates would split one site's mass in two. */
function dedupeById(entities: readonly RankNode[]): RankNode[] {
  const seen = new Set<number>();
  return entities.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}
