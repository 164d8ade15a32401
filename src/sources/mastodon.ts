// The fediverse source: one `fedi-account` row (a profile URL such as https://host/@user) read
// through the public Mastodon client API. NodeInfo first, so servers without that API
// (Misskey and its forks, plain websites) are skipped without a wasted call; then the account
// (WebFinger when the handle's domain is not the server), then its recent statuses, newest
// first, paged with `max_id` up to `postsPerAccount`.
import { FetchError } from '../errors.js';
import type { FetchResult } from '../crawl/fetch-types.js';
import { RobotsDisallowedError, type PoliteFetch } from '../crawl/polite-fetch.js';
import { canonicalAcct, parseAccount, parseStatuses, type ParsedAccount } from '../extract/mastodon.js';
import type { DocumentInput } from '../store/documents.js';
import type { FrontierRow } from '../store/frontier.js';
import { detectServer, isMastodonCompatible, jsonBody, ServerCache, webFinger, type ServerInfo } from './fediverse-discovery.js';
import { emptyOutcome, type HiddenReason, type Source, type SourceContext, type TaskOutcome } from './source.js';
import { replayKnownPosts } from './replay-posts.js';

/** Options for {@link createMastodonSource}. */
export interface MastodonSourceOptions {
  /** NodeInfo answers remembered per origin for the life of the source. @default new ServerCache(1000) */
  servers?: ServerCache;
  /** Statuses asked for per page; Mastodon serves at most 40. @default 40 */
  pageSize?: number;
}

/** Where an account is read: the server's origin, the username there, the handle's domain. */
export interface AccountLocation {
  /** `http(s)://host[:port]` of the server that answers the API. */
  origin: string;
  username: string;
  /** Domain of the handle `user@domain`, lower-case (usually the server's host). */
  domain: string;
}

const JSON_ACCEPT = 'application/json';
const USERNAME = /^[\p{L}\p{N}_.-]+$/u;
const DOMAIN = /^[a-z0-9.-]+$/;

/**
 * Read a fediverse profile URL: `/@user`, `/users/user`, or `/@user@domain` (a remote account
 * shown by another server: it lives on `domain`, reached with the same scheme). Null otherwise.
 */
export function parseProfileUrl(url: string): AccountLocation | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const segments = u.pathname.split('/').filter(Boolean);
  let name: string;
  try {
    name = decodeURIComponent(segments[0] === 'users' ? (segments[1] ?? '') : segments[0]?.startsWith('@') ? segments[0].slice(1) : '');
  } catch {
    return null;
  }
  const [username = '', remote] = name.split('@', 3);
  if (!USERNAME.test(username) || name.split('@').length > 2) return null;
  // The handle's domain has no port (as identify() keys accounts); the origin keeps it.
  const domain = (remote ?? u.hostname).toLowerCase();
  if (!DOMAIN.test(domain)) return null;
  return { origin: remote === undefined ? `${u.protocol}//${u.host}` : `${u.protocol}//${domain}`, username, domain };
}

/** Where a WebFinger answer sends `loc`, or null when it adds nothing. */
async function relocate(loc: AccountLocation, fetch: PoliteFetch): Promise<AccountLocation | null> {
  const wf = await webFinger(loc.origin, `${loc.username}@${loc.domain}`.toLowerCase(), fetch);
  const link = wf?.selfUrl ?? wf?.profileUrl;
  if (!wf || !link) return null;
  const url = new URL(link);
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded: it then simply does not name a user
  }
  const fromPath = /^\/(?:users\/|@)([\p{L}\p{N}_.-]+)\/?$/u.exec(path)?.[1];
  const [subjectUser, subjectDomain] = wf.subject ? wf.subject.slice('acct:'.length).split('@') : [];
  const domain = subjectDomain !== undefined && DOMAIN.test(subjectDomain) ? subjectDomain : url.hostname;
  const next = { origin: `${url.protocol}//${url.host}`, username: fromPath ?? subjectUser ?? loc.username, domain };
  return next.origin === loc.origin && next.username === loc.username ? null : next;
}

type Found = { loc: AccountLocation; server: ServerInfo; res: FetchResult } | { stop: TaskOutcome };

/** NodeInfo, then the account lookup; one WebFinger detour when either finds nothing. */
async function findAccount(start: AccountLocation, fetch: PoliteFetch, servers: ServerCache, remember?: SourceContext['remember']): Promise<Found> {
  let loc = start;
  let detoured = false;
  for (;;) {
    const server = await detectServer(loc.origin, fetch, servers, remember);
    if (server.name === null || !isMastodonCompatible(server.name)) {
      const next: AccountLocation | null = server.name === null && !detoured ? await relocate(loc, fetch) : null;
      if (next) {
        [loc, detoured] = [next, true];
        continue;
      }
      const why = server.name === null ? 'not a fediverse server (no NodeInfo)' : `not readable: ${server.name} has no Mastodon-compatible public API`;
      return { stop: emptyOutcome('skipped', why, true) };
    }
    const url = `${loc.origin}/api/v1/accounts/lookup?acct=${encodeURIComponent(loc.username)}`;
    const res = await fetch({ url, accept: JSON_ACCEPT });
    if (res.status === 404 && !detoured) {
      const next: AccountLocation | null = await relocate(loc, fetch);
      if (next) {
        [loc, detoured] = [next, true];
        continue;
      }
    }
    return { loc, server, res };
  }
}

/** Why a lookup answer is not an account we can read, or null when it is one. */
function lookupProblem(res: FetchResult, server: ServerInfo, host: string): { status: 'failed' | 'skipped'; reason: string } | null {
  if (res.status === 401 || res.status === 403) return { status: 'skipped', reason: `not readable without login (${server.name})` };
  if (res.status === 404) return { status: 'failed', reason: 'account not found' };
  // Mastodon 2.4 to 3.3 answered suspended accounts with 410 Gone.
  if (res.status === 410) return { status: 'skipped', reason: 'account suspended' };
  if (res.status === 429) return { status: 'failed', reason: `rate limited by ${host} (HTTP 429)` };
  if (res.status >= 400) return { status: 'failed', reason: `account lookup answered HTTP ${res.status}` };
  return null;
}

/** A non-done outcome leaves a document row saying what happened, as the web source does. */
/** A skipped account that must never be shown. */
function hiddenOutcome(reason: string, hidden: HiddenReason): TaskOutcome {
  const out = emptyOutcome('skipped', reason, true);
  out.facts = { hidden };
  return out;
}

function stopped(row: FrontierRow, out: TaskOutcome, status: number | null = null): TaskOutcome {
  out.documents.push({
    url: row.url, kind: 'other', finalUrl: null, entityId: null, status, contentType: null, title: null, publishedAt: null,
    etag: null, lastModified: null, textExcerpt: null, error: out.reason,
  });
  return out;
}

/** The profile itself as a document: its bio is often the best summary of what someone is about. */
function profileDocument(account: ParsedAccount, res: FetchResult): DocumentInput {
  return {
    url: account.url, kind: 'other', finalUrl: null, entityId: null, status: res.status, contentType: res.contentType || null,
    title: account.displayName || account.username, publishedAt: null, etag: null, lastModified: null,
    textExcerpt: account.bio || null, error: null,
  };
}

/** Page through the account's statuses into `out`; returns why reading stopped early, if it did. */
async function readStatuses(out: TaskOutcome, loc: AccountLocation, account: ParsedAccount, self: string, fetch: PoliteFetch, ctx: SourceContext, pageSize: number): Promise<string | null> {
  const budget = ctx.settings.postsPerAccount;
  let read = 0;
  let maxId: string | null = null;
  while (read < budget) {
    const want = Math.min(pageSize, budget - read);
    const url = `${loc.origin}/api/v1/accounts/${encodeURIComponent(account.id)}/statuses?limit=${want}${maxId ? `&max_id=${encodeURIComponent(maxId)}` : ''}`;
    let res: FetchResult;
    try {
      res = await fetch({ url, accept: JSON_ACCEPT, maxBytes: ctx.settings.maxBytes });
    } catch (err) {
      if (err instanceof FetchError || err instanceof RobotsDisallowedError) return `statuses not read completely (${err.message})`;
      throw err;
    }
    if (res.status === 401 || res.status === 403) return 'statuses not readable without login';
    const json = jsonBody(res);
    if (!Array.isArray(json)) return res.status >= 400 ? `statuses answered HTTP ${res.status}` : 'unreadable statuses answer';
    // A server that ignores `limit` must not blow the budget.
    const page = parseStatuses(json.slice(0, want), loc.domain, self);
    if (page.count === 0) return null;
    out.documents.push(...page.documents);
    out.links.push(...page.links);
    read += page.count;
    // A recrawl reads only what is new: a page reaching statuses stored by an earlier run is the
    // last one (storing its known statuses again changes nothing).
    if (ctx.knownBefore(page.documents.filter((d) => d.kind === 'item').map((d) => d.url), 'item').size > 0) return null;
    // Mastodon leaves out rel="next" on the last page; a repeated id would loop forever.
    const link = res.headers['link'];
    if (!page.lastId || page.lastId === maxId || (link !== undefined && !/rel="?next"?/.test(link))) return null;
    maxId = page.lastId;
  }
  return null;
}

/** Read one account: profile facts and claims, then statuses. */
async function readAccount(row: FrontierRow, ctx: SourceContext, fetch: PoliteFetch, opts: Required<MastodonSourceOptions>): Promise<TaskOutcome> {
  const start = parseProfileUrl(row.url);
  if (!start) return stopped(row, emptyOutcome('failed', 'not a fediverse profile URL', false));
  const found = await findAccount(start, fetch, opts.servers, ctx.remember?.bind(ctx));
  if ('stop' in found) return stopped(row, found.stop);
  const { loc, server, res } = found;
  const problem = lookupProblem(res, server, new URL(loc.origin).host);
  if (problem) return stopped(row, emptyOutcome(problem.status, problem.reason, true), res.status);
  const account = parseAccount(jsonBody(res));
  if (!account) return stopped(row, emptyOutcome('failed', 'unreadable account answer', true), res.status);
  // Not there to be shown, however often others name it: never ranked or exported.
  if (account.suspended) return stopped(row, hiddenOutcome('account suspended', 'taken-down'), res.status);
  if (account.deactivated) return stopped(row, hiddenOutcome('account deactivated', 'deactivated'), res.status);
  if (account.noindex) return stopped(row, emptyOutcome('skipped', 'the account opted out of indexing (noindex)', true), res.status);
  const acct = canonicalAcct(account.acct, loc.domain) ?? canonicalAcct(account.username, loc.domain);
  if (!acct) return stopped(row, emptyOutcome('failed', 'unreadable account answer', true), res.status);

  const out = emptyOutcome('done', null, true);
  out.facts = { key: `fedi:${acct}`, handle: acct, name: account.displayName || account.username, nameIsAuthoritative: true, profileUrl: account.url };
  out.claims.push(...account.claims);
  out.documents.push(profileDocument(account, res));
  const notes: string[] = [];
  if (account.limited) notes.push('account limited by its server');
  if (account.movedTo) notes.push(`account moved to ${account.movedTo}`);
  const partial = await readStatuses(out, loc, account, acct, fetch, ctx, opts.pageSize);
  replayKnownPosts(out, `fedi:${acct}`, ctx);
  if (partial) notes.push(partial);
  out.reason = notes.length > 0 ? notes.join('; ') : null;
  return out;
}

/** A fediverse source with its own NodeInfo cache (tests make one each; the CLI uses {@link mastodonSource}). */
export function createMastodonSource(options: MastodonSourceOptions = {}): Source {
  const pageSize = options.pageSize ?? 40;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 40) throw new RangeError(`Expected pageSize to be an integer 1..40, got ${pageSize}`);
  const opts: Required<MastodonSourceOptions> = { servers: options.servers ?? new ServerCache(), pageSize };
  return {
    name: 'fediverse',
    handles: (row) => row.role === 'fedi-account',
    async process(row, _entity, ctx) {
      let fetched = false;
      const fetch: PoliteFetch = (req) => {
        fetched = true;
        return ctx.fetch(req);
      };
      try {
        const out = await readAccount(row, ctx, fetch, opts);
        out.fetched = fetched;
        return out;
      } catch (err) {
        if (err instanceof RobotsDisallowedError) return stopped(row, emptyOutcome(err.unreachable ? 'failed' : 'skipped', err.message, fetched));
        if (err instanceof FetchError) return stopped(row, emptyOutcome('failed', err.message, fetched));
        throw err;
      }
    },
  };
}

/** Fediverse accounts through the public Mastodon client API. */
export const mastodonSource: Source = createMastodonSource();
