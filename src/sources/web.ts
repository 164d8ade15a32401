// The open web source: fetch a page or feed politely, then hand it to the page or feed reader
// by what the bytes are, not by what we expected (a seed may be a feed URL, a link may lead
// to a feed, a declared feed may turn out to be HTML).
import { FetchBlockedError, FetchError } from '../errors.js';
import { RobotsDisallowedError } from '../crawl/polite-fetch.js';
import { FetchWorkerError } from '../crawl/worker-fetcher.js';
import type { FetchResult } from '../crawl/fetcher.js';
import type { DocumentInput } from '../store/documents.js';
import type { EntityRow } from '../store/graph.js';
import type { FrontierRow } from '../store/frontier.js';
import { emptyOutcome, type Source, type SourceContext, type TaskOutcome } from './source.js';
import { feedOutcome } from './web-feed.js';
import { nextProbe, pageOutcome } from './web-page.js';
import { feedOf, isHtmlType as htmlType, mayBeFeed, mayBePage } from './web-read.js';

/** Pages and feeds of the open web. */
export const webSource: Source = {
  name: 'web',
  handles: (row) => row.role === 'home' || row.role === 'page' || row.role === 'feed' || row.role === 'probe',
  async process(row: FrontierRow, _entity: EntityRow, ctx: SourceContext): Promise<TaskOutcome> {
    let res: FetchResult;
    const cached = ctx.cached(row.url);
    try {
      res = await ctx.fetch({
        url: row.url,
        maxBytes: ctx.settings.maxBytes,
        ifNoneMatch: cached?.etag ?? undefined,
        ifModifiedSince: cached?.lastModified ?? undefined,
        read: 'web',
      });
    } catch (err) {
      if (err instanceof RobotsDisallowedError) {
        return emptyOutcome(err.unreachable ? 'failed' : 'skipped', err.message.replace(`${row.url}: `, ''), false);
      }
      // A refused address is the crawler's own rule, like robots.txt: a skip, never retried.
      if (err instanceof FetchBlockedError) return failed(row, err.reason, null, 'skipped');
      // The thread reading it died (a page that ran it out of memory): this page is passed over.
      if (err instanceof FetchWorkerError) return failed(row, err.message.replace(`${row.url}: `, ''), null, 'skipped');
      if (err instanceof FetchError) return failed(row, err.message.replace(`${row.url}: `, ''), null, null);
      throw err;
    }
    // 304: read the stored body again, so the page yields exactly the edges and hops it did.
    const replay = res.notModified && cached !== null;
    if (replay) {
      const headers = { ...res.headers };
      headers['etag'] ??= cached.etag ?? undefined!;
      headers['last-modified'] ??= cached.lastModified ?? undefined!;
      res = { ...res, headers, status: cached.status, body: cached.body, contentType: cached.contentType, finalUrl: cached.finalUrl, read: undefined };
    }
    const outcome = interpret(row, res, ctx);
    if (replay) outcome.notModified = true;
    // A site moved when its home permanently redirects elsewhere; a temporary hop (302, 307) to
    // a login wall or a campaign page says nothing about where the publication lives.
    const permanent = res.redirects.length > 0 && res.redirects.every((r) => r.status === 301 || r.status === 308);
    if (row.role === 'home' && permanent && !ctx.sameEntity(res.finalUrl, row.url) && outcome.status === 'done') {
      outcome.movedTo = res.finalUrl;
    }
    return outcome;
  },
};

/** Decide what a response is and read it. */
function interpret(row: FrontierRow, res: FetchResult, ctx: SourceContext): TaskOutcome {
  if (row.role === 'probe' && (res.status >= 400 || res.body === null)) {
    return { ...emptyOutcome('done', `no feed at ${new URL(row.url).pathname} (HTTP ${res.status})`, true), followUps: nextProbe(row) };
  }
  if (res.status >= 400) return failed(row, `HTTP ${res.status}`, res, null);
  if (res.body === null || res.body.trim() === '') {
    return failed(row, res.body === null ? `not a page or feed (${res.contentType || 'no content type'})` : 'empty body', res, 'skipped');
  }
  const isHtmlType = htmlType(res.contentType);
  if (mayBeFeed(res.contentType, res.body)) {
    const feed = feedOf(res);
    if (feed) return feedOutcome(row, res, feed, ctx);
    if (row.role === 'probe') return { ...emptyOutcome('done', `no feed at ${new URL(row.url).pathname}`, true), followUps: nextProbe(row) };
    if (!isHtmlType && !/<html|<body|<a\s/i.test(res.body)) return failed(row, 'unreadable feed (not RSS, Atom, RDF or JSON Feed)', res, null);
  }
  if (row.role === 'probe') return { ...emptyOutcome('done', `no feed at ${new URL(row.url).pathname}`, true), followUps: nextProbe(row) };
  if (mayBePage(res.contentType, res.body)) return pageOutcome(row, res, res.body, ctx);
  return failed(row, `not a page or feed (${res.contentType || 'no content type'})`, res, 'skipped');
}

/** A failed fetch still leaves a document row saying what happened. */
function failed(row: FrontierRow, reason: string, res: FetchResult | null, status: 'skipped' | null): TaskOutcome {
  const out = emptyOutcome(status ?? 'failed', reason, res !== null);
  const doc: DocumentInput = {
    url: row.url, kind: 'other', finalUrl: res?.finalUrl ?? null, entityId: null, status: res?.status ?? null,
    contentType: res?.contentType ?? null, title: null, publishedAt: null, etag: null, lastModified: null,
    textExcerpt: null, error: reason,
  };
  out.documents.push(doc);
  return out;
}
