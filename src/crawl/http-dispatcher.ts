// The one undici connection pool for a run. Created once in cli/main.ts and passed down, so
// every HTTP request shares keep-alive sockets, the same proxy settings and the same network
// guard (network-guard.ts: no private addresses unless allowed), and tests can hand in their own.

import { Agent, Client, EnvHttpProxyAgent, Pool, type Dispatcher } from 'undici';
import { guardRequests, NetworkGuard, type GuardOptions } from './network-guard.js';

/** Options for the shared connection pool. */
export interface DispatcherOptions {
  /**
   * Give up on a TCP/TLS connect after this long (undici's own default is 10 s too; set here
   * so it is explicit and testable).
   * @default 10_000
   */
  connectTimeoutMs?: number;
  /**
   * Sockets per origin; politeness allows little parallelism per host anyway.
   * @default 2
   */
  connectionsPerOrigin?: number;
  /**
   * Close an idle keep-alive socket after this long, even if the server offers longer: a
   * crawl touches many hosts once and should not hoard sockets.
   * @default 10_000
   */
  keepAliveTimeoutMs?: number;
  /**
   * What the network guard lets through; private and local addresses are refused unless
   * `allowPrivate` is set. The proxy itself is always reachable.
   * @default {}
   */
  guard?: GuardOptions;
}

const DEFAULTS: Required<Omit<DispatcherOptions, 'guard'>> = {
  connectTimeoutMs: 10_000,
  connectionsPerOrigin: 2,
  keepAliveTimeoutMs: 10_000,
};

/** First non-empty value among the given env names (lower case first, as curl and undici do). */
function envValue(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`Expected \`${name}\` to be a finite number > 0, got \`${String(value)}\``);
  }
  return value;
}

/**
 * One keep-alive Agent for the whole run; an EnvHttpProxyAgent when HTTP_PROXY/HTTPS_PROXY
 * (either case) are set in `env`, honouring NO_PROXY.
 */
export function createDispatcher(env: NodeJS.ProcessEnv, opts: DispatcherOptions = {}): Dispatcher {
  const o = { ...DEFAULTS, ...stripUndefined(opts) };
  const guard = new NetworkGuard(opts.guard);
  const poolOptions = {
    // Direct connections (and NO_PROXY ones) go through the guard's connector; the proxy's own
    // pool is built by undici with a plain connector, so a proxy on 127.0.0.1 stays reachable.
    connect: guard.connector({ timeout: positive('connectTimeoutMs', o.connectTimeoutMs) }),
    connections: Math.floor(positive('connectionsPerOrigin', o.connectionsPerOrigin)),
    keepAliveTimeout: positive('keepAliveTimeoutMs', o.keepAliveTimeoutMs),
    keepAliveMaxTimeout: o.keepAliveTimeoutMs,
  };

  const httpProxy = envValue(env, 'http_proxy', 'HTTP_PROXY');
  const httpsProxy = envValue(env, 'https_proxy', 'HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return guardRequests(new Agent(poolOptions), guard);

  return guardRequests(new EnvHttpProxyAgent({
    ...poolOptions,
    // Always pass strings: an undefined here makes undici read process.env itself, and the
    // env we were given is the only one that counts.
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? '',
    noProxy: envValue(env, 'no_proxy', 'NO_PROXY') ?? '',
    // Plain-http targets go to the proxy as absolute-form requests (`GET http://host/path`),
    // which every forward proxy understands; https targets still tunnel with CONNECT.
    proxyTunnel: false,
    clientFactory: proxyClientFactory,
    factory: sharedProxyPools([httpProxy, httpsProxy].filter((u): u is string => u !== undefined)),
  }), guard);
}

/**
 * The pools of a proxied run. undici sends plain-http requests to the proxy through one wrapper
 * per target origin and asks `factory` for a pool to the proxy for each: a crawl of 4,000
 * sites had 4,000 pools to the one proxy (each with its own 16 KB request queue, none ever
 * freed: 60 MB) and opened a new connection to the proxy for every site. One pool per proxy
 * serves every origin and keeps its sockets warm. Other origins (NO_PROXY hosts, https
 * tunnels) get their own, as undici's default factory gives them.
 */
function sharedProxyPools(proxyUrls: string[]): (origin: string | URL, opts: object) => Dispatcher {
  const proxies = new Set(proxyUrls.map((u) => hrefOf(u)));
  const shared = new Map<string, Pool>();
  return (origin, opts) => {
    const key = hrefOf(String(origin));
    // The wrapper asks with the proxy's URL and a bare connector; a target origin (even the
    // proxy's own address, fetched directly) comes with the agent's options and its guard.
    if (proxies.has(key) && !('connections' in opts)) {
      let pool = shared.get(key);
      if (!pool || pool.destroyed || pool.closed) {
        pool = new Pool(origin, opts as Pool.Options);
        shared.set(key, pool);
      }
      return pool;
    }
    return (opts as { connections?: number }).connections === 1 ? new Client(origin, opts as Client.Options) : new Pool(origin, opts as Pool.Options);
  };
}

function hrefOf(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/**
 * The pool that talks to the proxy itself. undici 7 treats a proxy that drops the socket during
 * CONNECT as a recoverable socket error and reconnects in a tight loop while the request stays
 * queued, deaf to its abort signal (nodejs/undici#3897, fixed upstream by #5441). Re-coding that
 * failure makes undici fail the queued request instead, which the fetcher reports as a network
 * error.
 */
function proxyClientFactory(origin: URL, opts: object): Dispatcher {
  const pool = new Pool(origin, opts as Pool.Options);
  const connect = pool.connect.bind(pool) as (o: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
  const guarded = async (o: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> => {
    try {
      return await connect(o);
    } catch (err) {
      if ((err as { code?: unknown })?.code !== 'UND_ERR_SOCKET') throw err;
      const detail = err instanceof Error ? err.message : String(err);
      throw Object.assign(new Error(`proxy closed the connection during CONNECT (${detail})`, { cause: err }), {
        code: 'LN_PROXY_TUNNEL',
      });
    }
  };
  (pool as { connect: unknown }).connect = guarded;
  return pool;
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
