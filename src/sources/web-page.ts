// What an HTML page tells us: its text for relevance, its outbound links (edges), and for a
// site's home page, its name and feeds.
import { extractHtml, type HtmlExtract } from '../extract/html.js';
import { originRoot } from '../extract/url.js';
import type { FetchResult } from '../crawl/fetcher.js';
import type { FrontierRow } from '../store/frontier.js';
import { emptyOutcome, type FoundLink, type FollowUp, type SourceContext, type TaskOutcome } from './source.js';

/** Common feed paths, tried in order only when a home page declares no feed. */
export const FEED_PROBE_PATHS = ['/feed', '/rss.xml', '/feed.xml', '/atom.xml', '/index.xml'] as const;

/** Feeds a home page may declare that are not the author's own posts. */
const SIDE_FEED = /comments?|kommentare|commentaires/i;

/** Most feeds to follow from one home page. */
const MAX_FEEDS_PER_HOME = 2;

/** Links that are not the author's endorsement: paid and user-generated. */
function isEndorsement(rel: readonly string[]): boolean {
  return !rel.includes('sponsored') && !rel.includes('ugc');
}

/** Turn a fetched HTML page into an outcome. Pure apart from `ctx.sameEntity`. */
export function pageOutcome(row: FrontierRow, res: FetchResult, html: string, ctx: SourceContext): TaskOutcome {
  const page = extractHtml(html, res.finalUrl);
  // The page's own canonical URL names it, so the same post reached by two URLs is one piece
  // of evidence. A canonical pointing at another site is not trusted.
  const pageUrl = page.canonical && ctx.sameEntity(page.canonical, res.finalUrl) ? page.canonical : res.finalUrl;
  const out = emptyOutcome('done', null, true);
  out.documents.push({
    url: row.url, kind: 'html', finalUrl: pageUrl, entityId: null, status: res.status,
    contentType: res.contentType, title: page.title || null, publishedAt: null,
    etag: res.headers['etag'] ?? null, lastModified: res.headers['last-modified'] ?? null,
    textExcerpt: page.robots.noindex ? null : [page.description, page.text].filter(Boolean).join('\n'), error: null,
    body: html,
  });
  if (row.role === 'home') {
    out.facts = { name: page.siteName ?? (page.title || null), nameIsAuthoritative: true, homeUrl: originRoot(res.finalUrl) };
    out.followUps.push(...feedFollowUps(page, res.finalUrl));
  }
  if (!page.robots.nofollow) out.links.push(...outboundLinks(page, pageUrl, ctx));
  // rel=me: "this is also me". A claim until the other side links back (see rank/identity.ts).
  for (const target of page.relMe) {
    if (!ctx.sameEntity(target, pageUrl)) out.claims.push({ kind: 'rel-me', targetUrl: target, evidenceUrl: pageUrl });
  }
  return out;
}

/** The declared feeds to fetch, or the first fallback probe when none is declared. */
function feedFollowUps(page: HtmlExtract, pageUrl: string): FollowUp[] {
  const feeds = page.feeds.filter((f) => !SIDE_FEED.test(f.title) && !SIDE_FEED.test(f.url)).slice(0, MAX_FEEDS_PER_HOME);
  if (feeds.length > 0) return feeds.map((f) => ({ url: f.url, role: 'feed' as const }));
  return [{ url: new URL(FEED_PROBE_PATHS[0], pageUrl).href, role: 'probe', probeIndex: 0 }];
}

/** Links to other entities; same-entity navigation is not an edge. */
function outboundLinks(page: HtmlExtract, pageUrl: string, ctx: SourceContext): FoundLink[] {
  const links: FoundLink[] = [];
  for (const link of page.links) {
    // rel=me says "this is also me": an identity claim, not an endorsement of someone else.
    if (ctx.sameEntity(link.url, pageUrl) || link.rel.includes('me')) continue;
    links.push({
      targetUrl: link.url,
      type: link.context === 'blogroll' ? 'blogroll' : 'link',
      evidenceUrl: pageUrl,
      anchorText: link.text || null,
      follow: isEndorsement(link.rel),
    });
  }
  return links;
}

/** After a probe that found no feed: the next path to try, if any. */
export function nextProbe(row: FrontierRow): FollowUp[] {
  const next = (row.probeIndex ?? 0) + 1;
  const path = FEED_PROBE_PATHS[next];
  return path ? [{ url: new URL(path, row.url).href, role: 'probe', probeIndex: next }] : [];
}
