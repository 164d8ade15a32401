// Plain text from web content: the visible text (and links) of an HTML fragment such as a feed
// item's body, and the last line of defence before anything from the web reaches a terminal.

import { Parser } from 'htmlparser2';
import { HIDDEN_ELEMENTS, INLINE_ELEMENTS, TextSink } from './text-sink.js';
import { normalizeUrl } from './url.js';

/** Default cap on extracted text, in characters. */
export const DEFAULT_MAX_TEXT_CHARS = 20_000;

// ESC-introduced sequences: CSI (colours, cursor moves), OSC (titles, hyperlinks; ended by BEL
// or ST), DCS/SOS/PM/APC strings, and two-byte escapes; plus the 8-bit CSI (0x9B) form.
const ANSI_SEQUENCE =
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]?/g;
const CONTROL_EXCEPT_NEWLINE = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Remove C0/C1 control chars, ANSI escape sequences and bidi overrides/isolates (U+202A-202E,
 * U+2066-2069) from text that came from the web, for printing to a terminal. Tabs, CR and
 * line/paragraph separators become spaces (or newlines) rather than vanishing, so words do not
 * run together. Keeps \n only if `keepNewlines`; otherwise newlines become spaces.
 */
export function cleanForTerminal(s: string, keepNewlines = false): string {
  if (typeof s !== 'string' || s === '') return '';
  let out = s.replace(ANSI_SEQUENCE, '');
  out = out.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/[\t\v\f]/g, ' ');
  if (!keepNewlines) out = out.replace(/\n/g, ' ');
  return out.replace(CONTROL_EXCEPT_NEWLINE, '').replace(BIDI_CONTROLS, '');
}

/** What one pass over an HTML fragment yields. */
export interface FragmentScan {
  /** Visible text, whitespace collapsed, control characters removed. */
  text: string;
  /** Normalized absolute http(s) links from <a href>/<area href>, deduped, in document order. */
  links: string[];
}

/** Options for {@link scanFragment}. */
export interface ScanFragmentOptions {
  /** Base URL for relative links; without it relative links are dropped. @default undefined */
  base?: string;
  /** Cap on the returned text. @default 20_000 */
  maxChars?: number;
}

/**
 * One streaming pass over an HTML fragment collecting visible text (no script/style/noscript/
 * template/svg) and link targets. Never throws; garbage in gives whatever text is there.
 */
export function scanFragment(html: string, opts: ScanFragmentOptions = {}): FragmentScan {
  const sink = new TextSink(opts.maxChars ?? DEFAULT_MAX_TEXT_CHARS);
  const links: string[] = [];
  const seen = new Set<string>();
  if (typeof html !== 'string' || html === '') return { text: '', links };
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (HIDDEN_ELEMENTS.has(name)) hidden++;
        if (!INLINE_ELEMENTS.has(name)) sink.space();
        if ((name === 'a' || name === 'area') && attribs.href !== undefined && opts.base !== undefined) {
          const href = attribs.href.trim();
          const url = href.startsWith('#') ? null : normalizeUrl(href, opts.base);
          if (url !== null && !seen.has(url)) {
            seen.add(url);
            links.push(url);
          }
        }
      },
      ontext(data) {
        if (hidden === 0) sink.add(data);
      },
      onclosetag(name) {
        if (HIDDEN_ELEMENTS.has(name) && hidden > 0) hidden--;
        if (!INLINE_ELEMENTS.has(name)) sink.space();
      },
    },
    { decodeEntities: true, recognizeCDATA: true },
  );
  try {
    parser.write(html);
    parser.end();
  } catch {
    // htmlparser2 does not throw on bad markup; this only guards against the unforeseen.
  }
  return { text: cleanForTerminal(sink.toString()), links };
}

/** Visible text of an HTML fragment (feed item content), whitespace collapsed, capped at `maxChars` (default 20 000). */
export function htmlToText(html: string, maxChars: number = DEFAULT_MAX_TEXT_CHARS): string {
  return scanFragment(html, { maxChars }).text;
}
