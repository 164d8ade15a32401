// What a feed tells us: the publication's name and feed URL, whether it is a podcast, the text
// of its recent items, the links in them (feed-item edges), podcast guests and its host, and
// which recent posts to fetch in full.
import type { ParsedFeed } from '../extract/feed.js';
import type { FetchResult } from '../crawl/fetcher.js';
import type { FrontierRow } from '../store/frontier.js';
import { emptyOutcome, type IdentityClaim, type SourceContext, type TaskOutcome } from './source.js';
import { pageOutcome } from './web-page.js';
import { gzippedOf } from './web-read.js';

/** Turn a parsed feed into an outcome. Pure apart from `ctx.sameEntity`. */
export function feedOutcome(row: FrontierRow, res: FetchResult, feed: ParsedFeed, ctx: SourceContext): TaskOutcome {
  const out = emptyOutcome('done', null, true);
  const feedUrl = res.finalUrl;
  out.documents.push({
    url: row.url, kind: 'feed', finalUrl: feedUrl, entityId: null, status: res.status, contentType: res.contentType,
    title: feed.title || null, publishedAt: null, etag: res.headers['etag'] ?? null,
    lastModified: res.headers['last-modified'] ?? null, textExcerpt: feed.description || null, error: null,
    body: res.body, bodyGzip: gzippedOf(res, res.body),
  });
  const homeUrl = feed.homeUrl && ctx.sameEntity(feed.homeUrl, feedUrl) ? feed.homeUrl : null;
  out.facts = { name: feed.title || null, nameIsAuthoritative: false, feedUrl, isPodcast: feed.isPodcast, homeUrl };

  const items = feed.items.slice(0, ctx.settings.itemsPerFeed);
  const seen = new Set<string>();
  items.forEach((item, i) => {
    // An item whose link is the site's front page (or repeats another item's) has no permalink
    // of its own; it gets a stable name inside the feed so items never overwrite each other.
    const permalink = item.url && item.url !== homeUrl && new URL(item.url).pathname !== '/' && !seen.has(item.url) ? item.url : null;
    if (permalink) seen.add(permalink);
    const evidenceUrl = permalink ?? `${feedUrl}#item-${i + 1}`;
    out.documents.push({
      url: evidenceUrl, kind: 'item', finalUrl: null, entityId: null, status: null, contentType: null,
      title: item.title || null, publishedAt: item.published, etag: null, lastModified: null,
      textExcerpt: item.text || null, error: null,
    });
    for (const target of item.links) {
      if (ctx.sameEntity(target, feedUrl) || (item.url && ctx.sameEntity(target, item.url))) continue;
      out.links.push({ targetUrl: target, type: 'feed-item', evidenceUrl, anchorText: null, follow: true });
    }
  });

  // A guest on a show is invited: an endorsement from the show, and a person to visit.
  for (const person of feed.people) {
    if (person.role.toLowerCase() !== 'guest' || !person.href) continue;
    out.links.push({ targetUrl: person.href, type: 'guest', evidenceUrl: person.itemUrl ?? feedUrl, anchorText: person.name, follow: true });
  }
  out.claims.push(...hostClaims(feed, feedUrl, ctx));

  const siteAnchor = homeUrl ?? row.url;
  // The newest posts-per-site posts are read, on every run the same ones for the same feed:
  // "read in an earlier run" must never let older posts move up into the window.
  const posts = [...new Set(items.map((item) => item.url))]
    .filter((u): u is string => u !== null && (ctx.sameEntity(u, siteAnchor) || ctx.sameEntity(u, feedUrl)))
    .slice(0, ctx.settings.postsPerSite);
  const known = ctx.knownBefore(posts, 'html');
  for (const url of posts) {
    // A post page read before is read again from the store, not asked for: its links are this
    // run's hops as they were the first run's. Without a stored body it is fetched.
    const stored = known.has(url) ? (ctx.storedPage?.(url) ?? null) : null;
    if (stored) replayPost(out, row, stored, ctx);
    else out.followUps.push({ url, role: 'page' });
  }
  return out;
}

/** Add the links and claims of a stored post page to the feed's outcome (nothing is stored again). */
function replayPost(out: TaskOutcome, row: FrontierRow, stored: NonNullable<ReturnType<NonNullable<SourceContext['storedPage']>>>, ctx: SourceContext): void {
  const res: FetchResult = {
    url: stored.url, finalUrl: stored.finalUrl, redirects: [], status: stored.status, headers: {}, contentType: stored.contentType,
    charset: 'utf-8', body: stored.body, bytes: stored.body.length, retryAfterMs: null, notModified: true,
  };
  const page = pageOutcome({ ...row, url: stored.url, role: 'page' }, res, stored.body, ctx);
  out.links.push(...page.links);
  out.claims.push(...page.claims);
}

/**
 * The show says who hosts it: a one-way claim that it is also its host, which merges the two
 * only when the host claims the show back (rel=me on the host's site, the show in a profile's
 * website field): then they present themselves as one voice, like a blog and its author's
 * account. Only a show with exactly one host (channel-level `podcast:person role="host"` with
 * an href) claims anyone: with co-hosts, claims answered by each would weld different people
 * into one. Episode-level hosts stand in for a week and claim nothing.
 */
function hostClaims(feed: ParsedFeed, feedUrl: string, ctx: SourceContext): IdentityClaim[] {
  const hosts = new Set(feed.people.filter((p) => p.itemUrl === null && p.role === 'host' && p.href).map((p) => p.href!));
  if (hosts.size !== 1) return [];
  const href = [...hosts][0]!;
  return ctx.sameEntity(href, feedUrl) ? [] : [{ kind: 'profile-link', targetUrl: href, evidenceUrl: feedUrl }];
}
