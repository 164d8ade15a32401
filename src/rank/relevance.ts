// Topical relevance: how close an entity's text is to the topic the seeds write about.
// Owns tokenizing (lower-case, unicode letters/digits, stop words, a light English plural
// stemmer) and the vector space model: BM25-saturated term frequency times smoothed IDF over
// all entity texts, compared with cosine similarity. Pure: text in, numbers out.

import type { RankEntity } from './types.js';
import { isStopWord } from './stopwords.js';

/** BM25 term-frequency saturation: the 2nd occurrence adds less than the 1st, and so on. */
export const BM25_K1 = 1.2;
/** BM25 length normalization: 0 = none, 1 = full; long pages should not win by repetition. */
export const BM25_B = 0.75;
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
/** How many top terms are reported per entity. */
export const TOP_TERMS = 5;

/** Tokens longer than this are hashes, base64 or glued-together junk, not words. */
const MAX_TOKEN_LENGTH = 40;
/** Words whose trailing "s" is not a plural; stemming them would merge unrelated words. */
const STEM_EXCEPTIONS: ReadonlySet<string> = new Set([
  'news', 'series', 'species', 'always', 'perhaps', 'thus', 'does', 'goes', 'canvas', 'atlas',
  'alias', 'bias', 'chaos', 'ethos', 'pathos', 'cosmos', 'kudos', 'lens', 'analytics', 'macos',
  'kubernetes', 'sales',
]);

/**
 * A light English plural stemmer (Harman's S-stemmer, plus "-sses"/"-xes" so "businesses"
 * meets "business"): "strategies" -> "strategy", "newsletters" -> "newsletter". Only plain
 * a-z words longer than three letters are touched, so other scripts and short words pass
 * through unchanged. It only has to be consistent, not linguistically right.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word) || STEM_EXCEPTIONS.has(word)) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies')) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses') || word.endsWith('xes')) return word.slice(0, -2);
  if (word.endsWith('es') && !/(aes|ees|oes)$/.test(word)) return word.slice(0, -1);
  if (word.endsWith('s') && !/(us|ss|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Call `emit(stem, surface)` for each content token of `text`, in order. */
function eachToken(text: string, emit: (term: string, surface: string) => void): void {
  const prepared = text
    .normalize('NFKC')
    .toLowerCase()
    // "Ada's" is about Ada; "don't" becomes "dont", which the stop word list knows.
    .replace(/(\p{L})['’]s(?![\p{L}\p{N}])/gu, '$1')
    .replace(/['’]/g, '');
  // match() with /g yields plain strings; matchAll's per-match objects cost real GC time on big crawls.
  for (const surface of prepared.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []) {
    if (surface.length > MAX_TOKEN_LENGTH) continue;
    // One character, counting an astral code point (two UTF-16 units) as one.
    if (surface.length < 2 || (surface.length === 2 && surface.codePointAt(0)! > 0xffff)) continue;
    if (/^\p{N}+$/u.test(surface)) continue;
    if (isStopWord(surface)) continue;
    const term = stem(surface);
    if (term !== surface && isStopWord(term)) continue;
    emit(term, surface);
  }
}

/**
 * Split text into relevance terms: NFKC, lower-case, runs of unicode letters/digits, minus
 * stop words, one-character tokens, pure numbers and over-long junk, then plural-stemmed.
 * Never throws.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  eachToken(text, (term) => out.push(term));
  return out;
}

/** Term counts and length of one document. */
interface Doc {
  counts: Map<string, number>;
  length: number;
}

/** Spellings seen for terms whose stem differs from what was written ("newsletters"). */
type Variants = Map<string, Map<string, number>>;

function countTerms(text: string, variants?: Variants): Doc {
  const counts = new Map<string, number>();
  let length = 0;
  eachToken(text, (term, surface) => {
    counts.set(term, (counts.get(term) ?? 0) + 1);
    length++;
    // Most words are their own stem; tracking only the others keeps this hot loop cheap.
    if (variants && surface !== term) {
      let forms = variants.get(term);
      if (!forms) variants.set(term, (forms = new Map()));
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
    }
  });
  return { counts, length };
}

/** BM25 length normalization factor for a document of `length` terms. */
function lengthNorm(length: number, avgLength: number): number {
  return avgLength > 0 ? 1 - BM25_B + (BM25_B * length) / avgLength : 1;
}

/** BM25-saturated term frequency for a term seen `tf` times, given the length normalization. */
function saturate(tf: number, norm: number): number {
  return (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * norm);
}

/** Scale a sparse vector to unit length (in place); an all-zero vector stays empty. */
function unit(vector: Map<string, number>): Map<string, number> {
  let sq = 0;
  for (const w of vector.values()) sq += w * w;
  const len = Math.sqrt(sq);
  if (len > 0) for (const [t, w] of vector) vector.set(t, w / len);
  return vector;
}

/**
 * The most common spelling of a stemmed term, so reports show words people wrote, not stems.
 * `total` is how often the term occurred in all spellings; the rest were spelled as the stem.
 */
function display(term: string, variants: Variants, total: number): string {
  const forms = variants.get(term);
  if (!forms) return term;
  let best = term;
  let bestCount = total;
  for (const count of forms.values()) bestCount -= count;
  for (const [form, count] of forms) {
    if (count > bestCount || (count === bestCount && form < best)) {
      best = form;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Relevance of each entity to the topic, 0..1 (cosine). Document vectors weight each term by
 * BM25 term frequency (k1=1.2, b=0.75, lengths relative to the mean entity text) times the
 * smoothed IDF ln(1 + (N - df + 0.5) / (df + 0.5)) over all non-empty entity texts. The topic
 * vector is the seeds' own text (`topicText`, one string per seed: weighted the same way, and
 * each term by the share of seeds using it, squared) blended with the explicit
 * `topicTerms`, which get TOPIC_TERMS_SHARE of its length (each term weighted by its IDF).
 * `topTerms` are the up to 5 terms with the largest share of the dot product, most
 * contributing first, shown in their most common spelling. Empty text scores 0.
 */
export function relevanceScores(
  entities: readonly RankEntity[],
  topicText: string | readonly string[],
  topicTerms: readonly string[],
  feedback: ReadonlyMap<number, number> = new Map(),
): Map<number, { score: number; topTerms: string[] }> {
  const variants: Variants = new Map();
  const docs = entities.map((e) => countTerms(typeof e.text === 'string' ? e.text : '', variants));

  const df = new Map<string, number>();
  // Occurrences over the whole corpus, only to pick display spellings.
  const occurrences = new Map<string, number>();
  let nonEmpty = 0;
  let totalLength = 0;
  for (const doc of docs) {
    if (doc.length === 0) continue;
    nonEmpty++;
    totalLength += doc.length;
    for (const [term, tf] of doc.counts) {
      df.set(term, (df.get(term) ?? 0) + 1);
      occurrences.set(term, (occurrences.get(term) ?? 0) + tf);
    }
  }
  const avgLength = nonEmpty > 0 ? totalLength / nonEmpty : 0;
  const idfFromDf = (d: number): number => Math.log(1 + (nonEmpty - d + 0.5) / (d + 0.5));
  const idfs = new Map<string, number>();
  for (const [term, d] of df) idfs.set(term, idfFromDf(d));
  const idf = (term: string): number => idfs.get(term) ?? idfFromDf(0);

  const seedTexts = (typeof topicText === 'string' ? [topicText] : topicText).filter((t) => typeof t === 'string' && t.length > 0);
  const topicDoc = countTerms(seedTexts.join('\n'));
  const topicNorm = lengthNorm(topicDoc.length, avgLength);
  const consensus = seedConsensus(seedTexts);
  const fromText = new Map<string, number>();
  for (const [term, tf] of topicDoc.counts) fromText.set(term, saturate(tf, topicNorm) * idf(term) * (consensus.get(term) ?? 1));
  const fromFeedback = new Map<string, number>();
  const usedBy = new Map<string, number>();
  let feedbackWeight = 0;
  for (const [i, weight] of feedbackIndexes(entities, feedback)) {
    const doc = docs[i]!;
    if (doc.length === 0 || !(weight > 0)) continue;
    feedbackWeight += weight;
    const norm = lengthNorm(doc.length, avgLength);
    const vector = unit(new Map([...doc.counts].map(([term, tf]) => [term, saturate(tf, norm) * idf(term)])));
    for (const [term, w] of vector) {
      fromFeedback.set(term, (fromFeedback.get(term) ?? 0) + weight * w);
      usedBy.set(term, (usedBy.get(term) ?? 0) + weight);
    }
  }
  // As for the seeds: a word only a few of them use is their own life, not the niche.
  for (const [term, w] of fromFeedback) fromFeedback.set(term, w * (usedBy.get(term)! / feedbackWeight));
  const topic = topicVector(blend(unit(fromText), unit(fromFeedback), FEEDBACK_SHARE), topicTerms, idf);
  const stuffingTerms = keywordSet(topicTerms);

  const result = new Map<number, { score: number; topTerms: string[] }>();
  entities.forEach((entity, i) => {
    const doc = docs[i]!;
    if (doc.length === 0 || topic.size === 0) {
      result.set(entity.id, { score: 0, topTerms: [] });
      return;
    }
    // One pass: the vector's squared length and its dot product with the topic, no new Map.
    const norm = lengthNorm(doc.length, avgLength);
    const contributions: [string, number][] = [];
    let sq = 0;
    let dot = 0;
    for (const [term, tf] of doc.counts) {
      const w = saturate(tf, norm) * idf(term);
      sq += w * w;
      const q = topic.get(term);
      if (q === undefined || !(w * q > 0)) continue;
      dot += w * q;
      contributions.push([term, w * q]);
    }
    contributions.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const cosine = sq > 0 ? Math.min(1, Math.max(0, dot / Math.sqrt(sq))) : 0;
    result.set(entity.id, {
      score: cosine * stuffingPenalty(doc, stuffingTerms),
      topTerms: contributions.slice(0, TOP_TERMS).map(([term]) => display(term, variants, occurrences.get(term) ?? 0)),
    });
  });
  return result;
}

/**
 * What the seeds have in common is the topic; what only one of them writes about is that
 * seed's own life (its cooking, its holidays). Each term of the seeds' text is weighted by the
 * share of seeds that use it, squared: with three seeds, a word only one of them uses counts a
 * ninth. One seed (or one text): every term counts fully.
 */
function seedConsensus(texts: readonly string[]): Map<string, number> {
  const weights = new Map<string, number>();
  if (texts.length < 2) return weights;
  const users = new Map<string, number>();
  for (const text of texts) for (const term of new Set(tokenize(text))) users.set(term, (users.get(term) ?? 0) + 1);
  for (const [term, k] of users) weights.set(term, (k / texts.length) ** 2);
  return weights;
}

/** Share of a text's words that may be topic keywords before it counts as keyword-stuffed. */
export const STUFFING_DENSITY = 0.08;

/** The words a keyword stuffer repeats: the explicit --topic terms (none: no penalty). */
function keywordSet(topicTerms: readonly string[]): Set<string> {
  return new Set(topicTerms.filter((t): t is string => typeof t === 'string').flatMap((t) => tokenize(t)));
}

/** Texts shorter than this are too short for word shares to mean anything. */
const STUFFING_MIN_WORDS = 40;

/**
 * Keyword stuffing: people writing about a topic use its name now and then (a few percent of
 * their words); a page built to rank repeats it in every line. When the --topic words are more
 * than STUFFING_DENSITY of a text's words (texts of STUFFING_MIN_WORDS or more), the cosine is
 * scaled by sqrt(STUFFING_DENSITY / density): a text that is 32% topic keywords keeps half.
 */
function stuffingPenalty(doc: { counts: Map<string, number>; length: number }, keywords: ReadonlySet<string>): number {
  if (doc.length < STUFFING_MIN_WORDS || keywords.size === 0) return 1;
  let hits = 0;
  for (const k of keywords) hits += doc.counts.get(k) ?? 0;
  const density = hits / doc.length;
  return density <= STUFFING_DENSITY ? 1 : Math.sqrt(STUFFING_DENSITY / density);
}

/** Positions of the feedback entities in `entities`, with their weights, in entity order. */
function feedbackIndexes(entities: readonly RankEntity[], feedback: ReadonlyMap<number, number>): [number, number][] {
  const out: [number, number][] = [];
  if (feedback.size === 0) return out;
  entities.forEach((e, i) => {
    const w = feedback.get(e.id);
    if (w !== undefined) out.push([i, w]);
  });
  return out;
}

/** (1 - share) × a + share × b for unit vectors; either alone when the other is empty. */
function blend(a: Map<string, number>, b: Map<string, number>, share: number): Map<string, number> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const out = new Map<string, number>();
  for (const [t, w] of a) out.set(t, (1 - share) * w);
  for (const [t, w] of b) out.set(t, (out.get(t) ?? 0) + share * w);
  return out;
}

/** Unit topic vector: the seed text's unit vector and the explicit terms' unit vector, blended. */
function topicVector(
  fromText: Map<string, number>,
  topicTerms: readonly string[],
  idf: (term: string) => number,
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
