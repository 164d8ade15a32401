// The world proxy, through real clients (undici's ProxyAgent / EnvHttpProxyAgent and raw
// node:http), and the committed demo world walked through it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseFeed } from 'feedsmith';
import { parseRobotsTxt, productTokenOf } from '../../src/crawl/robots-txt.js';
import { getDomain } from 'tldts';
import { EnvHttpProxyAgent, ProxyAgent, request, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { startWorldProxy, type WorldProxy } from '../../src/demo/world-proxy.js';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '../..');
const DEMO = join(ROOT, 'fixtures/demo-world');

interface RawResponse { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** One request straight to the proxy: `target` is absolute-form (`http://host/p`) or origin-form. */
function raw(proxy: WorldProxy, target: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const { port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: target, headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A CONNECT to `authority`; resolves with the status line's code. */
function connect(proxy: WorldProxy, authority: string): Promise<number> {
  const { port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'CONNECT', path: authority, agent: false });
    req.on('connect', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

async function get(dispatcher: Dispatcher, url: string, headers: Record<string, string> = {}) {
  const res = await request(url, { dispatcher, headers });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Alice</title><link>http://blog.alice.example/</link><description>d</description><item><title>a</title></item></channel></rss>';
const ATOM = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Alice</title></feed>';

describe('world proxy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ln-world-proxy-'));
  const clock = new ManualClock(Date.UTC(2026, 10, 1));
  let proxy: WorldProxy;
  let direct: ProxyAgent;

  beforeAll(async () => {
    writeTree(dir, {
      'outside.txt': 'not part of any site',
      'sites/blog.alice.example/index.html': '<!doctype html><title>Alice</title><h1>Alice writes</h1>',
      'sites/blog.alice.example/about.html': '<h1>About Alice</h1>',
      'sites/blog.alice.example/2026/10/hello/index.html': '<h1>Hello post</h1>',
      'sites/blog.alice.example/feed.xml': RSS,
      'sites/blog.alice.example/atom.xml': ATOM,
      'sites/blog.alice.example/feed.json': '{"version": "https://jsonfeed.org/version/1.1", "title": "Alice", "items": []}',
      'sites/blog.alice.example/data.json': '{"plain": true}',
      'sites/blog.alice.example/notes/a.txt': 'plain text',
      'sites/blog.alice.example/busy.html': '<h1>Not busy any more</h1>',
      'sites/blog.alice.example/latin.html': Buffer.from('<h1>Caf\u00e9 Zo\u00eb</h1>', 'latin1'),
      'sites/blog.alice.example/_routes.json': JSON.stringify({
        '/old': { status: 301, headers: { location: 'http://blog.alice.example/about' } },
        '/busy': { status: 503, headers: { 'retry-after': '1' }, times: 1 },
        '/latin': { file: 'latin.html', headers: { 'content-type': 'text/html; charset=iso-8859-1' } },
      }),
      'sites/old.example/_routes.json': JSON.stringify({ '*': { status: 301, headers: { location: 'http://blog.alice.example{path}' } } }),
    });
    proxy = await startWorldProxy({ root: dir, clock });
    direct = new ProxyAgent({ uri: proxy.url, proxyTunnel: false });
  });

  afterAll(async () => {
    await direct.close();
    await proxy.close();
  });

  it('serves any virtual host to an undici ProxyAgent sending absolute-form requests', async () => {
    const before = proxy.requests.length;
    const res = await get(direct, 'http://blog.alice.example/', { 'user-agent': 'linernotes-test/1' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('Alice writes');
    const seen = proxy.requests.slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ host: 'blog.alice.example', path: '/', method: 'GET', status: 200, at: clock.now() });
    expect(seen[0]!.headers['user-agent']).toBe('linernotes-test/1');
  });

  it('also works with EnvHttpProxyAgent defaults, which tunnel plain http through CONNECT to port 80', async () => {
    const agent = new EnvHttpProxyAgent({ httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: '' });
    try {
      const before = proxy.requests.length;
      const res = await get(agent, 'http://blog.alice.example/feed.xml');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/rss+xml');
      const seen = proxy.requests.slice(before).map((r) => `${r.method} ${r.host} ${r.path} ${r.status}`);
      expect(seen).toEqual(['CONNECT blog.alice.example blog.alice.example:80 200', 'GET blog.alice.example /feed.xml 200']);
    } finally {
      await agent.close();
    }
  });

  it('routes origin-form requests by their Host header', async () => {
    const res = await raw(proxy, '/about', { headers: { host: 'blog.alice.example:80' } });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('About Alice');
    expect(proxy.requests.at(-1)).toMatchObject({ host: 'blog.alice.example', path: '/about' });
  });

  it('answers 502 for a hostname without a site, like a proxy whose DNS lookup failed', async () => {
    const res = await get(direct, 'http://nowhere.example/page');
    expect(res.status).toBe(502);
    expect(res.text).toContain('nowhere.example');
    expect(proxy.requests.at(-1)).toMatchObject({ host: 'nowhere.example', path: '/page', status: 502 });
  });

  it('refuses CONNECT to https (and to unknown hosts) with 502: the world has no TLS', async () => {
    expect(await connect(proxy, 'blog.alice.example:443')).toBe(502);
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'CONNECT', host: 'blog.alice.example', status: 502 });
    expect(await connect(proxy, 'nowhere.example:80')).toBe(502);
    await expect(get(direct, 'https://blog.alice.example/')).rejects.toThrow(/502/);
  });

  it.each([
    ['/', 'Alice writes', 'text/html; charset=utf-8'],
    ['/about', 'About Alice', 'text/html; charset=utf-8'],
    ['/about.html', 'About Alice', 'text/html; charset=utf-8'],
    ['/2026/10/hello/', 'Hello post', 'text/html; charset=utf-8'],
    ['/2026/10/hello', 'Hello post', 'text/html; charset=utf-8'],
    ['/atom.xml', '<feed', 'application/atom+xml'],
    ['/feed.json', 'jsonfeed', 'application/feed+json'],
    ['/data.json', 'plain', 'application/json'],
    ['/notes/a.txt', 'plain text', 'text/plain; charset=utf-8'],
    ['/about?utm_source=x', 'About Alice', 'text/html; charset=utf-8'],
  ])('maps %s to a file', async (path, text, type) => {
    const res = await get(direct, `http://blog.alice.example${path}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.text).toContain(text);
  });

  it.each(['/missing', '/_routes.json', '/../outside.txt', '/%2e%2e/outside.txt', '/%2e%2e/%2e%2e/outside.txt', '/a%00b'])(
    'answers 404 for %s (missing, control file, or outside the site)',
    async (path) => {
      // Raw, so the client does not normalise the dot segments away before the proxy sees them.
      const res = await raw(proxy, path, { headers: { host: 'blog.alice.example' } });
      expect(res.status).toBe(404);
      expect(res.body.toString()).not.toContain('not part of any site');
    },
  );

  it('applies _routes.json: redirects, a rule used only `times` times, a file with its own headers', async () => {
    const old = await get(direct, 'http://blog.alice.example/old');
    expect(old.status).toBe(301);
    expect(old.headers.location).toBe('http://blog.alice.example/about');

    const first = await get(direct, 'http://blog.alice.example/busy');
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('1');
    const second = await get(direct, 'http://blog.alice.example/busy');
    expect(second.status).toBe(200);
    expect(second.text).toContain('Not busy any more');

    const latin = await request('http://blog.alice.example/latin', { dispatcher: direct });
    expect(latin.headers['content-type']).toBe('text/html; charset=iso-8859-1');
    const bytes = Buffer.from(await latin.body.arrayBuffer());
    expect(new TextDecoder('iso-8859-1').decode(bytes)).toContain('Café Zoë');
  });

  it('redirects every path of a moved host with "*" and {path}', async () => {
    const res = await get(direct, 'http://old.example/2026/10/hello/?x=1');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('http://blog.alice.example/2026/10/hello/?x=1');
  });

  it('answers conditional requests with 304 by ETag, weak ETag, and Last-Modified', async () => {
    const first = await get(direct, 'http://blog.alice.example/feed.xml');
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(Date.parse(lastModified)).not.toBeNaN();

    const byTag = await get(direct, 'http://blog.alice.example/feed.xml', { 'if-none-match': etag });
    expect(byTag.status).toBe(304);
    expect(byTag.text).toBe('');
    expect(byTag.headers.etag).toBe(etag);
    expect((await get(direct, 'http://blog.alice.example/feed.xml', { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await get(direct, 'http://blog.alice.example/feed.xml', { 'if-none-match': '*' })).status).toBe(304);
    expect((await get(direct, 'http://blog.alice.example/feed.xml', { 'if-none-match': '"other"' })).status).toBe(200);

    expect((await get(direct, 'http://blog.alice.example/feed.xml', { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(direct, 'http://blog.alice.example/feed.xml', { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status).toBe(200);
    // If-None-Match wins: a stale tag means a full answer even when the date still matches.
    expect((await get(direct, 'http://blog.alice.example/feed.xml', { 'if-none-match': '"other"', 'if-modified-since': lastModified })).status).toBe(200);
    expect(proxy.requests.at(-1)!.status).toBe(200);
  });

  it('gzips bodies for clients that accept gzip, and only for them', async () => {
    const zipped = await raw(proxy, 'http://blog.alice.example/feed.xml', { headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(gunzipSync(zipped.body).toString()).toBe(RSS);

    for (const ae of [undefined, 'gzip;q=0', 'br']) {
      const plain = await raw(proxy, 'http://blog.alice.example/feed.xml', { headers: ae ? { 'accept-encoding': ae } : {} });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toBe(RSS);
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await raw(proxy, 'http://blog.alice.example/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const post = await raw(proxy, 'http://blog.alice.example/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('lets a test handler answer first, and falls through to the files when it declines', async () => {
    const seen: string[] = [];
    const custom = await startWorldProxy({
      root: dir,
      handle: (host, path, _req, res) => {
        seen.push(`${host}${path}`);
        if (host !== 'api.virtual.example') return false;
        res.writeHead(418, { 'content-type': 'application/json' });
        res.end('{"teapot":true}');
        return true;
      },
    });
    const agent = new ProxyAgent({ uri: custom.url, proxyTunnel: false });
    try {
      const teapot = await get(agent, 'http://api.virtual.example/x?y=1');
      expect(teapot.status).toBe(418);
      expect(JSON.parse(teapot.text)).toEqual({ teapot: true });
      expect((await get(agent, 'http://blog.alice.example/about')).text).toContain('About Alice');
      expect(seen).toEqual(['api.virtual.example/x?y=1', 'blog.alice.example/about']);
      expect(custom.requests.map((r) => r.status)).toEqual([418, 200]);
    } finally {
      await agent.close();
      await custom.close();
    }
  });

  it('closes with keep-alive connections open, and a second close is harmless', async () => {
    const other = await startWorldProxy({ root: dir });
    const agent = new ProxyAgent({ uri: other.url, proxyTunnel: false });
    expect((await get(agent, 'http://blog.alice.example/')).status).toBe(200);
    await other.close();
    await other.close();
    await expect(get(agent, 'http://blog.alice.example/')).rejects.toThrow();
    await agent.destroy();
  });
});

// ---------------------------------------------------------------------------------------------

interface Expected {
  seeds: string[];
  socialSeeds: string[];
  topInfluencers: string[];
  seedKeys: string[];
  obscureOnTopic: { site: string; linkedOnceFrom: string };
  viaThrough: Record<string, string[]>;
  edgesOnlyAtDepth2: string[];
  neverFetched: string[];
  movedSites: Record<string, string>;
  redirects: { from: string; to: string; status: number }[];
  deadLinks: { url: string; status: number }[];
  unreachableHosts: { linkedAs: string; status: number }[];
  retryOnce: { url: string; firstStatus: number; retryAfterSeconds: number; thenStatus: number };
  charset: { url: string; contentType: string; mustContain: string[] };
  fallbackFeed: { page: string; feed: string };
  podcast: { feed: string; host: { name: string; href: string }; guests: { name: string; href: string }[] };
  blogroll: { page: string; targets: string[] };
  relMe: { links: string[] };
  platformsLinked: string[];
}

// Node 20's TextDecoder('windows-1252') decodes 0x80-0x9f as C1 controls (it is latin1 inside),
// so the test decodes the few punctuation bytes the world uses by hand.
const CP1252_HIGH: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—' };
const decodeWindows1252 = (bytes: Buffer): string => Array.from(bytes, (b) => CP1252_HIGH[b] ?? String.fromCharCode(b)).join('');

const expected = JSON.parse(readFileSync(join(DEMO, 'expected.json'), 'utf8')) as Expected;
const SITES = join(DEMO, 'sites');
const hosts = readdirSync(SITES).sort();
const keyOf = (host: string): string => getDomain(host) ?? host;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Every absolute href/podcast href in a host's pages and feeds (hrefs are absolute in the world except site-internal ones). */
function outLinks(host: string): string[] {
  const links: string[] = [];
  for (const file of filesUnder(join(SITES, host))) {
    if (!/\.(html|xml|json)$/.test(file) || file.includes('/_')) continue;
    const text = readFileSync(file, 'latin1').replace(/&quot;/g, '"');
    for (const m of text.matchAll(/(?:href|url)\s*[=:]\s*"(https?:\/\/[^"]+)"/g)) links.push(m[1]!);
    for (const m of text.matchAll(/<link>(https?:\/\/[^<]+)<\/link>/g)) links.push(m[1]!);
  }
  return links;
}

/** Host-level link graph with moved hosts folded into their new host. */
function hostGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const host of hosts) {
    const out = new Set<string>();
    for (const link of outLinks(host)) {
      const h = new URL(link).hostname;
      if (h !== host && link.startsWith('http:')) out.add(h);
    }
    graph.set(host, out);
  }
  for (const [from, to] of Object.entries(expected.movedSites)) {
    for (const out of graph.values()) if (out.delete(from)) out.add(to);
  }
  return graph;
}

describe('the demo world', () => {
  let proxy: WorldProxy;
  let agent: ProxyAgent;

  beforeAll(async () => {
    proxy = await startWorldProxy({ root: DEMO });
    agent = new ProxyAgent({ uri: proxy.url, proxyTunnel: false });
  });

  afterAll(async () => {
    await agent.close();
    await proxy.close();
  });

  it('is what generate.mjs produces (the generated files are committed up to date)', () => {
    const out = mkdtempSync(join(tmpdir(), 'ln-world-gen-'));
    execFileSync(process.execPath, [join(DEMO, 'generate.mjs'), '--out', out], { stdio: 'pipe' });
    const list = (d: string) => filesUnder(d).map((f) => relative(d, f)).sort();
    expect(list(out)).toEqual(list(SITES));
    for (const rel of list(out)) expect(readFileSync(join(out, rel)).equals(readFileSync(join(SITES, rel))), rel).toBe(true);
  });

  it('has about three dozen sites, each with a home page, an about page and a 3-6 item dated feed', async () => {
    expect(hosts.length).toBeGreaterThanOrEqual(30);
    const formats = new Set<string>();
    for (const host of hosts) {
      if (Object.keys(expected.movedSites).includes(host)) continue;
      let home = await get(agent, `http://${host}/`);
      if (home.status === 503) home = await get(agent, `http://${host}/`);
      expect(home.status, host).toBe(200);
      expect((await get(agent, `http://${host}/about`)).status, host).toBe(200);
      const advertised = /<link rel="alternate" type="[^"]+" title="[^"]*" href="([^"]+)">/.exec(home.text)?.[1];
      const feedUrl = new URL(advertised ?? '/feed.xml', `http://${host}/`).href;
      const feed = await get(agent, feedUrl);
      expect(feed.status, feedUrl).toBe(200);
      expect(String(feed.headers['content-type']), feedUrl).toMatch(/^application\/(rss\+xml|atom\+xml|feed\+json)$/);
      const parsed = parseFeed(feed.text);
      formats.add(parsed.format);
      const f = parsed.feed as { items?: Record<string, unknown>[]; entries?: Record<string, unknown>[] };
      const items = f.items ?? f.entries ?? [];
      expect(items.length, feedUrl).toBeGreaterThanOrEqual(3);
      expect(items.length, feedUrl).toBeLessThanOrEqual(6);
      for (const item of items) expect(item.pubDate ?? item.published ?? item.date_published, feedUrl).toBeTruthy();
    }
    expect([...formats].sort()).toEqual(['atom', 'json', 'rss']);
  });

  it('links from the seed sites lead to world sites, to intentional dead links, or to platforms', async () => {
    const dead = new Map([...expected.deadLinks.map((d) => [d.url, d.status] as const), ...expected.unreachableHosts.map((u) => [u.linkedAs, u.status] as const)]);
    const seedHosts = expected.seeds.map((s) => new URL(s).hostname);
    const links = new Set(seedHosts.flatMap(outLinks));
    expect(links.size).toBeGreaterThan(40);
    for (const link of links) {
      const url = new URL(link);
      // rel=me links go to the authors' social profiles, served by the fake social servers.
      if (expected.relMe.links.includes(link)) continue;
      if (url.protocol === 'https:') {
        expect(expected.platformsLinked, link).toContain(keyOf(url.hostname));
        continue;
      }
      const res = await get(agent, link);
      const status = res.status === 301 ? (await get(agent, String(res.headers.location))).status : res.status;
      expect(status, link).toBe(dead.get(link) ?? 200);
    }
    // Every intentional dead link is really linked from a seed.
    for (const url of dead.keys()) expect(links).toContain(url);
  });

  it('plants the structure expected.json describes', () => {
    const graph = hostGraph();
    const referrers = (host: string) => [...graph].filter(([, out]) => out.has(host)).map(([from]) => from).sort();
    const seedHosts = expected.seeds.map((s) => new URL(s).hostname);
    expect(seedHosts.map(keyOf)).toEqual(expected.seedKeys);

    // Hops from the seeds over the host graph.
    const hop = new Map(seedHosts.map((h) => [h, 0]));
    for (let frontier = seedHosts; frontier.length > 0; ) {
      const next: string[] = [];
      for (const h of frontier) for (const t of graph.get(h) ?? []) if (!hop.has(t)) (hop.set(t, hop.get(h)! + 1), next.push(t));
      frontier = next;
    }
    const hopOf = (key: string) => hop.get(hosts.find((h) => keyOf(h) === key)!);

    for (const key of expected.topInfluencers) {
      const host = hosts.find((h) => keyOf(h) === key)!;
      expect(referrers(host).filter((r) => seedHosts.includes(r)), key).toEqual([...seedHosts].sort());
    }
    const obscure = expected.obscureOnTopic;
    expect(referrers(obscure.site).map(keyOf)).toEqual([obscure.linkedOnceFrom]);
    expect(outLinks(hosts.find((h) => keyOf(h) === obscure.linkedOnceFrom)!).filter((l) => l.includes(obscure.site)).length).toBe(2); // one post + its feed item
    expect(hopOf(obscure.site)).toBe(1);
    for (const [c, via] of Object.entries(expected.viaThrough)) {
      // C's only referrers are B and sites that are themselves only reachable through C.
      const deeper = referrers(c).filter((r) => !via.includes(r)).map(keyOf);
      for (const d of deeper) expect(expected.edgesOnlyAtDepth2, d).toContain(d);
      expect(hopOf(c)).toBe(2);
    }
    for (const key of expected.edgesOnlyAtDepth2) expect(hopOf(key), key).toBe(3);
    expect(referrers('keyword-farm.example')).toEqual(['recipes-hub.example']);
    expect(hopOf('recipes-hub.example')).toBe(1);
  });

  it('has the robots.txt rules a polite crawler must honour', async () => {
    const robots = async (host: string) => {
      const parsed = parseRobotsTxt((await get(agent, `http://${host}/robots.txt`)).text);
      return { isAllowed: (url: string, ua: string) => parsed.isAllowed(new URL(url).pathname, productTokenOf(ua)) };
    };
    const measured = await robots('measured-content.example');
    expect(measured.isAllowed('http://measured-content.example/private/q4-plan.html', 'linernotes/0.1')).toBe(false);
    expect(measured.isAllowed('http://measured-content.example/', 'linernotes/0.1')).toBe(true);
    const ghost = await robots('ghostwriter-guild.example');
    expect(ghost.isAllowed('http://ghostwriter-guild.example/', 'linernotes/0.1 (+https://example.invalid)')).toBe(false);
    expect(ghost.isAllowed('http://ghostwriter-guild.example/', 'OtherBot/1.0')).toBe(true);
    // The forbidden pages exist, so fetching them would show up as a 200 in the request log.
    for (const url of expected.neverFetched) expect((await get(agent, url)).status, url).toBe(200);
  });

  it('stages the failure cases: retry-once 503, moved domain, charset, fallback feed, podcast, blogroll', async () => {
    const fresh = await startWorldProxy({ root: DEMO });
    const a = new ProxyAgent({ uri: fresh.url, proxyTunnel: false });
    try {
      const r = expected.retryOnce;
      const busy = await get(a, r.url);
      expect(busy.status).toBe(r.firstStatus);
      expect(busy.headers['retry-after']).toBe(String(r.retryAfterSeconds));
      expect((await get(a, r.url)).status).toBe(r.thenStatus);

      for (const { from, to, status } of expected.redirects) {
        const res = await get(a, from);
        expect(res.status).toBe(status);
        expect(res.headers.location).toBe(to);
      }

      const cafe = await request(expected.charset.url, { dispatcher: a });
      expect(cafe.headers['content-type']).toBe(expected.charset.contentType);
      const bytes = Buffer.from(await cafe.body.arrayBuffer());
      const text = decodeWindows1252(bytes);
      for (const s of expected.charset.mustContain) expect(text).toContain(s);
      expect(bytes.toString('utf8')).not.toContain('Zoë'); // really not UTF-8

      const page = await get(a, expected.fallbackFeed.page);
      expect(page.text).not.toMatch(/rel="alternate"|feed\.xml/);
      expect((await get(a, expected.fallbackFeed.feed)).status).toBe(200);

      const pod = (await get(a, expected.podcast.feed)).text;
      expect(pod).toContain(`<podcast:person role="host" href="${expected.podcast.host.href}">${expected.podcast.host.name}</podcast:person>`);
      for (const g of expected.podcast.guests) expect(pod).toContain(`<podcast:person role="guest" href="${g.href}">${g.name}</podcast:person>`);
      expect(pod).toMatch(/<enclosure url="[^"]+\.mp3" length="\d+" type="audio\/mpeg"\/>/);
      expect(pod).toContain('<itunes:category text="Business">');

      const roll = (await get(a, expected.blogroll.page)).text;
      const list = /<ul class="blogroll">([\s\S]*?)<\/ul>/.exec(roll)?.[1] ?? '';
      const targets = [...list.matchAll(/href="([^"]+)" rel="([^"]+)"/g)].map((m) => keyOf(new URL(m[1]!).hostname));
      expect(targets).toEqual(expected.blogroll.targets);
    } finally {
      await a.close();
      await fresh.close();
    }
  });

  it('seeds.txt has comments, labels, four web seeds and two social seeds', () => {
    const lines = readFileSync(join(DEMO, 'seeds.txt'), 'utf8').split('\n');
    expect(lines[0]).toMatch(/^#/);
    const entries = lines.filter((l) => l.trim() !== '' && !l.startsWith('#')).map((l) => l.replace(/\s+#.*$/, '').trim());
    expect(entries).toEqual([...expected.seeds, ...expected.socialSeeds]);
    expect(lines.filter((l) => /\S\s+# /.test(l)).length).toBeGreaterThanOrEqual(3);
  });
});
