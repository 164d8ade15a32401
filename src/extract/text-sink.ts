// A bounded accumulator for visible text: collapses whitespace as it goes and stops growing at
// the cap, so a 10 MB page costs no more memory for text than a 20 KB one.

/** Elements that sit inside a line of text; the edges of every other element break words. */
export const INLINE_ELEMENTS: ReadonlySet<string> = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins',
  'kbd', 'label', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u',
  'var', 'wbr', 'tt', 'big', 'strike', 'acronym',
]);

/** Elements whose content is never visible text. */
export const HIDDEN_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'canvas', 'title',
]);

/** Collects text chunks into one whitespace-collapsed string of at most `max` characters. */
export class TextSink {
  private readonly parts: string[] = [];
  private length = 0;
  private pendingSpace = false;
  private readonly max: number;

  constructor(max: number) {
    this.max = Math.max(0, Math.floor(Number.isFinite(max) ? max : 0));
  }

  /** Whether the cap has been reached (callers may stop feeding). */
  get full(): boolean {
    return this.length >= this.max;
  }

  /** Append raw text; runs of whitespace (including NBSP) become one space. */
  add(chunk: string): void {
    if (this.full || chunk === '') return;
    const collapsed = chunk.replace(/\s+/g, ' ');
    if (collapsed === ' ') {
      this.pendingSpace = true;
      return;
    }
    let piece = collapsed;
    if (piece.startsWith(' ')) {
      this.pendingSpace = true;
      piece = piece.slice(1);
    }
    const trailing = piece.endsWith(' ');
    if (trailing) piece = piece.slice(0, -1);
    if (this.pendingSpace && this.length > 0) this.push(' ');
    this.pendingSpace = trailing;
    this.push(piece);
  }

  /** Mark a word boundary (block element edge, <br>) without adding text yet. */
  space(): void {
    this.pendingSpace = true;
  }

  private push(s: string): void {
    const room = this.max - this.length;
    if (room <= 0) return;
    const piece = s.length > room ? s.slice(0, room) : s;
    this.parts.push(piece);
    this.length += piece.length;
  }

  /** The collected text. */
  toString(): string {
    return this.parts.join('').trimEnd();
  }
}
