// Small field-level helpers shared by the per-format feed mappers: plain strings, person names,
// and escaping plain text so it can travel in `contentHtml`.

import { cleanForTerminal, htmlToText } from './text.js';

/** Cap for titles, names and other one-line strings. */
const MAX_LINE_CHARS = 1000;

/** A one-line string from feed text: whitespace collapsed, controls stripped, capped. */
export function line(s: unknown, max = MAX_LINE_CHARS): string {
  if (typeof s !== 'string' && typeof s !== 'number') return '';
  return cleanForTerminal(String(s).replace(/\s+/g, ' ').trim()).slice(0, max);
}

/** Plain text from a value that may be HTML (channel descriptions often are). */
export function plain(s: unknown, max = 2000): string {
  return typeof s === 'string' ? htmlToText(s, max) : '';
}

/** An Atom Text construct as plain text: html/xhtml are markup, anything else is literal. */
export function atomText(t: { value?: string; type?: string } | undefined): string {
  if (t === undefined || typeof t.value !== 'string') return '';
  const type = (t.type ?? 'text').toLowerCase();
  return type === 'html' || type === 'xhtml' ? htmlToText(t.value, MAX_LINE_CHARS) : line(t.value);
}

/** Escape plain text so it can be carried as HTML without its `<` turning into tags. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Distinct non-empty one-line names, in first-seen order. */
export function names(values: Iterable<unknown>): string[] {
  const out: string[] = [];
  for (const v of values) {
    const name = line(v, 200);
    if (name !== '' && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Whether a MIME type says audio or video (what makes a feed a podcast). */
export function isMediaType(type: string | null): boolean {
  return type !== null && /^(audio|video)\//i.test(type.trim());
}

/** Whether a namespace block (itunes, podcast) carries any data at all. */
export function hasData(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.keys(v).length > 0;
}
