// Everything the crawler wants from an HTML page, gathered in ONE streaming htmlparser2 pass (no
// DOM: pages can be large and we only need links, a few head tags and capped visible text).
// Links are resolved at the end so a <base href> anywhere in the document applies to all of them.

import { Parser } from 'htmlparser2';
import { HIDDEN_ELEMENTS, INLINE_ELEMENTS, TextSink } from './text-sink.js';
import { cleanForTerminal, DEFAULT_MAX_TEXT_CHARS } from './text.js';
import { normalizeUrl } from './url.js';
import { HeadFacts, short } from './html-head.js';
import { BLOGROLL_MARKER, isNavElement, relTokens, XFN_RELS } from './html-rules.js';

/** One outgoing link of a page. */
export interface HtmlLink {
  url: string;
  text: string;
  rel: string[];
  context: 'content' | 'nav' | 'blogroll';
}

/** A feed advertised by the page with <link rel="alternate" type=...>. */
export interface FeedRef {
  url: string;
  type: 'rss' | 'atom' | 'json' | 'unknown';
  title: string;
}

/** What extractHtml finds in a page. */
export interface HtmlExtract {
  /** <title>, whitespace collapsed. */
  title: string;
  /** og:site_name or application-name. */
  siteName: string | null;
  /** meta description, else og:description. */
  description: string | null;
  /** <link rel=canonical>, normalized, absolute. */
  canonical: string | null;
  /** Advertised feeds, normalized, absolute, deduped. */
  feeds: FeedRef[];
  /** <a href>/<area href> http(s) links, normalized, deduped by url keeping the first. */
  links: HtmlLink[];
  /** <a rel=me> and <link rel=me> targets. */
  relMe: string[];
  /** Visible text, whitespace collapsed, capped at maxTextChars. */
  text: string;
  /** <html lang>, else http-equiv content-language; lower-case. */
  lang: string | null;
  /** From <meta name=robots|linernotes>. */
  robots: { noindex: boolean; nofollow: boolean };
  /** `<meta name="fediverse:creator" content="@user@host">` as lower-case `user@host`. */
  fediverseCreator: string | null;
}

/** Options for {@link extractHtml}. */
export interface ExtractHtmlOptions {
  /** Cap on `text`, in characters. @default 20_000 */
  maxTextChars?: number;
}

const MAX_LINK_TEXT_CHARS = 300;

interface Frame {
  nav: boolean;
  blogroll: boolean;
  hidden: boolean;
  foreign: boolean;
  /** An <a href> whose text we are collecting. */
  anchor: boolean;
}

interface PendingLink {
  href: string;
  rel: string[];
  context: HtmlLink['context'];
  text: TextSink;
}

/**
 * Extract title, metadata, feeds, links and visible text from a page. `baseUrl` is the page's
 * final URL; <base href> is honoured. Link context is 'blogroll' when the link has an XFN rel
 * or it or an ancestor has an id/class like blogroll/friends, else 'nav' inside
 * <nav>/<header>/<footer>, else 'content'. Never throws.
 */
export function extractHtml(html: string, baseUrl: string, opts: ExtractHtmlOptions = {}): HtmlExtract {
  const text = new TextSink(opts.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS);
  const stack: Frame[] = [];
  let navDepth = 0;
  let blogrollDepth = 0;
  let hiddenDepth = 0;
  let foreignDepth = 0;
  const head = new HeadFacts();
  let title: string | null = null;
  let titleBuf: string[] | null = null;
  const anchors: PendingLink[] = [];
  const openAnchors: PendingLink[] = [];

  const parser = new Parser(
    {
      onopentag(name, a) {
        const idClass = `${a.id ?? ''} ${a.class ?? ''}`;
        const frame: Frame = {
          nav: isNavElement(name, a.role),
          blogroll: idClass.length > 1 && BLOGROLL_MARKER.test(idClass),
          hidden: HIDDEN_ELEMENTS.has(name),
          foreign: name === 'svg' || name === 'math',
          anchor: false,
        };
        stack.push(frame);
        if (frame.nav) navDepth++;
        if (frame.blogroll) blogrollDepth++;
        if (frame.hidden) hiddenDepth++;
        if (frame.foreign) foreignDepth++;
        if (!INLINE_ELEMENTS.has(name)) text.space();

        switch (name) {
          case 'a':
          case 'area': {
            if (a.href === undefined) break;
            const rel = relTokens(a.rel);
            if (rel.includes('me')) head.relMeHrefs.push(a.href);
            const context: HtmlLink['context'] =
              blogrollDepth > 0 || rel.some((r) => XFN_RELS.has(r)) ? 'blogroll' : navDepth > 0 ? 'nav' : 'content';
            const link: PendingLink = { href: a.href, rel, context, text: new TextSink(MAX_LINK_TEXT_CHARS) };
            anchors.push(link);
            if (name === 'a') {
              openAnchors.push(link);
              frame.anchor = true;
            } else if (a.alt) link.text.add(a.alt);
            break;
          }
          case 'img':
            // A logo or avatar link has no text of its own; its alt text says where it goes.
            if (a.alt && openAnchors.length > 0) openAnchors[openAnchors.length - 1]!.text.add(` ${a.alt} `);
            break;
          case 'title':
            if (title === null && titleBuf === null && foreignDepth === 0) titleBuf = [];
            break;
          case 'meta':
            head.meta(a);
            break;
          case 'link':
            head.link(a);
            break;
          case 'base':
          case 'html':
            head.other(name, a);
            break;
        }
      },
      ontext(data) {
        if (titleBuf !== null) {
          titleBuf.push(data);
          return;
        }
        if (hiddenDepth > 0) return;
        text.add(data);
        const anchor = openAnchors[openAnchors.length - 1];
        if (anchor !== undefined) anchor.text.add(data);
      },
      onclosetag(name) {
        const frame = stack.pop();
        if (frame !== undefined) {
          if (frame.nav) navDepth--;
          if (frame.blogroll) blogrollDepth--;
          if (frame.hidden) hiddenDepth--;
          if (frame.foreign) foreignDepth--;
          if (frame.anchor) openAnchors.pop();
        }
        if (!INLINE_ELEMENTS.has(name)) text.space();
        if (name === 'title' && titleBuf !== null) {
          title = short(titleBuf.join(''));
          titleBuf = null;
        }
      },
    },
    { decodeEntities: true },
  );
  try {
    parser.write(typeof html === 'string' ? html : '');
    parser.end();
  } catch {
    // htmlparser2 tolerates any markup; this only guards against the unforeseen.
  }

  const base = (head.baseHref !== null ? normalizeUrl(head.baseHref, baseUrl) : null) ?? baseUrl;
  const resolve = (href: string): string | null => (href.trim().startsWith('#') ? null : normalizeUrl(href, base));

  const links: HtmlLink[] = [];
  const seenLinks = new Set<string>();
  for (const p of anchors) {
    const url = resolve(p.href);
    if (url === null || seenLinks.has(url)) continue;
    seenLinks.add(url);
    links.push({ url, text: cleanForTerminal(p.text.toString()), rel: p.rel, context: p.context });
  }
  const feeds: FeedRef[] = [];
  const seenFeeds = new Set<string>();
  for (const f of head.feedRefs) {
    const url = normalizeUrl(f.href, base);
    if (url === null || seenFeeds.has(url)) continue;
    seenFeeds.add(url);
    feeds.push({ url, type: f.type, title: f.title });
  }
  const relMe = [...new Set(head.relMeHrefs.map((h) => normalizeUrl(h, base)).filter((u): u is string => u !== null))];

  return {
    title: title ?? (titleBuf !== null ? short((titleBuf as string[]).join('')) : ''),
    siteName: head.siteName ?? head.appName,
    description: head.description ?? head.ogDescription,
    canonical: head.canonicalHref !== null ? normalizeUrl(head.canonicalHref, base) : null,
    feeds,
    links,
    relMe,
    text: cleanForTerminal(text.toString()),
    lang: head.lang ?? head.contentLanguage,
    robots: head.robots,
    fediverseCreator: head.fediverseCreator,
  };
}
