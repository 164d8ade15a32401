// Browser code (see dom.ts): one candidate's liner notes — the paths from the seeds with each
// hop's evidence link, the strongest evidence, identity claims, top terms — and its copyable
// pick / reject commands.
import type { ReportCandidate } from '../report-data.js';
import type * as DomFns from './dom.js';
// The page inlines these functions by name (see report/page.ts), so they are referenced as
// page globals rather than imported: a bundler or test runner rewriting imports cannot reach them.
declare const el: typeof DomFns.el;
declare const link: typeof DomFns.link;
declare const shellWord: typeof DomFns.shellWord;
declare const shortUrl: typeof DomFns.shortUrl;

/** The liner notes of `c`; `verbs` names edge types as the CLI does, `db` goes into the commands. */
export function renderNotes(c: ReportCandidate, verbs: Record<string, string>, db: string): HTMLElement {
  const n = c.notes;
  const box = el('div', { class: 'notes', 'data-id': c.id });
  box.append(el('h3', null, `#${c.rank} `, c.name, ' ', el('span', { class: `badge ${c.status}` }, c.status), c.picked_by ? el('span', { class: 'by' }, ` by ${c.picked_by} `) : null, c.known ? el('span', { class: 'badge known' }, 'known') : null));
  if (c.note) box.append(el('p', { class: 'note' }, `note: ${c.note}`));
  const ids = n.identities;
  const idLine = el('p', { class: 'identities' });
  if (ids.website) idLine.append(link(ids.website), ' ');
  if (ids.feed) idLine.append('feed ', link(ids.feed), ' ');
  for (const h of ids.bluesky) idLine.append(`@${h} `);
  for (const h of ids.mastodon) idLine.append(`@${h} `);
  box.append(idLine);
  box.append(el('p', { class: 'score' }, `score ${c.score} (relevance ${c.relevance}, authority ${c.authority}); ${c.referrers} referrers, reached from ${c.seeds_reaching} seeds`));

  box.append(el('h4', null, 'Liner notes'));
  const paths = el('ol', { class: 'paths' });
  for (const route of n.routes ?? []) {
    const li = el('li', null, route.seed !== null ? `seed ${route.seed}` : route.steps[0]?.fromName ?? '');
    for (const step of route.steps) {
      const target = step.toAccount ?? (step.targetUrl ? shortUrl(step.targetUrl) : '?');
      li.append(' → ', `${verbs[step.edgeType] ?? step.edgeType} `, step.toAccount ? document.createTextNode(step.toAccount) : link(step.targetUrl, target));
      if (step.evidenceUrl) li.append(' ', el('span', { class: 'evidence' }, '(on ', link(step.evidenceUrl), ')'));
    }
    paths.append(li);
  }
  if (!n.routes || n.routes.length === 0) paths.append(el('li', null, 'no path from a seed is stored'));
  box.append(paths);

  if (n.evidence.length > 0) {
    box.append(el('h4', null, `Strongest evidence (${n.evidence.length} of ${n.evidenceTotal})`));
    const list = el('ul', { class: 'evidence-list' });
    for (const g of n.evidence) {
      const li = el('li', null, el('b', null, g.from), g.fromIsSeed ? ' (seed)' : g.fromDepth !== null ? ` (hop ${g.fromDepth})` : '', ` — ${g.type} ×${g.count}: `);
      g.examples.forEach((x, i) => li.append(i > 0 ? ', ' : '', link(x.evidenceUrl), x.date ? ` ${x.date}` : ''));
      list.append(li);
    }
    box.append(list);
  }
  if (n.claims.length > 0) {
    box.append(el('h4', null, 'Identity claims'));
    const list = el('ul', { class: 'claims' });
    for (const cl of n.claims) {
      list.append(el('li', null, `${cl.from} ${cl.kind} ${cl.to} `, el('span', { class: 'evidence' }, '(on ', link(cl.evidenceUrl), `, ${cl.seen})`), cl.vetoed ? ' kept apart by unmerge' : cl.merged ? ' merged' : ' not merged'));
    }
    box.append(list);
  }
  if (n.topTerms.length > 0) box.append(el('p', { class: 'terms' }, 'top terms: ', ...n.topTerms.flatMap((t) => [el('span', { class: 'term' }, t), ' '])));

  const commands = el('div', { class: 'commands' });
  for (const verb of ['pick', 'reject']) {
    const text = `linernotes ${verb} ${shellWord(c.handle)} --db ${shellWord(db)}`;
    const code = el('code', null, text);
    const button = el('button', { type: 'button', class: 'copy', 'data-copy': text, title: 'copy to the clipboard' }, 'copy');
    commands.append(el('div', { class: 'command' }, code, button));
  }
  box.append(commands);
  return box;
}

/** Copy a command: the clipboard API where the page may use it, else select the text for Ctrl-C. */
export function copyCommand(button: HTMLElement): void {
  const text = button.getAttribute('data-copy') ?? '';
  const done = () => {
    button.textContent = 'copied';
    setTimeout(() => (button.textContent = 'copy'), 1500);
  };
  const select = () => {
    const code = button.previousElementSibling;
    if (!code) return;
    const range = document.createRange();
    range.selectNodeContents(code);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    button.textContent = 'press Ctrl-C';
  };
  if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(done, select);
  else select();
}
