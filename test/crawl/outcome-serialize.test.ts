// Outcomes travel from the worker that fetched them to the committer as JSON text
// (crawl_outcomes): byte arrays, Buffers included, must arrive as the same bytes.
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { parseOutcome, serializeOutcome } from '../../src/crawl/shared-crawler.js';
import { gzipBody } from '../../src/store/documents.js';
import { emptyOutcome } from '../../src/sources/source.js';

describe('an outcome handed to the committer', () => {
  it('keeps byte arrays and Buffers as bytes, and everything else as it was', () => {
    const out = emptyOutcome('done', null, true);
    const bytes = Uint8Array.from([0, 1, 2, 254, 255]);
    out.documents.push({
      url: 'http://a.example/', kind: 'html', finalUrl: null, entityId: null, status: 200, contentType: 'text/html',
      title: 'T', publishedAt: null, etag: null, lastModified: null, textExcerpt: 'x', error: null,
      body: '<p>ünï</p>', bodyGzip: gzipBody('<p>ünï</p>'),
    });
    const back = parseOutcome(serializeOutcome({ ...out, extra: { bytes, nested: [Buffer.from('hi')] } } as never)) as unknown as typeof out & { extra: { bytes: Uint8Array; nested: Uint8Array[] } };
    const gz = back.documents[0]!.bodyGzip!;
    expect(gz).toBeInstanceOf(Uint8Array);
    expect(gunzipSync(gz).toString('utf8')).toBe('<p>ünï</p>');
    expect([...back.extra.bytes]).toEqual([0, 1, 2, 254, 255]);
    expect(Buffer.from(back.extra.nested[0]!).toString()).toBe('hi');
    expect({ ...back, documents: back.documents.map((d) => ({ ...d, bodyGzip: null })), extra: null }).toEqual({ ...out, documents: out.documents.map((d) => ({ ...d, bodyGzip: null })), extra: null });
  });
});
