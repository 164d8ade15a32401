import { describe, expect, it } from 'vitest';
import { outcomeBytes } from '../../src/crawl/outcome-size.js';
import { emptyOutcome } from '../../src/sources/source.js';

describe('outcomeBytes', () => {
  it('counts the characters of what an outcome carries, plus a fixed cost per object', () => {
    const empty = outcomeBytes(emptyOutcome('done', null, true));
    const withPage = emptyOutcome('done', null, true);
    withPage.documents.push({
      url: 'http://a.example/', kind: 'html', finalUrl: null, entityId: null, status: 200, contentType: null, title: null,
      publishedAt: null, etag: null, lastModified: null, textExcerpt: 'x'.repeat(1000), error: null, body: 'y'.repeat(5000),
    });
    const page = outcomeBytes(withPage);
    expect(page - empty).toBeGreaterThan(6000);
    expect(page - empty).toBeLessThan(6000 + 200);
    withPage.documents[0]!.bodyGzip = new Uint8Array(700);
    expect(outcomeBytes(withPage) - page).toBeGreaterThanOrEqual(700);
    withPage.links.push({ targetUrl: 'http://b.example/', type: 'link', evidenceUrl: 'http://a.example/', anchorText: 'Beta', follow: true });
    expect(outcomeBytes(withPage)).toBeGreaterThan(page + 700 + 'http://b.example/http://a.example/Beta'.length);
  });
});
