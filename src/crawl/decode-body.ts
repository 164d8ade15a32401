// Turns the bytes of a fetched body into text. Owns two decisions: which media types are text
// at all, and which charset to decode with (BOM, then the Content-Type charset, then the
// document's own declaration, then a default). Pure: no I/O, never throws on hostile bytes.

import { isUtf8 } from 'node:buffer';
import { ResultType, Sniffer } from 'encoding-sniffer/sniffer';

/** Text of a body and the encoding that produced it (lower-case WHATWG name, e.g. `utf-8`). */
export interface DecodedBody {
  text: string;
  charset: string;
}

// The WHATWG prescan stops at 1024 bytes, but real pages often put <meta charset> after a long
// <head> preamble; a few KiB more costs nothing and rescues them.
const PRESCAN_BYTES = 4096;
// A BOM is at most 3 bytes; JSON, CSS and plain text carry no in-document declaration.
const BOM_ONLY_BYTES = 4;

const TOKEN = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/**
 * Lower-case `type/subtype` of a Content-Type header without parameters; `''` when absent or
 * not a well-formed media type (so nothing odd from the wire is passed on).
 */
export function mimeType(contentTypeHeader: string | undefined): string {
  if (!contentTypeHeader) return '';
  // Some servers repeat the header and it arrives joined with commas: the first one counts.
  const first = contentTypeHeader.split(/[;,]/, 1)[0] ?? '';
  const mime = first.trim().toLowerCase();
  return TOKEN.test(mime) ? mime : '';
}

/** Whether a media type is text we decode: text/*, XML, JSON and their `+xml`/`+json` kin. */
export function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || /[/+](xml|json)$/.test(mime);
}

/** The `charset` parameter of a Content-Type header, unvalidated; undefined when absent. */
export function charsetParam(contentTypeHeader: string | undefined): string | undefined {
  const m = contentTypeHeader?.match(/;\s*charset\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i);
  const label = (m?.[1] ?? m?.[2] ?? '').trim();
  return label === '' ? undefined : label;
}

/**
 * Whether untyped bytes look like binary data rather than text: any WHATWG "binary data byte"
 * (control characters other than tab, newlines, form feed and escape) in the first 1445 bytes.
 * A byte-order mark means text, even UTF-16 full of NULs.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const [b0, b1, b2] = bytes;
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe)) return false;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return false;
  const end = Math.min(bytes.length, 1445);
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)) return true;
  }
  return false;
}

/** How a document may declare its own encoding, which decides how far we look inside it. */
type Kind = 'html' | 'xml' | 'json' | 'plain' | 'unknown';

function kindOf(mime: string): Kind {
  if (mime === '') return 'unknown';
  if (mime === 'text/html') return 'html';
  if (/[/+]xml$/.test(mime)) return 'xml';
  if (/[/+]json$/.test(mime)) return 'json';
  return 'plain';
}

/**
 * Decode `bytes` to text. Order: byte-order mark, the header's `charset`, then (HTML and
 * untyped bodies) `<meta charset>` / `http-equiv`, (XML) the `<?xml encoding?>` declaration.
 * With nothing declared, XML and JSON are UTF-8 by their specs; HTML, plain text and untyped
 * bodies are UTF-8 when the bytes are valid UTF-8, else windows-1252 (the WHATWG default for
 * undeclared legacy pages). Unknown or unsupported labels fall back to UTF-8.
 */
export function decodeBody(bytes: Uint8Array, contentTypeHeader: string | undefined): DecodedBody {
  const kind = kindOf(mimeType(contentTypeHeader));
  const sniffer = new Sniffer({
    maxBytes: kind === 'json' || kind === 'plain' ? BOM_ONLY_BYTES : PRESCAN_BYTES,
    transportLayerEncodingLabel: charsetParam(contentTypeHeader),
    defaultEncoding: 'UTF-8',
  });
  sniffer.write(bytes);

  let label = sniffer.encoding;
  if (sniffer.resultType === ResultType.DEFAULT && kind !== 'xml' && kind !== 'json') {
    label = isUtf8(bytes) ? 'utf-8' : 'windows-1252';
  }
  return decodeWith(label, bytes);
}

// WHATWG index-windows-1252 for 0x80-0x9F; every other byte maps to the same code point.
// Node 20.18.3+ decodes windows-1252 as latin1 (nodejs/node#60888), turning curly quotes and
// the euro sign into C1 control characters, so this one encoding is decoded here.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Decode windows-1252 (also what `iso-8859-1`, `latin1` and `ascii` labels mean on the web). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function decodeWith(label: string, bytes: Uint8Array): DecodedBody {
  let decoder: TextDecoder;
  try {
    // Node's ICU lacks a few WHATWG encodings (x-user-defined, replacement, iso-8859-16).
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  if (decoder.encoding === 'windows-1252') return { text: decodeWindows1252(bytes), charset: 'windows-1252' };
  // Not fatal: malformed sequences become U+FFFD instead of losing the page.
  return { text: decoder.decode(bytes), charset: decoder.encoding };
}
