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

/** `Content Strategy Weekly (seed) linked it 4 times — http://… (2026-11-05), …`; `examples` caps the URLs shown. */
export function evidenceLine(g: EvidenceGroup, examples = 3): string {
  const who = g.fromIsSeed ? ' (seed)' : g.fromDepth !== null ? ` (hop ${g.fromDepth})` : '';
  const times = g.count === 1 ? 'once' : `${g.count} times`;
  const shown = g.examples.slice(0, examples).map((x) => `${safe(x.evidenceUrl)}${x.date ? ` (${x.date})` : ''}`);
  const more = g.count > shown.length ? ', …' : '';
  return `${safe(g.from)}${who} ${VERBS[g.type] ?? safe(g.type)} ${times} — ${shown.join(', ')}${more}`;
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

/** `1 seed`, `2 seeds`. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Rank and mark, e.g. `#3, picked` or `not ranked, new`. */
function standing(ex: Explanation): string {
  return `${ex.rank !== null ? `#${ex.rank}` : 'not ranked'}, ${ex.status}`;
}

/** The full report `why` prints. */
export function renderExplanation(ex: Explanation, c: ChalkInstance): string {
  const out: string[] = [];
  const section = (title: string) => out.push('', c.bold(title));
  out.push(`${c.bold(safe(ex.name))}  ${c.dim(standing(ex))}`);
  for (const [label, value] of identityLines(ex)) out.push(`  ${label.padEnd(9)}${value}`);

  section('Why it is here');
  if (ex.paths.length === 0) out.push('  no path from a seed is stored for it');
  for (const p of ex.paths) out.push(`  ${safe(p)}`);

  section(ex.evidenceTotal > ex.evidence.length ? `Evidence (the ${ex.evidence.length} strongest of ${ex.evidenceTotal})` : 'Evidence');
  if (ex.evidence.length === 0) out.push('  nobody outside this person links to it');
  for (const g of ex.evidence) out.push(`  ${evidenceLine(g)}`);

  section('Relevant for');
  out.push(`  ${ex.topTerms.length > 0 ? ex.topTerms.map(safe).join(', ') : 'no distinctive topic terms'}`);

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
    for (const k of ex.claims) {
      const verdict = k.merged ? c.green('merged') : k.vetoed ? c.yellow('kept apart by unmerge') : 'not merged (one-way claim, or a platform)';
      out.push(`  ${safe(k.kind)}: ${safe(k.from)} → ${safe(k.to)} via ${safe(k.targetUrl)} on ${safe(k.evidenceUrl)}, seen ${k.seen} — ${verdict}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** The compact card `review` shows: rank, name, numbers, addresses, first liner note, 3 strongest evidence lines, terms. */
export function renderCard(ex: Explanation, c: ChalkInstance, position: { index: number; total: number }, width: number): string {
  const line = (s: string) => fit(s, width);
  const out: string[] = [];
  // Fit before colouring: escape codes would count as columns and could be cut in half.
  const counter = `[${position.index}/${position.total}] `;
  const title = `${ex.rank !== null ? `#${ex.rank} ` : ''}${safe(ex.name)}${ex.status === 'new' ? '' : ` (${ex.status})`}`;
  out.push(`${c.dim(counter)}${c.bold(fit(title, width - counter.length))}`);
  if (ex.score) {
    const s = ex.score;
    out.push(line(`  score ${s.score.toFixed(3)}  relevance ${s.relevance.toFixed(3)}  authority ${s.authority.toFixed(3)}  ${plural(s.seedsReaching, 'seed')} reaching`));
  }
  const where = identityLines(ex).map(([label, v]) => (label === 'feed' ? '' : v)).filter(Boolean);
  if (where.length > 0) out.push(line(`  ${where.join('  ')}`));
  if (ex.paths[0]) out.push(line(`  via ${safe(ex.paths[0])}`));
  for (const g of ex.evidence.slice(0, 3)) out.push(line(`  · ${evidenceLine(g, 1)}`));
  if (ex.topTerms.length > 0) out.push(line(`  terms: ${ex.topTerms.map(safe).join(', ')}`));
  return `${out.join('\n')}\n`;
}
