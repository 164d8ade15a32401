// The anchors of the small HTML fragments a Mastodon-compatible API returns (status content,
// bio, profile field values), sorted into what a person linked on purpose and what the server
// generated: mention links (`class="u-url mention"`) and hashtag links (`class="hashtag"`,
// `rel="tag"`) are rendered by the server and say nothing about the web the author points at.
import { Parser } from 'htmlparser2';
import { cleanForTerminal } from './text.js';
import { normalizeUrl } from './url.js';

/** One `<a href>` of a fragment. */
export interface FragmentAnchor {
  /** Normalized absolute http(s) URL. */
  url: string;
  /** Visible text of the anchor, control characters removed. */
  text: string;
  /** Lower-case tokens of the class attribute. */
  classes: string[];
  /** Lower-case tokens of the rel attribute. */
  rel: string[];
}

/** A link a person put in a post, bio or field. */
export interface ContentLink {
  url: string;
  text: string;
}

// Anchor text is for display; nothing longer is useful.
const MAX_ANCHOR_TEXT = 300;

const tokens = (value: string | undefined): string[] => (value ?? '').toLowerCase().split(/\s+/).filter(Boolean);

/** Every http(s) anchor of an HTML fragment, in order. Never throws. */
export function fragmentAnchors(html: unknown, base?: string): FragmentAnchor[] {
  const anchors: FragmentAnchor[] = [];
  if (typeof html !== 'string' || html === '') return anchors;
  let open: { anchor: FragmentAnchor; depth: number } | null = null;
  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        depth++;
        if (name !== 'a' || open !== null) return;
        const href = attribs.href?.trim() ?? '';
        const url = href === '' || href.startsWith('#') ? null : normalizeUrl(href, base);
        if (url === null) return;
        open = { anchor: { url, text: '', classes: tokens(attribs.class), rel: tokens(attribs.rel) }, depth };
      },
      ontext(data) {
        if (open && open.anchor.text.length < MAX_ANCHOR_TEXT) open.anchor.text += data;
      },
      onclosetag() {
        if (open && open.depth === depth) {
          open.anchor.text = cleanForTerminal(open.anchor.text).replace(/\s+/g, ' ').trim().slice(0, MAX_ANCHOR_TEXT);
          anchors.push(open.anchor);
          open = null;
        }
        depth--;
      },
    },
    { decodeEntities: true },
  );
  try {
    parser.write(html);
    parser.end();
  } catch {
    // htmlparser2 does not throw on bad markup; this only guards against the unforeseen.
  }
  return anchors;
}

/** Whether the server generated this anchor for a mention or a hashtag. */
function isGenerated(a: FragmentAnchor, mentionUrls: ReadonlySet<string>): boolean {
  if (a.classes.includes('mention') || a.classes.includes('u-url') || a.classes.includes('hashtag')) return true;
  if (a.rel.includes('tag')) return true;
  return mentionUrls.has(a.url);
}

/**
 * The links of a status's content that the author wrote: not mention links (class `mention`
 * or `u-url`, or the URL of one of `mentions`) and not hashtag links (class `hashtag` or
 * `rel="tag"`). Deduplicated by normalized URL, in order. Never throws.
 */
export function contentLinks(html: unknown, mentions: readonly { url?: unknown }[] = [], base?: string): ContentLink[] {
  const mentionUrls = new Set<string>();
  for (const m of Array.isArray(mentions) ? mentions : []) {
    const url = typeof m?.url === 'string' ? normalizeUrl(m.url) : null;
    if (url) mentionUrls.add(url);
  }
  const seen = new Set<string>();
  const out: ContentLink[] = [];
  for (const a of fragmentAnchors(html, base)) {
    if (isGenerated(a, mentionUrls) || seen.has(a.url)) continue;
    seen.add(a.url);
    out.push({ url: a.url, text: a.text });
  }
  return out;
}

const BARE_URL = /https?:\/\/[^\s<>"']+/gi;

/**
 * The web links of a profile field value or bio: its anchors (as {@link contentLinks}), or,
 * when the server sent the value as plain text without anchors, the bare http(s) URLs in it.
 */
export function profileLinks(html: unknown): string[] {
  if (typeof html !== 'string') return [];
  const anchors = fragmentAnchors(html);
  if (anchors.length === 0) {
    const bare = (html.match(BARE_URL) ?? []).map((u) => normalizeUrl(u.replace(/[.,;:!?)\]]+$/, '')));
    return [...new Set(bare.filter((u): u is string => u !== null))];
  }
  return contentLinks(html).map((l) => l.url);
}
