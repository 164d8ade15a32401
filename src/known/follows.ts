// Whom an account follows, read from the public APIs without login, as known entries: Bluesky's
// `app.bsky.graph.getFollows` (cursor pages) and Mastodon's `/api/v1/accounts/:id/following`
// (Link-header pages), bounded by `max`. Every request goes through the crawl's PoliteFetch, so
// robots.txt, per-host pacing, rate-limit headers and 429 backoff are the crawl's own. The page
// parsers are pure; nothing here throws for a bad answer: it ends with a `problem` instead.
import { RobotsDisallowedError, type PoliteFetch } from '../crawl/polite-fetch.js';
import { DEFAULT_SETTINGS } from '../crawl/settings.js';
import { FetchError } from '../errors.js';
import { asObject, asString, cleanHandle, isDid, NO_UNAUTHENTICATED, parseJson, UNEXPECTED_ANSWER, xrpcErrorReason } from '../extract/bluesky.js';
import { canonicalAcct, parseAccount } from '../extract/mastodon.js';
import { cleanForTerminal } from '../extract/text.js';
import { detectServer, isMastodonCompatible, jsonBody, ServerCache, webFinger } from '../sources/fediverse-discovery.js';
import { parseProfileUrl, type AccountLocation } from '../sources/mastodon.js';
import { pageByCursor, pageUrl } from '../sources/cursor-paging.js';
import type { KnownEntry } from './parse-known.js';

/** Most followed accounts read by default. */
export const DEFAULT_MAX_FOLLOWS = 2000;
/** The largest pages the APIs serve. */
const BSKY_PAGE = 100;
const MASTODON_PAGE = 80;
const JSON_ACCEPT = 'application/json';

/** Options for reading follows. */
export interface FollowsOptions {
  /** Most followed accounts to read. @default DEFAULT_MAX_FOLLOWS (2000) */
  max?: number;
  /** Bluesky AppView base URL. @default 'https://public.api.bsky.app' */
  blueskyApi?: string;
  /** Response size cap on decoded bytes. @default 5 MiB */
  maxBytes?: number;
}

/** What reading follows gave. */
export interface FollowsResult {
  /** Known entries: per Bluesky account its DID and handle, per fediverse account `user@host`. */
  entries: KnownEntry[];
  /** Followed accounts read. */
  accounts: number;
  /** Whether it stopped at `max` with more to read. */
  truncated: boolean;
  /** Why reading ended early, or null. */
  problem: string | null;
}

/** One followed Bluesky account. */
export interface BskyFollow {
  did: string;
  /** Lower-case; null when the AppView has no valid handle for it. */
  handle: string | null;
  /** Display name, else handle. */
  label: string | null;
}

/** One page of getFollows, read. */
export interface BskyFollowsPage {
  ok: true;
  follows: BskyFollow[];
  /** Follows on the page, readable or not (an empty page ends paging). */
  read: number;
  cursor: string | null;
  /** The followed-by account asked not to be shown to logged-out viewers. */
  subjectOptedOut: boolean;
}

/** Read one `app.bsky.graph.getFollows` answer: each follow as its DID and (valid) handle. */
export function parseFollowsPage(json: unknown): BskyFollowsPage | { ok: false; reason: string } {
  const o = asObject(json);
  if (!o || !Array.isArray(o.follows)) return { ok: false, reason: UNEXPECTED_ANSWER };
  const labels = Array.isArray(asObject(o.subject)?.labels) ? (asObject(o.subject)!.labels as unknown[]) : [];
  const subjectOptedOut = labels.some((l) => asObject(l)?.val === NO_UNAUTHENTICATED && asObject(l)?.neg !== true);
  const follows: BskyFollow[] = [];
  for (const f of o.follows) {
    const p = asObject(f);
    if (!p || !isDid(p.did)) continue;
    const handle = cleanHandle(p.handle);
    follows.push({ did: p.did, handle, label: cleanForTerminal(asString(p.displayName) ?? '').trim().slice(0, 200) || handle });
  }
  return { ok: true, follows, read: o.follows.length, cursor: asString(o.cursor), subjectOptedOut };
}

/**
 * A followed Bluesky account as known entries: its DID (what visited accounts are keyed by) and
 * its handle (what links to bsky.app profiles not visited yet are keyed by).
 */
export function followEntries(f: BskyFollow): KnownEntry[] {
  return [{ kind: 'bluesky', identity: f.did, label: f.label }, ...(f.handle ? [{ kind: 'bluesky' as const, identity: f.handle, label: f.label }] : [])];
}

/** Read one page of `/api/v1/accounts/:id/following`: accounts as `user@host` (local ones get `instanceHost`). */
export function parseFollowingPage(json: unknown, instanceHost: string): KnownEntry[] | null {
  if (!Array.isArray(json)) return null;
  const entries: KnownEntry[] = [];
  for (const a of json) {
    const o = asObject(a);
    const acct = canonicalAcct(o?.acct, instanceHost);
    if (!o || !acct) continue;
    entries.push({ kind: 'mastodon', identity: acct, label: cleanForTerminal(asString(o.display_name) ?? '').trim().slice(0, 200) || acct });
  }
  return entries;
}

/** The `rel="next"` URL of a Link header, only on `origin` (a hostile header must not send us elsewhere). */
export function nextLink(link: string | undefined, origin: string): string | null {
  for (const part of (link ?? '').split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m || !/;\s*rel="?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2]!)) continue;
    try {
      const url = new URL(m[1]!, origin);
      return url.origin === new URL(origin).origin ? url.href : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** A fetch failure as words; bugs are rethrown. */
function failure(err: unknown, what: string): string {
  if (err instanceof FetchError || err instanceof RobotsDisallowedError) return `${what}: ${cleanForTerminal(err.message)}`;
  throw err;
}

/** Whom a Bluesky account (handle or DID) follows, by getFollows pages of up to 100. */
export async function blueskyFollows(actor: string, fetch: PoliteFetch, opts: FollowsOptions = {}): Promise<FollowsResult> {
  const max = opts.max ?? DEFAULT_MAX_FOLLOWS;
  const api = (opts.blueskyApi ?? DEFAULT_SETTINGS.blueskyApi).replace(/\/+$/, '');
  const out: FollowsResult = { entries: [], accounts: 0, truncated: false, problem: null };
  const end = await pageByCursor({
    max,
    pageSize: BSKY_PAGE,
    visit: async (limit, cursor) => {
      let res;
      try {
        res = await fetch({ url: pageUrl(`${api}/xrpc/app.bsky.graph.getFollows?actor=${encodeURIComponent(actor)}`, limit, cursor), accept: JSON_ACCEPT, maxBytes: opts.maxBytes ?? DEFAULT_SETTINGS.maxBytes });
      } catch (err) {
        out.problem = failure(err, 'Bluesky API');
        return 'stop';
      }
      const json = parseJson(res.body);
      const page = res.status === 200 ? parseFollowsPage(json) : { ok: false as const, reason: xrpcErrorReason(res.status, json) };
      if (!page.ok) return (out.problem = page.reason), 'stop';
      // Consistent with the crawl: an account that asked to stay hidden from logged-out readers is not read.
      if (page.subjectOptedOut) {
        Object.assign(out, { entries: [], accounts: 0, problem: 'the account asks not to be shown to logged-out viewers' });
        return 'stop';
      }
      // A server that ignores `limit` must not blow the bound.
      const take = page.follows.slice(0, limit);
      out.entries.push(...take.flatMap(followEntries));
      out.accounts += take.length;
      return page;
    },
  });
  out.truncated = end === 'max';
  return out;
}

/** The account's location and id on its server, or why it cannot be read. */
async function findAccount(start: AccountLocation, fetch: PoliteFetch): Promise<{ loc: AccountLocation; id: string } | string> {
  const servers = new ServerCache(4);
  let loc = start;
  for (let detoured = false; ; detoured = true) {
    const server = await detectServer(loc.origin, fetch, servers);
    const res = server.name !== null && isMastodonCompatible(server.name)
      ? await fetch({ url: `${loc.origin}/api/v1/accounts/lookup?acct=${encodeURIComponent(loc.username)}`, accept: JSON_ACCEPT })
      : null;
    if ((res === null && server.name === null) || res?.status === 404) {
      // The handle's domain may not be the server (`@dana@dana.example` on social.dana.example): ask WebFinger once.
      const wf = detoured ? null : await webFinger(loc.origin, `${loc.username}@${loc.domain}`.toLowerCase(), fetch);
      const next = wf ? parseProfileUrl(wf.profileUrl ?? wf.selfUrl ?? '') : null;
      if (next && (next.origin !== loc.origin || next.username !== loc.username)) {
        loc = { ...next, domain: wf?.subject?.split('@')[1] ?? next.domain };
        continue;
      }
      return res === null ? 'not a fediverse server (no NodeInfo)' : 'account not found';
    }
    if (res === null) return `not readable: ${server.name} has no Mastodon-compatible public API`;
    if (res.status === 401 || res.status === 403) return `not readable without login (${server.name})`;
    if (res.status >= 400) return `account lookup answered HTTP ${res.status}`;
    const account = parseAccount(jsonBody(res));
    if (!account) return 'unreadable account answer';
    if (account.suspended) return 'account suspended';
    return { loc, id: account.id };
  }
}

/**
 * Whom a fediverse account follows: `@user@host`, `user@host` or a profile URL (its scheme is
 * kept). NodeInfo first, so a Misskey server gets no Mastodon calls; then the account lookup
 * (with one WebFinger detour), then `following` pages of up to 80, following `Link: rel="next"`.
 */
export async function mastodonFollows(account: string, fetch: PoliteFetch, opts: FollowsOptions = {}): Promise<FollowsResult> {
  const max = opts.max ?? DEFAULT_MAX_FOLLOWS;
  const out: FollowsResult = { entries: [], accounts: 0, truncated: false, problem: null };
  const handle = /^@?([^@\s/]+)@([^@\s/]+)$/.exec(account.trim());
  const start = parseProfileUrl(handle ? `https://${handle[2]}/@${handle[1]}` : account.trim());
  if (!start) return { ...out, problem: `"${cleanForTerminal(account).slice(0, 200)}" is not a fediverse account (@user@host or a profile URL)` };
  let found;
  try {
    found = await findAccount(start, fetch);
  } catch (err) {
    return { ...out, problem: failure(err, 'fediverse server') };
  }
  if (typeof found === 'string') return { ...out, problem: found };
  const { loc, id } = found;
  const seen = new Set<string>();
  let read = 0;
  let url: string | null = `${loc.origin}/api/v1/accounts/${encodeURIComponent(id)}/following?limit=${Math.min(MASTODON_PAGE, max)}`;
  while (url !== null && !seen.has(url)) {
    seen.add(url);
    let res;
    try {
      res = await fetch({ url, accept: JSON_ACCEPT, maxBytes: opts.maxBytes ?? DEFAULT_SETTINGS.maxBytes });
    } catch (err) {
      return { ...out, problem: failure(err, 'following') };
    }
    if (res.status === 401 || res.status === 403) return { ...out, problem: 'whom it follows is not readable without login' };
    const json = jsonBody(res);
    const page = parseFollowingPage(json, loc.domain);
    if (page === null) return { ...out, problem: res.status >= 400 ? `following answered HTTP ${res.status}` : 'unreadable following answer' };
    // A server that ignores `limit` must not blow the bound; unreadable entries count towards it
    // too, so pages of garbage cannot keep us paging.
    const take = page.slice(0, max - out.accounts);
    out.entries.push(...take);
    out.accounts += take.length;
    read += (json as unknown[]).length;
    const next = page.length === 0 ? null : nextLink(res.headers['link'], loc.origin);
    if (out.accounts >= max || read >= max) {
      out.truncated = next !== null || take.length < page.length;
      return out;
    }
    url = next;
  }
  return out;
}
