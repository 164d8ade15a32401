// Files of people the user already follows, recognised by content (never by extension): an OPML
// subscription list as feed readers export it, Mastodon's "following" CSV, or a plain list of
// site URLs, feed URLs and handles. Pure and total: a bad line becomes a `FILE:LINE: why`
// problem and is skipped, and a file that is none of the three says so instead of throwing.
import { parse as parseCsv } from 'csv-parse/sync';
import { Parser } from 'htmlparser2';
import { identify } from '../crawl/identify.js';
import { SeedsError } from '../errors.js';
import { parseSeeds } from '../extract/seeds.js';
import { cleanForTerminal } from '../extract/text.js';
import { normalizeUrl } from '../extract/url.js';

/** What a known entry names: a site (registrable domain), a feed URL, a Bluesky handle or DID, a fediverse `user@host`. */
export type KnownKind = 'site' | 'feed' | 'bluesky' | 'mastodon';

/** One identity of someone the user already follows. */
export interface KnownEntry {
  kind: KnownKind;
  /** site: `example.com`; feed: the normalized URL; bluesky: handle (lower-case) or DID; mastodon: `user@host`. */
  identity: string;
  /** The name the file gives (OPML title), cleaned for the terminal. */
  label: string | null;
}

/** An entry with the 1-based line it came from. */
export interface ParsedKnownEntry extends KnownEntry {
  line: number;
}

/** The formats recognised. */
export type KnownFormat = 'opml' | 'mastodon-csv' | 'list';

/** A readable file: its entries (deduplicated, first kept) and its bad lines as `FILE:LINE: why`. */
export interface KnownFile {
  ok: true;
  format: KnownFormat;
  entries: ParsedKnownEntry[];
  problems: string[];
}

/** A file that is none of the formats, and why it looks like that. */
export interface NotKnownFile {
  ok: false;
  reason: string;
}

const MAX_LABEL = 200;
const MASTODON_CSV_HEADER = /^\uFEFF?\s*"?account address"?\s*(,|$)/i;
/** The last path segment (or a query) of a URL that is a feed rather than a page. */
const FEED_PATH = /(?:\.(?:xml|rss|atom|rdf)|\/(?:feed|rss|rss2|atom|feed\.json|feeds\/[^?]*))\/?$/i;
const FEED_QUERY = /[?&](?:feed|format)=(?:rss|rss2|atom)\b/i;
const BSKY_RSS = /^\/profile\/([^/?#]+)\/rss\/?$/;
const FEDI_RSS = /^\/(?:@|users\/)([a-z0-9_][a-z0-9_.-]*)\.rss$/i;

/** A label from the file, safe for a terminal, or null. */
function label(raw: string | null | undefined): string | null {
  return raw ? cleanForTerminal(raw).trim().slice(0, MAX_LABEL) || null : null;
}

/** How an input is quoted in a problem line. */
function shown(raw: string): string {
  return `"${cleanForTerminal(raw).slice(0, 200)}"`;
}

/** Whether a web URL names a feed (by its path) rather than a page. */
export function looksLikeFeed(url: string): boolean {
  try {
    const u = new URL(url);
    return FEED_PATH.test(u.pathname) || FEED_QUERY.test(u.search);
  } catch {
    return false;
  }
}

/**
 * The known entry a web URL stands for: a Bluesky or fediverse profile (or its RSS feed) is the
 * account; other URLs are a feed (`asFeed`) or a site. A string is why it is refused.
 */
export function entryFromUrl(raw: string, asFeed: boolean, name: string | null): KnownEntry | string {
  const url = normalizeUrl(raw);
  if (url === null || !/^https?:\/\/[^/]/i.test(raw.trim())) return `${shown(raw)} is not a URL`;
  const u = new URL(url);
  const host = u.hostname.toLowerCase();
  const bskyRss = host === 'bsky.app' || host === 'www.bsky.app' ? BSKY_RSS.exec(u.pathname) : null;
  if (bskyRss) {
    const actor = decodeSafe(bskyRss[1]!);
    return { kind: 'bluesky', identity: actor.startsWith('did:') ? actor : actor.toLowerCase(), label: name };
  }
  const fediRss = FEDI_RSS.exec(u.pathname);
  if (fediRss) return { kind: 'mastodon', identity: `${fediRss[1]!.toLowerCase()}@${host}`, label: name };
  const id = identify(url);
  if (id.key.startsWith('bsky:')) return { kind: 'bluesky', identity: id.key.slice('bsky:'.length), label: name };
  if (id.key.startsWith('fedi:')) return { kind: 'mastodon', identity: id.key.slice('fedi:'.length), label: name };
  if (asFeed) return { kind: 'feed', identity: url, label: name };
  if (id.isPlatform) return `${shown(raw)} is on a platform (${id.key.slice('site:'.length)}), which is never a candidate`;
  return { kind: 'site', identity: id.key.slice('site:'.length), label: name };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One line of a plain list, as the seeds parser reads it; a string is why it is refused. */
export function entryFromLine(input: string): KnownEntry | string {
  // Mastodon's block and mute exports (and people) write accounts without the leading `@`.
  const line = /^[^@\s/:#]+@[^@\s/#]+(\s|$)/.test(input) ? `@${input}` : input;
  let seed;
  try {
    [seed] = parseSeeds(line, 'known');
  } catch (err) {
    if (err instanceof SeedsError) return err.message.replace(/^known:\d+: /, '');
    return `${shown(input)} is not a URL or handle`;
  }
  if (!seed) return `${shown(input)} is not a URL or handle`;
  const name = label(seed.label);
  if (seed.kind === 'bluesky' && seed.handle) return { kind: 'bluesky', identity: seed.handle, label: name };
  if (seed.kind === 'mastodon') {
    if (seed.handle) return { kind: 'mastodon', identity: seed.handle.toLowerCase(), label: name };
    return `${shown(seed.input)} is not a fediverse account (@user@host or https://host/@user)`;
  }
  return entryFromUrl(seed.url ?? seed.input, looksLikeFeed(seed.url ?? ''), name);
}

/** Collects entries (first of each identity kept) and problems for one file. */
class Collector {
  readonly entries: ParsedKnownEntry[] = [];
  readonly problems: string[] = [];
  private readonly seen = new Map<string, ParsedKnownEntry>();
  constructor(private readonly fileName: string) {}

  add(line: number, result: KnownEntry | string, context = ''): void {
    if (typeof result === 'string') {
      this.problems.push(`${this.fileName}:${line}: ${context}${result}`);
      return;
    }
    const key = `${result.kind} ${result.identity}`;
    const prev = this.seen.get(key);
    if (prev) {
      prev.label ??= result.label;
      return;
    }
    const entry = { ...result, line };
    this.seen.set(key, entry);
    this.entries.push(entry);
  }
}

/** Offsets of line starts, to turn a parser offset into a line number. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/**
 * OPML 1.0 and 2.0 as feed readers write it: every `<outline>` at any depth with `xmlUrl` (a
 * feed) and/or `htmlUrl` (a site); `type="link"` outlines' `url` is a site, `type="rss"` ones' a
 * feed. Outlines without URLs are folders. Attribute names are matched in any case, since
 * exporters disagree (`xmlurl`, `xmlUrl`). htmlparser2's XML mode reads broken markup too.
 */
function parseOpml(text: string, out: Collector): void {
  const lineOf = lineIndex(text);
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name.toLowerCase() !== 'outline') return;
        const a = new Map(Object.entries(attribs).map(([k, v]) => [k.toLowerCase(), v.trim()]));
        const line = lineOf(parser.startIndex);
        const name_ = label(a.get('title') || a.get('text'));
        const context = name_ ? `outline ${shown(name_)}: ` : 'outline: ';
        const type = (a.get('type') ?? '').toLowerCase();
        const feed = a.get('xmlurl') || (type === 'rss' ? a.get('url') : '') || '';
        const site = a.get('htmlurl') || (type === 'link' ? a.get('url') : '') || '';
        if (feed) out.add(line, entryFromUrl(feed, true, name_), `${context}xmlUrl `);
        if (!site) return;
        const entry = entryFromUrl(site, false, name_);
        // A feed's htmlUrl on a platform (a YouTube channel page) is normal, not a mistake.
        if (typeof entry === 'string' && feed && / is on a platform /.test(entry)) return;
        out.add(line, entry, `${context}htmlUrl `);
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  try {
    parser.end(text);
  } catch {
    // htmlparser2 does not throw on bad markup; this only guards against the unforeseen.
  }
}

/** Mastodon's following export: `Account address,Show boosts,Notify on new posts,Languages`. */
function parseMastodonCsv(text: string, out: Collector, fileName: string): void {
  let records: { info: { lines: number }; record: string[] }[];
  try {
    records = parseCsv(text, {
      bom: true, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true,
      skip_records_with_error: true, on_skip: (err) => {
        out.problems.push(`${fileName}:${typeof err?.lines === 'number' ? err.lines : '?'}: unreadable CSV record`);
        return undefined;
      },
    }) as unknown as { info: { lines: number }; record: string[] }[];
  } catch (err) {
    out.problems.push(`${fileName}: unreadable CSV (${cleanForTerminal(String((err as Error).message ?? err)).slice(0, 200)})`);
    return;
  }
  for (const { info, record } of records.slice(1)) {
    const acct = (record[0] ?? '').trim().replace(/^@/, '');
    if (acct === '') continue;
    const entry = /^[^@\s/]+@[^@\s/]+$/.test(acct) ? entryFromLine(`@${acct}`) : null;
    out.add(info.lines, entry === null || (typeof entry !== 'string' && entry.kind !== 'mastodon') ? `${shown(acct)} is not a fediverse address (user@host)` : entry);
  }
}

/** One URL or handle per line; blank lines and `#` comments skipped; ` # note` is the label. */
function parseList(text: string, out: Collector): void {
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    out.add(i + 1, entryFromLine(line));
  });
}

/** Why a text is none of the formats before looking at lines, or null. */
function notAList(text: string): string | null {
  if (text.includes('\u0000')) return 'a binary file';
  if (text.startsWith('<')) return 'an XML or HTML document without <opml>';
  if (/^[{[]/.test(text)) return 'a JSON document';
  return null;
}

/**
 * Read a file of known people, recognising the format by content. Entries come deduplicated in
 * file order; problems are `FILE:LINE: why` lines. A file with nothing usable in it (no entry and
 * not an OPML or Mastodon CSV, or a binary/HTML/JSON file) is `{ ok: false }` with the reason.
 */
export function parseKnownFile(text: string, fileName: string): KnownFile | NotKnownFile {
  const body = typeof text === 'string' ? text.replace(/^\uFEFF/, '') : '';
  const head = body.trimStart();
  const out = new Collector(fileName);
  let format: KnownFormat;
  if (head.startsWith('<') && /<opml[\s>/]/i.test(body)) {
    format = 'opml';
    parseOpml(body, out);
  } else if (MASTODON_CSV_HEADER.test(head.slice(0, 200))) {
    format = 'mastodon-csv';
    parseMastodonCsv(body, out, fileName);
  } else {
    const why = notAList(head);
    if (why !== null) return { ok: false, reason: why };
    format = 'list';
    parseList(body, out);
    if (out.entries.length === 0) return { ok: false, reason: out.problems.length > 0 ? 'no line is a URL or handle' : 'it is empty' };
  }
  return { ok: true, format, entries: out.entries, problems: out.problems };
}
