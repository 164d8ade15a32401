// The seeds file: one starting point per line (a web URL, a bare domain, a Bluesky or Mastodon
// handle). A bad line stops the run with `FILE:LINE: why`, because a typo silently dropped
// would bias the whole crawl.

import { parse as parseDomain } from 'tldts';
import { SeedsError } from '../errors.js';
import { fediverseProfile } from './fediverse-url.js';
import { cleanForTerminal } from './text.js';
import { normalizeUrl } from './url.js';

/** Which network a seed lives on. */
export type SeedKind = 'web' | 'bluesky' | 'mastodon';

/** One parsed line of a seeds file. */
export interface Seed {
  /** 1-based line number in the file. */
  line: number;
  /** The seed as written, without its ` # label`. */
  input: string;
  kind: SeedKind;
  /** Web: the normalized URL. Bluesky/Mastodon: the profile URL. */
  url: string | null;
  /** Bluesky handle or DID, or Mastodon `user@instance`; null for web seeds. */
  handle: string | null;
  /** The trailing ` # note`, if any. */
  label: string | null;
}

/** Schemes someone might plausibly paste that we know and do not crawl. */
const KNOWN_SCHEMES = new Set([
  'ftp', 'ftps', 'sftp', 'file', 'mailto', 'javascript', 'data', 'tel', 'sms', 'gopher', 'gemini',
  'ws', 'wss', 'irc', 'ircs', 'news', 'nntp', 'at', 'xmpp', 'magnet', 'ipfs', 'ipns', 'feed', 'rss',
]);

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const BARE_DOMAIN = /^([a-z0-9.-]+)(:\d{1,5})?([/?#].*)?$/i;
const MASTODON_USER = /^[a-z0-9_]+(?:[.-][a-z0-9_]+)*$/i;
const DID = /^did:(plc|web):[a-z0-9._:%-]+$/i;

/** Special-use and home-network TLDs (RFC 2606, 6761, 8375) that the PSL does not list. */
const LOCAL_TLDS: ReadonlySet<string> = new Set(['example', 'test', 'localhost', 'invalid', 'local', 'internal', 'lan', 'home', 'arpa']);

/**
 * A host name made of valid labels ending in a suffix the PSL knows or a special-use TLD, so
 * `notes.txt` is a typo, not a web site, while `blog.example` (tests, demos) is accepted.
 */
function isDomain(host: string): boolean {
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l))) return false;
  if (LOCAL_TLDS.has(labels[labels.length - 1]!)) return true;
  const info = parseDomain(host, { allowPrivateDomains: true });
  return info.isIcann === true || info.isPrivate === true;
}

/** A Bluesky handle (a domain name) lower-cased, or a DID kept as written; null if neither. */
function blueskyHandle(raw: string): string | null {
  const h = raw.replace(/^@/, '');
  if (DID.test(h)) return h;
  const lower = h.toLowerCase();
  return isDomain(lower) ? lower : null;
}

/** decodeURIComponent that returns its input on a malformed escape instead of throwing. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type Parsed = Omit<Seed, 'line' | 'input' | 'label'>;

/** A Mastodon seed from `@user@instance` or `user@instance`; null when it is not that shape. */
function mastodonHandle(raw: string): Parsed | null {
  const m = /^@?([^@\s]+)@([^@\s/]+)$/.exec(raw);
  if (m === null || !MASTODON_USER.test(m[1]!) || !isDomain(m[2]!.toLowerCase())) return null;
  const user = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  return { kind: 'mastodon', url: `https://${host}/@${user}`, handle: `${user}@${host}` };
}

/** Classify one seed (label already removed); a string is the reason it is rejected. */
function classify(input: string): Parsed | string {
  const notSeed = 'is not a URL or handle';
  if (/\s/.test(input)) return notSeed;
  const bsky = /^bsky:(.+)$/i.exec(input);
  if (bsky !== null) {
    const handle = blueskyHandle(bsky[1]!);
    return handle === null ? `is not a Bluesky handle or DID` : { kind: 'bluesky', url: `https://bsky.app/profile/${handle}`, handle };
  }
  if (DID.test(input)) return { kind: 'bluesky', url: `https://bsky.app/profile/${input}`, handle: input };
  const masto = /^mastodon:(.+)$/i.exec(input);
  if (masto !== null) {
    const rest = masto[1]!;
    if (rest.includes('@') && !/^https?:/i.test(rest)) return mastodonHandle(rest) ?? 'is not a Mastodon handle (@user@instance)';
    const url = normalizeUrl(rest);
    if (url === null) return 'is not a Mastodon profile URL';
    return { kind: 'mastodon', url, handle: fediverseProfile(url, true)?.acct ?? null };
  }
  if (input.startsWith('@')) return mastodonHandle(input) ?? notSeed;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(input)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    const url = normalizeUrl(input);
    if (url === null || !/^https?:\/\/[^/]/i.test(input)) return notSeed;
    const profile = /^https:\/\/(?:www\.)?bsky\.app\/profile\/([^/?#]+)\/?$/.exec(url);
    if (profile !== null) {
      const handle = blueskyHandle(safeDecode(profile[1]!));
      if (handle !== null) return { kind: 'bluesky', url: `https://bsky.app/profile/${handle}`, handle };
    }
    // A profile URL is an account; the crawl asks the server's NodeInfo before reading it.
    const fedi = fediverseProfile(url, true);
    if (fedi !== null) return { kind: 'mastodon', url, handle: fedi.acct };
    return { kind: 'web', url, handle: null };
  }
  const bare = BARE_DOMAIN.exec(input);
  if (bare !== null && isDomain(bare[1]!.toLowerCase())) {
    const url = normalizeUrl(`https://${input}`);
    if (url !== null) return { kind: 'web', url, handle: null };
  }
  if (scheme !== undefined && KNOWN_SCHEMES.has(scheme)) return `has unsupported scheme "${scheme}:" (use http(s), bsky: or mastodon:)`;
  return notSeed;
}

/**
 * One seed per line; blank lines and lines starting with # are ignored; a trailing ` # note`
 * (whitespace then #) is the label. Web: http(s) URL or bare domain (becomes https://),
 * normalized. Bluesky: `https://bsky.app/profile/HANDLE`, `bsky:HANDLE` or a bare `did:plc:`/
 * `did:web:`. Mastodon: `@user@instance`, `mastodon:URL`, `mastodon:@user@instance`, and a
 * profile URL `https://host/@user` or `https://host/users/user` (checked with NodeInfo when crawled). Duplicates (same kind and handle/url) are dropped keeping
 * the first. Throws SeedsError `FILE:LINE: "input" why` on a bad line and `FILE: no seeds found`
 * when there are none.
 */
export function parseSeeds(text: string, fileName: string): Seed[] {
  const seeds: Seed[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const labelAt = trimmed.search(/\s#/);
    const input = (labelAt === -1 ? trimmed : trimmed.slice(0, labelAt)).trim();
    const label = labelAt === -1 ? null : cleanForTerminal(trimmed.slice(labelAt).trim().slice(1).trim()) || null;
    const result = classify(input);
    if (typeof result === 'string') {
      const shown = cleanForTerminal(input).slice(0, 200);
      throw new SeedsError(`${fileName}:${i + 1}: "${shown}" ${result}`);
    }
    const key = `${result.kind} ${result.handle ?? result.url}`;
    if (seen.has(key)) return;
    seen.add(key);
    seeds.push({ line: i + 1, input, ...result, label });
  });
  if (seeds.length === 0) throw new SeedsError(`${fileName}: no seeds found`);
  return seeds;
}
