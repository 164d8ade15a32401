// The digest as plain text for cron mail: 72 columns, no colour, every string from the web
// stripped of control characters; a long URL keeps a line of its own rather than breaking.
import { cleanForTerminal } from '../extract/text.js';
import type { ChangedCandidate } from '../rank/changes.js';
import { emptyLine, followedWords, isEmptyDigest, type Digest, type DigestPerson } from './digest-data.js';

/** Line width of the text digest. */
export const TEXT_WIDTH = 72;

/** Wrap `text` to `width` columns, every line starting with `indent` (and `first` on the first). */
export function wrap(text: string, width: number, indent: string, first = indent): string[] {
  const words = cleanForTerminal(text).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && [...line].length + 1 + [...w].length > width) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += empty ? w : ` ${w}`;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}

/** A mover in one line: name, rank and how it moved, address. */
export function moverLine(c: ChangedCandidate, extra = ''): string {
  const move = c.previousRank !== null && c.rank !== null ? `#${c.previousRank} → #${c.rank}` : c.rank !== null ? `#${c.rank}` : '';
  return [c.name, move, c.url, extra].filter(Boolean).join('  ');
}

/** Render `d` as text. */
export function digestText(d: Digest): string {
  if (isEmptyDigest(d)) return `${emptyLine(d)}\n`;
  const out: string[] = [];
  out.push(...wrap(`linernotes digest, run ${d.runId} (${d.runDate}): what ${followedWords(d)} published since ${d.sinceLabel}`, TEXT_WIDTH, ''));
  if (d.people.length === 0) out.push('', ...wrap(`no posts from ${followedWords(d)} since ${d.sinceLabel}`, TEXT_WIDTH, ''));
  for (const p of d.people) {
    out.push('', ...wrap(`${p.name}${standing(p)}  ${p.url}`, TEXT_WIDTH, '  ', ''));
    for (const post of p.posts) {
      out.push(...wrap(`${post.title} (${post.date})`, TEXT_WIDTH, '    ', '  * '));
      if (post.blurb) out.push(...wrap(post.blurb, TEXT_WIDTH, '    '));
      out.push(...wrap(post.url, TEXT_WIDTH, '    '));
      out.push(...wrap(`found via ${post.via}`, TEXT_WIDTH, '      ', '    '));
    }
  }
  const movers: string[] = [];
  for (const c of d.movers.newCandidates) movers.push(...wrap(moverLine(c), TEXT_WIDTH, '      ', '  new     '));
  for (const c of d.movers.risers) movers.push(...wrap(moverLine(c), TEXT_WIDTH, '      ', '  rising  '));
  for (const c of d.movers.silent) movers.push(...wrap(moverLine(c, `last post ${c.lastPost}`), TEXT_WIDTH, '      ', '  silent  '));
  if (movers.length > 0) out.push('', `movers since run ${d.baseRunId}:`, ...movers);
  return `${out.join('\n')}\n`;
}

/** ` (#3)`, ` (#3, picked by ana)`, ` (picked by ana)` or ''. */
function standing(p: DigestPerson): string {
  const parts = [p.rank !== null ? `#${p.rank}` : '', p.pickedBy !== null ? `picked by ${p.pickedBy}` : ''].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
