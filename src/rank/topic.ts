// The topic a candidate's text is compared with: the explicit --topic terms, and what the seeds
// write blended with what they point at. Owns how those are weighted so that the niche (what
// the seeds and the people they cite have in common) outweighs any one person's side
// interests. Pure sparse-vector arithmetic on Map<term, weight>.
/**
 * Share of the topic vector's length given to explicit --topic terms (the rest is the seeds'
 * own text). The terms are what the user typed, so they are taken as seriously as everything
 * the seeds wrote put together; otherwise two words would drown among thousands of seed words.
 */
export const TOPIC_TERMS_SHARE = 0.5;
/**
 * Share of the seed part of the topic given to what the seeds point at (`feedback`): the
 * centroid of those texts. One seed's side interests (its cooking, its holidays) are a large
 * share of its own words but a small one of the many people it links to, whose common ground
 * is the niche.
 */
export const FEEDBACK_SHARE = 0.5;

/** Scale a sparse vector to unit length (in place); an all-zero vector stays empty. */
export function unit(vector: Map<string, number>): Map<string, number> {
  let sq = 0;
  for (const w of vector.values()) sq += w * w;
  const len = Math.sqrt(sq);
  if (len > 0) for (const [t, w] of vector) vector.set(t, w / len);
  return vector;
}

/**
 * What the seeds have in common is the topic; what only one of them writes about is that
 * seed's own life (its cooking, its holidays). Each term of the seeds' text is weighted by the
 * share of seeds that use it, squared: with three seeds, a word only one of them uses counts a
 * ninth. One seed (or one text): every term counts fully.
 */
export function seedConsensus(texts: readonly string[], tokenize: (text: string) => string[]): Map<string, number> {
  const weights = new Map<string, number>();
  if (texts.length < 2) return weights;
  const users = new Map<string, number>();
  for (const text of texts) for (const term of new Set(tokenize(text))) users.set(term, (users.get(term) ?? 0) + 1);
  for (const [term, k] of users) weights.set(term, (k / texts.length) ** 2);
  return weights;
}

/**
 * The centroid of the texts the seeds point at, each a unit vector times its weight, and each
 * term scaled by the weighted share of those texts that use it (a word only a few of them use is
 * their own life, not the niche). `vector(i)` leaves text `i` out: someone the seeds point at is
 * compared with the others, not with itself.
 */
export class Centroid {
  private readonly items = new Map<number, { weight: number; vector: Map<string, number> }>();

  /** Add text `i` with `weight` (> 0) and its (not yet unit) term vector. */
  add(i: number, weight: number, vector: Map<string, number>): void {
    if (weight > 0 && vector.size > 0) this.items.set(i, { weight, vector: unit(vector) });
    this.sums = null;
  }

  /** Whether text `i` is part of the centroid. */
  has(i: number): boolean {
    return this.items.has(i);
  }

  /** The centroid as a unit vector, without text `except` (null: all). Empty when nothing is left. */
  vector(except: number | null): Map<string, number> {
    if (this.sums === null) this.sums = this.total();
    const { sum, usedBy, weight } = this.sums;
    const left = except !== null ? this.items.get(except) : undefined;
    const total = weight - (left?.weight ?? 0);
    const out = new Map<string, number>();
    if (!(total > 0)) return out;
    for (const [term, w] of sum) {
      const own = left?.vector.get(term);
      const s = own === undefined ? w : w - left!.weight * own;
      const users = own === undefined ? usedBy.get(term)! : usedBy.get(term)! - left!.weight;
      if (s > 1e-15 && users > 1e-15) out.set(term, s * (users / total));
    }
    return unit(out);
  }

  private sums: { sum: Map<string, number>; usedBy: Map<string, number>; weight: number } | null = null;

  /** Weighted sums over every text, computed once (leaving one out subtracts it). */
  private total(): { sum: Map<string, number>; usedBy: Map<string, number>; weight: number } {
    const sum = new Map<string, number>();
    const usedBy = new Map<string, number>();
    let weight = 0;
    for (const { weight: w, vector } of this.items.values()) {
      weight += w;
      for (const [term, x] of vector) {
        sum.set(term, (sum.get(term) ?? 0) + w * x);
        usedBy.set(term, (usedBy.get(term) ?? 0) + w);
      }
    }
    return { sum, usedBy, weight };
  }
}

/** (1 - share) × a + share × b for unit vectors; either alone when the other is empty. */
export function blend(a: Map<string, number>, b: Map<string, number>, share: number): Map<string, number> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const out = new Map<string, number>();
  for (const [t, w] of a) out.set(t, (1 - share) * w);
  for (const [t, w] of b) out.set(t, (out.get(t) ?? 0) + share * w);
  return out;
}

/** Unit topic vector: the seed text's unit vector and the explicit terms' unit vector, blended. */
export function topicVector(
  fromText: Map<string, number>,
  topicTerms: readonly string[],
  idf: (term: string) => number,
  tokenize: (text: string) => string[],
): Map<string, number> {
  const text = unit(fromText);
  const terms = new Map<string, number>();
  for (const phrase of topicTerms) {
    if (typeof phrase !== 'string') continue;
    // Repeating a term in --topic does not add weight: intent is a set, not a bag.
    for (const term of tokenize(phrase)) terms.set(term, idf(term));
  }
  unit(terms);
  if (terms.size === 0) return text;
  if (text.size === 0) return terms;
  const blended = new Map<string, number>();
  for (const [t, w] of text) blended.set(t, (1 - TOPIC_TERMS_SHARE) * w);
  for (const [t, w] of terms) blended.set(t, (blended.get(t) ?? 0) + TOPIC_TERMS_SHARE * w);
  return unit(blended);
}
