// What we keep from Bluesky AppView answers about an account: the profile (who it is, whether it
// may be shown to logged-out readers, which domains and sites it claims), and the meaning of
// XRPC error answers. Pure and total: hostile or odd JSON yields a ParseError, never a throw.
// Feed pages (posts, reposts, quotes, facets) are read in bluesky-feed.ts, on these helpers.
import { isPlatform } from '../rank/platforms.js';
import type { EntityFacts, HiddenReason, IdentityClaim } from '../sources/source.js';
import { siteKeyOf } from './site.js';
import { cleanForTerminal } from './text.js';
import { normalizeUrl } from './url.js';

/** A DID as the AppView spells it (did:plc:…, did:web:…). */
export const DID_RE = /^did:[a-z]+:[a-zA-Z0-9._:%-]{1,2048}$/;

/** A handle: DNS labels, at least two (alice.bsky.social, dana.example). */
const HANDLE_RE = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** The AppView's placeholder when a handle no longer resolves to its DID. */
export const INVALID_HANDLE = 'handle.invalid';

/**
 * Handle suffixes handed out by a PDS or bridge rather than owned by the person: such a handle
 * proves nothing about a website. (Bridgy Fed mirrors fediverse and web accounts under brid.gy.)
 */
export const PROVIDED_HANDLE_SUFFIXES: readonly string[] = Object.freeze(['bsky.social', 'bsky.team', 'brid.gy']);

/** The self-label with which an account asks not to be shown to logged-out viewers. */
export const NO_UNAUTHENTICATED = '!no-unauthenticated';

/** What we keep of an app.bsky.actor.defs#profileViewDetailed. */
export interface BskyProfile {
  did: string;
  /** Lower-case; null when the AppView says `handle.invalid` or sends none. */
  handle: string | null;
  displayName: string | null;
  description: string | null;
  /** The profile's website field (newer profiles), as sent. */
  website: string | null;
  /** Label values in force (negated labels removed). */
  labels: string[];
}

/** A profile that could be read. */
export interface ProfileResult {
  ok: true;
  profile: BskyProfile;
}

/** Why an answer could not be used, in words for the user. */
export interface ParseError {
  ok: false;
  reason: string;
}

/** The reason for any answer whose shape we do not understand. */
export const UNEXPECTED_ANSWER = 'unexpected answer from the Bluesky API';

/** A plain object, or null. */
export function asObject(x: unknown): Record<string, unknown> | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
}

/** A non-empty string, or null. */
export function asString(x: unknown): string | null {
  return typeof x === 'string' && x !== '' ? x : null;
}

/** Whether `x` is a DID we can put into a URL. */
export function isDid(x: unknown): x is string {
  return typeof x === 'string' && DID_RE.test(x);
}

/** The bsky.app page of an account; by DID, because handles change. */
export function profileUrlOf(did: string): string {
  return `https://bsky.app/profile/${did}`;
}

/** A handle lower-cased if it is a real one; null for `handle.invalid`, garbage or none. */
export function cleanHandle(x: unknown): string | null {
  if (typeof x !== 'string') return null;
  const h = x.trim().toLowerCase();
  return h !== INVALID_HANDLE && HANDLE_RE.test(h) ? h : null;
}

/** Label values in force on a profile or author view (negated labels removed). */
export function labelsOf(view: Record<string, unknown> | null): string[] {
  const labels: string[] = [];
  const negated = new Set<string>();
  if (Array.isArray(view?.labels)) {
    for (const l of view.labels) {
      const label = asObject(l);
      const val = asString(label?.val);
      if (val === null) continue;
      if (label?.neg === true) negated.add(val);
      else labels.push(val);
    }
  }
  return [...new Set(labels.filter((l) => !negated.has(l)))];
}

/** Read a getProfile answer. */
export function parseProfile(json: unknown): ProfileResult | ParseError {
  const o = asObject(json);
  if (!o || !isDid(o.did)) return { ok: false, reason: UNEXPECTED_ANSWER };
  const text = (x: unknown, keepNewlines: boolean): string | null => {
    const s = asString(x);
    return s === null ? null : cleanForTerminal(s, keepNewlines).trim() || null;
  };
  return {
    ok: true,
    profile: {
      did: o.did,
      handle: cleanHandle(o.handle),
      displayName: text(o.displayName, false),
      description: text(o.description, true),
      website: asString(o.website),
      labels: labelsOf(o),
    },
  };
}

/** Whether the account asked not to be shown to logged-out viewers: we then read nothing of it. */
export function wantsNoUnauthenticated(profile: BskyProfile): boolean {
  return profile.labels.includes(NO_UNAUTHENTICATED);
}

/** Entity facts from a profile: keyed by DID, named by the person, shown unless they opted out. */
export function profileFacts(profile: BskyProfile): EntityFacts {
  return {
    key: `bsky:${profile.did}`,
    handle: profile.handle,
    name: profile.displayName ?? profile.handle ?? profile.did,
    nameIsAuthoritative: true,
    profileUrl: profileUrlOf(profile.did),
    hidden: wantsNoUnauthenticated(profile) ? 'opted-out' : null,
  };
}

/** XRPC errors that mean the account is not there to be shown: it never becomes a candidate. */
const GONE_ERRORS: Record<string, HiddenReason> = {
  AccountDeactivated: 'deactivated',
  AccountTakedown: 'taken-down',
};

/** Why a getProfile error hides the account, or null when it says nothing about the account. */
export function hiddenByError(status: number, json: unknown): HiddenReason | null {
  const o = asObject(json);
  const error = asString(o?.error);
  if (error !== null && GONE_ERRORS[error] !== undefined) return GONE_ERRORS[error];
  const message = asString(o?.message);
  if (status === 400 && (error === 'ActorNotFound' || (error === 'InvalidRequest' && message !== null && /profile not found/i.test(message)))) return 'not-found';
  return null;
}

/** Whether a handle is the person's own domain (not one a PDS, bridge or platform hands out). */
export function isDomainHandle(handle: string): boolean {
  const h = handle.toLowerCase();
  if (PROVIDED_HANDLE_SUFFIXES.some((s) => h === s || h.endsWith(`.${s}`))) return false;
  return !isPlatform(siteKeyOf(`https://${h}`));
}

/**
 * Whether a domain handle proves who owns a site: it proves control of that exact host name
 * only, so it names a site only when the host is the site's key. `alice.example` does;
 * `gina.pds.test` does not (the site is `pds.test`, and `hank.pds.test` is someone else, as
 * `alice.nytimes.com` and `bob.nytimes.com` are).
 */
export function handleNamesSite(handle: string): boolean {
  const h = handle.toLowerCase();
  return isDomainHandle(h) && siteKeyOf(`https://${h}`) === h;
}

// Trailing punctuation belongs to the sentence, not the URL ("see https://x.example.").
const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCT = /[.,;:!?)\]}>'"\u2019\u201d]+$/;

/** http(s) URLs written in plain text, normalized, in order, without duplicates. */
export function urlsInText(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const url = normalizeUrl(m[0].replace(TRAILING_PUNCT, ''));
    if (url !== null && !out.includes(url)) out.push(url);
  }
  return out;
}

/**
 * What the profile says about the person's other homes: a domain handle (proof: DNS or
 * .well-known), the website field and URLs in the bio (one-way claims). One claim per target,
 * the strongest kept.
 */
export function profileClaims(profile: BskyProfile): IdentityClaim[] {
  const evidenceUrl = profileUrlOf(profile.did);
  const claims: IdentityClaim[] = [];
  const add = (kind: IdentityClaim['kind'], raw: string | null): void => {
    const targetUrl = raw === null ? null : normalizeUrl(raw);
    if (targetUrl !== null && !claims.some((c) => c.targetUrl === targetUrl)) claims.push({ kind, targetUrl, evidenceUrl });
  };
  if (profile.handle !== null && handleNamesSite(profile.handle)) add('domain-handle', `https://${profile.handle}/`);
  // The AppView shows only https websites; an http one from another AppView is no better a claim.
  add('profile-link', profile.website !== null && /^https?:\/\//i.test(profile.website) ? profile.website : null);
  for (const url of urlsInText(profile.description ?? '')) add('profile-link', url);
  return claims;
}

/** Our words for XRPC error names. */
const XRPC_REASONS: Record<string, string> = {
  AccountTakedown: 'account taken down',
  AccountDeactivated: 'account deactivated',
  ActorNotFound: 'profile not found',
  BlockedActor: 'account blocked',
  BlockedByActor: 'account blocked',
};

/**
 * Explain a non-200 answer. XRPC errors are `{ error, message }`; an InvalidRequest that says
 * "not found" is the AppView's way to say the profile does not exist.
 */
export function xrpcErrorReason(status: number, json: unknown): string {
  const o = asObject(json);
  const error = asString(o?.error);
  const message = asString(o?.message);
  if (error !== null && XRPC_REASONS[error] !== undefined) return XRPC_REASONS[error];
  if (error === 'InvalidRequest' && message !== null && /not found/i.test(message)) return 'profile not found';
  if (status === 429) return 'rate limited by the Bluesky API (HTTP 429)';
  const detail = [error, message].filter((s): s is string => s !== null).join(': ');
  const shown = cleanForTerminal(detail).slice(0, 200);
  return `Bluesky API answered HTTP ${status}${shown ? ` (${shown})` : ''}`;
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
