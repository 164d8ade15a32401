// OPML 2.0 export: "subscribe to those blogs and podcasts". Sorts ranked candidates into the
// groups a feed reader shows as folders (Podcasts, Blogs and, for people who only post on
// Bluesky or the fediverse, Social) and writes them as one importable subscription list.
// Candidates without any feed cannot be subscribed to; `planOpml` says which, so the command
// can tell the user how many were left out.
import type { CandidateRow } from './candidates.js';
import { XML_DECLARATION, escapeXmlText, xmlAttrs, xmlClean } from './xml.js';

/** Options for `toOpml`. */
export interface OpmlOptions {
  /** The list's title (`<head><title>`), e.g. "linernotes: content marketing". */
  title: string;
  /** When the list was made, written as RFC 822 `<dateCreated>`; an invalid date is left out. */
  dateCreated: Date;
  /** Who made the list (`<ownerName>`). @default left out */
  ownerName?: string;
  /**
   * Give candidates without a blog or podcast feed a "Social" entry per Bluesky or Mastodon
   * account, using the RSS feeds those networks serve for public profiles.
   * @default true
   */
  includeSocialFeeds?: boolean;
}

/** One subscribable feed of a candidate. */
export interface OpmlFeed {
  /** What the reader shows (`text` and `title`). */
  name: string;
  /** The feed (`xmlUrl`). */
  xmlUrl: string;
  /** The page the feed belongs to (`htmlUrl`); '' when none. */
  htmlUrl: string;
  /** `rank N, score S`. */
  description: string;
}

/** The candidates sorted into OPML groups, in rank order within each. */
export interface OpmlPlan {
  /** Candidates whose feed is a podcast. */
  podcasts: OpmlFeed[];
  /** Candidates with a blog feed. */
  blogs: OpmlFeed[];
  /** Social-account feeds of candidates without a blog feed (empty unless includeSocialFeeds). */
  social: OpmlFeed[];
  /** Candidates with nothing to subscribe to, in rank order. */
  leftOut: CandidateRow[];
}

/**
 * Sort `rows` into Podcasts, Blogs and Social, and list those left out. A feed URL that is not
 * http(s) counts as no feed: a reader could not fetch it, and it may be hostile.
 */
export function planOpml(rows: readonly CandidateRow[], opts: Pick<OpmlOptions, 'includeSocialFeeds'> = {}): OpmlPlan {
  const includeSocial = opts.includeSocialFeeds ?? true;
  const plan: OpmlPlan = { podcasts: [], blogs: [], social: [], leftOut: [] };
  for (const row of rows) {
    const name = oneLine(row.name) || hostOf(row.feed) || hostOf(row.url) || 'untitled';
    const description = rankNote(row);
    const feed = httpUrl(row.feed);
    if (feed) {
      const entry = { name, xmlUrl: feed, htmlUrl: httpUrl(row.website) ?? httpUrl(row.url) ?? '', description };
      (row.podcast ? plan.podcasts : plan.blogs).push(entry);
      continue;
    }
    const social = includeSocial ? socialFeeds(row, name, description) : [];
    if (social.length > 0) plan.social.push(...social);
    else plan.leftOut.push(row);
  }
  return plan;
}

/**
 * An OPML 2.0 subscription list of `rows` (see `planOpml` for the grouping; empty groups are
 * omitted). Each feed is `<outline type="rss" text title xmlUrl htmlUrl description>`.
 */
export function toOpml(rows: readonly CandidateRow[], opts: OpmlOptions): string {
  const plan = planOpml(rows, opts);
  const lines = [XML_DECLARATION, '<opml version="2.0">', '  <head>', `    <title>${escapeXmlText(opts.title)}</title>`];
  const date = opts.dateCreated instanceof Date && !Number.isNaN(opts.dateCreated.getTime()) ? opts.dateCreated.toUTCString() : null;
  // toUTCString is the RFC 1123 form ("Tue, 10 Nov 2026 10:00:00 GMT"), which is RFC 822 with a 4-digit year.
  if (date) lines.push(`    <dateCreated>${date}</dateCreated>`);
  if (opts.ownerName) lines.push(`    <ownerName>${escapeXmlText(opts.ownerName)}</ownerName>`);
  lines.push('    <docs>http://opml.org/spec2.opml</docs>', '  </head>', '  <body>');
  for (const [title, feeds] of [['Podcasts', plan.podcasts], ['Blogs', plan.blogs], ['Social', plan.social]] as const) {
    if (feeds.length === 0) continue;
    lines.push(`    <outline${xmlAttrs({ text: title, title })}>`);
    for (const f of feeds) {
      const attrs = { type: 'rss', text: f.name, title: f.name, xmlUrl: f.xmlUrl, htmlUrl: f.htmlUrl || null, description: f.description };
      lines.push(`      <outline${xmlAttrs(attrs)}/>`);
    }
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

/** `rank N, score S`, leaving out a part that is not a number. */
function rankNote(row: CandidateRow): string {
  const parts = [Number.isFinite(row.rank) ? `rank ${row.rank}` : '', Number.isFinite(row.score) ? `score ${row.score}` : ''];
  return parts.filter(Boolean).join(', ');
}

/** A name for a reader's list: cleaned, whitespace runs collapsed, trimmed. */
function oneLine(text: string): string {
  return xmlClean(typeof text === 'string' ? text : '').replace(/\s+/g, ' ').trim();
}

/** `url` normalized if it is an absolute http(s) URL without credentials, else null. */
function httpUrl(url: string): string | null {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const u = new URL(url.trim());
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return null;
    return u.href;
  } catch {
    return null;
  }
}

function hostOf(url: string): string {
  const u = httpUrl(url);
  return u ? new URL(u).hostname : '';
}

/** A Bluesky handle (a domain name) or DID as the exports write them. */
const BSKY_ID = /^(?:did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)$/;
/** `user@host` as the exports write fediverse handles (no leading `@`). */
const FEDI_HANDLE = /^@?([\p{L}\p{N}_.-]+)@([A-Za-z0-9.-]+(?::\d+)?)$/u;

/**
 * RSS feeds of the row's social accounts. Bluesky serves one per profile at
 * `https://bsky.app/profile/<handle or DID>/rss`; Mastodon at `https://<host>/@<user>.rss`.
 * The row carries handles, not profile URLs, so the scheme is https unless the row's own URL
 * is the profile on that host over http (a local test world).
 */
function socialFeeds(row: CandidateRow, name: string, description: string): OpmlFeed[] {
  const out: OpmlFeed[] = [];
  for (const handle of words(row.bluesky)) {
    if (!BSKY_ID.test(handle)) continue;
    const profile = `https://bsky.app/profile/${handle}`;
    out.push({ name: `${name} (Bluesky)`, xmlUrl: `${profile}/rss`, htmlUrl: profile, description });
  }
  for (const handle of words(row.mastodon)) {
    const m = FEDI_HANDLE.exec(handle);
    if (!m) continue;
    const [, user, host] = m as unknown as [string, string, string];
    const scheme = schemeFor(row.url, host);
    const profile = httpUrl(`${scheme}//${host}/@${encodeURIComponent(user)}`);
    if (!profile) continue;
    out.push({ name: `${name} (Mastodon)`, xmlUrl: `${profile}.rss`, htmlUrl: profile, description });
  }
  return out;
}

function words(text: string): string[] {
  return typeof text === 'string' ? text.split(/\s+/).filter(Boolean) : [];
}

/** `http:` when `url` is an http URL on `host`, else `https:`. */
function schemeFor(url: string, host: string): string {
  const u = httpUrl(url);
  return u && new URL(u).host === host.toLowerCase() && u.startsWith('http:') ? 'http:' : 'https:';
}
