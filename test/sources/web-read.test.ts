// Reading a web body ahead (on the fetch thread) must give the web source exactly what reading
// it in place would: the feed for feeds, the page for pages (and for HTML served as a feed
// type), nothing for errors; a reader that threw there throws here, costing only its page.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { FetchResult } from '../../src/crawl/fetch-types.js';
import { extractHtml } from '../../src/extract/html.js';
import { parseFeed } from '../../src/extract/feed.js';
import { feedOf, pageOf, readAhead } from '../../src/sources/web-read.js';

const PAGE = '<!doctype html><html><head><title>T</title></head><body><a href="http://b.example/">b</a></body></html>';
const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>i</title><link>http://a.example/1</link></item></channel></rss>';

function result(body: string | null, contentType: string, status = 200): FetchResult {
  return {
    url: 'http://a.example/x', finalUrl: 'http://a.example/x', redirects: [], status, headers: {}, contentType,
    charset: 'utf-8', body, bytes: body?.length ?? 0, retryAfterMs: null, notModified: false,
  };
}

describe('readAhead', () => {
  it('reads a feed as a feed and a page as a page, with the stored form of the body', () => {
    const feed = result(FEED, 'application/rss+xml');
    const readFeed = readAhead(feed)!;
    expect(readFeed.feed).toEqual({ ok: true, value: parseFeed(FEED, feed.finalUrl) });
    expect(readFeed.page).toBeUndefined();
    expect(gunzipSync(readFeed.gzipped!).toString()).toBe(FEED);

    const page = result(PAGE, 'text/html');
    const readPage = readAhead(page)!;
    expect(readPage).toMatchObject({ page: { ok: true, value: extractHtml(PAGE, page.finalUrl) } });
    expect(readPage.feed).toBeUndefined();
  });

  it('reads an HTML page served with a feed type as a page, after the feed reader said no', () => {
    const read = readAhead(result(PAGE, 'application/xml'))!;
    expect(read.feed).toEqual({ ok: true, value: null });
    expect(read.page?.ok).toBe(true);
  });

  it('reads nothing of errors and empty bodies', () => {
    expect(readAhead(result(PAGE, 'text/html', 404))).toBeUndefined();
    expect(readAhead(result('  ', 'text/html'))).toBeUndefined();
    expect(readAhead(result(null, 'image/png'))).toBeUndefined();
  });

  it('hands the source what was read ahead, or reads in place what was not', () => {
    const res = result(PAGE, 'text/html');
    res.read = { page: { ok: true, value: { ...extractHtml(PAGE, res.finalUrl), title: 'from the thread' } } };
    expect(pageOf(res, PAGE).title).toBe('from the thread');
    // Another body (a stored post replayed) is read in place.
    expect(pageOf(res, PAGE.replace('<title>T', '<title>U')).title).toBe('U');
    expect(feedOf(result(FEED, 'application/rss+xml'))?.title).toBe('F');
  });

  it('a reader that threw ahead throws where its answer is used', () => {
    const res = result(PAGE, 'text/html');
    res.read = { page: { ok: false, error: 'too deep' } };
    expect(() => pageOf(res, PAGE)).toThrow('too deep');
  });
});
