// The offline web behind `npm run demo` and the end-to-end tests: one HTTP forward proxy on
// 127.0.0.1 that answers for ANY virtual hostname from files under `<root>/sites/<host>/`, so a
// crawl of a whole made-up web runs with nothing but `HTTP_PROXY` pointed here. It owns the
// request routing (absolute-form, origin-form via Host, and CONNECT tunnels to port 80), the
// path-to-file mapping, `_routes.json` behaviours (redirects, one-off 503s, odd charsets),
// conditional requests (ETag / Last-Modified) and gzip, and it records every request so tests
// can assert what was (and was not) fetched.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFile, stat } from 'node:fs/promises';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { systemClock, type Clock } from '../clock.js';

/** Options for {@link startWorldProxy}. */
export interface WorldProxyOptions {
  /** Folder with `sites/<hostname>/...` files. */
  root: string;
  /** Port to listen on (127.0.0.1 only). @default 0 (any free port) */
  port?: number;
  /** Optional programmatic override for tests: return true if you handled the request. */
  handle?: (host: string, path: string, req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  /** Source of the `at` timestamps in `requests`. @default systemClock */
  clock?: Clock;
}

/** One request the proxy saw, in arrival order; `status` is what it answered (0 = not yet). */
export interface WorldRequest {
  host: string;
  path: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
  at: number;
  status: number;
  /** When the answer was sent in full (or the connection closed), for in-flight counts; absent until then. */
  doneAt?: number;
}

/** A running world proxy. */
export interface WorldProxy {
  /** `http://127.0.0.1:PORT`, ready for `HTTP_PROXY`. */
  url: string;
  /** Every request so far, including refused CONNECTs (method `CONNECT`, path `host:port`). */
  requests: WorldRequest[];
  /** Stop listening and drop every open connection. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A behaviour from `sites/<host>/_routes.json`, keyed by exact path (query included or not), or
 * `"*"` for every path of the host. `times: N` applies the rule to the first N matching requests
 * only, then the request falls through to the files. `{path}` in a header value is replaced by
 * the request path (so an old domain can redirect every page to the same path on the new one).
 */
interface RouteRule {
  status?: number;
  headers?: Record<string, string>;
  file?: string;
  body?: string;
  times?: number;
}

type Routes = Record<string, RouteRule>;

/** One request being answered, and its entry in the request log. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  rec: WorldRequest;
}

// A hostname made of DNS labels only, so it can never climb out of `sites/`.
const HOST_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

const TYPES_BY_EXT: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

/** Content type of a served file: `_types.json` wins, then the extension, sniffing feeds. */
function contentTypeOf(rel: string, body: Buffer, types: Record<string, string>): string {
  const declared = types[rel];
  if (declared) return declared;
  const ext = path.extname(rel).toLowerCase();
  const head = body.subarray(0, 2048).toString('utf8');
  // Feeds get their specific types because crawlers (ours included) use them to pick a parser.
  if (ext === '.xml') {
    if (/<feed[\s>]/.test(head) && head.includes('http://www.w3.org/2005/Atom')) return 'application/atom+xml';
    if (/<rdf:RDF[\s>]/.test(head)) return 'application/rdf+xml';
    if (/<rss[\s>]/.test(head)) return 'application/rss+xml';
    return 'application/xml';
  }
  if (ext === '.json') return /"version"\s*:\s*"https:\/\/jsonfeed\.org/.test(head) ? 'application/feed+json' : 'application/json';
  return TYPES_BY_EXT[ext] ?? 'application/octet-stream';
}

/** True when the Accept-Encoding header allows gzip (an explicit `q=0` refuses it). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Where the request is going: absolute-form URL, else the Host header (or the tunnel's host). */
function targetOf(req: IncomingMessage, tunnelHost: string | undefined): { host: string; path: string } | null {
  const raw = req.url ?? '/';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    try {
      const u = new URL(raw);
      return { host: u.hostname.toLowerCase(), path: (u.pathname || '/') + u.search };
    } catch {
      return null;
    }
  }
  const host = (req.headers.host ?? tunnelHost ?? '').replace(/:\d*$/, '').toLowerCase();
  return { host, path: raw.startsWith('/') ? raw : `/${raw}` };
}

/** Start the world proxy on 127.0.0.1; resolves once it is listening. */
export async function startWorldProxy(opts: WorldProxyOptions): Promise<WorldProxy> {
  const sitesDir = path.resolve(opts.root, 'sites');
  const clock = opts.clock ?? systemClock;
  const requests: WorldRequest[] = [];
  const sockets = new Set<Socket>();
  const tunnels = new WeakMap<Socket, string>();
  const routeUses = new Map<string, number>();
  const jsonCache = new Map<string, Promise<Record<string, unknown>>>();

  const siteDirOf = async (host: string): Promise<string | null> => {
    if (!HOST_RE.test(host)) return null;
    const dir = path.join(sitesDir, host);
    const s = await stat(dir).catch(() => null);
    return s?.isDirectory() ? dir : null;
  };

  // Control files are read once per run: the world does not change while a crawl runs.
  const controlFile = (dir: string, name: string): Promise<Record<string, unknown>> => {
    const file = path.join(dir, name);
    if (!jsonCache.has(file)) jsonCache.set(file, readFile(file, 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>, () => ({})));
    return jsonCache.get(file)!;
  };

  const record = (req: IncomingMessage, host: string, p: string, method = req.method ?? 'GET'): WorldRequest => {
    const rec: WorldRequest = { host, path: p, method, headers: { ...req.headers }, at: clock.now(), status: 0 };
    requests.push(rec);
    return rec;
  };

  const send = ({ req, res, rec }: Exchange, status: number, headers: Record<string, string>, body: Buffer): void => {
    const out: Record<string, string> = { server: 'linernotes-world', ...headers };
    let payload = body;
    const type = out['content-type'] ?? '';
    if (payload.length > 0 && acceptsGzip(req.headers['accept-encoding'] as string | undefined) && /^(text\/|application\/.*(xml|json))/.test(type)) {
      payload = gzipSync(payload);
      out['content-encoding'] = 'gzip';
      out.vary = 'Accept-Encoding';
    }
    out['content-length'] = String(payload.length);
    rec.status = status;
    res.writeHead(status, out);
    res.end(req.method === 'HEAD' ? undefined : payload);
  };

  /** A short text answer for statuses that have no file behind them. */
  const sendText = (ex: Exchange, status: number, text?: string, headers: Record<string, string> = {}): void =>
    send(ex, status, { 'content-type': 'text/plain; charset=utf-8', ...headers }, Buffer.from(text ?? `${status} ${STATUS_CODES[status] ?? ''}\n`));

  const findFile = async (dir: string, pathname: string): Promise<string | null> => {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    const candidates = rel.endsWith('/') ? [`${rel}index.html`] : [rel, `${rel}.html`, `${rel}/index.html`];
    for (const candidate of candidates) {
      const abs = path.join(dir, candidate);
      // `_routes.json` and friends are configuration, not pages.
      if (!abs.startsWith(dir + path.sep) || path.basename(abs).startsWith('_')) continue;
      const s = await stat(abs).catch(() => null);
      if (s?.isFile()) return abs;
    }
    return null;
  };

  const serveFile = async (ex: Exchange, dir: string, file: string, status: number, extra: Record<string, string>): Promise<void> => {
    const { req, res, rec } = ex;
    const [body, st, types] = await Promise.all([readFile(file), stat(file), controlFile(dir, '_types.json')]);
    const rel = `/${path.relative(dir, file).split(path.sep).join('/')}`;
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
    const mtime = Math.floor(st.mtimeMs / 1000) * 1000;
    const headers: Record<string, string> = {
      'content-type': contentTypeOf(rel, body, types as Record<string, string>),
      etag,
      'last-modified': new Date(mtime).toUTCString(),
      ...extra,
    };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2).
    const fresh = inm
      ? inm.split(',').some((tag) => {
          const t = tag.trim().replace(/^W\//, '');
          return t === '*' || t === etag;
        })
      : ims !== undefined && !Number.isNaN(Date.parse(ims)) && mtime <= Date.parse(ims);
    if (status === 200 && fresh) {
      rec.status = 304;
      res.writeHead(304, { server: 'linernotes-world', etag, 'last-modified': headers['last-modified'] ?? '' });
      res.end();
      return;
    }
    send(ex, status, headers, body);
  };

  const fillPath = (headers: Record<string, string> | undefined, p: string): Record<string, string> =>
    Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v).replaceAll('{path}', p)]));

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = targetOf(req, tunnels.get(req.socket as Socket));
    const ex: Exchange = { req, res, rec: record(req, target?.host ?? '', target?.path ?? req.url ?? '') };
    const { rec } = ex;
    res.once('close', () => (rec.doneAt = clock.now()));
    if (!target) return sendText(ex, 400);
    if (opts.handle && (await opts.handle(target.host, target.path, req, res))) {
      rec.status = res.statusCode;
      res.once('finish', () => (rec.status = res.statusCode));
      return;
    }
    const dir = await siteDirOf(target.host);
    // A real proxy answers 502 when the name does not resolve; the crawler must cope with it.
    if (!dir) return sendText(ex, 502, `502 Bad Gateway: cannot resolve ${target.host}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(ex, 405, undefined, { allow: 'GET, HEAD' });
    const pathname = target.path.split('?')[0] ?? '/';
    const routes = (await controlFile(dir, '_routes.json')) as Routes;
    const key = [target.path, pathname, '*'].find((k) => routes[k] !== undefined);
    const rule = key === undefined ? undefined : routes[key];
    if (rule && key !== undefined) {
      const useKey = `${target.host} ${key}`;
      const used = routeUses.get(useKey) ?? 0;
      if (rule.times === undefined || used < rule.times) {
        routeUses.set(useKey, used + 1);
        const headers = fillPath(rule.headers, target.path);
        const status = rule.status ?? 200;
        if (rule.file) {
          const file = await findFile(dir, `/${rule.file.replace(/^\/+/, '')}`);
          if (file) return serveFile(ex, dir, file, status, headers);
        }
        return sendText(ex, status, rule.body, headers);
      }
    }
    const file = await findFile(dir, pathname);
    if (!file) {
      const notFound = Buffer.from('<!doctype html><title>Not found</title><h1>404 Not found</h1>\n');
      return send(ex, 404, { 'content-type': 'text/html; charset=utf-8' }, notFound);
    }
    return serveFile(ex, dir, file, 200, {});
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // undici's ProxyAgent tunnels even plain http through CONNECT unless `proxyTunnel: false`, so
  // CONNECT to port 80 of a world host is served by this same server; anything else (https:443,
  // other ports, unknown hosts) is refused because the world has no TLS and no other services.
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => {});
    const authority = (req.url ?? '').toLowerCase();
    const m = /^([^:/\s]+):(\d+)$/.exec(authority);
    const rec = record(req, m?.[1] ?? authority, authority, 'CONNECT');
    const host = m?.[1] ?? '';
    void (m?.[2] === '80' ? siteDirOf(host) : Promise.resolve(null)).then((dir) => {
      if (!dir) {
        rec.status = 502;
        socket.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
        return;
      }
      rec.status = 200;
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      tunnels.set(socket, host);
      if (head.length > 0) socket.unshift(head);
      server.emit('connection', socket);
    });
  });

  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening'); // rejects on 'error', e.g. a taken port
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
