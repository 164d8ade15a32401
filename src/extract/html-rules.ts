// The small vocabularies extractHtml classifies with: XFN relationship values, what counts as a
// blogroll or navigation container, and which <link type>s are feeds.

/** XFN rel values that say "this person is someone I know", i.e. a blogroll-style link. */
export const XFN_RELS: ReadonlySet<string> = new Set([
  'friend', 'acquaintance', 'contact', 'met', 'co-worker', 'colleague', 'co-resident',
  'neighbor', 'child', 'parent', 'sibling', 'spouse', 'kin', 'muse', 'crush', 'date', 'sweetheart',
]);

/** An id/class that marks a container of links to other people's sites. */
export const BLOGROLL_MARKER = /blogroll|blog-roll|links-list|friends/i;

/** ARIA roles that mean the same as <nav>, <header> and <footer>. */
const NAV_ROLES: ReadonlySet<string> = new Set(['navigation', 'banner', 'contentinfo']);

/** Whether links inside this element are site navigation rather than content. */
export function isNavElement(name: string, role: string | undefined): boolean {
  if (name === 'nav' || name === 'header' || name === 'footer') return true;
  return role !== undefined && NAV_ROLES.has(role.trim().toLowerCase());
}

/** A rel attribute as distinct lower-case tokens. */
export function relTokens(rel: string | undefined): string[] {
  if (!rel) return [];
  return [...new Set(rel.toLowerCase().split(/\s+/).filter((t) => t !== ''))];
}

/** The feed kind a <link rel=alternate type=...> advertises, or null when it is not a feed. */
export function classifyFeedType(type: string | undefined): 'rss' | 'atom' | 'json' | 'unknown' | null {
  const mime = (type ?? '').split(';')[0]!.trim().toLowerCase();
  switch (mime) {
    case 'application/rss+xml':
    case 'application/rdf+xml':
    case 'application/x-rss+xml':
      return 'rss';
    case 'application/atom+xml':
    case 'application/x.atom+xml':
      return 'atom';
    case 'application/feed+json':
    case 'application/json':
      return 'json';
    // Some sites label feeds with generic XML types; worth a fetch, format decided on parse.
    case 'application/xml':
    case 'text/xml':
      return 'unknown';
    default:
      return null;
  }
}
