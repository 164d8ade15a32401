// Browser code (see dom.ts): the candidates table — sortable by any column, filtered by text,
// status, platform and known (the filter also finds who decided) — where each row opens to its liner notes.
import type { ReportCandidate } from '../report-data.js';
import type * as DomFns from './dom.js';
import type * as NotesFns from './notes.js';
// The page inlines these functions by name (see report/page.ts), so they are referenced as
// page globals rather than imported: a bundler or test runner rewriting imports cannot reach them.
declare const el: typeof DomFns.el;
declare const num: typeof DomFns.num;
declare const renderNotes: typeof NotesFns.renderNotes;


/** The table's controls and behaviour; `onOpen` is told which candidate a row opened. */
export function renderTable(root: HTMLElement, candidates: ReportCandidate[], verbs: Record<string, string>, db: string, onOpen: (id: number) => void): void {
  // Columns: key in the row, header, numeric or not (inside the function: the page inlines functions only).
  const COLUMNS: [keyof ReportCandidate, string, boolean][] = [
    ['rank', '#', true], ['name', 'candidate', false], ['status', 'status', false], ['picked_by', 'by', false], ['platforms', 'platforms', false], ['known', 'known', false],
    ['score', 'score', true], ['relevance', 'relevance', true], ['authority', 'authority', true], ['referrers', 'referrers', true],
    ['seeds_reaching', 'seeds', true], ['rank_change', 'moved', true],
  ];
  const state = { key: 'rank' as keyof ReportCandidate, desc: false, text: '', status: 'all', platform: 'any', known: 'any', open: new Set<number>() };
  const filter = el('input', { id: 'filter', type: 'search', placeholder: 'filter: name, address, terms, liner note', 'aria-label': 'filter candidates' }) as HTMLInputElement;
  const select = (id: string, label: string, options: string[]) => {
    const s = el('select', { id, 'aria-label': label }, ...options.map((o) => el('option', { value: o }, o))) as HTMLSelectElement;
    return s;
  };
  const status = select('status', 'status', ['all', 'new', 'picked', 'skipped', 'rejected']);
  const platform = select('platform', 'platform', ['any', 'web', 'podcast', 'bluesky', 'mastodon']);
  const known = select('known', 'known', ['any', 'not known', 'known']);
  const count = el('span', { class: 'count', id: 'count' });
  root.append(el('div', { class: 'controls' }, filter, ' status ', status, ' platform ', platform, ' ', known, ' ', count));
  const head = el('tr');
  for (const [key, label, numeric] of COLUMNS) head.append(el('th', { 'data-key': String(key), class: numeric ? 'num' : null, tabindex: 0, 'aria-sort': key === 'rank' ? 'ascending' : 'none' }, label));
  const body = el('tbody');
  root.append(el('table', { id: 'candidates' }, el('thead', null, head), body));

  const cell = (c: ReportCandidate, key: keyof ReportCandidate): string => {
    const v = c[key];
    if (key === 'known') return c.known ? 'yes' : '';
    if (key === 'rank_change') return v === 'new' ? 'new' : (v as number) > 0 ? `+${v}` : String(v);
    return typeof v === 'number' ? num(v) : String(v ?? '');
  };
  const value = (c: ReportCandidate, key: keyof ReportCandidate): number | string => {
    const v = c[key];
    if (key === 'rank_change') return v === 'new' ? Number.POSITIVE_INFINITY : (v as number);
    if (typeof v === 'boolean') return v ? 1 : 0;
    return typeof v === 'number' ? v : String(v ?? '').toLowerCase();
  };
  const matches = (c: ReportCandidate): boolean => {
    if (state.status !== 'all' && c.status !== state.status) return false;
    if (state.platform !== 'any' && !c.platforms.split(' ').includes(state.platform)) return false;
    if (state.known !== 'any' && c.known !== (state.known === 'known')) return false;
    if (!state.text) return true;
    const hay = `${c.name} ${c.url} ${c.bluesky} ${c.mastodon} ${c.top_terms} ${c.via} ${c.picked_by}`.toLowerCase();
    return state.text.split(/\s+/).every((w) => hay.includes(w));
  };
  const draw = () => {
    const rows = candidates.filter(matches).sort((a, b) => {
      const x = value(a, state.key);
      const y = value(b, state.key);
      const order = x < y ? -1 : x > y ? 1 : a.rank - b.rank;
      return state.desc ? -order : order;
    });
    body.replaceChildren();
    for (const c of rows) {
      const tr = el('tr', { class: 'row', 'data-id': c.id, 'data-rank': c.rank, tabindex: 0, 'aria-expanded': state.open.has(c.id) ? 'true' : 'false' });
      for (const [key, , numeric] of COLUMNS) tr.append(el('td', { class: numeric ? 'num' : null }, cell(c, key)));
      body.append(tr);
      if (state.open.has(c.id)) body.append(el('tr', { class: 'details' }, el('td', { colspan: COLUMNS.length }, renderNotes(c, verbs, db))));
    }
    count.textContent = `${rows.length} of ${candidates.length} candidates`;
    for (const th of head.querySelectorAll('th')) {
      const key = th.getAttribute('data-key');
      th.setAttribute('aria-sort', key === state.key ? (state.desc ? 'descending' : 'ascending') : 'none');
    }
  };
  const sortBy = (key: keyof ReportCandidate) => {
    // Numbers other than rank read best high first; a second click reverses.
    state.desc = state.key === key ? !state.desc : key !== 'rank' && typeof candidates[0]?.[key] === 'number';
    state.key = key;
    draw();
  };
  head.addEventListener('click', (e) => {
    const th = (e.target as HTMLElement).closest('th');
    if (th) sortBy(th.getAttribute('data-key') as keyof ReportCandidate);
  });
  head.addEventListener('keydown', (e) => {
    const th = (e.target as HTMLElement).closest('th');
    if (th && (e.key === 'Enter' || e.key === ' ')) sortBy(th.getAttribute('data-key') as keyof ReportCandidate);
  });
  const toggle = (id: number) => {
    if (state.open.has(id)) state.open.delete(id);
    else {
      state.open.add(id);
      onOpen(id);
    }
    draw();
  };
  body.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.closest('a, button, code')) return;
    const tr = target.closest('tr.row');
    if (tr) toggle(Number(tr.getAttribute('data-id')));
  });
  body.addEventListener('keydown', (e) => {
    const tr = (e.target as HTMLElement).closest('tr.row');
    if (tr && e.key === 'Enter') toggle(Number(tr.getAttribute('data-id')));
  });
  filter.addEventListener('input', () => {
    state.text = filter.value.trim().toLowerCase();
    draw();
  });
  for (const [s, field] of [[status, 'status'], [platform, 'platform'], [known, 'known']] as const) {
    s.addEventListener('change', () => {
      state[field] = s.value;
      draw();
    });
  }
  draw();
}
