// Finding out what a fediverse host is before asking it anything: NodeInfo (which server
// software runs there, so Misskey or a plain blog never gets Mastodon API calls) and WebFinger
// (where an `acct:user@domain` really lives, for handles on a domain other than the server's).
// The parsers are pure; the fetchers take the polite fetch and a bounded per-origin cache.
import type { FetchResult } from '../crawl/fetch-types.js';
import { FetchError } from '../errors.js';
import type { SourceContext } from './source.js';
import type { PoliteFetch } from '../crawl/polite-fetch.js';
import { cleanForTerminal } from '../extract/text.js';
import { normalizeUrl } from '../extract/url.js';

/** NodeInfo schema versions we read, preferred first. */
const NODEINFO_RELS = ['http://nodeinfo.diaspora.software/ns/schema/2.1', 'http://nodeinfo.diaspora.software/ns/schema/2.0'];

/** Server software (NodeInfo `software.name`) that serves the Mastodon client API publicly. */
export const MASTODON_COMPATIBLE: ReadonlySet<string> = new Set([
  'mastodon', 'hometown', 'glitch', 'glitchsoc', 'glitch-soc', 'pleroma', 'akkoma', 'gotosocial', 'fedibird', 'kmyblue',
]);

/** Discovery answers are small; anything bigger is not one. */
const DISCOVERY_MAX_BYTES = 256 * 1024;
const JSON_ACCEPT = 'application/json';
const JRD_ACCEPT = 'application/jrd+json, application/json;q=0.9';

/** What runs on a host: `name` is null when it is not a fediverse server (no NodeInfo). */
export interface ServerInfo {
  /** Lower-case NodeInfo software name, e.g. 'mastodon', 'gotosocial', 'misskey'. */
  name: string | null;
  version: string | null;
}

/** Where WebFinger says an account lives. */
export interface WebFingerResult {
  /** `acct:user@domain` as the server names it, or null. */
  subject: string | null;
  /** The ActivityPub actor (`rel=self`, activity+json). */
  selfUrl: string | null;
  /** The human profile page (`http://webfinger.net/rel/profile-page`). */
  profileUrl: string | null;
}

/** Whether this software answers `/api/v1/accounts/*` like Mastodon. */
export function isMastodonCompatible(software: string | null): boolean {
  return software !== null && MASTODON_COMPATIBLE.has(software.toLowerCase());
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The NodeInfo document URL from a `/.well-known/nodeinfo` answer (2.1 preferred, then 2.0). */
export function nodeInfoHref(json: unknown, base: string): string | null {
  const links = isObject(json) && Array.isArray(json.links) ? json.links.filter(isObject) : [];
  for (const rel of NODEINFO_RELS) {
    const link = links.find((l) => l.rel === rel && typeof l.href === 'string');
    const href = link ? normalizeUrl(link.href as string, base) : null;
    if (href) return href;
  }
  return null;
}

/** `software.name` and `.version` of a NodeInfo document; null when it has no name. */
export function nodeInfoSoftware(json: unknown): ServerInfo | null {
  const software = isObject(json) && isObject(json.software) ? json.software : null;
  const name = typeof software?.name === 'string' ? cleanForTerminal(software.name).trim().toLowerCase() : '';
  if (name === '' || name.length > 100) return null;
  const version = typeof software?.version === 'string' ? cleanForTerminal(software.version).trim().slice(0, 100) : null;
  return { name, version: version || null };
}

/** Read a WebFinger JRD; null when it names no subject and no usable link. */
export function parseWebFinger(json: unknown): WebFingerResult | null {
  if (!isObject(json)) return null;
  const links = Array.isArray(json.links) ? json.links.filter(isObject) : [];
  const href = (pick: (l: Record<string, unknown>) => boolean): string | null => {
    const l = links.find((x) => pick(x) && typeof x.href === 'string');
    return l ? normalizeUrl(l.href as string) : null;
  };
  const selfUrl = href((l) => l.rel === 'self' && /activity\+json|ld\+json/.test(String(l.type ?? '')));
  const profileUrl = href((l) => l.rel === 'http://webfinger.net/rel/profile-page');
  const subject = typeof json.subject === 'string' && /^acct:[^@\s]+@[^@\s]+$/i.test(json.subject) ? json.subject.toLowerCase() : null;
  if (!subject && !selfUrl && !profileUrl) return null;
  return { subject, selfUrl, profileUrl };
}

/** A JSON body, or null for non-JSON (an HTML error page, a 404, garbage). */
export function jsonBody(res: FetchResult): unknown {
  if (res.status < 200 || res.status >= 300 || res.body === null || res.contentType === 'text/html') return null;
  try {
    return JSON.parse(res.body) as unknown;
  } catch {
    return null;
  }
}

/** A bounded map of in-flight or settled NodeInfo answers per origin, oldest evicted first. */
export class ServerCache {
  private readonly entries = new Map<string, Promise<ServerInfo>>();
  /** Remember at most `maxEntries` origins (default 1000). */
  constructor(private readonly maxEntries = 1000) {}

  /** The answer for `origin`, computing it once; a failed computation is forgotten. */
  get(origin: string, compute: () => Promise<ServerInfo>): Promise<ServerInfo> {
    const hit = this.entries.get(origin);
    if (hit) return hit;
    const pending = compute();
    this.entries.set(origin, pending);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    pending.catch(() => {
      if (this.entries.get(origin) === pending) this.entries.delete(origin);
    });
    return pending;
  }

  /** Origins remembered. */
  get size(): number {
    return this.entries.size;
  }
}

/** A busy or broken server says nothing about what it is: fail (uncached) rather than remember "not fediverse". */
function unlessBusy(res: FetchResult): FetchResult {
  if (res.status === 429 || res.status >= 500) {
    throw new FetchError(`${res.url}: NodeInfo answered HTTP ${res.status}`, { code: 'LN_NODEINFO_UNAVAILABLE', url: res.url, retryable: true });
  }
  return res;
}

/**
 * What software runs at `origin` (`http(s)://host[:port]`), from NodeInfo. Rejects with the
 * fetch's own errors (network, robots) and a FetchError for 429/5xx; any other unreadable
 * answer (404, HTML, garbage) means "not fediverse".
 */
export function detectServer(origin: string, fetch: PoliteFetch, cache: ServerCache, remember?: SourceContext['remember']): Promise<ServerInfo> {
  const ask = async (): Promise<ServerInfo> => {
    const wellKnown = `${origin}/.well-known/nodeinfo`;
    const index = unlessBusy(await fetch({ url: wellKnown, accept: JSON_ACCEPT, maxBytes: DISCOVERY_MAX_BYTES }));
    const href = nodeInfoHref(jsonBody(index), index.finalUrl || wellKnown);
    if (!href) return { name: null, version: null };
    const doc = unlessBusy(await fetch({ url: href, accept: JSON_ACCEPT, maxBytes: DISCOVERY_MAX_BYTES }));
    return nodeInfoSoftware(jsonBody(doc)) ?? { name: null, version: null };
  };
  // Kept in the db for a day when the crawl offers it (a failure is never kept: `ask` throws).
  return cache.get(origin, () => (remember ? remember(`nodeinfo:${origin}`, NODEINFO_FRESH_MS, ask) : ask()));
}

/** How long a server's NodeInfo answer is trusted, like robots.txt. */
export const NODEINFO_FRESH_MS = 24 * 60 * 60 * 1000;

/** Ask `origin` where `acct:user@domain` (canonical) lives. Null when it does not know (404, garbage). */
export async function webFinger(origin: string, acct: string, fetch: PoliteFetch): Promise<WebFingerResult | null> {
  // `acct` is canonical (letters, digits, `_.-`, one `@`), so it needs no escaping in a query.
  const url = `${origin}/.well-known/webfinger?resource=acct:${acct}`;
  const res = await fetch({ url, accept: JRD_ACCEPT, maxBytes: DISCOVERY_MAX_BYTES });
  return parseWebFinger(jsonBody(res));
}
