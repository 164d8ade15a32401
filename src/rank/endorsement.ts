// Authority as breadth of trusted endorsement: how many distinct people point at a candidate,
// each counted by how far the seeds trust it (its personalized PageRank, saturating at the level
// of an ordinary writer near the seeds) and by whether it writes on the topic itself. Pure
// numerics over index-based edges; score.ts supplies trust, topicality and edge strengths.

/** One endorser's aggregated edge into a candidate: kind weight × log2(1 + count), summed over kinds. */
export interface Endorsement {
  from: number;
  to: number;
  /** Strength of the evidence, > 0 (1 = one plain link). */
  strength: number;
}

/** The most one endorser's evidence can count, in plain links. */
export const EVIDENCE_CAP = 1.5;

/**
 * How much one endorser's evidence counts, 0..EVIDENCE_CAP: 1.5·s / (0.5 + s) of its strength s,
 * so a plain link counts 1, a mention 0.75, a blogroll entry or a repost 1.2, and never more than
 * 1.5 however often it links: breadth, not volume.
 */
export function evidenceCount(strength: number): number {
  return strength > 0 ? (EVIDENCE_CAP * strength) / (EVIDENCE_CAP - 1 + strength) : 0;
}

/**
 * Trust of each node as an endorser, 0..1: its PageRank over `reference`, capped at 1, with
 * seeds at 1. A link farm reached through one spam link holds a tiny share of the seeds' trust,
 * so its members' links to each other count almost nothing however many there are.
 */
export function endorserTrust(pagerank: Float64Array, isSeed: (i: number) => boolean, reference: number): Float64Array {
  return Float64Array.from(pagerank, (p, i) => (isSeed(i) ? 1 : reference > 0 ? Math.min(1, p / reference) : 0));
}

/**
 * The trust level at which an endorser counts fully: the median PageRank of the `eligible`
 * nodes (score.ts: non-seed, non-platform, with text, relevance gate at least half open), i.e.
 * an ordinary writer of the niche near the seeds. 0 when there are none.
 */
export function trustReference(pagerank: Float64Array, eligible: (i: number) => boolean): number {
  // A typed array sorts numerically in native code: a fifth of the time of a comparator.
  const picked = new Float64Array(pagerank.length);
  let count = 0;
  for (let i = 0; i < pagerank.length; i++) if (eligible(i) && pagerank[i]! > 0) picked[count++] = pagerank[i]!;
  if (count === 0) return 0;
  const values = picked.subarray(0, count).sort();
  const mid = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** Breadth per node and how many distinct endorsers made it (each counted, however little it trusts). */
export interface Breadth {
  /** Σ over endorsers of trust × topicality × evidenceCount(strength). */
  endorsement: Float64Array;
  /** Distinct endorsers whose weight was above 0. */
  endorsers: Int32Array;
}

/** Endorsements as columns (score.ts passes its summed pairs this way, a million without objects). */
export interface EndorsementColumns {
  length: number;
  from: Int32Array;
  to: Int32Array;
  strength: Float64Array;
}

/**
 * Sum each candidate's endorsements: every distinct endorser e of c adds
 * trust[e] × topical[e] × evidenceCount(strength(e→c)). Self-edges are ignored; pass one
 * Endorsement per (from, to) pair (strengths already summed over kinds). Summed in edge order.
 */
export function breadthOfEndorsement(n: number, edges: readonly Endorsement[] | EndorsementColumns, trust: Float64Array, topical: Float64Array): Breadth {
  const endorsement = new Float64Array(n);
  const endorsers = new Int32Array(n);
  const cols = Array.isArray(edges) ? endorsementColumns(edges as readonly Endorsement[]) : (edges as EndorsementColumns);
  for (let k = 0; k < cols.length; k++) {
    const from = cols.from[k]!;
    const to = cols.to[k]!;
    if (from === to || from < 0 || to < 0 || from >= n || to >= n) continue;
    const w = trust[from]! * topical[from]! * evidenceCount(cols.strength[k]!);
    if (!(w > 0)) continue;
    endorsement[to]! += w;
    endorsers[to]!++;
  }
  return { endorsement, endorsers };
}

function endorsementColumns(edges: readonly Endorsement[]): EndorsementColumns {
  const cols = { length: 0, from: new Int32Array(edges.length), to: new Int32Array(edges.length), strength: new Float64Array(edges.length) };
  for (const e of edges) {
    // Ends that are not integer indices would be truncated by the typed array: leave them out.
    if (!Number.isInteger(e.from) || !Number.isInteger(e.to)) continue;
    cols.from[cols.length] = e.from;
    cols.to[cols.length] = e.to;
    cols.strength[cols.length] = e.strength;
    cols.length++;
  }
  return cols;
}
