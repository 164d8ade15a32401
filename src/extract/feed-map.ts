// Maps feedsmith's four format-specific trees onto one ParsedFeed. Each format is first reduced
// to the same raw shape (strings as the feed wrote them), then one finisher resolves URLs,
// parses dates, scans content and orders items, so the rules live in one place.

import type { AnyFeed, AtomFeed, JsonFeed, RdfFeed, RssFeed } from 'feedsmith';
import { parseFeedDate } from './feed-date.js';
import { atomText, escapeHtml, hasData, isMediaType, line, names, plain } from './feed-fields.js';
import type { FeedItem, ParsedFeed, PodcastPerson } from './feed-types.js';
import { scanFragment } from './text.js';
import { normalizeUrl } from './url.js';

type RawPerson = { display?: string; role?: string; group?: string; href?: string };

interface RawItem {
  links: (string | undefined)[];
  title: string;
  dates: unknown[];
  contentHtml: string;
  enclosures: { url?: string; type?: string }[];
  authors: unknown[];
  persons: RawPerson[];
  xmlBase?: string;
  podcastData: boolean;
}

interface RawChannel {
  title: string;
  home?: string;
  description: string;
  authors: unknown[];
  persons: RawPerson[];
  xmlBase?: string;
  podcastData: boolean;
  items: RawItem[];
}

/** The alternate (HTML) link of an Atom entry or feed: rel=alternate or no rel, HTML preferred. */
function atomAlternate(links: AtomFeed.Link<string>[] | undefined): string | undefined {
  const alternates = (links ?? []).filter((l) => (l.rel ?? 'alternate').toLowerCase() === 'alternate');
  const html = alternates.find((l) => /html/i.test(l.type ?? ''));
  return (html ?? alternates[0])?.href;
}

function fromRss(feed: RssFeed.Feed<string>): RawChannel {
  return {
    title: line(feed.title),
    home: feed.link ?? atomAlternate(feed.atom?.links),
    description: plain(feed.description),
    authors: [feed.itunes?.author, feed.managingEditor?.name, ...(feed.dc?.creators ?? [])],
    persons: feed.podcast?.persons ?? [],
    xmlBase: feed.xml?.base,
    podcastData: hasData(feed.itunes) || hasData(feed.podcast),
    items: (feed.items ?? []).map((it) => ({
      // A guid is the permalink unless it says otherwise (RSS 2.0 default isPermaLink=true).
      links: [it.link, it.guid?.isPermaLink !== false ? it.guid?.value : undefined, atomAlternate(it.atom?.links)],
      title: line(it.title),
      dates: [it.pubDate, ...(it.dc?.dates ?? []), it.atom?.published, it.atom?.updated],
      contentHtml: it.content?.encoded ?? it.description ?? '',
      enclosures: it.enclosures ?? [],
      authors: [...(it.authors ?? []).map((a) => a.name ?? a.email), ...(it.dc?.creators ?? []), it.itunes?.author],
      persons: it.podcast?.persons ?? [],
      xmlBase: it.xml?.base,
      podcastData: hasData(it.itunes) || hasData(it.podcast),
    })),
  };
}

/** An Atom content/summary as HTML: type text (the default) is literal and must be escaped. */
function atomHtml(c: { value?: string; type?: string } | undefined): string | undefined {
  if (c?.value === undefined) return undefined;
  const type = (c.type ?? 'text').toLowerCase();
  return type === 'html' || type === 'xhtml' || type.includes('html') ? c.value : escapeHtml(c.value);
}

function fromAtom(feed: AtomFeed.Feed<string>): RawChannel {
  return {
    title: atomText(feed.title),
    home: atomAlternate(feed.links),
    description: atomText(feed.subtitle),
    authors: [...(feed.authors ?? []).map((a) => a.name), feed.itunes?.author, ...(feed.dc?.creators ?? [])],
    persons: [],
    xmlBase: feed.xml?.base,
    podcastData: hasData(feed.itunes),
    items: (feed.entries ?? []).map((e) => ({
      links: [atomAlternate(e.links)],
      title: atomText(e.title),
      dates: [e.published, e.updated, ...(e.dc?.dates ?? [])],
      contentHtml: atomHtml(e.content) ?? atomHtml(e.summary) ?? '',
      enclosures: (e.links ?? [])
        .filter((l) => (l.rel ?? '').toLowerCase() === 'enclosure')
        .map((l) => ({ url: l.href, type: l.type })),
      authors: [...(e.authors ?? []).map((a) => a.name), ...(e.dc?.creators ?? []), e.itunes?.author],
      persons: [],
      xmlBase: e.xml?.base,
      podcastData: hasData(e.itunes),
    })),
  };
}

function fromRdf(feed: RdfFeed.Feed<string>): RawChannel {
  return {
    title: line(feed.title),
    home: feed.link,
    description: plain(feed.description),
    authors: feed.dc?.creators ?? [],
    persons: [],
    xmlBase: feed.xml?.base,
    podcastData: false,
    items: (feed.items ?? []).map((it) => ({
      links: [it.link, it.rdf?.about],
      title: line(it.title),
      dates: [...(it.dc?.dates ?? []), ...(it.dcterms?.modified ? [it.dcterms.modified] : [])],
      contentHtml: it.content?.encoded ?? it.description ?? '',
      enclosures: [],
      authors: it.dc?.creators ?? [],
      persons: [],
      xmlBase: it.xml?.base,
      podcastData: false,
    })),
  };
}

function fromJson(feed: JsonFeed.Feed<string>): RawChannel {
  return {
    title: line(feed.title),
    home: feed.home_page_url,
    description: plain(feed.description),
    authors: (feed.authors ?? []).map((a) => a.name),
    persons: [],
    podcastData: false,
    items: (Array.isArray(feed.items) ? feed.items : []).map((it) => ({
      links: [it.url, it.external_url],
      title: line(it.title),
      dates: [it.date_published, it.date_modified],
      contentHtml:
        it.content_html ??
        (it.content_text !== undefined ? escapeHtml(it.content_text) : undefined) ??
        (it.summary !== undefined ? escapeHtml(it.summary) : ''),
      enclosures: (it.attachments ?? []).map((a) => ({ url: a.url, type: a.mime_type })),
      authors: (it.authors ?? []).map((a) => a.name),
      persons: [],
      podcastData: false,
    })),
  };
}

function firstUrl(candidates: (string | undefined)[], base: string): string | null {
  for (const c of candidates) {
    const url = typeof c === 'string' ? normalizeUrl(c, base) : null;
    if (url !== null) return url;
  }
  return null;
}

function firstDate(candidates: unknown[]): number | null {
  for (const c of candidates) {
    const ms = parseFeedDate(c);
    if (ms !== null) return ms;
  }
  return null;
}

function toPeople(raw: RawPerson[], base: string, itemUrl: string | null): PodcastPerson[] {
  return raw
    .map((p) => ({
      name: line(p.display, 200),
      role: line(p.role, 100).toLowerCase() || 'host',
      href: typeof p.href === 'string' ? normalizeUrl(p.href, base) : null,
      group: line(p.group, 100).toLowerCase() || null,
      itemUrl,
    }))
    .filter((p) => p.name !== '');
}

/** Resolve, parse and order a raw channel into the ParsedFeed every caller sees. */
function finish(format: ParsedFeed['format'], ch: RawChannel, feedUrl: string): ParsedFeed {
  const feedBase = (ch.xmlBase !== undefined ? normalizeUrl(ch.xmlBase, feedUrl) : null) ?? feedUrl;
  const people = toPeople(ch.persons, feedBase, null);
  let podcast = ch.podcastData;
  const dated: FeedItem[] = [];
  const undated: FeedItem[] = [];
  for (const raw of ch.items) {
    const ownBase = raw.xmlBase !== undefined ? normalizeUrl(raw.xmlBase, feedBase) : null;
    const itemBase = ownBase ?? feedBase;
    const url = firstUrl(raw.links, itemBase);
    // Atom says content resolves against the xml:base in scope; without one, the item's own page
    // is the best guess for document-relative links (RSS has no rule).
    const contentBase = ownBase ?? (ch.xmlBase !== undefined ? feedBase : (url ?? feedBase));
    const contentHtml = typeof raw.contentHtml === 'string' ? raw.contentHtml : '';
    const scan = scanFragment(contentHtml, { base: contentBase });
    const enclosures = raw.enclosures
      .map((e) => ({ url: typeof e.url === 'string' ? normalizeUrl(e.url, itemBase) : null, type: line(e.type, 200) || null }))
      .filter((e): e is { url: string; type: string | null } => e.url !== null);
    if (raw.podcastData || enclosures.some((e) => isMediaType(e.type))) podcast = true;
    people.push(...toPeople(raw.persons, itemBase, url));
    const item: FeedItem = {
      url,
      title: raw.title,
      published: firstDate(raw.dates),
      contentHtml,
      text: scan.text,
      enclosures,
      authors: names(raw.authors),
      links: scan.links,
    };
    (item.published === null ? undated : dated).push(item);
  }
  // Array.prototype.sort is stable, so equal dates keep document order.
  dated.sort((a, b) => (b.published ?? 0) - (a.published ?? 0));
  return {
    format,
    title: ch.title,
    homeUrl: typeof ch.home === 'string' ? normalizeUrl(ch.home, feedBase) : null,
    description: ch.description,
    isPodcast: podcast || people.length > 0,
    authors: names(ch.authors),
    people,
    items: [...dated, ...undated],
  };
}

/** Turn any feedsmith result into a ParsedFeed; relative URLs resolve against xml:base, then `feedUrl`. */
export function mapFeed(parsed: AnyFeed<string>, feedUrl: string): ParsedFeed {
  switch (parsed.format) {
    case 'rss':
      return finish('rss', fromRss(parsed.feed), feedUrl);
    case 'atom':
      return finish('atom', fromAtom(parsed.feed), feedUrl);
    case 'rdf':
      return finish('rdf', fromRdf(parsed.feed), feedUrl);
    case 'json':
      return finish('json', fromJson(parsed.feed), feedUrl);
  }
}
