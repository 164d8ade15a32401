// Last-resort repair of broken XML feeds, used only after feedsmith has refused a document: a
// dropped connection leaves a feed cut mid-item, and hand-written templates leave stray or
// unclosed tags. We keep every complete item, close what is open and drop what cannot match.
// A hand-written scanner (indexOf, no backtracking regex) keeps hostile input linear-time.

const ROOT_CLOSE = /<\/(?:[\w.-]+:)?(?:rss|feed|rdf)\s*>/i;
const LAST_ITEM_END = /<\/(?:[\w.-]+:)?(?:item|entry)\s*>/gi;
const TAG_NAME = /^[^\s/>!?<]+/;

/** Cut a document that never reaches its root's end tag back to its last complete item. */
function cutToLastItem(xml: string): string {
  if (ROOT_CLOSE.test(xml)) return xml;
  let end = -1;
  for (const m of xml.matchAll(LAST_ITEM_END)) end = (m.index ?? 0) + m[0].length;
  return end > 0 ? xml.slice(0, end) : xml;
}

/** Index just past the '>' ending the tag that starts at `from`, honouring quoted values; -1 if none. */
function tagEnd(s: string, from: number): number {
  let quote = '';
  for (let i = from + 1; i < s.length; i++) {
    const c = s[i];
    if (quote !== '') {
      if (c === quote) quote = '';
      else if (c === '<') return -1; // a quote that never closes: treat the tag as broken
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
    else if (c === '<') return -1;
  }
  return -1;
}

/**
 * Index just past `terminator` searched from `from`, or -1. Remembers terminators already known
 * to be absent, so a thousand unclosed `<!--` cost one scan, not a thousand.
 */
function pastTerminator(s: string, from: number, terminator: string, absent: Set<string>): number {
  if (absent.has(terminator)) return -1;
  const at = s.indexOf(terminator, from);
  if (at === -1) absent.add(terminator);
  return at === -1 ? -1 : at + terminator.length;
}

/**
 * Make `xml` well-formed enough for a tolerant parser: truncate to the last complete item when
 * the root is never closed, drop end tags that close nothing and stray '<', close elements left
 * open (in the middle or at the end) and drop a trailing partial tag, comment or CDATA section.
 * Pure; never throws.
 */
export function repairXml(xml: string): string {
  const s = cutToLastItem(xml);
  const out: string[] = [];
  const open: string[] = [];
  const absent = new Set<string>();
  const lastGt = s.lastIndexOf('>');
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt === -1) {
      out.push(s.slice(i));
      break;
    }
    out.push(s.slice(i, lt));
    let end: number;
    if (s.startsWith('<![CDATA[', lt)) end = pastTerminator(s, lt + 9, ']]>', absent);
    else if (s.startsWith('<!--', lt)) end = pastTerminator(s, lt + 4, '-->', absent);
    else if (s.startsWith('<?', lt)) end = pastTerminator(s, lt + 2, '?>', absent);
    else end = tagEnd(s, lt);
    if (end === -1) {
      // Unterminated construct: at the very end it is truncation; mid-document a stray '<'.
      if (lt > lastGt) break;
      out.push('&lt;');
      i = lt + 1;
      continue;
    }
    const token = s.slice(lt, end);
    i = end;
    if (token.startsWith('</')) {
      const name = TAG_NAME.exec(token.slice(2).trimStart())?.[0];
      const at = name === undefined ? -1 : open.lastIndexOf(name);
      if (at === -1) continue; // closes nothing: drop it
      while (open.length > at + 1) out.push(`</${open.pop()}>`);
      open.pop();
      out.push(token);
      continue;
    }
    out.push(token);
    if (token.startsWith('<!') || token.startsWith('<?') || token.endsWith('/>')) continue;
    const name = TAG_NAME.exec(token.slice(1))?.[0];
    if (name !== undefined) open.push(name);
  }
  while (open.length > 0) out.push(`</${open.pop()}>`);
  return out.join('');
}
