// Topical relevance: how close an entity's text is to the topic the seeds write about.
// Owns tokenizing (lower-case, unicode letters/digits, stop words, a light English plural
// stemmer) and the vector space model: BM25-saturated term frequency times smoothed IDF over
// all entity texts, compared with cosine similarity. Pure: text in, numbers out.

import type { RankNode } from './types.js';
import { isStopWord } from './stopwords.js';
import { blend, Centroid, FEEDBACK_SHARE, seedConsensus, topicVector, unit } from './topic.js';
import { hashStep, isAscii, SurfaceTable } from './surface-table.js';

export { FEEDBACK_SHARE, TOPIC_TERMS_SHARE } from './topic.js';

/** BM25 term-frequency saturation: the 2nd occurrence adds less than the 1st, and so on. */
export const BM25_K1 = 1.2;
/** BM25 length normalization: 0 = none, 1 = full; long pages should not win by repetition. */
export const BM25_B = 0.75;
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

/**
 * NFKC (nothing to do for ASCII), lower case, and apostrophes out: "Ada's" is about Ada;
 * "don't" becomes "dont", which the stop word list knows.
 */
function prepare(text: string, ascii: boolean): string {
  const lower = (ascii ? text : text.normalize('NFKC')).toLowerCase();
  if (!lower.includes("'") && !lower.includes('’')) return lower;
  return lower.replace(/(\p{L})['’]s(?![\p{L}\p{N}])/gu, '$1').replace(/['’]/g, '');
}

/** Call `emit(stem, surface)` for each content token of `text`, in order. */
function eachToken(text: string, emit: (term: string, surface: string) => void, memo?: TermMemo): void {
  const prepared = prepare(text, isAscii(text));
  // match() with /g yields plain strings; matchAll's per-match objects cost real GC time on big crawls.
  for (const surface of prepared.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []) {
    let term = memo?.get(surface);
    if (term === undefined) {
      term = termOf(surface);
      if (memo && memo.size < MEMO_LIMIT) memo.set(surface, term);
    }
    if (term !== null) emit(term, surface);
  }
}

/** Surface word -> its term, or null when it is not one; the same word is judged once per ranking. */
type TermMemo = Map<string, string | null>;
/** Distinct words remembered per ranking (a big crawl's vocabulary stays bounded in memory). */
const MEMO_LIMIT = 500_000;

/** The term a surface word stands for, or null for stop words, numbers, one letter and junk. */
function termOf(surface: string): string | null {
  if (surface.length > MAX_TOKEN_LENGTH) return null;
  // One character, counting an astral code point (two UTF-16 units) as one.
  if (surface.length < 2 || (surface.length === 2 && surface.codePointAt(0)! > 0xffff)) return null;
  if (/^\p{N}+$/u.test(surface)) return null;
  if (isStopWord(surface)) return null;
  const term = stem(surface);
  if (term !== surface && isStopWord(term)) return null;
  return term;
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

function countTerms(text: string, variants?: Variants, memo?: TermMemo): Doc {
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
  }, memo);
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
  entities: readonly RankNode[],
  topicText: string | readonly string[],
  topicTerms: readonly string[],
  feedback: ReadonlyMap<number, number> = new Map(),
  texts?: EntityTerms,
): Map<number, { score: number; topTerms: string[] }> {
  // Without term ids read ahead, read the entities' own texts the same way (document i = entity i).
  const terms = texts ?? termsOfTexts(entities);
  const { variants, memo } = terms;
  const corpus = texts ? texts.corpus(entities) : terms.corpusOf(entities.map((_, d) => d));
  const vocabulary = corpus.termOf.length;

  const df = new Int32Array(vocabulary);
  // Occurrences over the whole corpus, only to pick display spellings.
  const occurrences = new Float64Array(vocabulary);
  let nonEmpty = 0;
  let totalLength = 0;
  for (let d = 0; d < entities.length; d++) {
    if (corpus.lengths[d] === 0) continue;
    nonEmpty++;
    totalLength += corpus.lengths[d]!;
    for (let k = corpus.start[d]!; k < corpus.start[d + 1]!; k++) {
      df[corpus.terms[k]!]!++;
      occurrences[corpus.terms[k]!]! += corpus.counts[k]!;
    }
  }
  const avgLength = nonEmpty > 0 ? totalLength / nonEmpty : 0;
  const idfFromDf = (d: number): number => Math.log(1 + (nonEmpty - d + 0.5) / (d + 0.5));
  const idfById = Float64Array.from(df, (d) => idfFromDf(d));
  const idf = (term: string): number => {
    const id = corpus.idOf.get(term);
    return id !== undefined ? idfById[id]! : idfFromDf(0);
  };

  const seedTexts = (typeof topicText === 'string' ? [topicText] : topicText).filter((t) => typeof t === 'string' && t.length > 0);
  const topicDoc = countTerms(seedTexts.join('\n'), undefined, memo);
  const topicNorm = lengthNorm(topicDoc.length, avgLength);
  const consensus = seedConsensus(seedTexts, tokenize);
  const fromText = new Map<string, number>();
  for (const [term, tf] of topicDoc.counts) fromText.set(term, saturate(tf, topicNorm) * idf(term) * (consensus.get(term) ?? 1));
  const vectorOf = (i: number): Map<string, number> => {
    const norm = lengthNorm(corpus.lengths[i]!, avgLength);
    const vector = new Map<string, number>();
    for (let k = corpus.start[i]!; k < corpus.start[i + 1]!; k++) vector.set(corpus.termOf[corpus.terms[k]!]!, saturate(corpus.counts[k]!, norm) * idfById[corpus.terms[k]!]!);
    return vector;
  };
  const pointedAt = new Centroid();
  const indexOf = new Map(entities.map((e, i) => [e.id, i]));
  for (const [id, weight] of feedback) {
    const i = indexOf.get(id);
    if (i !== undefined && corpus.lengths[i]! > 0) pointedAt.add(i, weight, vectorOf(i));
  }
  const seedPart = unit(fromText);
  const topicWithout = (i: number | null): Map<string, number> => topicVector(blend(seedPart, pointedAt.vector(i), FEEDBACK_SHARE), topicTerms, idf, tokenize);
  const topicAll = topicWithout(null);
  const stuffingTerms = keywordSet(topicTerms);

  // The common topic by term id (NaN: not in it), so most texts need no string lookups.
  const topicAllById = Float64Array.from(corpus.termOf, (term) => topicAll.get(term) ?? NaN);
  const keywordIds = [...stuffingTerms].map((t) => corpus.idOf.get(t)).filter((id) => id !== undefined);

  const result = new Map<number, { score: number; topTerms: string[] }>();
  // The TOP_TERMS largest contributions so far, largest first (ties: the term first in code
  // order), as term ids: what sorting every contribution and taking the first ones gives.
  const topId = new Int32Array(TOP_TERMS);
  const topValue = new Float64Array(TOP_TERMS);
  const before = (value: number, id: number, k: number): boolean => value > topValue[k]! || (value === topValue[k]! && corpus.termOf[id]! < corpus.termOf[topId[k]!]!);
  entities.forEach((entity, i) => {
    const length = corpus.lengths[i]!;
    if (length === 0 || topicAll.size === 0) {
      result.set(entity.id, { score: 0, topTerms: [] });
      return;
    }
    // Whoever the seeds point at is compared with the others they point at, not with itself.
    const own = pointedAt.has(i) ? topicWithout(i) : null;
    // One pass: the vector's squared length and its dot product with the topic, no new Map.
    const norm = lengthNorm(length, avgLength);
    let top = 0;
    let sq = 0;
    let dot = 0;
    for (let k = corpus.start[i]!; k < corpus.start[i + 1]!; k++) {
      const id = corpus.terms[k]!;
      const w = saturate(corpus.counts[k]!, norm) * idfById[id]!;
      sq += w * w;
      const q = own ? own.get(corpus.termOf[id]!) : topicAllById[id]!;
      if (q === undefined || !(w * q > 0)) continue;
      dot += w * q;
      const value = w * q;
      if (top === TOP_TERMS && !before(value, id, TOP_TERMS - 1)) continue;
      let at = top < TOP_TERMS ? top++ : TOP_TERMS - 1;
      for (; at > 0 && before(value, id, at - 1); at--) {
        topId[at] = topId[at - 1]!;
        topValue[at] = topValue[at - 1]!;
      }
      topId[at] = id;
      topValue[at] = value;
    }
    const cosine = sq > 0 ? Math.min(1, Math.max(0, dot / Math.sqrt(sq))) : 0;
    const topTerms: string[] = [];
    for (let k = 0; k < top; k++) topTerms.push(display(corpus.termOf[topId[k]!]!, variants, occurrences[topId[k]!]!));
    result.set(entity.id, { score: cosine * stuffingPenalty(corpus, i, keywordIds), topTerms });
  });
  return result;
}

/**
 * Every entity text as term ids, without a Map per text: text d's distinct terms are
 * terms[start[d] .. start[d + 1]) in the order they first occur, each with its count.
 */
interface Corpus {
  termOf: string[];
  idOf: Map<string, number>;
  start: Int32Array;
  terms: Int32Array;
  counts: Int32Array;
  /** Terms in text d, repeats included. */
  lengths: Int32Array;
}

/** EntityTerms of the texts the entities carry, keyed by their index (ids may repeat in tests). */
function termsOfTexts(entities: readonly RankNode[]): EntityTerms {
  const terms = new EntityTerms();
  entities.forEach((e, d) => terms.add(d, typeof e.text === 'string' ? e.text : ''));
  return terms;
}

/**
 * Entity texts already read as term ids, so the texts themselves need not be kept: `add` each
 * entity's text as it streams from the store, `join` the entities of one person (the same terms
 * as their texts joined with "\n": a line break ends every token, stop-word rule and final
 * sigma), then `relevanceScores` reads the people's terms instead of `RankEntity.text`.
 */
export class EntityTerms {
  readonly variants: Variants = new Map();
  readonly memo: TermMemo = new Map();
  private readonly idOf = new Map<string, number>();
  private readonly termOf: string[] = [];
  private readonly seenIn: number[] = [];
  private readonly slot: number[] = [];
  private terms = new Int32Array(1024);
  private counts = new Int32Array(1024);
  private used = 0;
  private docs = 0;
  /** Per key: [start, end, length, characters] of its terms. */
  private readonly ranges = new Map<number, [number, number, number, number]>();

  /**
   * Plain ASCII words -> term id × 2 + 1 if the word is not its own stem (a spelling to count
   * for display), -1 if not a term.
   */
  private readonly surfaces = new SurfaceTable((surface) => {
    const term = termOf(surface);
    return term === null ? -1 : this.idFor(term) * 2 + (surface === term ? 0 : 1);
  });

  /** Read `text` as the text of `key` (an entity id); each key once. */
  add(key: number, text: string): void {
    const d = this.docs++;
    const start = this.used;
    let length = 0;
    if (isAscii(text)) length = this.addAscii(prepare(text, true), d);
    else {
      eachToken(text, (term, surface) => {
        this.count(this.idFor(term), d);
        length++;
        if (surface !== term) this.variant(term, surface);
      }, this.memo);
    }
    this.ranges.set(key, [start, this.used, length, text.length]);
  }

  /**
   * The words of prepared ASCII text `p` as document `d`; returns how many. The words are the
   * runs of a-z and 0-9: what the word pattern matches in ASCII.
   */
  private addAscii(p: string, d: number): number {
    const n = p.length;
    let length = 0;
    for (let i = 0; i < n; ) {
      let c = p.charCodeAt(i);
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
        i++;
        continue;
      }
      const from = i;
      let hash = 0;
      do {
        hash = hashStep(hash, c);
        c = ++i < n ? p.charCodeAt(i) : 0;
      } while ((c >= 97 && c <= 122) || (c >= 48 && c <= 57));
      const value = this.surfaces.valueOf(p, from, i, hash);
      if (value < 0) continue;
      const id = value >> 1;
      if (this.seenIn[id] === d) this.counts[this.slot[id]!]!++;
      else {
        this.seenIn[id] = d;
        this.slot[id] = this.used;
        this.push(id, 1);
      }
      length++;
      if (value & 1) this.variant(this.termOf[id]!, p.slice(from, i));
    }
    return length;
  }

  /** One more occurrence of term `id` in document `d`. */
  private count(id: number, d: number): void {
    if (this.seenIn[id] === d) this.counts[this.slot[id]!]!++;
    else {
      this.seenIn[id] = d;
      this.slot[id] = this.used;
      this.push(id, 1);
    }
  }

  /** One more occurrence of `term` spelled `surface`. */
  private variant(term: string, surface: string): void {
    let forms = this.variants.get(term);
    if (!forms) this.variants.set(term, (forms = new Map()));
    forms.set(surface, (forms.get(surface) ?? 0) + 1);
  }

  /** The id of `term`, a new one the first time it is seen. */
  private idFor(term: string): number {
    let id = this.idOf.get(term);
    if (id === undefined) {
      id = this.termOf.length;
      this.idOf.set(term, id);
      this.termOf.push(term);
      this.seenIn.push(-1);
      this.slot.push(0);
    }
    return id;
  }

  /**
   * Make `key` stand for the texts of `members` joined with "\n" in that order (empty ones
   * skipped); the members' own entries stay.
   */
  join(key: number, members: readonly number[]): void {
    // An empty text adds no line break either.
    const parts = members.map((m) => this.ranges.get(m)).filter((r): r is [number, number, number, number] => r !== undefined && r[3] > 0);
    if (parts.length === 0) {
      this.ranges.delete(key);
      return;
    }
    if (parts.length === 1) {
      this.ranges.set(key, parts[0]!);
      return;
    }
    const d = this.docs++;
    const start = this.used;
    let length = 0;
    let chars = -1;
    for (const [from, to, len, c] of parts) {
      for (let k = from; k < to; k++) {
        const id = this.terms[k]!;
        if (this.seenIn[id] === d) this.counts[this.slot[id]!]! += this.counts[k]!;
        else {
          this.seenIn[id] = d;
          this.slot[id] = this.used;
          this.push(id, this.counts[k]!);
        }
      }
      length += len;
      chars += c + 1;
    }
    this.ranges.set(key, [start, this.used, length, chars]);
  }

  /** Whether `key`'s text (as `join` made it) is not empty. */
  hasText(key: number): boolean {
    return (this.ranges.get(key)?.[3] ?? 0) > 0;
  }

  /** The corpus of `entities`' texts, entity i's as document i. */
  corpus(entities: readonly RankNode[]): Corpus {
    return this.corpusOf(entities.map((e) => e.id));
  }

  /** The corpus of the texts of `keys`, key i's as document i. */
  corpusOf(keys: readonly number[]): Corpus {
    const start = new Int32Array(keys.length + 1);
    const lengths = new Int32Array(keys.length);
    let size = 0;
    for (const key of keys) {
      const r = this.ranges.get(key);
      if (r) size += r[1] - r[0];
    }
    const terms = new Int32Array(size);
    const counts = new Int32Array(size);
    let at = 0;
    keys.forEach((key, d) => {
      start[d] = at;
      const r = this.ranges.get(key);
      if (!r) return;
      terms.set(this.terms.subarray(r[0], r[1]), at);
      counts.set(this.counts.subarray(r[0], r[1]), at);
      at += r[1] - r[0];
      lengths[d] = r[2];
    });
    start[keys.length] = at;
    return { termOf: this.termOf, idOf: this.idOf, start, terms, counts, lengths };
  }

  private push(id: number, count: number): void {
    if (this.used === this.terms.length) {
      const terms = new Int32Array(this.used * 2);
      terms.set(this.terms);
      this.terms = terms;
      const counts = new Int32Array(this.used * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.terms[this.used] = id;
    this.counts[this.used++] = count;
  }
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
function stuffingPenalty(corpus: Corpus, d: number, keywords: readonly number[]): number {
  const length = corpus.lengths[d]!;
  if (length < STUFFING_MIN_WORDS || keywords.length === 0) return 1;
  let hits = 0;
  for (const k of keywords) {
    for (let at = corpus.start[d]!; at < corpus.start[d + 1]!; at++) if (corpus.terms[at] === k) hits += corpus.counts[at]!;
  }
  const density = hits / length;
  return density <= STUFFING_DENSITY ? 1 : Math.sqrt(STUFFING_DENSITY / density);
}
