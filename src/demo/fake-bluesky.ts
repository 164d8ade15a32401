// A fake Bluesky AppView for tests and the offline demo: a world-proxy handler that answers
// app.bsky.actor.getProfile, app.bsky.feed.getAuthorFeed and app.bsky.graph.getFollows for the
// accounts of a SocialWorld, with the real answer shapes (at-URIs, CIDs, profile views, records
// with facets at UTF-8 byte offsets, embed views), XRPC errors, `ratelimit-*` headers and
// optional 429s. Output is deterministic: the same world gives the same bytes.
// A repost or quote of a post whose author is not in the world (or not active) cannot be shown,
// as on the real AppView: the repost is left out of the feed, the quote becomes #viewNotFound.
// Where the reference AppView (@atproto/bsky, run by `npm run test:bluesky`) was seen to answer
// in a particular way, the fake does the same: a profile website that is not https is left out,
// ETags are weak, a short page has no cursor (a full one has), quoted records carry `embeds: []`,
// replies carry `reply` in the record and in the feed entry, robots.txt allows everything, and
// the feed of a deactivated account is "Profile not found".
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../clock.js';
import type { BskyAccountSpec, BskyPostSpec, SocialWorld } from './social-world.js';

type Json = Record<string, unknown>;
type World = NonNullable<SocialWorld['bluesky']>;
type Answer = { status: number; body: Json };

/** Requests per rate-limit window, and the window, as the real AppView announces them. */
const RATE_LIMIT = 3000;
const RATE_WINDOW_S = 300;
/** When every account of the world was created; also the time of its self-labels. */
const ACCOUNT_CREATED = '2023-04-01T12:00:00.000Z';
const LABEL_TIME = '1970-01-01T00:00:00.000Z';
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A stable CID-looking string for any record (CIDv1, dag-cbor, sha-256, base32). */
function cidOf(seed: string): string {
  const bytes = createHash('sha256').update(seed).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return `bafyrei${out.slice(0, 52)}`;
}

/** The AppView's robots.txt, as it is served. */
const ROBOTS_TXT = '# Hello Friends!\n\n# Crawling the public parts of the API is allowed. HTTP 429 ("backoff") status codes are used for rate-limiting. Up to a handful concurrent requests should be ok.\nUser-agent: *\nAllow: /\n';

/** A weak ETag in the shape Express sends: W/"<length in hex>-<hash>". */
function weakEtag(body: Buffer): string {
  return `W/"${body.length.toString(16)}-${createHash('sha1').update(body).digest('base64').slice(0, 27)}"`;
}

const err = (status: number, error: string, message: string): Answer => ({ status, body: { error, message } });
const postUri = (did: string, rkey: string) => `at://${did}/app.bsky.feed.post/${rkey}`;
const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** A world-proxy `handle` serving the AppView at `world.host`; false for every other host. */
export function fakeBluesky(world: World, clock: Clock = systemClock): (host: string, path: string, req: IncomingMessage, res: ServerResponse) => boolean {
  const host = world.host.toLowerCase();
  const byDid = new Map(world.accounts.map((a) => [a.did, a]));
  const byHandle = new Map(world.accounts.map((a) => [a.handle.toLowerCase(), a]));
  const active = (did: string) => {
    const a = byDid.get(did);
    return a && (a.status ?? 'active') === 'active' ? a : undefined;
  };
  const postOf = (did: string, rkey: string) => active(did)?.posts.find((p) => p.rkey === rkey && !p.repostOf);
  const countOf = (key: 'repostOf' | 'quoteOf', did: string, rkey: string) =>
    world.accounts.reduce((n, a) => n + a.posts.filter((p) => p[key]?.did === did && p[key]?.rkey === rkey).length, 0);

  const labels = (a: BskyAccountSpec) =>
    (a.labels ?? []).map((val) => ({ src: a.did, uri: `at://${a.did}/app.bsky.actor.profile/self`, cid: cidOf(`${a.did} profile`), val, cts: LABEL_TIME }));
  const basic = (a: BskyAccountSpec): Json => ({
    did: a.did, handle: a.handle, ...(a.displayName ? { displayName: a.displayName } : {}),
    associated: { chat: { allowIncoming: 'following' } }, labels: labels(a), createdAt: ACCOUNT_CREATED,
  });
  const view = (a: BskyAccountSpec): Json => ({
    ...basic(a), ...(a.description ? { description: a.description } : {}), indexedAt: ACCOUNT_CREATED,
  });
  const detailed = (a: BskyAccountSpec): Json => ({
    ...view(a), ...(a.website?.startsWith('https://') ? { website: a.website } : {}),
    followersCount: world.accounts.filter((o) => o.follows?.includes(a.did)).length,
    followsCount: a.follows?.length ?? 0, postsCount: a.posts.filter((p) => !p.repostOf).length,
  });

  /** Facets over the post text; offsets are UTF-8 bytes, as the lexicon requires. */
  const facets = (p: BskyPostSpec): Json[] => {
    const taken: [number, number][] = [];
    const out: Json[] = [];
    const place = (needle: string, feature: Json) => {
      let at = p.text.indexOf(needle);
      while (at !== -1 && taken.some(([s, e]) => at < e && at + needle.length > s)) at = p.text.indexOf(needle, at + 1);
      if (at === -1 || needle === '') return; // the world's author misspelled it; a real client would not facet it either
      taken.push([at, at + needle.length]);
      const byteStart = byteLength(p.text.slice(0, at));
      out.push({ index: { byteStart, byteEnd: byteStart + byteLength(needle) }, features: [feature] });
    };
    for (const m of p.mentions ?? []) place(m.text, { $type: 'app.bsky.richtext.facet#mention', did: m.did });
    for (const l of p.links ?? []) place(l.text, { $type: 'app.bsky.richtext.facet#link', uri: l.uri });
    return out.sort((x, y) => (x.index as { byteStart: number }).byteStart - (y.index as { byteStart: number }).byteStart);
  };

  const image = (did: string, seed: string) => {
    const cid = cidOf(seed);
    return { thumb: `https://cdn.bsky.app/img/feed_thumbnail/plain/${did}/${cid}@jpeg`, fullsize: `https://cdn.bsky.app/img/feed_fullsize/plain/${did}/${cid}@jpeg`, alt: '', aspectRatio: { width: 1200, height: 800 } };
  };
  const externalOf = (p: BskyPostSpec) => p.external && { uri: p.external.uri, title: p.external.title, description: p.external.description ?? '' };

  const strongRef = (ref: { did: string; rkey: string }) => ({ uri: postUri(ref.did, ref.rkey), cid: cidOf(postUri(ref.did, ref.rkey)) });

  /** The record as stored in the author's repo. */
  const record = (did: string, p: BskyPostSpec): Json => {
    const f = facets(p);
    const quote = p.quoteOf && { uri: postUri(p.quoteOf.did, p.quoteOf.rkey), cid: cidOf(postUri(p.quoteOf.did, p.quoteOf.rkey)) };
    const external = externalOf(p);
    let embed: Json | undefined;
    const media = external
      ? { $type: 'app.bsky.embed.external', external }
      : { $type: 'app.bsky.embed.images', images: [{ alt: '', image: { $type: 'blob', ref: { $link: cidOf(`${did} ${p.rkey} image`) }, mimeType: 'image/jpeg', size: 184_320 }, aspectRatio: { width: 1200, height: 800 } }] };
    if (quote && (p.quoteWithMedia || external)) embed = { $type: 'app.bsky.embed.recordWithMedia', record: { $type: 'app.bsky.embed.record', record: quote }, media };
    else if (quote) embed = { $type: 'app.bsky.embed.record', record: quote };
    else if (external) embed = { $type: 'app.bsky.embed.external', external };
    const reply = p.replyTo && { root: strongRef(p.replyTo), parent: strongRef(p.replyTo) };
    return { $type: 'app.bsky.feed.post', createdAt: p.createdAt, ...(embed ? { embed } : {}), ...(f.length ? { facets: f } : {}), ...(reply ? { reply } : {}), langs: ['en'], text: p.text };
  };

  /** The hydrated embed view of a post, or undefined. */
  const embedView = (did: string, p: BskyPostSpec, nested: boolean): Json | undefined => {
    const external = externalOf(p);
    const externalView = external && { $type: 'app.bsky.embed.external#view', external };
    if (!p.quoteOf) return externalView;
    // Views nest one level deep, as on the real AppView: a quote inside a quote is not expanded.
    if (nested) return undefined;
    const uri = postUri(p.quoteOf.did, p.quoteOf.rkey);
    const q = postOf(p.quoteOf.did, p.quoteOf.rkey);
    const qa = active(p.quoteOf.did);
    const inner = q && qa
      ? {
          $type: 'app.bsky.embed.record#viewRecord', uri, cid: cidOf(uri), author: basic(qa), value: record(qa.did, q), labels: [],
          likeCount: 0, replyCount: 0, repostCount: countOf('repostOf', qa.did, q.rkey), quoteCount: countOf('quoteOf', qa.did, q.rkey),
          indexedAt: q.createdAt, embeds: embedView(qa.did, q, true) ? [embedView(qa.did, q, true)] : [],
        }
      : { $type: 'app.bsky.embed.record#viewNotFound', uri, notFound: true };
    if (!p.quoteWithMedia && !externalView) return { $type: 'app.bsky.embed.record#view', record: inner };
    return { $type: 'app.bsky.embed.recordWithMedia#view', record: { record: inner }, media: externalView ?? { $type: 'app.bsky.embed.images#view', images: [image(did, `${did} ${p.rkey} image`)] } };
  };

  const postView = (a: BskyAccountSpec, p: BskyPostSpec): Json => {
    const uri = postUri(a.did, p.rkey);
    const embed = embedView(a.did, p, false);
    return {
      uri, cid: cidOf(uri), author: basic(a), record: record(a.did, p), ...(embed ? { embed } : {}), bookmarkCount: 0, replyCount: 0,
      repostCount: countOf('repostOf', a.did, p.rkey), likeCount: 0, quoteCount: countOf('quoteOf', a.did, p.rkey), indexedAt: p.createdAt, labels: [],
    };
  };

  /** A feed entry's `reply`: the parent (and root) post views, or #notFoundPost. */
  const replyView = (ref: { did: string; rkey: string }): Json => {
    const parent = postOf(ref.did, ref.rkey);
    const author = active(ref.did);
    const v = parent && author
      ? { $type: 'app.bsky.feed.defs#postView', ...postView(author, parent) }
      : { $type: 'app.bsky.feed.defs#notFoundPost', uri: postUri(ref.did, ref.rkey), notFound: true };
    return { root: v, parent: v };
  };

  /** The author feed, newest first, with the sort key each entry's cursor is made of. */
  const feedOf = (a: BskyAccountSpec): { item: Json; key: string }[] =>
    a.posts.flatMap((p) => {
      if (!p.repostOf) {
        const item = postView(a, p);
        return [{ item: { post: item, ...(p.replyTo ? { reply: replyView(p.replyTo) } : {}) }, key: `${p.createdAt}::${item.cid as string}` }];
      }
      const author = active(p.repostOf.did);
      if (!author) return [];
      const original = postOf(author.did, p.repostOf.rkey) ?? { ...p, repostOf: undefined, rkey: p.repostOf.rkey };
      const uri = `at://${a.did}/app.bsky.feed.repost/${p.rkey}`;
      const reason = { $type: 'app.bsky.feed.defs#reasonRepost', by: basic(a), uri, cid: cidOf(uri), indexedAt: p.createdAt };
      return [{ item: { post: postView(author, original), reason }, key: `${p.createdAt}::${cidOf(uri)}` }];
    });

  /** Look up `actor` (handle or DID) and answer for active accounts only. */
  const withActor = (q: URLSearchParams, answer: (a: BskyAccountSpec) => Answer): Answer => {
    const actor = q.get('actor');
    if (!actor) return err(400, 'InvalidRequest', 'Error: Params must have the property "actor"');
    const a = byDid.get(actor) ?? byHandle.get(actor.toLowerCase());
    const status = a ? (a.status ?? 'active') : 'not-found';
    if (status === 'takendown') return err(400, 'AccountTakedown', 'Account has been suspended');
    if (status === 'deactivated') return err(400, 'AccountDeactivated', 'Account is deactivated');
    if (!a || status !== 'active') return err(400, 'InvalidRequest', 'Profile not found');
    return answer(a);
  };

  /** Slice `entries` after `cursor`; the cursor of the page is its last entry's key. */
  const page = (q: URLSearchParams, defaultLimit: number, entries: { item: Json; key: string }[], build: (items: Json[], cursor?: string) => Json): Answer => {
    const limit = q.has('limit') ? Number(q.get('limit')) : defaultLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return err(400, 'InvalidRequest', `Error: limit must be an integer between 1 and 100`);
    const cursor = q.get('cursor');
    const start = cursor ? entries.findIndex((e) => e.key === cursor) + 1 : 0;
    if (cursor && start === 0) return err(400, 'InvalidRequest', 'Malformed cursor');
    const slice = entries.slice(start, start + limit);
    // As the real AppView: a full page has a cursor (the next page may be empty), a short one none.
    const full = slice.length === limit;
    return { status: 200, body: build(slice.map((e) => e.item), full ? slice[slice.length - 1]?.key : undefined) };
  };

  const methods: Record<string, (q: URLSearchParams) => Answer> = {
    'app.bsky.actor.getProfile': (q) => withActor(q, (a) => ({ status: 200, body: detailed(a) })),
    'app.bsky.feed.getAuthorFeed': (q) => {
      // The real AppView names the deactivation only on getProfile; the feed is just not found.
      const a = byDid.get(q.get('actor') ?? '') ?? byHandle.get((q.get('actor') ?? '').toLowerCase());
      if (a?.status === 'deactivated') return err(400, 'InvalidRequest', 'Profile not found');
      return withActor(q, (acct) => page(q, 50, feedOf(acct), (feed, cursor) => ({ feed, ...(cursor ? { cursor } : {}) })));
    },
    'app.bsky.graph.getFollows': (q) =>
      withActor(q, (a) => {
        const follows = (a.follows ?? []).flatMap((did, i) => {
          const f = active(did);
          return f ? [{ item: view(f), key: `3kfollow${String(i).padStart(6, '0')}` }] : [];
        });
        return page(q, 50, follows, (items, cursor) => ({ subject: view(a), follows: items, ...(cursor ? { cursor } : {}) }));
      }),
  };

  let windowEnd = 0;
  let used = 0;
  let throttled = 0;

  return (reqHost, path, req, res) => {
    if (reqHost.toLowerCase() !== host) return false;
    const nowS = Math.ceil(clock.now() / 1000);
    if (nowS >= windowEnd) {
      windowEnd = nowS + RATE_WINDOW_S;
      used = 0;
    }
    used++;
    const url = new URL(path, `http://${host}`);
    const xrpc = url.pathname.startsWith('/xrpc/') ? url.pathname.slice('/xrpc/'.length) : null;
    let answer: Answer;
    const headers: Record<string, string> = {
      'ratelimit-limit': String(RATE_LIMIT), 'ratelimit-remaining': String(Math.max(0, RATE_LIMIT - used)),
      'ratelimit-reset': String(windowEnd), 'ratelimit-policy': `${RATE_LIMIT};w=${RATE_WINDOW_S}`,
    };
    if (url.pathname === '/robots.txt') {
      const text = Buffer.from(ROBOTS_TXT);
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(text.length), etag: weakEtag(text), ...headers });
      res.end(req.method === 'HEAD' ? undefined : text);
      return true;
    }
    else if (xrpc !== null && throttled < (world.throttleFirst ?? 0)) {
      // Robots.txt is never throttled: only API calls count towards `throttleFirst`.
      throttled++;
      answer = err(429, 'RateLimitExceeded', 'Rate Limit Exceeded');
      Object.assign(headers, { 'retry-after': '1', 'ratelimit-remaining': '0', 'ratelimit-reset': String(nowS + 1) });
    } else if (xrpc === null || methods[xrpc] === undefined) answer = err(404, 'MethodNotImplemented', 'Method Not Implemented');
    else if (req.method !== 'GET' && req.method !== 'HEAD') answer = err(400, 'InvalidRequest', `Incorrect HTTP method (${req.method ?? ''}) expected GET`);
    else answer = methods[xrpc](url.searchParams);
    const body = Buffer.from(JSON.stringify(answer.body));
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length), etag: weakEtag(body), ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
