// The contract between the crawler and a network. A source turns one frontier row into an
// outcome (documents, facts about the entity, links, same-entity follow-ups); the crawler
// stores outcomes, turns links into edges and hops, and never parses anything itself.
import type { Clock } from '../clock.js';
import type { PoliteFetch } from '../crawl/polite-fetch.js';
import type { CachedResponse, DocumentInput } from '../store/documents.js';
import type { EntityRow } from '../store/graph.js';
import type { FrontierRole, FrontierRow } from '../store/frontier.js';

import type { EdgeType } from '../rank/types.js';

export type { EdgeType };

/**
 * A social account named by an API answer. Accounts are keyed by what never changes: a
 * Bluesky DID, a fediverse `user@host`; handles are display data.
 */
export interface AccountRef {
  network: 'bluesky' | 'fediverse';
  /** Bluesky: the DID (or, before it is known, the handle). Fediverse: `user@host`, lower-case. */
  id: string;
  /** Bluesky handle or fediverse `user@host`, for display. */
  handle: string | null;
  /** Where a person would look at it: https://bsky.app/profile/DID, https://host/@user. */
  profileUrl: string;
  /** The answer that named it (a post's author view) carried the account's opt-out label. */
  optedOut?: boolean;
}

/** A link from the row's entity to some URL, with the document that shows it. */
export interface FoundLink {
  targetUrl: string;
  type: EdgeType;
  evidenceUrl: string;
  anchorText: string | null;
  /** Whether the target may be visited at the next hop (false for sponsored/ugc links). */
  follow: boolean;
  /** Set when the target is a known social account (from an API answer): no guessing from the URL. */
  account?: AccountRef;
}

/** Kinds of evidence that two identities are one person. */
export type ClaimKind =
  /** `<a rel="me">` on a page, or a profile field/link without server verification. */
  | 'rel-me'
  /** A profile's own website field, bio link or field value (a one-way claim). */
  | 'profile-link'
  /** A Mastodon profile field with `verified_at`: the server checked the backlink. Proof. */
  | 'verified-field'
  /** A Bluesky handle that is a domain: DNS or .well-known proves control. Proof. */
  | 'domain-handle';

/** The row's entity says it is also `targetUrl` (or `account`). */
export interface IdentityClaim {
  kind: ClaimKind;
  targetUrl: string;
  account?: AccountRef;
  evidenceUrl: string;
}

/** Another URL of the same entity to fetch at the same hop. */
export interface FollowUp {
  url: string;
  role: FrontierRole;
  probeIndex?: number;
}

/** What the crawler learned about the row's entity. */
export interface EntityFacts {
  name?: string | null;
  nameIsAuthoritative?: boolean;
  homeUrl?: string | null;
  feedUrl?: string | null;
  isPodcast?: boolean;
  /** Social handle for display (`dana.bsky.social`, `dana@toot.example`). */
  handle?: string | null;
  /** Profile page of a social account. */
  profileUrl?: string | null;
  /**
   * The key this entity really has, learned from the answer (a Bluesky handle resolved to its
   * DID: `bsky:did:plc:…`). The crawler re-keys or merges the row's entity accordingly.
   */
  key?: string | null;
  /**
   * Why the entity must never be shown (ranked, exported, reported), or null when it may be
   * shown again (a profile read without the opt-out label); undefined leaves it as it is.
   */
  hidden?: HiddenReason | null;
}

/**
 * Why an account is never shown: it asked not to be shown to logged-out viewers
 * (`!no-unauthenticated`), or it is not there (deactivated, taken down, not found).
 */
export type HiddenReason = 'opted-out' | 'deactivated' | 'taken-down' | 'not-found';

/** The result of processing one frontier row. */
export interface TaskOutcome {
  status: 'done' | 'failed' | 'skipped';
  /** Why it failed or was skipped, in words a user understands. */
  reason: string | null;
  /** Whether a network request was made (counts against --max-pages). */
  fetched: boolean;
  /** Documents to store; entityId null means the row's (or moved-to) entity. */
  documents: DocumentInput[];
  facts: EntityFacts | null;
  links: FoundLink[];
  /** Identity claims made by this page or profile. */
  claims: IdentityClaim[];
  followUps: FollowUp[];
  /** The entity's home answered from another site: the entity moved there. */
  movedTo: string | null;
  /** The server answered 304 and the stored body was read again. */
  notModified?: boolean;
}

/** What a source may use. */
export interface SourceContext {
  fetch: PoliteFetch;
  clock: Clock;
  settings: {
    itemsPerFeed: number;
    postsPerSite: number;
    maxBytes: number;
    /** Most recent posts read per social account (pages of the API until this many). */
    postsPerAccount: number;
    /** Base URL of the Bluesky AppView, no trailing slash (https://public.api.bsky.app). */
    blueskyApi: string;
  };
  /** Whether two URLs belong to the same entity. */
  sameEntity(a: string, b: string): boolean;
  /** The stored answer for a URL, for If-None-Match / If-Modified-Since and 304 replays. */
  cached(url: string): CachedResponse | null;
  /** Which of these post pages ('html') or social posts ('item') an earlier run already stored. */
  knownBefore(urls: readonly string[], kind: 'html' | 'item'): Set<string>;
  /** Whether this run already finished a row for one of these URLs (one account's two addresses). */
  readThisRun?(urls: readonly string[]): boolean;
  /**
   * The body of a post page an earlier run read, to read again without asking (its links are
   * this run's hops too); null when it was not read or its body is no longer kept.
   */
  storedPage?(url: string): { url: string; finalUrl: string; status: number; contentType: string; body: string } | null;
  /**
   * Links that the posts of the account keyed `key` made in earlier runs: a recrawl stops paging
   * at the first known post, and re-emits these so the accounts and sites found through the
   * posts it did not page to again are visited again.
   */
  storedLinks?(key: string): FoundLink[];
  /**
   * A JSON-able answer about a server kept between runs for `maxAgeMs` (NodeInfo): computed
   * when missing or stale. Absent: compute every time.
   */
  remember?<T>(key: string, maxAgeMs: number, compute: () => Promise<T>): Promise<T>;
}

/** One network (web pages and feeds; later Bluesky, Mastodon). */
export interface Source {
  readonly name: string;
  /** Whether this source processes this row. */
  handles(row: FrontierRow): boolean;
  process(row: FrontierRow, entity: EntityRow, ctx: SourceContext): Promise<TaskOutcome>;
  /**
   * The outcome depends on what this run has already stored (`ctx.readThisRun`), so the row
   * is processed only in its turn, never fetched ahead of the rows before it. @default false
   */
  readonly readsRunState?: boolean;
}

/** An outcome with nothing in it yet. */
export function emptyOutcome(status: TaskOutcome['status'], reason: string | null, fetched: boolean): TaskOutcome {
  return { status, reason, fetched, documents: [], facts: null, links: [], claims: [], followUps: [], movedTo: null };
}
