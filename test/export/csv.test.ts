import { describe, expect, it } from 'vitest';
import { neutralizeCell, toCsv } from '../../src/export/csv.js';

/** Minimal RFC 4180 reader, to check that what we write reads back as written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

describe('neutralizeCell', () => {
  it.each(['=', '+', '-', '@', '\t', '\r', '\0'])('prefixes an apostrophe to a cell starting with %j', (ch) => {
    const out = neutralizeCell(`${ch}HYPERLINK("http://evil.example")`);
    expect(out.startsWith("'")).toBe(true);
    expect(out).toContain('HYPERLINK');
  });

  it('catches formulas hidden behind stripped controls or leading spaces', () => {
    expect(neutralizeCell('\u0001=1+1')).toBe("'=1+1");
    expect(neutralizeCell('  @SUM(A1)')).toBe("'  @SUM(A1)");
  });

  it('leaves plain numbers and ordinary text alone', () => {
    expect(neutralizeCell('-0.5')).toBe('-0.5');
    expect(neutralizeCell('+3')).toBe('+3');
    expect(neutralizeCell('1e-9')).toBe('1e-9');
    expect(neutralizeCell('-2+3+cmd')).toBe("'-2+3+cmd");
    expect(neutralizeCell('Ada Writes — a=b')).toBe('Ada Writes — a=b');
    expect(neutralizeCell('')).toBe('');
  });

  it('strips control characters other than tab, LF and CR', () => {
    expect(neutralizeCell('a\u0000b\u001b[31mc\u007f\u009bd\u202Ee\nf\tg')).toBe('ab[31mcde\nf\tg');
  });
});

describe('toCsv', () => {
  it('writes a header and CRLF-terminated records in column order', () => {
    const csv = toCsv(['rank', 'site', 'score'], [{ site: 'ada.example', rank: 1, score: 0.5, extra: 'ignored' }]);
    expect(csv).toBe('rank,site,score\r\n1,ada.example,0.5\r\n');
  });

  it('quotes commas, quotes, newlines and carriage returns (RFC 4180)', () => {
    const tricky = ['a,b', 'say "hi"', 'line1\nline2', 'cr\rhere', 'plain'];
    const csv = toCsv(['v'], tricky.map((v) => ({ v })));
    expect(csv).toContain('"a,b"');
    expect(csv).toContain('"say ""hi"""');
    expect(csv).toContain('"line1\nline2"');
    expect(csv).toContain('"cr\rhere"');
    expect(parseCsv(csv)).toEqual([['v'], ...tricky.map((v) => [v])]);
  });

  it('neutralizes every string cell but writes numbers as numbers', () => {
    const csv = toCsv(['name', 'delta', 'note'], [{ name: '=cmd|calc', delta: -0.5, note: '@here' }]);
    expect(parseCsv(csv)[1]).toEqual(["'=cmd|calc", '-0.5', "'@here"]);
  });

  it('renders other types predictably', () => {
    const row = {
      missing: undefined, nil: null, yes: true, no: false, nan: Number.NaN, big: 12n,
      when: new Date(Date.UTC(2026, 0, 2)), terms: ['content', 'marketing'], obj: { a: 1 }, bad: ['=x', 'y'],
    };
    const cols = Object.keys(row);
    expect(parseCsv(toCsv(cols, [row]))[1]).toEqual([
      '', '', 'true', 'false', '', '12', '2026-01-02T00:00:00.000Z', 'content; marketing', '{"a":1}', "'=x; y",
    ]);
  });

  it('neutralizes header names and handles no rows', () => {
    expect(toCsv(['=h', 'ok'], [])).toBe("'=h,ok\r\n");
  });
});
