// The data model of the offline social networks: Bluesky accounts and fediverse instances
// described in one JSON file, from which the fake AppView (fake-bluesky.ts) and the fake
// Mastodon-compatible servers (fake-mastodon.ts) build answers shaped like the real APIs.
// Tests and `npm run demo` both serve worlds through this model.

/** A Bluesky post as the world describes it; the fake AppView renders records, facets, embeds. */
export interface BskyPostSpec {
  /** Record key; the post URI is at://DID/app.bsky.feed.post/RKEY. */
  rkey: string;
  text: string;
  /** ISO date. */
  createdAt: string;
  /** This feed item is a repost by the account of someone else's post. */
  repostOf?: { did: string; rkey: string };
  /** The post is a reply to this post (record `reply` with root = parent). */
  replyTo?: { did: string; rkey: string };
  /** The post embeds (quotes) another post: app.bsky.embed.record. */
  quoteOf?: { did: string; rkey: string };
  /** Quote plus media: app.bsky.embed.recordWithMedia. */
  quoteWithMedia?: boolean;
  /** Mentions: a `#mention` facet over `text` (which must occur in the post text) to `did`. */
  mentions?: { did: string; text: string }[];
  /** Links: a `#link` facet over `text` (in the post text) to `uri`. */
  links?: { uri: string; text: string }[];
  /** A link card: app.bsky.embed.external. */
  external?: { uri: string; title: string; description?: string };
}

/** A Bluesky account. */
export interface BskyAccountSpec {
  did: string;
  handle: string;
  displayName?: string;
  description?: string;
  /** The profile's website field (the AppView shows it only when it is https). */
  website?: string;
  /** Self-labels, e.g. '!no-unauthenticated'. */
  labels?: string[];
  /** Anything but active answers getProfile with the matching XRPC error. @default 'active' */
  status?: 'active' | 'takendown' | 'deactivated' | 'not-found';
  /** DIDs this account follows. */
  follows?: string[];
  /** Own posts and reposts, newest first. */
  posts: BskyPostSpec[];
}

/** A status on a fediverse instance. */
export interface MastoStatusSpec {
  id: string;
  createdAt: string;
  /** HTML as Mastodon renders it: mention links `<span class="h-card"><a href=".." class="u-url mention">`, hashtags `class="mention hashtag" rel="tag"`, plain links. */
  content: string;
  mentions?: { acct: string; url: string; username: string }[];
  /** A boost: this status only wraps another account's status. */
  reblogOf?: { acct: string; id: string };
  card?: { url: string; title: string };
}

/** A fediverse account. */
export interface MastoAccountSpec {
  id: string;
  username: string;
  displayName?: string;
  /** Bio HTML. */
  note?: string;
  /** Profile fields; `verifiedAt` set when the server verified a rel=me backlink. */
  fields?: { name: string; value: string; verifiedAt?: string }[];
  locked?: boolean;
  suspended?: boolean;
  /** The person opted out of search-engine indexing (Account.noindex). */
  noindex?: boolean;
  /** Accounts followed, as `user@host`. */
  following?: string[];
  /** Newest first. */
  statuses: MastoStatusSpec[];
}

/** One fediverse server. */
export interface MastoInstanceSpec {
  host: string;
  /** NodeInfo software name. @default 'mastodon' */
  software?: 'mastodon' | 'gotosocial' | 'pleroma' | 'akkoma' | 'misskey';
  /** Account endpoints answer 401 without a token (GoToSocial, Mastodon with limited API). */
  requireAuth?: boolean;
  /** Answer the first N API requests with 429 and Retry-After: 1. @default 0 */
  throttleFirst?: number;
  accounts: MastoAccountSpec[];
}

/** Everything social in a world. */
export interface SocialWorld {
  bluesky?: {
    /** Host of the fake AppView, e.g. 'bsky-api.example' (pass --bluesky-api http://HOST). */
    host: string;
    /** Answer the first N requests with 429 and Retry-After: 1. @default 0 */
    throttleFirst?: number;
    accounts: BskyAccountSpec[];
  };
  mastodon?: { instances: MastoInstanceSpec[] };
}
