// CSV output for spreadsheets: RFC 4180 quoting via csv-stringify, a header row, CRLF line
// ends, and every string cell defused against formula injection and stripped of control
// characters, because these cells hold titles and names written by strangers on the web.

import { stringify } from 'csv-stringify/sync';

/**
 * Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP
 * "CSV Injection"): = + - @, and tab, CR or NUL, which some importers skip before looking.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;
/** A plain decimal number ("-0.5", "+3", "1e-9"): no formula can hide in it, so it stays as is. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/**
 * Control characters other than tab, LF and CR (which CSV quoting carries safely): C0, DEL, C1
 * (terminal escape introducers) and the bidi overrides/isolates that can make a cell display
 * differently from what it contains.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Make one string safe for a spreadsheet cell: strip control characters (keeping tab, LF, CR),
 * then prefix an apostrophe if the original or the stripped text starts with = + - @, tab, CR
 * or NUL, also after leading spaces (some importers trim them). A plain number like "-0.5"
 * is left alone.
 */
export function neutralizeCell(value: string): string {
  const stripped = value.replace(CONTROL, '');
  if (PLAIN_NUMBER.test(stripped)) return stripped;
  const dangerous =
    FORMULA_START.test(value) || FORMULA_START.test(stripped) || FORMULA_START.test(stripped.replace(/^ +/, ''));
  return dangerous ? `'${stripped}` : stripped;
}

/** Turn one value into what the CSV should hold: numbers stay numbers, everything else a safe string. */
function cell(value: unknown): string | number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return neutralizeCell(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  // Lists (top terms, via chains) read better joined than as JSON.
  if (Array.isArray(value)) return neutralizeCell(value.map((v) => (typeof v === 'string' ? v : String(cell(v)))).join('; '));
  try {
    return neutralizeCell(JSON.stringify(value) ?? '');
  } catch {
    return neutralizeCell(String(value));
  }
}

/**
 * Render rows as CSV with a header row of `columns`, in that order (missing fields are empty).
 * RFC 4180: fields holding a comma, quote, CR or LF are quoted and quotes doubled; records end
 * with CRLF, as the RFC and Excel expect (every CSV reader accepts it). Strings are passed
 * through `neutralizeCell`; numbers are written as numbers, so -0.5 stays numeric.
 */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const records = rows.map((row) => columns.map((c) => cell(Object.hasOwn(row, c) ? row[c] : undefined)));
  return stringify(records, {
    header: true,
    columns: columns.map((c, i) => ({ key: String(i), header: neutralizeCell(c) })),
    record_delimiter: 'windows',
    // Set explicitly: csv-stringify stops quoting lone LF/CR once record_delimiter is given.
    quote_record_delimiter: true,
    eof: true,
  });
}
