import { describe, expect, it } from 'vitest';
import { charsetParam, decodeBody, decodeWindows1252, isTextMime, looksBinary, mimeType } from '../../src/crawl/decode-body.js';

const SJIS_NIHONGO = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]; // 日本語
const CP1251_PRIVET = [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]; // Привет
const EUCJP_NIHONGO = [0xc6, 0xfc, 0xcb, 0xdc, 0xb8, 0xec]; // 日本語

/** ASCII text and raw byte values, concatenated. */
function bytes(...parts: (string | number[])[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)));
  return new Uint8Array(Buffer.concat(chunks));
}

describe('decodeBody: byte-order marks', () => {
  it('a UTF-8 BOM beats the header charset and is stripped', () => {
    const out = decodeBody(bytes([0xef, 0xbb, 0xbf], 'caf', [0xc3, 0xa9]), 'text/html; charset=windows-1252');
    expect(out).toEqual({ text: 'café', charset: 'utf-8' });
  });

  it('a UTF-16LE BOM decodes as UTF-16LE', () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>hé</p>', 'utf16le')]);
    expect(decodeBody(body, 'text/html')).toEqual({ text: '<p>hé</p>', charset: 'utf-16le' });
  });

  it('a UTF-16BE BOM on JSON decodes as UTF-16BE', () => {
    const le = Buffer.from('{"a":"é"}', 'utf16le');
    const be = Buffer.from(le).swap16();
    const out = decodeBody(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'application/json');
    expect(out).toEqual({ text: '{"a":"é"}', charset: 'utf-16be' });
  });
});

describe('decodeBody: header charset', () => {
  it('decodes windows-1252 from the header', () => {
    expect(decodeBody(bytes('caf', [0xe9]), 'text/html; charset=windows-1252')).toEqual({
      text: 'café',
      charset: 'windows-1252',
    });
  });

  it('treats iso-8859-1 as windows-1252, as browsers do (0x93 is a curly quote)', () => {
    const out = decodeBody(bytes([0x93], 'hi', [0x94]), 'text/plain; charset="ISO-8859-1"');
    expect(out).toEqual({ text: '\u201chi\u201d', charset: 'windows-1252' });
  });

  it('the header beats a <meta charset> in the document', () => {
    const html = bytes('<meta charset="shift_jis"><p>caf', [0xc3, 0xa9]);
    expect(decodeBody(html, 'text/html; charset=utf-8').text).toBe('<meta charset="shift_jis"><p>café');
  });

  it('the header beats the XML declaration', () => {
    const xml = bytes('<?xml version="1.0" encoding="windows-1252"?><t>', [0xc3, 0xa9], '</t>');
    expect(decodeBody(xml, 'application/rss+xml; charset=utf-8').text).toContain('<t>é</t>');
  });

  it('an unknown header label falls back instead of throwing', () => {
    expect(decodeBody(bytes('{"x":1}'), 'application/json; charset=klingon')).toEqual({ text: '{"x":1}', charset: 'utf-8' });
  });

  it('a label Node cannot decode (x-user-defined) falls back to utf-8', () => {
    expect(decodeBody(bytes('abc'), 'text/plain; charset=x-user-defined')).toEqual({ text: 'abc', charset: 'utf-8' });
  });
});

describe('decodeBody: in-document declarations', () => {
  it('uses <meta charset> for Shift_JIS HTML', () => {
    const html = bytes('<html><head><meta charset="Shift_JIS"></head><p>', SJIS_NIHONGO);
    const out = decodeBody(html, 'text/html');
    expect(out.charset).toBe('shift_jis');
    expect(out.text).toContain('<p>日本語');
  });

  it('uses the http-equiv Content-Type meta', () => {
    const html = bytes('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><h1>', CP1251_PRIVET);
    const out = decodeBody(html, 'text/html');
    expect(out).toEqual({ text: expect.stringContaining('<h1>Привет') as unknown as string, charset: 'windows-1251' });
  });

  it('finds a meta charset past the first 1024 bytes of head', () => {
    const html = bytes('<html><head><script>', 'x'.repeat(2000), '</script><meta charset=euc-jp><p>', EUCJP_NIHONGO);
    expect(decodeBody(html, 'text/html').text).toContain('<p>日本語');
  });

  it('uses the XML declaration for feeds', () => {
    const xml = bytes('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>caf', [0xe9], '</title></rss>');
    expect(decodeBody(xml, 'application/rss+xml')).toEqual({
      text: '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>café</title></rss>',
      charset: 'windows-1252',
    });
  });

  it('ignores meta-looking text inside JSON', () => {
    const json = bytes('{"html":"<meta charset=shift_jis>","t":"', [0xc3, 0xa9], '"}');
    expect(decodeBody(json, 'application/feed+json')).toEqual({
      text: '{"html":"<meta charset=shift_jis>","t":"é"}',
      charset: 'utf-8',
    });
  });

  it('sniffs declarations in untyped bodies too', () => {
    const html = bytes('<!doctype html><meta charset="windows-1251"><b>', CP1251_PRIVET);
    expect(decodeBody(html, undefined).charset).toBe('windows-1251');
  });
});

describe('decodeBody: defaults', () => {
  it('undeclared HTML that is valid UTF-8 decodes as UTF-8', () => {
    expect(decodeBody(bytes('<p>caf', [0xc3, 0xa9]), 'text/html')).toEqual({ text: '<p>café', charset: 'utf-8' });
  });

  it('undeclared HTML that is not valid UTF-8 decodes as windows-1252', () => {
    expect(decodeBody(bytes('<p>caf', [0xe9]), 'text/html')).toEqual({ text: '<p>café', charset: 'windows-1252' });
  });

  it('undeclared XML is UTF-8 even when malformed (replacement characters, no throw)', () => {
    expect(decodeBody(bytes('<a>', [0xe9], '</a>'), 'application/atom+xml')).toEqual({
      text: '<a>\ufffd</a>',
      charset: 'utf-8',
    });
  });

  it('empty input decodes to the empty string', () => {
    expect(decodeBody(new Uint8Array(0), 'text/html')).toEqual({ text: '', charset: 'utf-8' });
  });

  it('never throws on random bytes under any content type', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const types = [undefined, 'text/html', 'application/xml', 'application/json', 'text/plain; charset=utf-16le', ';;;'];
    for (let i = 0; i < 200; i++) {
      const buf = new Uint8Array(Math.floor(rand() * 300)).map(() => Math.floor(rand() * 256));
      const out = decodeBody(buf, types[i % types.length]);
      expect(typeof out.text).toBe('string');
    }
  });
});

describe('decodeWindows1252', () => {
  it('maps 0x80-0x9F per WHATWG (Node 20 decodes them as C1 controls) and respects subarray offsets', () => {
    const all = new Uint8Array([0x41, 0x80, 0x81, 0x92, 0x9f, 0xe9, 0xff]);
    expect(decodeWindows1252(all)).toBe('A\u20ac\u0081\u2019\u0178\u00e9\u00ff');
    expect(decodeWindows1252(all.subarray(3, 5))).toBe('\u2019\u0178');
  });
});

describe('content-type helpers', () => {
  it('mimeType lower-cases, drops parameters and rejects junk', () => {
    expect(mimeType('Text/HTML; Charset=UTF-8')).toBe('text/html');
    expect(mimeType('application/rss+xml, text/xml')).toBe('application/rss+xml');
    expect(mimeType(undefined)).toBe('');
    expect(mimeType('')).toBe('');
    expect(mimeType('text/html\u001b[31m')).toBe('');
    expect(mimeType('nonsense')).toBe('');
  });

  it('isTextMime accepts text, xml and json families only', () => {
    for (const t of ['text/html', 'text/plain', 'application/xml', 'text/xml', 'application/atom+xml', 'application/json', 'application/feed+json', 'application/xhtml+xml']) {
      expect(isTextMime(t), t).toBe(true);
    }
    for (const t of ['image/png', 'application/pdf', 'application/octet-stream', 'application/xml-dtd', '']) {
      expect(isTextMime(t), t).toBe(false);
    }
  });

  it('charsetParam reads quoted and unquoted labels', () => {
    expect(charsetParam('text/html; charset="Shift_JIS"')).toBe('Shift_JIS');
    expect(charsetParam('text/html;charset=utf-8;q=1')).toBe('utf-8');
    expect(charsetParam('text/html')).toBeUndefined();
    expect(charsetParam('text/html; charset=')).toBeUndefined();
  });

  it('looksBinary flags control bytes but not BOM-marked UTF-16', () => {
    expect(looksBinary(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a, 0x00]))).toBe(true);
    expect(looksBinary(bytes('<html>\t\r\n\f', [0x1b], 'ok'))).toBe(false);
    expect(looksBinary(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hi', 'utf16le')]))).toBe(false);
  });
});
