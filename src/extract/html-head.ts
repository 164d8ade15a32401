// The page-level facts extractHtml reads from <meta>, <link>, <base> and <html>: names,
// descriptions, robots directives, the article's fediverse:creator, canonical/feed/rel=me hrefs
// (kept raw: they are resolved once the whole document, including any late <base href>, has
// been seen).

import { classifyFeedType, relTokens } from './html-rules.js';
import { cleanForTerminal } from './text.js';

/** Collapse, cap and strip control characters from a short attribute-ish string. */
export function short(s: string | undefined, max = 500): string {
  if (!s) return '';
  return cleanForTerminal(s.replace(/\s+/g, ' ').trim()).slice(0, max);
}

/** `user` and `host` of a fediverse handle, as Mastodon's fediverse:creator spells them. */
const FEDI_ACCT = /^@?([a-z0-9_](?:[a-z0-9_.-]{0,63}))@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/i;

/**
 * The account a `<meta name="fediverse:creator" content="@user@host">` credits, as lower-case
 * `user@host`; null for anything that is not exactly one such handle.
 */
export function parseFediverseCreator(content: string | undefined): string | null {
  const m = FEDI_ACCT.exec((content ?? '').trim());
  return m ? `${m[1]!.toLowerCase()}@${m[2]!.toLowerCase()}` : null;
}

/** Collects head metadata; first occurrence of each field wins, as in browsers. */
export class HeadFacts {
  baseHref: string | null = null;
  siteName: string | null = null;
  appName: string | null = null;
  description: string | null = null;
  ogDescription: string | null = null;
  canonicalHref: string | null = null;
  lang: string | null = null;
  contentLanguage: string | null = null;
  /** The first valid fediverse:creator handle (`user@host`). */
  fediverseCreator: string | null = null;
  readonly robots = { noindex: false, nofollow: false };
  readonly feedRefs: { href: string; type: 'rss' | 'atom' | 'json' | 'unknown'; title: string }[] = [];
  readonly relMeHrefs: string[] = [];

  /** <meta name|property=... content=...> and <meta http-equiv=content-language>. */
  meta(a: Record<string, string>): void {
    const key = (a.name ?? a.property ?? '').trim().toLowerCase();
    const content = a.content ?? '';
    const has = content.trim() !== '';
    if (key === 'description' && this.description === null && has) this.description = short(content, 2000);
    else if (key === 'og:description' && this.ogDescription === null && has) this.ogDescription = short(content, 2000);
    else if (key === 'og:site_name' && this.siteName === null && has) this.siteName = short(content);
    else if (key === 'application-name' && this.appName === null && has) this.appName = short(content);
    else if (key === 'fediverse:creator' && this.fediverseCreator === null) this.fediverseCreator = parseFediverseCreator(content);
    else if (key === 'robots' || key === 'linernotes') {
      const tokens = content.toLowerCase().split(/[\s,]+/);
      if (tokens.includes('noindex') || tokens.includes('none')) this.robots.noindex = true;
      if (tokens.includes('nofollow') || tokens.includes('none')) this.robots.nofollow = true;
    }
    if ((a['http-equiv'] ?? '').toLowerCase() === 'content-language' && this.contentLanguage === null && has) {
      this.contentLanguage = content.split(',')[0]!.trim().toLowerCase() || null;
    }
  }

  /** <link rel=canonical|me|alternate href=...>. */
  link(a: Record<string, string>): void {
    const href = a.href;
    if (href === undefined) return;
    const rel = relTokens(a.rel);
    if (rel.includes('canonical') && this.canonicalHref === null) this.canonicalHref = href;
    if (rel.includes('me')) this.relMeHrefs.push(href);
    if (rel.includes('alternate')) {
      const type = classifyFeedType(a.type);
      if (type !== null) this.feedRefs.push({ href, type, title: short(a.title) });
    }
  }

  /** <base href> (the first one counts) and <html lang>. */
  other(name: string, a: Record<string, string>): void {
    if (name === 'base' && this.baseHref === null && a.href !== undefined) this.baseHref = a.href;
    if (name === 'html' && this.lang === null && a.lang?.trim()) this.lang = a.lang.trim().toLowerCase();
  }
}
