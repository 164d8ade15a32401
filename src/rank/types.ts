// Shared vocabulary of the ranking stage: what an entity and an aggregated edge look like when
// they reach the ranker, the options a user can turn, and the shape of one ranked candidate.
// Kept free of logic so the store, the CLI and the exporters can import it without cycles.

/** Kinds of evidence that one entity points at another. */
export type EdgeType = 'link' | 'feed-item' | 'blogroll' | 'repost' | 'boost' | 'quote' | 'mention' | 'guest';

/** Every edge type, in a stable order (for validation messages and docs). */
export const EDGE_TYPES: readonly EdgeType[] = ['link', 'feed-item', 'blogroll', 'repost', 'boost', 'quote', 'mention', 'guest'];

/** One site or author as the ranker sees it. */
export interface RankEntity {
  /** Store id; also the final tie-breaker. */
  id: number;
  /** Site key (registrable domain or platform subdomain). */
  key: string;
  /** Display name. */
  name: string;
  /** A seed the user trusts; restart point of PageRank and source of the topic. */
  isSeed: boolean;
  /** A platform (wikipedia, youtube, ...): takes part in PageRank, never a candidate. */
  isPlatform: boolean;
  /** Text gathered for relevance (titles, descriptions, post text). May be empty. */
  text: string;
}

/** What the ranker reads of an entity (the key and name are for display only). */
export type RankNode = Pick<RankEntity, 'id' | 'isSeed' | 'isPlatform' | 'text'>;

/** One aggregated edge: `count` distinct evidence documents of this type from `from` to `to`. */
export interface RankEdge {
  from: number;
  to: number;
  type: EdgeType;
  count: number;
}

/**
 * Default exponent of topicality above the relevance gate: 0, so among candidates clearly on
 * topic wording does not reorder anyone (the gate alone decides who is on topic).
 */
export const DEFAULT_RELEVANCE_WEIGHT = 0;

/** Knobs of `rankEntities`. */
export interface RankOptions {
  /** PageRank damping: probability of following an edge rather than jumping back to a seed. @default 0.85 */
  damping?: number;
  /** Weight per edge type; missing types use the default. @default DEFAULT_EDGE_WEIGHTS */
  edgeWeights?: Partial<Record<EdgeType, number>>;
  /** Exponent of topicality above the relevance gate, 0..1 (0: the gate alone). @default DEFAULT_RELEVANCE_WEIGHT (0) */
  relevanceWeight?: number;
  /** Extra topic terms from --topic (e.g. "content marketing"). @default [] */
  topic?: string[];
}

/** One ranked candidate with the numbers that explain its place. */
export interface RankedCandidate {
  id: number;
  /** 1-based position. */
  rank: number;
  /** Combined score, 0..1. */
  score: number;
  /** Cosine similarity to the topic, 0..1. */
  relevance: number;
  /** Relevance relative to the niche's typical on-topic level, capped at 1; the gate reads it (gate.ts). */
  topicality: number;
  /** Trust: raw personalized PageRank mass from the seeds. */
  authority: number;
  /** Breadth of trusted endorsement: Σ endorser trust × topicality × evidence (endorsement.ts). */
  endorsement: number;
  /** Endorsement relative to the best candidate's, 0..1 (linear). */
  authorityNorm: number;
  /** Distinct entities (not itself) with an edge into it. */
  referrers: number;
  /** Seeds with a directed path to it. */
  seedsReaching: number;
  /** Up to 5 terms that contribute most to its relevance. */
  topTerms: string[];
}

/**
 * Default weight per edge type. A plain `link` is the unit. Reposting (Bluesky) or boosting
 * (fediverse), quoting, or inviting someone on a podcast as a `guest` means the author put
 * someone else's words in front of their own listeners or readers, which is a stronger signal
 * than a passing link, so those count double: being invited on a show is an endorsement, like
 * being quoted. A blogroll entry is a deliberate, standing endorsement chosen once and kept,
 * so it counts double too. A `feed-item` link is the same editorial act as a link in a page,
 * just discovered through the feed. A `mention` (a name without a link) is weaker and noisier
 * — names are ambiguous and often in passing — so it counts half.
 */
export const DEFAULT_EDGE_WEIGHTS: Readonly<Record<EdgeType, number>> = Object.freeze({
  link: 1,
  'feed-item': 1,
  blogroll: 2,
  repost: 2,
  boost: 2,
  quote: 2,
  mention: 0.5,
  guest: 2,
});
