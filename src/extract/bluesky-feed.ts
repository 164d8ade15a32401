// What we keep from one getAuthorFeed page: a document per post (its text says what the account
// writes about or amplifies) and the edges the post makes: a repost of someone, a quote of
// someone, a mention (richtext facet located by UTF-8 byte offsets), a link (facet or link card).
// Pure and total: an entry we cannot read is skipped, a page we cannot read is a ParseError.
import type { AccountRef, FoundLink } from '../sources/source.js';
import type { DocumentInput } from '../store/documents.js';
import { asObject, asString, cleanHandle, isDid, labelsOf, NO_UNAUTHENTICATED, profileUrlOf, UNEXPECTED_ANSWER, type ParseError } from './bluesky.js';
import { cleanForTerminal } from './text.js';
import { normalizeUrl } from './url.js';

const REASON_REPOST = 'app.bsky.feed.defs#reasonRepost';
const EMBED_RECORD = 'app.bsky.embed.record#view';
const EMBED_RECORD_WITH_MEDIA = 'app.bsky.embed.recordWithMedia#view';
const EMBED_EXTERNAL = 'app.bsky.embed.external#view';
const VIEW_RECORD = 'app.bsky.embed.record#viewRecord';
const VIEW_NOT_FOUND = 'app.bsky.embed.record#viewNotFound';
const EMBED_RECORD_MAIN = 'app.bsky.embed.record';
const EMBED_RECORD_WITH_MEDIA_MAIN = 'app.bsky.embed.recordWithMedia';
const FACET_MENTION = 'app.bsky.richtext.facet#mention';
const FACET_LINK = 'app.bsky.richtext.facet#link';

/** at://AUTHORITY/COLLECTION/RKEY, with the record-key syntax of the AT Protocol. */
const AT_URI = /^at:\/\/[^/\s]+\/[^/\s]+\/([A-Za-z0-9._:~-]{1,512})$/;
/** The authority of an at-URI of a post. */
const AT_POST_AUTHORITY = /^at:\/\/([^/\s]+)\/app\.bsky\.feed\.post\/[A-Za-z0-9._:~-]{1,512}$/;

/** Facets read per post; a real post has a handful, a hostile one could have thousands. */
const MAX_FACETS = 100;

/** One feed entry we could read. */
export interface FeedItem {
  /** The post's text; for a repost, a document of its own (see `repostDocUrl`). */
  document: DocumentInput;
  links: FoundLink[];
}

/** One page of an author feed. */
export interface FeedPage {
  ok: true;
  items: FeedItem[];
  /** Feed entries consumed (readable or not): what counts against posts per account. */
  read: number;
  /** Where the next page starts; null at the end. */
  cursor: string | null;
}

/** Options for {@link parseFeedPage}. */
export interface FeedPageOptions {
  /** Read at most this many entries (a server may send more than the limit asked for). @default Infinity */
  max?: number;
}

/** The bsky.app page of a post. */
export function postUrlOf(authorDid: string, rkey: string): string {
  return `https://bsky.app/profile/${authorDid}/post/${rkey}`;
}

/**
 * A repost's document URL: the post URL would collide with the author's own document for the
 * same post (one row per URL), so the reposter is named in the fragment.
 */
export function repostDocUrl(postUrl: string, reposterDid: string): string {
  return `${postUrl}#repost-by-${reposterDid}`;
}

/** The record key at the end of an at-URI, or null. */
export function rkeyOf(uri: unknown): string | null {
  return typeof uri === 'string' ? (AT_URI.exec(uri)?.[1] ?? null) : null;
}

/** Read a getAuthorFeed answer for the account `accountDid`. */
export function parseFeedPage(json: unknown, accountDid: string, opts: FeedPageOptions = {}): FeedPage | ParseError {
  const o = asObject(json);
  if (!o || !Array.isArray(o.feed)) return { ok: false, reason: UNEXPECTED_ANSWER };
  const entries = o.feed.slice(0, Math.max(0, opts.max ?? Infinity));
  const items: FeedItem[] = [];
  for (const entry of entries) {
    const item = parseEntry(entry, accountDid);
    if (item !== null) items.push(item);
  }
  return { ok: true, items, read: entries.length, cursor: asString(o.cursor) };
}

function accountRef(did: string, handle: string | null, optedOut: boolean): AccountRef {
  return { network: 'bluesky', id: did, handle, profileUrl: profileUrlOf(did), ...(optedOut ? { optedOut } : {}) };
}

function accountLink(type: FoundLink['type'], did: string, handle: string | null, evidenceUrl: string, anchorText: string | null, optedOut = false): FoundLink {
  return { targetUrl: profileUrlOf(did), type, evidenceUrl, anchorText, follow: true, account: accountRef(did, handle, optedOut) };
}

/** Whether an author view carries the label with which the account opted out of logged-out apps. */
function optedOut(author: Record<string, unknown> | null): boolean {
  return labelsOf(author).includes(NO_UNAUTHENTICATED);
}

/** One `{ post, reason? }` entry; null when it has no author or URI we can cite. */
function parseEntry(entry: unknown, accountDid: string): FeedItem | null {
  const e = asObject(entry);
  const post = asObject(e?.post);
  const author = asObject(post?.author);
  const rkey = rkeyOf(post?.uri);
  if (!post || !author || !isDid(author.did) || rkey === null) return null;
  const authorDid = author.did;
  const postUrl = postUrlOf(authorDid, rkey);
  const record = asObject(post.record) ?? {};
  const rawText = typeof record.text === 'string' ? record.text : '';
  const reason = asObject(e?.reason);
  const isRepost = reason?.$type === REASON_REPOST;
  // An author feed holds the account's own posts and its reposts; anything else is not its voice.
  if (!isRepost && authorDid !== accountDid) return null;

  const links: FoundLink[] = [];
  const card = externalOf(post.embed);
  let docUrl = postUrl;
  let when = dateOf(record.createdAt);
  if (isRepost) {
    // Only the repost is this account's act; the quotes, mentions and links inside belong to the author.
    if (authorDid !== accountDid) links.push(accountLink('repost', authorDid, cleanHandle(author.handle), postUrl, null, optedOut(author)));
    const by = asObject(reason.by);
    docUrl = repostDocUrl(postUrl, isDid(by?.did) ? by.did : accountDid);
    when = dateOf(reason.indexedAt) ?? when;
  } else {
    const quoted = hasRecordView(post.embed) ? quotedAuthor(post.embed) : quotedInRecord(record.embed);
    if (quoted !== null && quoted.did !== accountDid) links.push(accountLink('quote', quoted.did, quoted.handle, postUrl, null, quoted.optedOut));
    links.push(...facetLinks(record.facets, rawText, postUrl, accountDid));
    const target = card === null ? null : normalizeUrl(card.uri);
    if (target !== null && card !== null) {
      links.push({ targetUrl: target, type: 'link', evidenceUrl: postUrl, anchorText: card.title, follow: true });
    }
  }

  const text = [cleanForTerminal(rawText, true).trim(), card?.title ?? '', card?.description ?? ''].filter((s) => s !== '').join('\n');
  const document: DocumentInput = {
    url: docUrl, kind: 'item', finalUrl: null, entityId: null, status: null, contentType: null, title: null,
    publishedAt: when, etag: null, lastModified: null, textExcerpt: text || null, error: null,
  };
  return { document, links };
}

function dateOf(x: unknown): number | null {
  if (typeof x !== 'string') return null;
  const t = Date.parse(x);
  return Number.isFinite(t) ? t : null;
}

/** Who a quote is of. */
interface Quoted {
  did: string;
  handle: string | null;
  optedOut: boolean;
}

/** The DID a post's at-URI names, or null (a handle authority names no one for sure). */
function didOfPostUri(uri: unknown): string | null {
  const m = typeof uri === 'string' ? AT_POST_AUTHORITY.exec(uri) : null;
  return m && isDid(m[1]) ? m[1] : null;
}

/**
 * The author of a quoted post, from a record or recordWithMedia view. A deleted post
 * (#viewNotFound) is still a quote of the account its at-URI names: the quoting was done. Null
 * for blocked (the author wants no part of it) and detached quotes, feeds, lists, starter packs.
 */
function quotedAuthor(embed: unknown): Quoted | null {
  const e = asObject(embed);
  const view = e?.$type === EMBED_RECORD ? e : e?.$type === EMBED_RECORD_WITH_MEDIA ? asObject(e.record) : null;
  const rec = asObject(view?.record);
  if (rec?.$type === VIEW_RECORD) {
    const author = asObject(rec.author);
    return author && isDid(author.did) ? { did: author.did, handle: cleanHandle(author.handle), optedOut: optedOut(author) } : null;
  }
  if (rec?.$type === VIEW_NOT_FOUND) {
    const did = didOfPostUri(rec.uri);
    return did === null ? null : { did, handle: null, optedOut: false };
  }
  return null;
}

/** Whether the AppView sent a view of an embedded record (whatever it says: detached means no). */
function hasRecordView(embed: unknown): boolean {
  const e = asObject(embed);
  return e?.$type === EMBED_RECORD || e?.$type === EMBED_RECORD_WITH_MEDIA;
}

/** The quoted post's author from the record itself, when the AppView sent no embed view of it. */
function quotedInRecord(embed: unknown): Quoted | null {
  const e = asObject(embed);
  const main = e?.$type === EMBED_RECORD_MAIN ? e : e?.$type === EMBED_RECORD_WITH_MEDIA_MAIN ? asObject(e.record) : null;
  const did = didOfPostUri(asObject(main?.record)?.uri);
  return did === null ? null : { did, handle: null, optedOut: false };
}

/** A link card, alone or as the media beside a quote. */
function externalOf(embed: unknown): { uri: string; title: string | null; description: string | null } | null {
  const e = asObject(embed);
  const view = e?.$type === EMBED_EXTERNAL ? e : e?.$type === EMBED_RECORD_WITH_MEDIA ? asObject(e.media) : null;
  if (view?.$type !== EMBED_EXTERNAL) return null;
  const ext = asObject(view.external);
  const uri = asString(ext?.uri);
  if (uri === null) return null;
  const line = (x: unknown): string | null => {
    const s = asString(x);
    return s === null ? null : cleanForTerminal(s).trim() || null;
  };
  return { uri, title: line(ext?.title), description: line(ext?.description) };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * Mentions and links from richtext facets. Facet ranges are UTF-8 byte offsets into the text
 * (not UTF-16 indices), so the anchor text is cut from the encoded bytes; a range that does not
 * fit the text still yields the edge, without anchor text.
 */
function facetLinks(facets: unknown, text: string, postUrl: string, accountDid: string): FoundLink[] {
  if (!Array.isArray(facets)) return [];
  const bytes = encoder.encode(text);
  const links: FoundLink[] = [];
  for (const f of facets.slice(0, MAX_FACETS)) {
    const facet = asObject(f);
    if (!facet || !Array.isArray(facet.features)) continue;
    const index = asObject(facet.index);
    const start = index?.byteStart;
    const end = index?.byteEnd;
    const fits = Number.isInteger(start) && Number.isInteger(end) && (start as number) >= 0 && (start as number) < (end as number) && (end as number) <= bytes.length;
    const anchor = fits ? cleanForTerminal(decoder.decode(bytes.subarray(start as number, end as number))).trim() || null : null;
    for (const feat of facet.features) {
      const feature = asObject(feat);
      if (feature?.$type === FACET_MENTION && isDid(feature.did) && feature.did !== accountDid) {
        links.push(accountLink('mention', feature.did, null, postUrl, anchor));
      } else if (feature?.$type === FACET_LINK) {
        const target = typeof feature.uri === 'string' ? normalizeUrl(feature.uri) : null;
        if (target !== null) links.push({ targetUrl: target, type: 'link', evidenceUrl: postUrl, anchorText: anchor, follow: true });
      }
    }
  }
  return links;
}
