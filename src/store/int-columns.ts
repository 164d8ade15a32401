// Integer rows read from SQL as one string per slice ("1 -1 0 2 7 1 ..."): better-sqlite3 costs
// about a microsecond for every row it hands to JavaScript, so a table of a hundred thousand
// rows read as rows costs more than the work done with them. Owns parsing such strings into
// typed columns. Pure.

/**
 * Rows of `width` integers, appended one string of space-separated integers at a time and
 * handed back as one Int32Array per column.
 */
export class IntRows {
  private values: Int32Array;
  private used = 0;

  constructor(readonly width: number, capacityRows = 1024) {
    if (!Number.isInteger(width) || width < 1) throw new Error(`IntRows: width must be a positive integer, got ${width}`);
    this.values = new Int32Array(Math.max(16, capacityRows) * width);
  }

  /** Rows appended so far. */
  get length(): number {
    return this.used / this.width;
  }

  /**
   * Append the integers of `chunk`, separated by one space each (a trailing space is allowed).
   * Throws on anything else, or when the count is not a whole number of rows.
   */
  addChunk(chunk: string): void {
    let at = 0;
    const end = chunk.length;
    let added = 0;
    while (at < end) {
      let c = chunk.charCodeAt(at);
      const negative = c === 45;
      if (negative) c = chunk.charCodeAt(++at);
      if (!(c >= 48 && c <= 57)) throw new Error(`IntRows: unexpected ${JSON.stringify(chunk.slice(at, at + 20))}`);
      let v = 0;
      while (c >= 48 && c <= 57) {
        v = v * 10 + (c - 48);
        c = chunk.charCodeAt(++at);
      }
      if (at < end && c !== 32) throw new Error(`IntRows: unexpected ${JSON.stringify(chunk.slice(at, at + 20))}`);
      if (v > 0x7fffffff) throw new Error(`IntRows: ${negative ? '-' : ''}${v} does not fit 32 bits`);
      at++;
      if (this.used === this.values.length) this.grow();
      this.values[this.used++] = negative ? -v : v;
      added++;
    }
    if (this.used % this.width !== 0) throw new Error(`IntRows: ${added} integers are not rows of ${this.width}`);
  }

  /** The columns, each as long as the rows appended. */
  columns(): Int32Array[] {
    const n = this.length;
    const out = Array.from({ length: this.width }, () => new Int32Array(n));
    const w = this.width;
    for (let r = 0, k = 0; r < n; r++) for (let c = 0; c < w; c++) out[c]![r] = this.values[k++]!;
    return out;
  }

  private grow(): void {
    const next = new Int32Array(this.values.length * 2);
    next.set(this.values);
    this.values = next;
  }
}
