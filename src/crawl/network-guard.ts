// The network guard: a crawl that follows strangers' links must not reach into the machine or
// network it runs on. Two checks, both in the shared dispatcher so no request can go around
// them: before a request is sent, its host as written (literal IPs, local names — all a proxy
// leaves us to judge); at connect time, every address DNS returned, so a public name that
// resolves (or re-resolves) to 10.0.0.5 is refused too. Redirect hops are separate requests,
// so each is checked again. Origins the user configured (--bluesky-api) are let through; the
// proxy itself is reached by its own pool, which the guard does not wrap.
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector, type Dispatcher } from 'undici';
import { bareHost, blockedHost, blockedRange, blockedReason, type BlockedDestination } from './address-policy.js';

/** Resolves a host name to every address it has, as `dns.lookup(name, { all: true })` does. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** Options for the guard. */
export interface GuardOptions {
  /**
   * Let requests reach private and local addresses (an intranet crawl, a test world on 127.0.0.1).
   * @default false
   */
  allowPrivate?: boolean;
  /**
   * Origins the user named (`http://127.0.0.1:8080` for --bluesky-api): reachable even when
   * private. Links found on pages that point elsewhere on private addresses stay refused.
   * @default []
   */
  endpoints?: string[];
  /** Name resolution, injectable for tests. @default dns.lookup with all: true */
  resolve?: Resolver;
}

/** The error a refused destination raises inside undici; fetch-errors.ts turns it into FetchBlockedError. */
export class BlockedDestinationError extends Error {
  readonly code = 'LN_FETCH_BLOCKED';
  constructor(readonly destination: BlockedDestination) {
    super(blockedReason(destination));
  }
}

const defaultResolve: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

function originKey(protocol: string, hostname: string, port: string | number | undefined): string {
  const p = port === undefined || port === '' ? (protocol === 'https:' ? 443 : 80) : Number(port);
  return `${protocol}//${bareHost(hostname).toLowerCase()}:${p}`;
}

/** The guard's decisions, shared by the request check and the connector. */
export class NetworkGuard {
  readonly allowPrivate: boolean;
  private readonly endpoints: Set<string>;
  private readonly resolve: Resolver;

  constructor(opts: GuardOptions = {}) {
    this.allowPrivate = opts.allowPrivate ?? false;
    this.resolve = opts.resolve ?? defaultResolve;
    this.endpoints = new Set(
      (opts.endpoints ?? []).map((e) => {
        const u = new URL(e);
        return originKey(u.protocol, u.hostname, u.port);
      }),
    );
  }

  /** Whether `url` (or its origin parts) is one the user configured. */
  isEndpoint(protocol: string, hostname: string, port: string | number | undefined): boolean {
    return this.endpoints.has(originKey(protocol, hostname, port));
  }

  /** The refused destination of `url` as written, or null; the first check of every request. */
  checkUrl(url: URL): BlockedDestination | null {
    if (this.allowPrivate || this.isEndpoint(url.protocol, url.hostname, url.port)) return null;
    return blockedHost(url.hostname);
  }

  /**
   * A `lookup` for net.connect that resolves every address and refuses the connection if any
   * of them is in a refused range (a name with one private address is not a public site).
   * Node asks with `all: true` when it races IPv4 and IPv6 (autoSelectFamily), else for one.
   */
  lookup(): (hostname: string, options: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => void {
    return (hostname, options, callback) => {
      this.resolve(hostname).then(
        (all) => {
          const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
          const addresses = family === 0 ? all : all.filter((a) => a.family === family);
          if (!this.allowPrivate) {
            for (const a of addresses) {
              const range = blockedRange(a.address);
              if (range !== null) return callback(new BlockedDestinationError({ address: a.address, range }));
            }
          }
          if (addresses.length === 0) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
          if (options.all) return callback(null, addresses);
          return callback(null, addresses[0]!.address, addresses[0]!.family);
        },
        (err: unknown) => callback(err),
      );
    };
  }

  /**
   * An undici connector that refuses literal IPs in refused ranges (they never reach `lookup`)
   * and resolves names through the guarded lookup. `base` builds the real connector.
   */
  connector(baseOptions: buildConnector.BuildOptions, base: typeof buildConnector = buildConnector): buildConnector.connector {
    const guarded = base({ ...baseOptions, lookup: this.lookup() } as buildConnector.BuildOptions);
    const open = base(baseOptions);
    return (opts, callback) => {
      if (this.isEndpoint(opts.protocol, opts.hostname, opts.port)) return open(opts, callback);
      const host = bareHost(opts.hostname);
      if (!this.allowPrivate && isIP(host) !== 0) {
        const range = blockedRange(host);
        if (range !== null) return callback(new BlockedDestinationError({ address: host, range }), null);
      }
      return guarded(opts, callback);
    };
  }
}

/**
 * Wrap a dispatcher so every request's URL is checked before it is sent (to a proxy or not).
 * A refused request throws from `dispatch`, which undici's `request` turns into a rejection.
 */
export function guardRequests(dispatcher: Dispatcher, guard: NetworkGuard): Dispatcher {
  return dispatcher.compose((dispatch) => (opts, handler) => {
    const blocked = guard.checkUrl(new URL(opts.path, opts.origin as string | URL));
    if (blocked) throw new BlockedDestinationError(blocked);
    return dispatch(opts, handler);
  });
}
