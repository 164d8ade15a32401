// Browser code of the report (inlined into the page by report/page.ts via Function#toString, so
// every function here is self-contained and may call only other client functions by name).
// DOM helpers: elements are built with textContent only, so nothing from the web is ever parsed
// as HTML, and only http(s) URLs become links.

type Child = Node | string | number | null | undefined | false;

/** An HTML element with attributes and children (strings become text nodes). */
export function el(tag: string, attrs?: Record<string, string | number | boolean | null | undefined> | null, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** An SVG element with attributes. */
export function svgEl(tag: string, attrs?: Record<string, string | number | null | undefined>): SVGElement {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  return node;
}

/** A link when `url` is http(s), else plain text: a `javascript:` URL from a page never becomes clickable. */
export function link(url: string | null | undefined, text?: string): Node {
  const label = text ?? shortUrl(url ?? '');
  if (!url || !/^https?:\/\//i.test(url)) return document.createTextNode(label);
  return el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow' }, label);
}

/** A URL as people write it: no scheme, no `www.`, no trailing slash. */
export function shortUrl(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '');
}

/** Quote a word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A number for a table cell: at most 3 decimals, '' for null. */
export function num(n: number | null | undefined, places = 3): string {
  return n === null || n === undefined ? '' : String(Math.round(n * 10 ** places) / 10 ** places);
}

/** Colour of a relevance 0–1: cool grey-blue for off-topic, warm orange for on-topic. */
export function relevanceColor(relevance: number | null): string {
  if (relevance === null) return '#9aa5b1';
  const r = Math.max(0, Math.min(1, relevance));
  const from = [168, 184, 204];
  const to = [221, 107, 32];
  return `rgb(${from.map((f, i) => Math.round(f + (to[i]! - f) * r)).join(', ')})`;
}
