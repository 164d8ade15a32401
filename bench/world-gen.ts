// A deterministic synthetic blogosphere for the crawl benchmarks: `sites` sites, each its own
// registrable domain (s<N>.test) with a robots.txt, a home page, an RSS feed listing all its
// posts and `posts` post pages. Home pages link to a few "children" (site i links to sites
// k·i+1 … k·i+k, so every site is reachable from s0 within a few hops); posts and feed items link
// to other sites chosen by a power law (Zipf), so some sites are linked from everywhere and most
// from a handful. Every answer is a pure function of (seed, host, path), so two runs of the
// same world are byte-identical, and every answer waits `latencyMs` (± `jitterMs`, also
// deterministic per URL) before it is sent, like a server across the internet.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mulberry32 as prng } from '../src/prng.js';

/** The shape of a generated world. */
export interface WorldGenOptions {
  /** Number of sites. */
  sites: number;
  /** Posts per site (each in the feed and fetched in full). */
  posts: number;
  /** Fixed latency per answer, in ms. @default 0 */
  latencyMs?: number;
  /** Deterministic per-URL jitter, uniform in ±jitterMs. @default 0 */
  jitterMs?: number;
  /** Children per home page (the reachability tree). @default 8 */
  fanout?: number;
  /** Zipf exponent of cross-site links. @default 1.1 */
  zipf?: number;
  /** Cross-site links per post. @default 3 */
  linksPerPost?: number;
  /** PRNG seed. @default 1 */
  seed?: number;
  /** Seed of the jitter alone: other answer orders, the same pages. @default `seed` */
  jitterSeed?: number;
}

/** Requests a full crawl of the world makes: robots.txt, home, feed and every post, per site. */
export function expectedRequests(o: WorldGenOptions): number {
  return o.sites * (o.posts + 3);
}

/** The host of site `i`. */
export function hostOf(i: number): string {
  return `s${i}.test`;
}

/** 32-bit string hash (FNV-1a), for per-URL randomness. */
function hash(s: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}


const WORDS = (
  'content marketing strategy audience newsletter editorial brand story podcast guest episode ' +
  'writing craft publish reader growth search social video design research interview notes ' +
  'community launch pricing product feedback review analysis report trends essay chapter'
).split(' ');

/** A generated world: the request handler for the world proxy and what it will be asked. */
export interface GeneratedWorld {
  options: Required<WorldGenOptions>;
  /** Answer one proxied request; false for hosts outside the world. */
  handle(host: string, path: string, req: IncomingMessage, res: ServerResponse): boolean;
  /** Latency of one URL's answer, in ms (the same on every run). */
  latencyOf(host: string, path: string): number;
}

/** Build the world. Nothing is pre-rendered: pages are made on request, so memory stays flat. */
export function generateWorld(opts: WorldGenOptions): GeneratedWorld {
  const o: Required<WorldGenOptions> = { latencyMs: 0, jitterMs: 0, fanout: 8, zipf: 1.1, linksPerPost: 3, seed: 1, jitterSeed: opts.seed ?? 1, ...opts };
  // Zipf CDF over sites: site 0 is the most linked-to, then 1, ...
  const cdf = new Float64Array(o.sites);
  let total = 0;
  for (let i = 0; i < o.sites; i++) cdf[i] = total += 1 / Math.pow(i + 1, o.zipf);
  for (let i = 0; i < o.sites; i++) cdf[i]! /= total;
  // A fixed permutation so popularity is not tied to closeness to the seed.
  const perm = Array.from({ length: o.sites }, (_, i) => i);
  const shuffle = prng(o.seed);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const zipfSite = (r: number): number => {
    let lo = 0;
    let hi = o.sites - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return perm[lo]!;
  };
  const text = (rand: () => number, n: number): string => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  const url = (i: number, p = '/'): string => `http://${hostOf(i)}${p}`;

  const home = (i: number): string => {
    const rand = prng(hash(`home ${i}`, o.seed));
    const children: string[] = [];
    for (let k = 1; k <= o.fanout; k++) {
      const c = o.fanout * i + k;
      if (c < o.sites) children.push(`<li><a href="${url(c)}">Site ${c}</a></li>`);
    }
    const recent = Array.from({ length: Math.min(5, o.posts) }, (_, k) => `<li><a href="/posts/${k}.html">Post ${k}</a></li>`).join('');
    return `<!doctype html><html><head><meta charset="utf-8"><title>Site ${i}</title>
<link rel="alternate" type="application/rss+xml" title="Site ${i}" href="/feed.xml"></head>
<body><header><nav><a href="/">Home</a> <a href="/about">About</a></nav></header>
<main><h1>Site ${i}</h1><p>${text(rand, 80)}</p><ul>${recent}</ul></main>
<aside class="blogroll"><h2>Blogroll</h2><ul>${children.join('')}</ul></aside></body></html>`;
  };

  const postLinks = (i: number, k: number): number[] => {
    const rand = prng(hash(`links ${i} ${k}`, o.seed));
    const out: number[] = [];
    for (let n = 0; n < o.linksPerPost; n++) {
      const t = zipfSite(rand());
      if (t !== i) out.push(t);
    }
    return out;
  };

  const post = (i: number, k: number): string => {
    const rand = prng(hash(`post ${i} ${k}`, o.seed));
    const links = postLinks(i, k).map((t) => `<a href="${url(t)}">${text(rand, 3)}</a>`).join(', ');
    const paras = Array.from({ length: 4 }, () => `<p>${text(rand, 90)}</p>`).join('\n');
    return `<!doctype html><html><head><meta charset="utf-8"><title>Post ${k} of site ${i}</title>
<link rel="canonical" href="${url(i, `/posts/${k}.html`)}"></head>
<body><header><nav><a href="/">Site ${i}</a></nav></header><article><h1>Post ${k}</h1>
${paras}<p>Read more: ${links}.</p></article></body></html>`;
  };

  const feed = (i: number): string => {
    const items = Array.from({ length: o.posts }, (_, k) => {
      const rand = prng(hash(`item ${i} ${k}`, o.seed));
      const first = postLinks(i, k)[0];
      const mention = first === undefined ? '' : ` &lt;a href="${url(first)}"&gt;via&lt;/a&gt;`;
      const day = new Date(Date.UTC(2026, 0, 1) + (o.posts - k) * 86_400_000).toUTCString();
      return `<item><title>Post ${k}</title><link>${url(i, `/posts/${k}.html`)}</link><guid>${url(i, `/posts/${k}.html`)}</guid>` +
        `<pubDate>${day}</pubDate><description>${text(rand, 30)}${mention}</description></item>`;
    }).join('\n');
    return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Site ${i}</title>
<link>${url(i)}</link><description>${text(prng(hash(`feed ${i}`, o.seed)), 12)}</description>
${items}</channel></rss>`;
  };

  const answer = (host: string, path: string): { status: number; type: string; body: string } => {
    const m = /^s(\d+)\.test$/.exec(host);
    const i = m ? Number(m[1]) : -1;
    if (i < 0 || i >= o.sites) return { status: 502, type: 'text/plain', body: 'no such host\n' };
    if (path === '/robots.txt') return { status: 200, type: 'text/plain; charset=utf-8', body: 'User-agent: *\nAllow: /\n' };
    if (path === '/') return { status: 200, type: 'text/html; charset=utf-8', body: home(i) };
    if (path === '/feed.xml') return { status: 200, type: 'application/rss+xml', body: feed(i) };
    const p = /^\/posts\/(\d+)\.html$/.exec(path);
    if (p && Number(p[1]) < o.posts) return { status: 200, type: 'text/html; charset=utf-8', body: post(i, Number(p[1])) };
    return { status: 404, type: 'text/html; charset=utf-8', body: '<!doctype html><title>Not found</title>' };
  };

  const latencyOf = (host: string, path: string): number => {
    if (o.jitterMs === 0) return o.latencyMs;
    const r = hash(`${host}${path}`, o.jitterSeed) / 4294967296;
    return Math.max(0, o.latencyMs + (2 * r - 1) * o.jitterMs);
  };

  return {
    options: o,
    latencyOf,
    handle(host, path, _req, res) {
      if (!/^s\d+\.test$/.test(host)) return false;
      const a = answer(host, path);
      const body = Buffer.from(a.body);
      const send = () => {
        res.writeHead(a.status, { 'content-type': a.type, 'content-length': String(body.length) });
        res.end(body);
      };
      const wait = latencyOf(host, path);
      if (wait > 0) setTimeout(send, wait);
      else send();
      return true;
    },
  };
}
