// A post's blurb: its first sentence (or the feed's summary), trimmed to a length a weekly
// email can carry, cut at a word.

/** Longest blurb, in characters. */
export const MAX_BLURB = 220;

/** Cut `text` to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function trimTo(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** The first sentence of `text` (a sentence ends at . ! ? followed by a space and a capital, digit or quote). */
export function firstSentence(text: string, max = MAX_BLURB): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?…])(?=\s+["'“‘(\p{Lu}\d])/u.exec(t);
  return trimTo(m ? m[1]! : t, max);
}
