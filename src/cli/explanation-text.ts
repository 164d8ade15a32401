// How an Explanation reads in a terminal: the full `why` report and the compact card `review`
// shows per candidate. Every string that came from the web goes through `safe()`; colour comes
// from the chalk the caller made with `chalkFor`, so NO_COLOR and pipes get plain text.
import type { ChalkInstance } from 'chalk';
import type { EvidenceGroup, Explanation } from '../rank/explain.js';
import { fit, safe } from './output.js';

const VERBS: Record<EvidenceGroup['type'], string> = {
  link: 'linked it',
  'feed-item': 'linked it in its feed',
  blogroll: 'lists it in a blogroll',
  repost: 'reposted it',
  boost: 'boosted it',
  quote: 'quoted it',
  mention: 'mentioned it',
  guest: 'had it as a guest',
};

/**
 * `Content Strategy Weekly (seed) linked it 4 times — http://… (2026-11-05), …`; `examples` caps
 * the URLs shown. URLs in `alreadyShown` (listed on an earlier line of the same referrer: a post
 * that links it is usually also the feed item that links it) are not listed again.
 */
export function evidenceLine(g: EvidenceGroup, examples = 3, alreadyShown: ReadonlySet<string> = new Set()): string {
  const who = g.fromIsSeed ? ' (seed)' : g.fromDepth !== null ? ` (hop ${g.fromDepth})` : '';
  const times = g.count === 1 ? 'once' : `${g.count} times`;
  const fresh = g.examples.filter((x) => !alreadyShown.has(x.evidenceUrl));
  const shown = fresh.slice(0, examples).map((x) => `${safe(x.evidenceUrl)}${x.date ? ` (${x.date})` : ''}`);
  const repeated = g.examples.length - fresh.length;
  const more = g.count > shown.length + repeated ? ', …' : '';
  const same = repeated > 0 ? (shown.length === 0 ? `${repeated === 1 ? 'the post' : 'the posts'} above${more}` : `${shown.join(', ')}${more} and ${repeated === 1 ? 'a post' : `${repeated} posts`} above`) : `${shown.join(', ')}${more}`;
  return `${safe(g.from)}${who} ${VERBS[g.type] ?? safe(g.type)} ${times} — ${same}`;
}

/** Evidence lines in order, each leaving out the post URLs its referrer's earlier lines listed. */
export function evidenceLines(groups: readonly EvidenceGroup[], examples = 3): string[] {
  const shownBy = new Map<number, Set<string>>();
  return groups.map((g) => {
    const shown = shownBy.get(g.fromEntityId) ?? new Set<string>();
    const line = evidenceLine(g, examples, shown);
    for (const x of g.examples.slice(0, examples + shown.size)) shown.add(x.evidenceUrl);
    shownBy.set(g.fromEntityId, shown);
    return line;
  });
}

/** The person's addresses, one per line: website, feed, @handles. */
function identityLines(ex: Explanation): [string, string][] {
  const { website, feed, bluesky, mastodon } = ex.identities;
  const rows: [string, string][] = [];
  if (website) rows.push(['website', safe(website)]);
  if (feed) rows.push(['feed', safe(feed)]);
  for (const h of bluesky) rows.push(['bluesky', `@${safe(h)}`]);
  for (const h of mastodon) rows.push(['mastodon', `@${safe(h)}`]);
  return rows;
}

/**
 * `0.412 = gate 1.00 × authority 0.412`, each part then explained: what the gate read
 * (relevance against the niche's typical level) and where authority came from (endorsement
 * against the run's best). With a relevanceWeight, topicality^w joins the product.
 */
export function scoreFormula(s: NonNullable<Explanation['score']>): string {
  const w = s.relevanceWeight;
  const weighted = w > 0 ? ` × topicality ${s.topicality.toFixed(2)}^${Math.round(w * 100) / 100}` : '';
  return `${s.score.toFixed(3)} = gate ${s.gate.toFixed(2)}${weighted} × authority ${s.authority.toFixed(3)}`;
}

/** The lines under the formula: how the gate and the authority came about. */
export function scoreParts(s: NonNullable<Explanation['score']>): string[] {
  return [
    `gate ${s.gate.toFixed(2)}: relevance ${s.relevance.toFixed(3)} is topicality ${s.topicality.toFixed(2)} of the niche's typical on-topic level (gate closed below 0.15, open from 0.35)`,
    `authority ${s.authority.toFixed(3)}: endorsement ${s.endorsement.toFixed(2)} of the best ${s.bestEndorsement.toFixed(2)} (each referrer counted by its trust from the seeds, up to 1.5 links)`,
  ];
}

/** One line per distinct claim: the same link found on several pages is one claim "on N pages". */
function claimLines(claims: Explanation['claims'], c: ChalkInstance): string[] {
  const groups = new Map<string, { claim: Explanation['claims'][number]; pages: Set<string>; seen: string }>();
  for (const k of claims) {
    const key = [k.kind, k.from, k.to, k.targetUrl, k.merged, k.vetoed].join('\u0000');
    const g = groups.get(key);
    if (!g) groups.set(key, { claim: k, pages: new Set([k.evidenceUrl]), seen: k.seen });
    else {
      g.pages.add(k.evidenceUrl);
      if (k.seen < g.seen) g.seen = k.seen;
    }
  }
  return [...groups.values()].map(({ claim: k, pages, seen }) => {
    const verdict = k.merged ? c.green('merged') : k.vetoed ? c.yellow('kept apart by unmerge') : 'not merged (one-way claim, or a platform)';
    const on = pages.size === 1 ? safe(k.evidenceUrl) : `${safe(k.evidenceUrl)} and ${pages.size - 1} more page${pages.size === 2 ? '' : 's'}`;
    return `  ${safe(k.kind)}: ${safe(k.from)} → ${safe(k.to)} via ${safe(k.targetUrl)} on ${on}, seen ${seen} — ${verdict}`;
  });
}

/** `1 seed`, `2 seeds`. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A mark and its author, e.g. `picked by ana`, or `new`. */
function statusText(ex: Explanation): string {
  return ex.pickedBy !== null && ex.status !== 'new' ? `${ex.status} by ${safe(ex.pickedBy)}` : ex.status;
}

/** Rank and mark, e.g. `#3, picked by ana` or `not ranked, new`. */
function standing(ex: Explanation): string {
  return `${ex.rank !== null ? `#${ex.rank}` : 'not ranked'}, ${statusText(ex)}`;
}

/** Why a candidate has no topic terms: its pages could not be read, or were never fetched. */
export function noTerms(r: Explanation['reading']): string {
  const at = r.url ? ` (${safe(r.url)})` : '';
  switch (r.state) {
    case 'failed': return `nothing: fetch failed: ${safe(r.reason ?? 'unknown error')}${at}`;
    case 'skipped': return `nothing: not read: ${safe(r.reason ?? 'skipped')}${at}`;
    case 'pending': return `nothing yet: the run stopped before its pages were fetched${at}`;
    case 'not-crawled': return 'nothing: not crawled (beyond --depth); it ranks on the links to it alone';
    case 'read': return 'no distinctive topic terms';
  }
}

/** The full report `why` prints. */
export function renderExplanation(ex: Explanation, c: ChalkInstance): string {
  const out: string[] = [];
  const section = (title: string) => out.push('', c.bold(title));
  out.push(`${c.bold(safe(ex.name))}  ${c.dim(standing(ex))}`);
  if (ex.note !== null) out.push(`  ${'note'.padEnd(9)}${safe(ex.note)}`);
  for (const [label, value] of identityLines(ex)) out.push(`  ${label.padEnd(9)}${value}`);

  section('Why it is here');
  if (ex.paths.length === 0) out.push('  no path from a seed is stored for it');
  for (const p of ex.paths) out.push(`  ${safe(p)}`);

  section(ex.evidenceTotal > ex.evidence.length ? `Evidence (the ${ex.evidence.length} strongest of ${ex.evidenceTotal})` : 'Evidence');
  if (ex.evidence.length === 0) out.push('  nobody outside this person links to it');
  for (const l of evidenceLines(ex.evidence)) out.push(`  ${l}`);

  section('Relevant for');
  out.push(`  ${ex.topTerms.length > 0 ? ex.topTerms.map(safe).join(', ') : noTerms(ex.reading)}`);

  section('Score');
  if (ex.score) {
    out.push(`  ${scoreFormula(ex.score)}`);
    for (const line of scoreParts(ex.score)) out.push(`  ${line}`);
    out.push(`  trust (pagerank) ${ex.score.pagerank.toPrecision(4)}, ${plural(ex.score.referrers, 'referrer')}, ${plural(ex.score.seedsReaching, 'seed')} reaching`);
  } else {
    out.push('  not ranked in this run (seeds and platforms are never candidates)');
  }
  if (ex.history.length > 1) out.push(`  rank history: ${ex.history.map((h) => `run ${h.run} (${h.date}) #${h.rank}`).join(' → ')}`);

  if (ex.claims.length > 0) {
    section('Identity claims');
    out.push(...claimLines(ex.claims, c));
  }
  return `${out.join('\n')}\n`;
}

/** The compact card `review` shows: rank, name, numbers, addresses, first liner note, 3 strongest evidence lines, terms. */
export function renderCard(ex: Explanation, c: ChalkInstance, position: { index: number; total: number }, width: number): string {
  const line = (s: string) => fit(s, width);
  const out: string[] = [];
  // Fit before colouring: escape codes would count as columns and could be cut in half.
  const counter = `[${position.index}/${position.total}] `;
  const title = `${ex.rank !== null ? `#${ex.rank} ` : ''}${safe(ex.name)}${ex.status === 'new' ? '' : ` (${statusText(ex)})`}`;
  out.push(`${c.dim(counter)}${c.bold(fit(title, width - counter.length))}`);
  if (ex.note !== null) out.push(line(`  note: ${safe(ex.note)}`));
  if (ex.score) {
    const s = ex.score;
    out.push(line(`  score ${s.score.toFixed(3)}  relevance ${s.relevance.toFixed(3)}  authority ${s.authority.toFixed(3)}  ${plural(s.seedsReaching, 'seed')} reaching`));
  }
  const where = identityLines(ex).map(([label, v]) => (label === 'feed' ? '' : v)).filter(Boolean);
  if (where.length > 0) out.push(line(`  ${where.join('  ')}`));
  if (ex.paths[0]) out.push(line(`  via ${safe(ex.paths[0])}`));
  for (const l of evidenceLines(ex.evidence.slice(0, 3), 1)) out.push(line(`  · ${l}`));
  if (ex.topTerms.length > 0) out.push(line(`  terms: ${ex.topTerms.map(safe).join(', ')}`));
  return `${out.join('\n')}\n`;
}
