// A recrawl of a social account stops paging at the first post an earlier run read, so the
// older posts' reposts, boosts, quotes, mentions and links would not be hops of this run, and
// the accounts found only through them would not be visited again. This adds them back from
// what is stored, once each, after the links just read.
import type { SourceContext, TaskOutcome } from './source.js';

/** Append the stored links of the account keyed `key` that `out` does not already hold. */
export function replayKnownPosts(out: TaskOutcome, key: string, ctx: SourceContext): void {
  if (!ctx.storedLinks) return;
  const id = (l: { type: string; evidenceUrl: string; targetUrl: string }): string => `${l.type} ${l.evidenceUrl} ${l.targetUrl}`;
  const have = new Set(out.links.map(id));
  for (const link of ctx.storedLinks(key)) {
    if (have.has(id(link))) continue;
    have.add(id(link));
    out.links.push(link);
  }
}
