// What we keep from Mastodon-compatible API answers (Mastodon, GoToSocial, Pleroma, Akkoma):
// an Account becomes facts and identity claims, a page of Statuses becomes one document per
// status plus boost, mention and link evidence. Pure: JSON in, plain data out, and garbage in
// gives whatever is readable, never an exception.
import type { FoundLink, AccountRef, IdentityClaim } from '../sources/source.js';
import type { DocumentInput } from '../store/documents.js';
import { contentLinks, profileLinks } from './mastodon-html.js';
import { cleanForTerminal, htmlToText } from './text.js';
import { normalizeUrl } from './url.js';

/** A fediverse account as we keep it. */
export interface ParsedAccount {
  /** Database id on the instance that answered (string, as the API sends it). */
  id: string;
  username: string;
  /** `acct` as sent: `user` for local accounts, `user@domain` for remote ones. */
  acct: string;
  displayName: string;
  /** Profile page (normalized). */
  url: string;
  locked: boolean;
  /** The server suspended the account; everything else in the answer is blank. */
  suspended: boolean;
  /** Pleroma and Akkoma say a deactivated account is one in `pleroma.deactivated` (documented difference). */
  deactivated: boolean;
  /** The server limited (silenced) the account. */
  limited: boolean;
  /** The person opted out of being indexed by search engines (`noindex`): we honour it as a robots rule. */
  noindex: boolean;
  /** Profile URL of the account it moved to, when it moved. */
  movedTo: string | null;
  /** Bio as plain text. */
  bio: string;
  /** Links in fields (verified or not) and bio. */
  claims: IdentityClaim[];
}

/** What one page of statuses gives. */
export interface ParsedStatuses {
  /** Entries on the page, readable or not (an empty page ends paging). */
  count: number;
  /** Id of the page's last entry, for `max_id` of the next page; null when there is none. */
  lastId: string | null;
  documents: DocumentInput[];
  links: FoundLink[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const ACCT_PART = /^[\p{L}\p{N}_.-]+$/u;
const DOMAIN = /^[a-z0-9.-]+(:\d+)?$/;

/**
 * A canonical account id `user@domain`, lower-case: a local `acct` (no `@`) gets `instanceHost`.
 * Null when it is not a plausible acct.
 */
export function canonicalAcct(acct: unknown, instanceHost: string): string | null {
  if (typeof acct !== 'string') return null;
  const bare = acct.trim().replace(/^@/, '').toLowerCase();
  const at = bare.indexOf('@');
  const user = at < 0 ? bare : bare.slice(0, at);
  const domain = at < 0 ? instanceHost.toLowerCase() : bare.slice(at + 1);
  if (!ACCT_PART.test(user) || !DOMAIN.test(domain) || domain === '') return null;
  return `${user}@${domain}`;
}

/** An AccountRef for an account named in an answer, or null if its acct or URL is unusable. */
export function accountRef(acct: unknown, url: unknown, instanceHost: string): AccountRef | null {
  const id = canonicalAcct(acct, instanceHost);
  const profileUrl = typeof url === 'string' ? normalizeUrl(url) : null;
  if (!id || !profileUrl) return null;
  return { network: 'fediverse', id, handle: id, profileUrl };
}

/** Read an Account entity. Null when it lacks an id, username or profile URL. */
export function parseAccount(json: unknown): ParsedAccount | null {
  if (!isObject(json)) return null;
  const id = typeof json.id === 'string' || typeof json.id === 'number' ? String(json.id) : '';
  const username = str(json.username);
  const url = normalizeUrl(str(json.url)) ?? normalizeUrl(str(json.uri));
  if (id === '' || username === '' || url === null) return null;
  const claims: IdentityClaim[] = [];
  const seen = new Set<string>();
  const claim = (kind: IdentityClaim['kind'], targetUrl: string): void => {
    if (seen.has(targetUrl) || targetUrl === url) return;
    seen.add(targetUrl);
    claims.push({ kind, targetUrl, evidenceUrl: url });
  };
  // Verified fields first, so a link that is both verified and in the bio counts as proof.
  const fields = Array.isArray(json.fields) ? json.fields.filter(isObject) : [];
  for (const f of fields) if (typeof f.verified_at === 'string' && f.verified_at !== '') profileLinks(f.value).forEach((u) => claim('verified-field', u));
  for (const f of fields) profileLinks(f.value).forEach((u) => claim('profile-link', u));
  profileLinks(json.note).forEach((u) => claim('profile-link', u));
  const moved = isObject(json.moved) ? normalizeUrl(str(json.moved.url)) : null;
  return {
    id,
    username,
    acct: str(json.acct) || username,
    displayName: cleanForTerminal(str(json.display_name)).trim(),
    url,
    locked: json.locked === true,
    suspended: json.suspended === true,
    deactivated: isObject(json.pleroma) && json.pleroma.deactivated === true,
    limited: json.limited === true,
    noindex: json.noindex === true,
    movedTo: moved,
    bio: htmlToText(str(json.note)),
    claims,
  };
}

/** The text a status contributes to relevance: content warning, content, card title. */
function statusText(s: Json): string {
  const card = isObject(s.card) ? s.card : null;
  return [cleanForTerminal(str(s.spoiler_text)).trim(), htmlToText(str(s.content)), cleanForTerminal(str(card?.title)).trim()]
    .filter(Boolean)
    .join(' ');
}

const statusUrl = (s: Json): string | null => normalizeUrl(str(s.url)) ?? normalizeUrl(str(s.uri));

function itemDocument(url: string, s: Json): DocumentInput {
  const published = Date.parse(str(s.created_at));
  return {
    url, kind: 'item', finalUrl: null, entityId: null, status: null, contentType: null, title: null,
    publishedAt: Number.isFinite(published) ? published : null, etag: null, lastModified: null,
    textExcerpt: statusText(s) || null, error: null,
  };
}

/** Links the author chose: content anchors that are not mentions or hashtags, and the card. */
function webLinks(s: Json, evidenceUrl: string): FoundLink[] {
  const mentions = Array.isArray(s.mentions) ? s.mentions.filter(isObject) : [];
  const links = contentLinks(s.content, mentions, evidenceUrl);
  const out: FoundLink[] = links.map((l) => ({ targetUrl: l.url, type: 'link', evidenceUrl, anchorText: l.text || null, follow: true }));
  const card = isObject(s.card) ? s.card : null;
  const cardUrl = normalizeUrl(str(card?.url));
  if (cardUrl && !links.some((l) => l.url === cardUrl)) {
    out.push({ targetUrl: cardUrl, type: 'link', evidenceUrl, anchorText: cleanForTerminal(str(card?.title)).trim() || null, follow: true });
  }
  return out;
}

/**
 * Read one page of `GET /api/v1/accounts/:id/statuses`. `instanceHost` completes local accts;
 * `selfAcct` (canonical) keeps an account's mentions of itself out of the evidence.
 * A boost becomes a `boost` link to the boosted account (evidence: the boosted status) and a
 * document holding the boosted text under the boost's own URL, so it never takes over the
 * original author's document. Mentions become `mention` links; author-chosen links `link`s.
 */
export function parseStatuses(json: unknown, instanceHost: string, selfAcct: string | null = null): ParsedStatuses {
  const page = Array.isArray(json) ? json : [];
  const out: ParsedStatuses = { count: page.length, lastId: null, documents: [], links: [] };
  const last: unknown = page[page.length - 1];
  if (isObject(last) && (typeof last.id === 'string' || typeof last.id === 'number')) out.lastId = String(last.id);
  for (const s of page) {
    if (!isObject(s)) continue;
    const ownUrl = statusUrl(s);
    if (isObject(s.reblog)) {
      const original = s.reblog;
      const account = isObject(original.account) ? original.account : {};
      const ref = accountRef(account.acct, account.url, instanceHost);
      const originalUrl = statusUrl(original);
      const docUrl = ownUrl ?? originalUrl;
      if (docUrl) out.documents.push(itemDocument(docUrl, original));
      if (ref && originalUrl && ref.id !== selfAcct) {
        const name = cleanForTerminal(str(account.display_name)).trim();
        out.links.push({ targetUrl: ref.profileUrl, type: 'boost', evidenceUrl: originalUrl, anchorText: name || `@${ref.id}`, follow: true, account: ref });
      }
      continue;
    }
    if (!ownUrl) continue;
    out.documents.push(itemDocument(ownUrl, s));
    const mentioned = new Set<string>();
    for (const m of Array.isArray(s.mentions) ? s.mentions.filter(isObject) : []) {
      const ref = accountRef(m.acct, m.url, instanceHost);
      if (!ref || ref.id === selfAcct || mentioned.has(ref.id)) continue;
      mentioned.add(ref.id);
      out.links.push({ targetUrl: ref.profileUrl, type: 'mention', evidenceUrl: ownUrl, anchorText: `@${ref.id}`, follow: true, account: ref });
    }
    out.links.push(...webLinks(s, ownUrl));
  }
  return out;
}
