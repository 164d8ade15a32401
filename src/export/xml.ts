// XML writing helpers shared by the OPML, GEXF and GraphML exports: make strangers' text safe
// for XML 1.0 (which cannot hold most control characters even as character references, so they
// are removed, not escaped) and for a terminal that may `cat` the file, escape the five markup
// characters, and build attribute lists that leave out missing values.
import { cleanForTerminal } from '../extract/text.js';

/** The declaration every export starts with; the writers produce UTF-8 text. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * What survives `cleanForTerminal` but XML 1.0 still forbids (its `Char` production): lone
 * surrogate halves (a name cut mid-emoji) and the noncharacters U+FFFE and U+FFFF.
 */
const XML_FORBIDDEN = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g;

/** Anything `xmlClean` might change: controls, bidi/line separators, surrogates, noncharacters. */
// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * Text from the web, made fit for an XML 1.0 document: ANSI escape sequences, C0/C1 controls
 * (tab becomes a space, CR LF a LF), bidi overrides and characters XML cannot hold are removed.
 * Emoji and every other valid character stay. Never throws; a non-string gives ''.
 */
export function xmlClean(value: string): string {
  if (typeof value !== 'string') return '';
  // Most values (ids, numbers, ordinary names) need nothing; one test spares six replace passes.
  if (!NEEDS_CLEANING.test(value)) return value;
  return cleanForTerminal(value, true).replace(XML_FORBIDDEN, '');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;' };

/** Clean `value` and escape it for element content (`<title>…</title>`). */
export function escapeXmlText(value: string): string {
  // Quotes need no escaping in content, but escaping them too keeps one rule for both uses.
  const clean = xmlClean(value);
  return /[&<>"']/.test(clean) ? clean.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!) : clean;
}

/**
 * Clean `value` and escape it for a double- or single-quoted attribute. A line feed becomes
 * `&#10;`, because a parser turns a literal one inside an attribute into a space.
 */
export function escapeXmlAttr(value: string): string {
  const clean = xmlClean(value);
  return /[&<>"'\n]/.test(clean) ? clean.replace(/[&<>"'\n]/g, (ch) => ESCAPES[ch]!) : clean;
}

/** An attribute value before formatting; null, undefined and non-finite numbers mean "leave it out". */
export type XmlAttrValue = string | number | boolean | null | undefined;

/**
 * A number as XML Schema's `double`/`integer` lexical forms accept it, or null when there is
 * none to write (NaN, ±Infinity). `String` never uses exponents between 1e-7 and 1e21, and the
 * exponent forms it does use (`1e-9`) are valid `xs:double`.
 */
export function xmlNumber(value: number): string | null {
  return Number.isFinite(value) ? String(value) : null;
}

/** One attribute value as text, or null when it should be left out. */
export function formatXmlValue(value: XmlAttrValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return xmlNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value;
}

/**
 * ` name="value"` for each attribute in insertion order, escaped; null, undefined and
 * non-finite numbers are left out. Names are ours, never from the web, so they are not checked.
 */
export function xmlAttrs(attrs: Record<string, XmlAttrValue>): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    const text = formatXmlValue(value);
    if (text !== null) out += ` ${name}="${escapeXmlAttr(text)}"`;
  }
  return out;
}
