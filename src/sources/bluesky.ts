// The Bluesky source: read one account through the public AppView XRPC API (no login). The
// profile says who it is and which sites it claims; the author feed, paged by cursor up to
// posts-per-account, says whom it reposts, quotes, mentions and links to. Politeness, robots,
// retries and rate-limit headers are ctx.fetch's business; reading the JSON is extract/bluesky*.
import { FetchError } from '../errors.js';
import { RobotsDisallowedError } from '../crawl/polite-fetch.js';
import {
  hiddenByError, parseJson, parseProfile, profileClaims, profileFacts, profileUrlOf, UNEXPECTED_ANSWER, wantsNoUnauthenticated, xrpcErrorReason,
} from '../extract/bluesky.js';
import { blueskyProfileUrl } from '../crawl/identify.js';
import { parseFeedPage, type FeedItem } from '../extract/bluesky-feed.js';
import type { EntityRow } from '../store/graph.js';
import type { FrontierRow } from '../store/frontier.js';
import { emptyOutcome, type HiddenReason, type Source, type SourceContext, type TaskOutcome } from './source.js';
import { replayKnownPosts } from './replay-posts.js';
import { pageByCursor, pageUrl } from './cursor-paging.js';

/** The AppView's largest page of getAuthorFeed. */
export const MAX_FEED_PAGE = 100;

const PROFILE_PATH = /^\/profile\/([^/?#]+)\/?$/;

/** A JSON answer, or why there is none. */
type Answer = { ok: true; json: unknown } | { ok: false; status: 'failed' | 'skipped'; reason: string; hidden?: HiddenReason | null };

/** Accounts on Bluesky, read from the AppView at `ctx.settings.blueskyApi`. */
export const blueskySource: Source = {
  name: 'bluesky',
  readsRunState: true,
  handles: (row) => row.role === 'bsky-account',
  process: (row: FrontierRow, _entity: EntityRow, ctx: SourceContext) => readAccount(row.url, ctx),
};

/** The actor (handle or DID) in `https://bsky.app/profile/ACTOR`, or null. */
export function actorOf(profileUrl: string): string | null {
  try {
    const m = PROFILE_PATH.exec(new URL(profileUrl).pathname);
    return m?.[1] ? decodeURIComponent(m[1]) : null;
  } catch {
    return null;
  }
}

async function readAccount(url: string, ctx: SourceContext): Promise<TaskOutcome> {
  const actor = actorOf(url);
  if (actor === null) return emptyOutcome('failed', 'not a Bluesky profile URL', false);
  const api = ctx.settings.blueskyApi.replace(/\/+$/, '');
  const answer = await call(ctx, `${api}/xrpc/app.bsky.actor.getProfile?actor=${encodeURIComponent(actor)}`);
  if (!answer.ok) {
    const out = emptyOutcome(answer.status, answer.reason, true);
    // A deactivated, taken-down or missing account is no one to suggest, however often it was linked.
    if (answer.hidden) out.facts = { hidden: answer.hidden };
    return out;
  }
  const parsed = parseProfile(answer.json);
  if (!parsed.ok) return emptyOutcome('failed', parsed.reason, true);
  const { profile } = parsed;
  // The person asked apps not to show them to logged-out viewers, and we are one: keep nothing
  // but the mark that keeps them out of every ranking, export and report.
  if (wantsNoUnauthenticated(profile)) {
    const out = emptyOutcome('skipped', 'the account asks not to be shown to logged-out viewers', true);
    out.facts = { key: `bsky:${profile.did}`, hidden: 'opted-out' };
    return out;
  }
  // One account, two URLs (by handle from a web page or the seeds, by DID from a mention): the
  // posts are read once per run; this row only ties the handle to the DID.
  const twins = [profileUrlOf(profile.did), ...(profile.handle ? [blueskyProfileUrl(profile.handle)] : [])].filter((u) => u !== url);
  if (ctx.readThisRun?.(twins)) {
    const out = emptyOutcome('done', 'already read in this run under its other address', true);
    out.facts = { key: `bsky:${profile.did}`, handle: profile.handle, profileUrl: profileUrlOf(profile.did) };
    return out;
  }

  const out = emptyOutcome('done', null, true);
  out.facts = profileFacts(profile);
  out.claims = profileClaims(profile);
  const { items, read, problem } = await readFeed(api, profile.did, ctx);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.document.url)) continue; // a post can come twice (pinned, or across shifting pages)
    seen.add(item.document.url);
    out.documents.push(item.document);
    out.links.push(...item.links);
  }
  replayKnownPosts(out, `bsky:${profile.did}`, ctx);
  if (problem !== null) {
    // The profile alone still names the account; only a feed that gave nothing fails the row.
    out.status = read === 0 ? 'failed' : 'done';
    out.reason = read === 0 ? `could not read posts: ${problem}` : `read ${read} posts, then: ${problem}`;
  }
  return out;
}

/** Page through getAuthorFeed until posts-per-account entries were read or no cursor is left. */
async function readFeed(api: string, did: string, ctx: SourceContext): Promise<{ items: FeedItem[]; read: number; problem: string | null }> {
  const items: FeedItem[] = [];
  let read = 0;
  let problem: string | null = null;
  await pageByCursor({
    max: ctx.settings.postsPerAccount,
    pageSize: MAX_FEED_PAGE,
    visit: async (limit, cursor) => {
      const answer = await call(ctx, pageUrl(`${api}/xrpc/app.bsky.feed.getAuthorFeed?actor=${encodeURIComponent(did)}`, limit, cursor));
      const page = answer.ok ? parseFeedPage(answer.json, did, { max: limit }) : answer;
      if (!page.ok) return (problem = page.reason), 'stop';
      // A recrawl reads only what is new: posts stored by an earlier run end the paging. The
      // first entry may be a pinned old post, so only a known post after it stops.
      const before = ctx.knownBefore(page.items.map((i) => i.document.url), 'item');
      const known = page.items.map((i) => before.has(i.document.url));
      items.push(...page.items.filter((_, i) => !known[i]));
      read += page.read;
      return known.some((k, i) => k && i > 0) ? 'stop' : page;
    },
  });
  return { items, read, problem };
}

/** One XRPC GET; every way it can go wrong becomes a reason, never a throw (bugs excepted). */
async function call(ctx: SourceContext, url: string): Promise<Answer> {
  let res;
  try {
    res = await ctx.fetch({ url, accept: 'application/json', maxBytes: ctx.settings.maxBytes });
  } catch (err) {
    if (err instanceof RobotsDisallowedError) {
      return { ok: false, status: err.unreachable ? 'failed' : 'skipped', reason: `Bluesky API: ${err.message.replace(`${url}: `, '')}` };
    }
    if (err instanceof FetchError) return { ok: false, status: 'failed', reason: `Bluesky API: ${err.message.replace(`${url}: `, '')}` };
    throw err;
  }
  const json = parseJson(res.body);
  if (res.status !== 200) return { ok: false, status: 'failed', reason: xrpcErrorReason(res.status, json), hidden: hiddenByError(res.status, json) };
  return json === undefined ? { ok: false, status: 'failed', reason: UNEXPECTED_ANSWER } : { ok: true, json };
}
