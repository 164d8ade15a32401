// Words of plain ASCII text to term ids without a string per word: a hash table keyed by the
// word's characters where they stand in the text, so a word seen before costs a hash and one
// comparison, no substring and no Map lookup. Texts are read by the hundred thousand and
// nearly every word in them is one seen before. Pure.

/** Judges a new surface word: its value (a term id, or -1 when it is not a term). */
export type Judge = (surface: string) => number;

/** Distinct words the table remembers; past it words are judged every time (same values). */
const LIMIT = 500_000;

/** Surface word -> value, for words that are runs of a-z and 0-9 inside a longer string. */
export class SurfaceTable {
  private slots = new Int32Array(1 << 12).fill(-1);
  private readonly words: string[] = [];
  private hashes = new Int32Array(1024);
  private values = new Int32Array(1024);

  constructor(private readonly judge: Judge) {}

  /** Distinct words remembered. */
  get size(): number {
    return this.words.length;
  }

  /**
   * The value of the word `text[start, end)`, whose characters hash to `hash` (see `hashStep`).
   * Remembered words are found in place; a new one is cut out once and judged.
   */
  valueOf(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let s = mix(hash) & mask; ; s = (s + 1) & mask) {
      const w = this.slots[s]!;
      if (w === -1) break;
      if (this.hashes[w] === hash) {
        const word = this.words[w]!;
        if (word.length === length && text.startsWith(word, start)) return this.values[w]!;
      }
    }
    const word = text.slice(start, end);
    const value = this.judge(word);
    if (this.words.length < LIMIT) this.insert(word, hash, value);
    return value;
  }

  /** The remembered word number `w` (0-based, in the order first seen). */
  word(w: number): string {
    return this.words[w]!;
  }

  private insert(word: string, hash: number, value: number): void {
    const w = this.words.length;
    if (w === this.hashes.length) {
      const hashes = new Int32Array(w * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const values = new Int32Array(w * 2);
      values.set(this.values);
      this.values = values;
    }
    this.words.push(word);
    this.hashes[w] = hash;
    this.values[w] = value;
    if ((w + 1) * 2 > this.slots.length) this.rehash();
    else this.place(w);
  }

  private place(w: number): void {
    const mask = this.slots.length - 1;
    let s = mix(this.hashes[w]!) & mask;
    while (this.slots[s] !== -1) s = (s + 1) & mask;
    this.slots[s] = w;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let w = 0; w < this.words.length; w++) this.place(w);
  }
}

/** One character's step of the hash `SurfaceTable` is keyed by: start at 0, then per char code. */
export function hashStep(hash: number, code: number): number {
  return (Math.imul(hash, 31) + code) | 0;
}

/** Spread the bits of a word hash over the low ones the table indexes by. */
function mix(hash: number): number {
  const h = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

/** Whether `text` is all ASCII (then NFKC leaves it as it is). */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

const NON_ASCII = /[^\x00-\x7f]/;
