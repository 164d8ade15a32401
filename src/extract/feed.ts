// Feed detection and parsing: RSS 2.0, Atom, RDF/RSS 1.0 and JSON Feed through feedsmith's
// parse-from-string API, with a repair pass for documents feedsmith refuses (truncated
// downloads, stray tags), so one broken feed costs us its broken part, not the whole feed.

import { DetectError, parseFeed as feedsmithParse, type AnyFeed } from 'feedsmith';
import { repairXml } from './feed-repair.js';
import { mapFeed } from './feed-map.js';
import type { ParsedFeed } from './feed-types.js';

/** The feed shapes, re-exported so callers need only this module. */
export type { FeedItem, ParsedFeed, PodcastPerson } from './feed-types.js';

/** How far into a body looksLikeFeed reads. */
const SNIFF_CHARS = 4096;

/** feedsmith's verdict: a parsed feed, "not a feed at all", or "a feed, but broken". */
function tryParse(text: string): AnyFeed<string> | 'not-a-feed' | 'malformed' {
  try {
    return feedsmithParse(text);
  } catch (err) {
    return err instanceof DetectError ? 'not-a-feed' : 'malformed';
  }
}

/**
 * Detect + parse RSS/Atom/RDF/JSON Feed from text; relative links resolve against xml:base
 * (feed, then item) and then `feedUrl`. Returns null when the text is not a feed at all (or
 * is too broken to recover anything). Never throws; a bad date in one item only leaves that
 * item with published=null; a truncated document keeps its complete items.
 */
export function parseFeed(text: string, feedUrl: string): ParsedFeed | null {
  try {
    if (typeof text !== 'string') return null;
    // A BOM or blank lines before `<?xml` make the declaration illegal; they carry no meaning.
    const body = text.replace(/^\uFEFF/, '').trimStart();
    if (body === '') return null;
    let parsed = tryParse(body);
    if (parsed === 'malformed' && !body.startsWith('{')) parsed = tryParse(repairXml(body));
    if (typeof parsed === 'string') return null;
    return mapFeed(parsed, feedUrl);
  } catch {
    return null;
  }
}

/** Skip the XML prolog (declaration, PIs, comments, doctype) at the start of `s`. */
function skipProlog(s: string): string {
  let rest = s;
  for (;;) {
    rest = rest.trimStart();
    const end = rest.startsWith('<?')
      ? rest.indexOf('?>') + 2
      : rest.startsWith('<!--')
        ? rest.indexOf('-->') + 3
        : /^<!doctype/i.test(rest)
          ? rest.indexOf('>') + 1
          : 0;
    if (end <= 2) return rest;
    rest = rest.slice(end);
  }
}

/**
 * Cheap check: does this body look like a feed (for a URL whose content type is vague)? Reads
 * only the first few KB: an XML root named rss, feed or RDF, or a JSON object declaring a
 * jsonfeed.org version (or with title, items and a home_page_url/feed_url).
 */
export function looksLikeFeed(text: string): boolean {
  if (typeof text !== 'string') return false;
  const head = text.slice(0, SNIFF_CHARS).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) {
    if (/"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//i.test(head)) return true;
    return /"title"\s*:/.test(head) && /"items"\s*:/.test(head) && /"(home_page_url|feed_url)"\s*:/.test(head);
  }
  const root = /^<(?:[\w.-]+:)?([\w.-]+)[\s>/]/.exec(skipProlog(head));
  if (root === null) return false;
  const name = root[1]!.toLowerCase();
  return name === 'rss' || name === 'feed' || name === 'rdf';
}
