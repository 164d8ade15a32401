// What an HTML page tells us: its text for relevance, its outbound links (edges), the author's
// other identities (rel=me, social accounts in the header/footer or on an about page, the
// article's fediverse:creator), and for a site's home page, its name and feeds.
import { identify } from '../crawl/identify.js';
import type { HtmlExtract, HtmlLink } from '../extract/html.js';
import { originRoot } from '../extract/url.js';
import type { FetchResult } from '../crawl/fetcher.js';
import type { FrontierRow } from '../store/frontier.js';
import { gzippedOf, pageOf } from './web-read.js';
import { emptyOutcome, type AccountRef, type FoundLink, type FollowUp, type SourceContext, type TaskOutcome } from './source.js';

/** Common feed paths, tried in order only when a home page declares no feed. */
export const FEED_PROBE_PATHS = ['/feed', '/rss.xml', '/feed.xml', '/atom.xml', '/index.xml'] as const;

/** Feeds a home page may declare that are not the author's own posts. */
const SIDE_FEED = /comments?|kommentare|commentaires/i;

/** Most feeds to follow from one home page. */
const MAX_FEEDS_PER_HOME = 2;

/**
 * Pages where a site says who runs it: /about, /about-me, /about-us, /me, /contact (with or
 * without .html or a trailing slash). A social account linked there is the author's own.
 */
const ABOUT_PATH = /^\/(?:about(?:-me|-us)?|me|contact)(?:\.html?|\/(?:index\.html?)?)?$/i;

/** A URL that names a feed by its path (…/feed, …/rss, …/podcast, ….rss, ….xml). */
const FEED_PATH = /(?:\.(?:rss|xml)|\/(?:feed|rss|podcast))\/?$/i;

/** Links that are not the author's endorsement: paid and user-generated. */
function isEndorsement(rel: readonly string[]): boolean {
  return !rel.includes('sponsored') && !rel.includes('ugc');
}

/** Turn a fetched HTML page into an outcome. Pure apart from `ctx.sameEntity`. */
export function pageOutcome(row: FrontierRow, res: FetchResult, html: string, ctx: SourceContext): TaskOutcome {
  const page = pageOf(res, html);
  // The page's own canonical URL names it, so the same post reached by two URLs is one piece
  // of evidence. A canonical pointing at another site is not trusted.
  const pageUrl = page.canonical && ctx.sameEntity(page.canonical, res.finalUrl) ? page.canonical : res.finalUrl;
  const out = emptyOutcome('done', null, true);
  out.documents.push({
    url: row.url, kind: 'html', finalUrl: pageUrl, entityId: null, status: res.status,
    contentType: res.contentType, title: page.title || null, publishedAt: null,
    etag: res.headers['etag'] ?? null, lastModified: res.headers['last-modified'] ?? null,
    textExcerpt: page.robots.noindex ? null : [page.description, page.text].filter(Boolean).join('\n'), error: null,
    body: html, bodyGzip: gzippedOf(res, html),
  });
  const linkedFeeds = row.role === 'home' ? linkedFeedUrls(page, pageUrl, ctx) : [];
  if (row.role === 'home') {
    out.facts = { name: page.siteName ?? (page.title || null), nameIsAuthoritative: true, homeUrl: originRoot(res.finalUrl) };
    out.followUps.push(...feedFollowUps(page, res.finalUrl), ...linkedFeeds.map((url) => ({ url, role: 'feed' as const })));
  }
  const own = ownAccountLinks(page, pageUrl, res.finalUrl, ctx);
  if (!page.robots.nofollow) {
    const skip = new Set([...linkedFeeds, ...own.map((l) => l.url)]);
    out.links.push(...outboundLinks(page, pageUrl, ctx).filter((l) => !skip.has(l.targetUrl)));
  }
  // rel=me: "this is also me". A claim until the other side links back (see rank/identity.ts).
  for (const target of page.relMe) {
    if (!ctx.sameEntity(target, pageUrl)) out.claims.push({ kind: 'rel-me', targetUrl: target, evidenceUrl: pageUrl });
  }
  // The same words without the rel: the site's own header/footer or about page naming an account.
  for (const link of own) out.claims.push({ kind: 'profile-link', targetUrl: link.url, evidenceUrl: pageUrl });
  const creator = page.fediverseCreator ? creatorAccount(page.fediverseCreator, res.finalUrl) : null;
  if (creator) {
    // The article credits its author's fediverse account: an edge from the site (unless the page
    // forbids following), and a claim that the account's verified field can answer (a proof).
    if (!page.robots.nofollow) {
      out.links.push({ targetUrl: creator.profileUrl, type: 'link', evidenceUrl: pageUrl, anchorText: `@${creator.id}`, follow: true, account: creator });
    }
    out.claims.push({ kind: 'profile-link', targetUrl: creator.profileUrl, account: creator, evidenceUrl: pageUrl });
  }
  return out;
}

/**
 * Links to social accounts that the site presents as its own: in its header, footer or nav
 * (every page repeats them), or anywhere but a blogroll on an about page. Content links to
 * accounts are someone else's and stay edges; rel=me links are claims already.
 */
function ownAccountLinks(page: HtmlExtract, pageUrl: string, finalUrl: string, ctx: SourceContext): HtmlLink[] {
  const about = ABOUT_PATH.test(new URL(finalUrl).pathname);
  return page.links.filter((link) => {
    if (link.rel.includes('me') || link.context === 'blogroll' || ctx.sameEntity(link.url, pageUrl)) return false;
    if (link.context !== 'nav' && !about) return false;
    return identifyKind(link.url) === 'account';
  });
}

/**
 * A feed on another site linked from the home page's header, footer or nav (a podcast hosted
 * elsewhere, say): a publication of this site, fetched as its feed rather than counted as a link.
 * Platforms are left alone: a feed reader's "subscribe" URL ends in /feed too.
 */
function linkedFeedUrls(page: HtmlExtract, pageUrl: string, ctx: SourceContext): string[] {
  const declared = new Set(page.feeds.map((f) => f.url));
  return page.links
    .filter((l) => l.context === 'nav' && !l.rel.includes('me') && !declared.has(l.url) && !ctx.sameEntity(l.url, pageUrl))
    .filter((l) => FEED_PATH.test(new URL(l.url).pathname) && identifyKind(l.url) === 'site')
    .slice(0, 1)
    .map((l) => l.url);
}

/** What identify() makes of a URL: 'account', 'site', or null for platforms and garbage. */
function identifyKind(url: string): 'account' | 'site' | null {
  try {
    const id = identify(url);
    return id.isPlatform ? null : id.kind === 'account' ? 'account' : 'site';
  } catch {
    return null;
  }
}

/**
 * The fediverse account of a `user@host` credit, on the page's own scheme (http in test worlds).
 * A handle names an account on any server, big instances included, so no URL guessing here.
 */
function creatorAccount(acct: string, pageUrl: string): AccountRef {
  const [user, host] = acct.split('@') as [string, string];
  const scheme = new URL(pageUrl).protocol === 'http:' ? 'http:' : 'https:';
  return { network: 'fediverse', id: acct, handle: acct, profileUrl: `${scheme}//${host}/@${user}` };
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
