// Fake fediverse servers for the world proxy: every instance of a SocialWorld answers NodeInfo,
// WebFinger, the public Mastodon account API (lookup, account, statuses, following; paged with
// `limit`/`max_id`/`min_id` and a Link header), a profile page and a 404 robots.txt — with
// Mastodon's rate-limit headers and budget, `requireAuth` (401 like GoToSocial or Mastodon's
// limited mode), `throttleFirst` 429s, and suspended accounts as Mastodon >= 3.3 shows them
// (the account with `suspended: true`, an empty statuses list; 410 Gone was 2.4 to 3.2).
// Locked accounts serve their statuses: the world lists what a stranger may see.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../clock.js';
import {
  accountJson, nodeInfoDocument, nodeInfoIndex, profileHtml, profilePath, statusJson, stubAccountJson, webFingerJson, WorldIndex,
  type WorldAccount,
} from './fake-mastodon-json.js';
import type { MastoInstanceSpec, SocialWorld } from './social-world.js';

/** A world proxy `handle` function; false for hosts the world does not serve. */
export type FakeHandler = (host: string, path: string, req: IncomingMessage, res: ServerResponse) => boolean;

/** Mastodon's default budget: 300 API requests per IP per 5 minutes. */
export const RATE_LIMIT = 300;
const RATE_WINDOW_MS = 5 * 60_000;

/** Per-instance counters: throttled requests so far and the rate-limit window. */
interface InstanceState {
  apiRequests: number;
  windowStart: number;
  used: number;
}

type Json = Record<string, unknown> | unknown[];

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
  return true;
}

const sendJson = (res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}, type = 'application/json; charset=utf-8'): true =>
  send(res, status, type, JSON.stringify(body), headers);

/** Compare two ids as Mastodon does (numbers; text for non-numeric ids). */
function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One page of `items` (newest first, each with an id) for `max_id`/`since_id`/`min_id`/`limit`,
 * and the Link header Mastodon sends with it (rel="next" only when the page is full).
 */
function paginate<T>(items: readonly T[], idOf: (t: T) => string, q: URLSearchParams, dflt: number, max: number, selfUrl: string): { page: T[]; link: string | null } {
  const n = Number.parseInt(q.get('limit') ?? '', 10);
  const limit = Number.isFinite(n) && n > 0 ? Math.min(n, max) : dflt;
  const maxId = q.get('max_id');
  const sinceId = q.get('since_id');
  const minId = q.get('min_id');
  let rest = items.filter((t) => (!maxId || compareIds(idOf(t), maxId) < 0) && (!sinceId || compareIds(idOf(t), sinceId) > 0));
  if (minId) rest = rest.filter((t) => compareIds(idOf(t), minId) > 0);
  // min_id pages forward: the `limit` items just above it, still served newest first.
  const page = minId ? rest.slice(Math.max(0, rest.length - limit)) : rest.slice(0, limit);
  if (page.length === 0) return { page, link: null };
  const links: string[] = [];
  if (page.length === limit) links.push(`<${selfUrl}?limit=${limit}&max_id=${idOf(page[page.length - 1] as T)}>; rel="next"`);
  links.push(`<${selfUrl}?limit=${limit}&min_id=${idOf(page[0] as T)}>; rel="prev"`);
  return { page, link: links.join(', ') };
}

/** Build the handler serving every instance of `world`; `clock` times the rate-limit windows. */
export function fakeMastodon(world: NonNullable<SocialWorld['mastodon']>, clock: Clock = systemClock): FakeHandler {
  const index = new WorldIndex(world);
  const states = new Map<string, InstanceState>();

  /** Rate-limit headers for one API request, or a 429 already sent. */
  const throttle = (inst: MastoInstanceSpec, res: ServerResponse): Record<string, string> | null => {
    const now = clock.now();
    // Windows are fixed periods of the clock, as Rack::Attack counts them.
    const windowStart = now - (now % RATE_WINDOW_MS);
    const state = states.get(inst.host) ?? { apiRequests: 0, windowStart, used: 0 };
    states.set(inst.host, state);
    state.apiRequests++;
    if (state.windowStart !== windowStart) Object.assign(state, { windowStart, used: 0 });
    const reset = new Date(state.windowStart + RATE_WINDOW_MS).toISOString();
    if (state.apiRequests <= (inst.throttleFirst ?? 0)) {
      sendJson(res, 429, { error: 'Too many requests' }, { 'retry-after': '1', 'x-ratelimit-limit': String(RATE_LIMIT), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(now + 1000).toISOString() });
      return null;
    }
    state.used++;
    const headers = { 'x-ratelimit-limit': String(RATE_LIMIT), 'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - state.used)), 'x-ratelimit-reset': reset };
    if (state.used > RATE_LIMIT) {
      sendJson(res, 429, { error: 'Too many requests' }, { ...headers, 'retry-after': String(Math.ceil((state.windowStart + RATE_WINDOW_MS - now) / 1000)) });
      return null;
    }
    return headers;
  };

  const webfinger = (inst: MastoInstanceSpec, q: URLSearchParams, res: ServerResponse): true => {
    const resource = q.get('resource') ?? '';
    if (resource === '') return sendJson(res, 400, { error: 'resource parameter missing' });
    let who: WorldAccount | undefined;
    const acct = /^acct:([^@]+)@(.+)$/i.exec(resource);
    if (acct) who = acct[2]?.toLowerCase() === inst.host ? index.find(acct[1] ?? '', inst.host) : undefined;
    else {
      const path = /^https?:\/\/([^/]+)(\/.*)$/i.exec(resource);
      const name = path && path[1]?.toLowerCase() === inst.host ? /^\/(?:users\/|@)([^/]+)$/.exec(path[2] ?? '')?.[1] : undefined;
      who = name ? index.find(name, inst.host) : undefined;
    }
    if (!who) return send(res, 404, 'text/plain; charset=utf-8', '');
    return sendJson(res, 200, webFingerJson(who), {}, 'application/jrd+json; charset=utf-8');
  };

  const api = (inst: MastoInstanceSpec, pathname: string, q: URLSearchParams, req: IncomingMessage, res: ServerResponse): true => {
    const headers = throttle(inst, res);
    if (!headers) return true;
    const notFound = () => sendJson(res, 404, { error: 'Record not found' }, headers);
    // Misskey has its own API (POST /api/...); the Mastodon paths simply do not exist there.
    if (inst.software === 'misskey') return notFound();
    if (inst.requireAuth && pathname.startsWith('/api/v1/accounts')) {
      const error = req.headers.authorization ? 'The access token is invalid' : 'This API requires an authenticated user';
      return sendJson(res, 401, { error }, headers);
    }
    if (pathname === '/api/v1/accounts/lookup') {
      const acct = (q.get('acct') ?? '').replace(/^@/, '');
      const [user = '', domain] = acct.split('@');
      const who = domain === undefined || domain.toLowerCase() === inst.host ? index.find(user, inst.host) : index.find(acct, inst.host);
      return who ? sendJson(res, 200, accountJson(who, inst.host, index), headers) : notFound();
    }
    const m = /^\/api\/v1\/accounts\/([^/]+)(?:\/(statuses|following))?$/.exec(pathname);
    const who = m ? index.byId(decodeURIComponent(m[1] ?? ''), inst.host) : undefined;
    if (!m || !who) return notFound();
    const self = `http://${inst.host}/api/v1/accounts/${index.idOn(who, inst.host)}/${m[2] ?? ''}`;
    if (m[2] === 'statuses') {
      // Suspended accounts list nothing; a server shows only its own accounts' statuses here.
      const statuses = who.account.suspended || who.instance !== inst ? [] : who.account.statuses;
      const { page, link } = paginate(statuses, (s) => s.id, q, 20, 40, self);
      return sendJson(res, 200, page.map((s) => statusJson(who, s, inst.host, index)), link ? { ...headers, link } : headers);
    }
    if (m[2] === 'following') {
      const following = who.account.suspended ? [] : (who.account.following ?? []);
      // Follow records have ids of their own (newest first); only the Link header exposes them.
      const follows = following.map((acct, i) => ({ acct, id: String(following.length - i) }));
      const { page, link } = paginate(follows, (f) => f.id, q, 40, 80, self);
      const accounts = page.map((f) => {
        const e = index.find(f.acct, inst.host);
        return e ? accountJson(e, inst.host, index) : stubAccountJson(f.acct, index);
      });
      return sendJson(res, 200, accounts, link ? { ...headers, link } : headers);
    }
    return sendJson(res, 200, accountJson(who, inst.host, index), headers);
  };

  return (host, path, req, res) => {
    const inst = index.instance(host.toLowerCase());
    if (!inst) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', '', { allow: 'GET, HEAD' });
    let url: URL;
    try {
      // Prefixing the host keeps a path like `//elsewhere/x` on this host.
      url = new URL(`http://${inst.host}${path.startsWith('/') ? path : `/${path}`}`);
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n');
    }
    const { pathname, searchParams: q } = url;
    if (pathname === '/robots.txt') return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    if (pathname === '/.well-known/nodeinfo') return sendJson(res, 200, nodeInfoIndex(inst));
    const ni = /^\/nodeinfo\/(2\.[01])(\.json)?$/.exec(pathname);
    if (ni) return sendJson(res, 200, nodeInfoDocument(inst, ni[1] as '2.0' | '2.1'), {}, `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/${ni[1]}#"; charset=utf-8`);
    if (pathname === '/.well-known/webfinger') return webfinger(inst, q, res);
    if (pathname.startsWith('/api/')) return api(inst, pathname, q, req, res);
    const profile = /^\/(?:@|users\/)([^/@]+)\/?$/.exec(pathname);
    const who = profile ? index.find(decodeURIComponent(profile[1] ?? ''), inst.host) : undefined;
    if (who && pathname.replace(/\/$/, '') === profilePath(inst, who.account.username)) return send(res, 200, 'text/html; charset=utf-8', profileHtml(who));
    // The other spelling of a profile redirects to the one the software shows.
    if (who) return send(res, 302, 'text/html; charset=utf-8', '', { location: `http://${inst.host}${profilePath(inst, who.account.username)}` });
    return send(res, 404, 'text/html; charset=utf-8', '<!doctype html><title>Not found</title><h1>The page you are looking for isn\'t here.</h1>\n');
  };
}
