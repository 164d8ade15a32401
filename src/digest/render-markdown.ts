// The digest as Markdown for chat tools: headings per person, one bullet per post, links
// written as links, everything from the web escaped so a title cannot become markup.
import { cleanForTerminal } from '../extract/text.js';
import type { ChangedCandidate } from '../rank/changes.js';
import { emptyLine, followedWords, isEmptyDigest, type Digest } from './digest-data.js';

/** Text from the web as literal Markdown: the characters that start markup are escaped. */
export function mdText(text: string): string {
  return cleanForTerminal(text).replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/^([#+-]|\d+\.)/, '\\$1');
}

/** A link, or plain text when the URL is not http(s). */
function mdLink(text: string, url: string): string {
  return /^https?:\/\//i.test(url) ? `[${mdText(text)}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)` : mdText(text);
}

function mover(c: ChangedCandidate): string {
  const move = c.previousRank !== null && c.rank !== null ? ` #${c.previousRank} → #${c.rank}` : c.rank !== null ? ` #${c.rank}` : '';
  return `${c.url ? mdLink(c.name, c.url) : mdText(c.name)}${move}`;
}

/** Render `d` as Markdown. */
export function digestMarkdown(d: Digest): string {
  if (isEmptyDigest(d)) return `${mdText(emptyLine(d))}\n`;
  const out: string[] = [`## linernotes digest, run ${d.runId} (${d.runDate})`, '', `What ${followedWords(d)} published since ${mdText(d.sinceLabel)}.`];
  if (d.people.length === 0) out.push('', `No posts from ${followedWords(d)}.`);
  for (const p of d.people) {
    out.push('', `### ${p.url ? mdLink(p.name, p.url) : mdText(p.name)}${p.rank !== null ? ` (#${p.rank}${p.pickedBy !== null ? `, picked by ${mdText(p.pickedBy)}` : ''})` : p.pickedBy !== null ? ` (picked by ${mdText(p.pickedBy)})` : ''}`, '');
    for (const post of p.posts) {
      out.push(`- **${mdLink(post.title, post.url)}** (${post.date})${post.blurb ? ` ${mdText(post.blurb)}` : ''}`);
      out.push(`  *found via ${mdText(post.via)}*`);
    }
  }
  const movers = [
    ...d.movers.newCandidates.map((c) => `- new: ${mover(c)}`),
    ...d.movers.risers.map((c) => `- rising: ${mover(c)}`),
    ...d.movers.silent.map((c) => `- went silent: ${mover(c)}, last post ${c.lastPost}`),
  ];
  if (movers.length > 0) out.push('', `### Movers since run ${d.baseRunId}`, '', ...movers);
  return `${out.join('\n')}\n`;
}
