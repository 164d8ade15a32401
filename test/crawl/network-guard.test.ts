// The network guard, from the address table to a real socket that must never see a connection.
// SAFETY: only 127.0.0.1 is ever connected to. Every other private range is judged by the pure
// policy or through an injected resolver and a connector spy that never opens a socket.
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedHost, blockedRange } from '../../src/crawl/address-policy.js';
import { createFetcher, type Fetcher } from '../../src/crawl/fetcher.js';
import { createDispatcher } from '../../src/crawl/http-dispatcher.js';
import { NetworkGuard, type GuardOptions, type Resolver } from '../../src/crawl/network-guard.js';
import { FetchBlockedError } from '../../src/errors.js';
import { startServer, type TestServer } from '../helpers/http-server.js';
import { startProxy, type TestProxy } from '../helpers/test-proxy.js';

const UA = 'linernotes-test/1';
let socket: TestServer;
let proxy: TestProxy;
const open: Fetcher[] = [];

function fetcher(env: NodeJS.ProcessEnv, guard: GuardOptions): Fetcher {
  const f = createFetcher(createDispatcher(env, { guard }), { userAgent: UA, totalTimeoutMs: 5_000 });
  open.push(f);
  return f;
}

/** A resolver that knows only the names in `table`; anything else is NXDOMAIN. */
function resolver(table: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const fn = async (name: string): Promise<LookupAddress[]> => {
    asked.push(name);
    const list = table[name];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(fn, { asked });
}

async function blockedReasonOf(f: Fetcher, url: string): Promise<string> {
  const err = await f.fetch({ url }).catch((e: unknown) => e);
  expect(err, url).toBeInstanceOf(FetchBlockedError);
  return (err as FetchBlockedError).reason;
}

beforeAll(async () => {
  socket = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('you reached the private socket');
  });
  proxy = await startProxy((host, req, res) => {
    const p = socket.port;
    const targets: Record<string, string> = {
      '/to-loopback': `http://127.0.0.1:${p}/secret`,
      '/to-localhost': `http://localhost:${p}/secret`,
      '/to-decimal': `http://2130706433:${p}/secret`,
      '/to-mapped': `http://[::ffff:127.0.0.1]:${p}/secret`,
      '/to-file': 'file:///etc/passwd',
      '/to-data': 'data:text/plain,hello',
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
    };
    const path = new URL(req.url ?? '/', `http://${host}`).pathname;
    const target = targets[path];
    if (target) {
      res.writeHead(302, { location: target });
      return void res.end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`public page ${host}${path}`);
  });
});

afterAll(async () => {
  await Promise.all(open.map((f) => f.close()));
  await proxy.close();
  await socket.close();
});

describe('address policy', () => {
  const refused: [string, string, string][] = [
    // [as written in a URL, address shown, range]
    ['127.0.0.1', '127.0.0.1', 'loopback'],
    ['2130706433', '127.0.0.1', 'loopback'],
    ['0177.0.0.1', '127.0.0.1', 'loopback'],
    ['127.1', '127.0.0.1', 'loopback'],
    ['0x7f.0.0.1', '127.0.0.1', 'loopback'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1', 'loopback'],
    ['0.0.0.0', '0.0.0.0', 'unspecified'],
    ['[::1]', '::1', 'loopback'],
    ['[::]', '::', 'unspecified'],
    ['10.0.0.5', '10.0.0.5', 'private'],
    ['10.255.255.255', '10.255.255.255', 'private'],
    ['172.16.0.1', '172.16.0.1', 'private'],
    ['172.31.255.254', '172.31.255.254', 'private'],
    ['192.168.1.1', '192.168.1.1', 'private'],
    ['100.64.0.1', '100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.254', '100.127.255.254', 'carrierGradeNat'],
    ['169.254.169.254', '169.254.169.254', 'linkLocal'],
    ['224.0.0.1', '224.0.0.1', 'multicast'],
    ['255.255.255.255', '255.255.255.255', 'broadcast'],
    ['240.0.0.1', '240.0.0.1', 'reserved'],
    ['[fc00::1]', 'fc00::1', 'uniqueLocal'],
    ['[fd12:3456::1]', 'fd12:3456::1', 'uniqueLocal'],
    ['[fe80::1]', 'fe80::1', 'linkLocal'],
    ['[ff02::1]', 'ff02::1', 'multicast'],
    ['[::ffff:10.0.0.5]', '::ffff:a00:5', 'private'],
    ['[::ffff:169.254.169.254]', '::ffff:a9fe:a9fe', 'linkLocal'],
    ['[64:ff9b::10.0.0.5]', '64:ff9b::a00:5', 'private'],
    ['[64:ff9b::127.0.0.1]', '64:ff9b::7f00:1', 'loopback'],
    ['[2002:7f00:1::1]', '2002:7f00:1::1', 'loopback'],
    ['[2002:c0a8:101::]', '2002:c0a8:101::', 'private'],
    ['[::127.0.0.1]', '::7f00:1', 'loopback'],
  ];
  it.each(refused)('refuses %s (%s, %s)', (written, address, range) => {
    const { hostname } = new URL(`http://${written}:8080/`);
    expect(blockedHost(hostname)).toEqual({ address, range });
  });

  it.each(['localhost', 'LOCALHOST.', 'api.localhost', 'printer.local', 'db.internal', 'nas.home.arpa', 'router'])('refuses the local name %s', (name) => {
    expect(blockedHost(new URL(`http://${name}/`).hostname)?.range).toBe('local name');
  });

  it.each(['8.8.8.8', '[2606:4700::1111]', '[64:ff9b::8.8.8.8]', '[2002:808:808::]', '[::ffff:8.8.8.8]', 'blog.example', 'example.com', '172.32.0.1', '100.128.0.1', '192.169.0.1'])('lets the public %s through', (written) => {
    expect(blockedHost(new URL(`http://${written}/`).hostname)).toBeNull();
  });

  it('judges resolved addresses the same way', () => {
    expect(blockedRange('10.1.2.3')).toBe('private');
    expect(blockedRange('fe80::abcd')).toBe('linkLocal');
    expect(blockedRange('93.184.216.34')).toBeNull();
  });
});

describe('network guard: a listening socket on 127.0.0.1 is never reached', () => {
  it('refuses every spelling of a loopback address, with no connection made', async () => {
    const f = fetcher({}, {});
    const p = socket.port;
    const urls = [
      `http://127.0.0.1:${p}/`, `http://localhost:${p}/`, `http://2130706433:${p}/`, `http://0177.0.0.1:${p}/`,
      `http://127.1:${p}/`, `http://[::ffff:127.0.0.1]:${p}/`, `http://0.0.0.0:${p}/`, `http://[::1]:${p}/`, `https://127.0.0.1:${p}/`,
    ];
    const reasons = [];
    for (const url of urls) reasons.push(await blockedReasonOf(f, url));
    expect(reasons).toEqual([
      'blocked: private address (127.0.0.1)', 'blocked: local host name (localhost)', 'blocked: private address (127.0.0.1)',
      'blocked: private address (127.0.0.1)', 'blocked: private address (127.0.0.1)', 'blocked: private address (::ffff:7f00:1)',
      'blocked: private address (0.0.0.0)', 'blocked: private address (::1)', 'blocked: private address (127.0.0.1)',
    ]);
    expect(socket.connections()).toBe(0);
  });

  it('refuses a public-looking name that resolves to loopback, at connect time', async () => {
    const dns = resolver({ 'innocent.example': ['127.0.0.1'] });
    const err = await fetcher({}, { resolve: dns }).fetch({ url: `http://innocent.example:${socket.port}/` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchBlockedError);
    expect((err as FetchBlockedError).reason).toBe('blocked: private address (127.0.0.1)');
    expect(dns.asked).toContain('innocent.example');
    expect(socket.connections()).toBe(0);
  });

  it('refuses a redirect from a public page to loopback, localhost or a decimal spelling', async () => {
    const f = fetcher({ HTTP_PROXY: proxy.url }, {});
    for (const path of ['to-loopback', 'to-localhost', 'to-decimal', 'to-mapped', 'to-metadata']) {
      const err = await f.fetch({ url: `http://public.example/${path}` }).catch((e: unknown) => e);
      expect(err, path).toBeInstanceOf(FetchBlockedError);
      expect((err as FetchBlockedError).reason, path).toMatch(/^blocked: (private address|local host name) \(/);
    }
    expect(proxy.requests.filter((r) => !r.target.startsWith('http://public.example/'))).toEqual([]);
    expect(socket.connections()).toBe(0);
  });

  it('refuses the same redirect when the private host would be reached directly (NO_PROXY)', async () => {
    const f = fetcher({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1,localhost' }, {});
    const err = await f.fetch({ url: 'http://public.example/to-loopback' }).catch((e: unknown) => e);
    expect((err as FetchBlockedError).reason).toBe('blocked: private address (127.0.0.1)');
    expect(socket.connections()).toBe(0);
  });

  it('refuses redirects to file: and data: URLs', async () => {
    const f = fetcher({ HTTP_PROXY: proxy.url }, {});
    expect(await blockedReasonOf(f, 'http://public.example/to-file')).toBe('blocked: redirect to a file: URL');
    expect(await blockedReasonOf(f, 'http://public.example/to-data')).toBe('blocked: redirect to a data: URL');
  });

  it('still reaches the configured proxy on 127.0.0.1 and public names through it', async () => {
    const res = await fetcher({ HTTP_PROXY: proxy.url }, {}).fetch({ url: 'http://public.example/page' });
    expect(res.body).toBe('public page public.example/page');
  });

  it('lets --allow-private through, and an endpoint the user named, but no other private origin', async () => {
    const before = socket.connections();
    const allowed = await fetcher({}, { allowPrivate: true }).fetch({ url: `http://localhost:${socket.port}/` });
    expect(allowed.body).toBe('you reached the private socket');
    const viaResolver = await fetcher({}, { allowPrivate: true, resolve: resolver({ 'innocent.example': ['127.0.0.1'] }) }).fetch({ url: `http://innocent.example:${socket.port}/` });
    expect(viaResolver.status).toBe(200);
    const endpoint = fetcher({}, { endpoints: [`http://127.0.0.1:${socket.port}`] });
    expect((await endpoint.fetch({ url: `http://127.0.0.1:${socket.port}/xrpc/x` })).status).toBe(200);
    expect(await blockedReasonOf(endpoint, `http://127.0.0.1:${socket.port + 1 === 65536 ? 1 : socket.port + 1}/`)).toBe('blocked: private address (127.0.0.1)');
    expect(socket.connections()).toBeGreaterThan(before);
  });
});

describe('network guard: connect-time decisions (no socket is ever opened)', () => {
  type Lookup = (host: string, opts: { all?: boolean; family?: number }, cb: (...args: unknown[]) => void) => void;
  /** A stand-in for undici's buildConnector: runs the lookup it was given, records, never connects. */
  function spyConnector() {
    const attempts: { host: string; addresses: unknown }[] = [];
    const build = ((options: { lookup?: Lookup }) => (opts: { hostname: string }, cb: (err: Error | null, s: null) => void) => {
      if (!options.lookup) {
        attempts.push({ host: opts.hostname, addresses: 'unguarded' });
        return cb(new Error('spy: would connect'), null);
      }
      options.lookup(opts.hostname, { all: true }, (err: unknown, addresses: unknown) => {
        if (err) return cb(err as Error, null);
        attempts.push({ host: opts.hostname, addresses });
        cb(new Error('spy: would connect'), null);
      });
    }) as never;
    return { build, attempts };
  }
  const connectVia = (guard: NetworkGuard, spy: ReturnType<typeof spyConnector>, hostname: string, port = '80') =>
    new Promise<Error>((resolve) => guard.connector({}, spy.build)({ hostname, host: `${hostname}:${port}`, protocol: 'http:', port } as never, ((err: Error | null) => resolve(err!)) as never));

  it.each([['10.0.0.5'], ['172.16.3.4'], ['192.168.0.10'], ['100.64.1.1'], ['169.254.169.254'], ['fc00::5'], ['fe80::1'], ['::1']])('refuses a name resolving to %s before any connect', async (address) => {
    const spy = spyConnector();
    const guard = new NetworkGuard({ resolve: resolver({ 'intranet.example': [address] }) });
    const err = await connectVia(guard, spy, 'intranet.example');
    expect(err.message).toBe(`blocked: private address (${address})`);
    expect(spy.attempts).toEqual([]);
  });

  it('refuses when any of several addresses is private (all: true), and hands all public ones on', async () => {
    const spy = spyConnector();
    const guard = new NetworkGuard({ resolve: resolver({ 'mixed.example': ['93.184.216.34', '10.0.0.5'], 'public.example': ['93.184.216.34', '2606:2800:220:1::1'] }) });
    expect((await connectVia(guard, spy, 'mixed.example')).message).toBe('blocked: private address (10.0.0.5)');
    expect(spy.attempts).toEqual([]);
    expect((await connectVia(guard, spy, 'public.example')).message).toBe('spy: would connect');
    expect(spy.attempts).toEqual([{ host: 'public.example', addresses: [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::1', family: 6 }] }]);
  });

  it('answers a single-address lookup (no all: true) with the first address of the family asked', async () => {
    const guard = new NetworkGuard({ resolve: resolver({ 'dual.example': ['2606:2800:220:1::1', '93.184.216.34'] }) });
    const got = await new Promise<unknown[]>((resolve) => guard.lookup()('dual.example', { family: 4 }, (...args) => resolve(args)));
    expect(got).toEqual([null, '93.184.216.34', 4]);
  });

  it('refuses literal private IPs at connect time too, without resolving', async () => {
    const spy = spyConnector();
    const dns = resolver({});
    const guard = new NetworkGuard({ resolve: dns });
    for (const ip of ['10.0.0.5', '192.168.1.1', 'fd00::1', '::ffff:a00:5']) {
      expect((await connectVia(guard, spy, ip)).message).toBe(`blocked: private address (${ip})`);
    }
    expect(spy.attempts).toEqual([]);
    expect(dns.asked).toEqual([]);
  });

  it('connects to a configured endpoint with the plain connector, even when private', async () => {
    const spy = spyConnector();
    const guard = new NetworkGuard({ endpoints: ['http://10.0.0.7:8080'] });
    expect((await connectVia(guard, spy, '10.0.0.7', '8080')).message).toBe('spy: would connect');
    expect(spy.attempts).toEqual([{ host: '10.0.0.7', addresses: 'unguarded' }]);
    expect((await connectVia(guard, spy, '10.0.0.7', '9200')).message).toBe('blocked: private address (10.0.0.7)');
  });
});
