// Which entity a URL belongs to, and what to fetch to visit it. A web URL belongs to its site
// (registrable domain); a Bluesky profile or post URL to that account; a fediverse profile URL
// (`https://host/@user`) to that account. Adding a network means adding its URL shapes here.
import { siteKeyOf } from '../extract/site.js';
import { FEDI_PROFILE, NOT_FEDIVERSE } from '../extract/fediverse-url.js';
import { originRoot } from '../extract/url.js';
import { isPlatform } from '../rank/platforms.js';
import type { AccountRef } from '../sources/source.js';
import type { FrontierRole } from '../store/frontier.js';
import type { EntityKind } from '../store/graph.js';

/** One URL to fetch to visit an entity. */
export interface Visit {
  url: string;
  role: FrontierRole;
}

/** The entity a URL is evidence of. */
export interface Identity {
  key: string;
  kind: EntityKind;
  /** Big platforms stay in the graph but are never crawled or ranked. */
  isPlatform: boolean;
  /** What to fetch to visit it (empty for platforms). */
  visits: Visit[];
  homeUrl: string | null;
  handle: string | null;
  profileUrl: string | null;
}

const BSKY_HOSTS = new Set(['bsky.app', 'www.bsky.app']);
const BSKY_PROFILE = /^\/profile\/([^/?#]+)(?:\/post\/[^/?#]+)?\/?$/;
const DID = /^did:(?:plc|web):[a-z0-9._:%-]+$/i;
const HANDLE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/** The Bluesky account URL for an actor (handle or DID). */
export function blueskyProfileUrl(actor: string): string {
  return `https://bsky.app/profile/${actor}`;
}

/** Identify the entity behind `url`; `extraPlatforms` comes from --platform. */
export function identify(url: string, extraPlatforms: readonly string[] = []): Identity {
  const u = new URL(url);
  const host = u.hostname.toLowerCase();
  if (BSKY_HOSTS.has(host)) {
    const m = BSKY_PROFILE.exec(u.pathname);
    const actor = m ? decodeURIComponent(m[1]!) : null;
    if (actor && (DID.test(actor) || HANDLE.test(actor))) {
      const id = DID.test(actor) ? actor : actor.toLowerCase();
      return account('bluesky', id, DID.test(id) ? null : id, blueskyProfileUrl(id));
    }
  }
  const site = siteKeyOf(url);
  const platform = isPlatform(site, extraPlatforms) || BSKY_HOSTS.has(host);
  // Big fediverse instances (mastodon.social) are platforms too, but their /@user pages are
  // people; only platforms known to use /@name for something else are ruled out.
  if (!NOT_FEDIVERSE.has(site) && !BSKY_HOSTS.has(host)) {
    const m = FEDI_PROFILE.exec(u.pathname);
    if (m) {
      const user = m[1]!.toLowerCase();
      const domain = (m[2] ?? host).toLowerCase();
      const profile = m[2] ? `${u.protocol}//${m[2].toLowerCase()}/@${user}` : `${u.protocol}//${u.host}/@${user}`;
      return account('fediverse', `${user}@${domain}`, `${user}@${domain}`, profile);
    }
  }
  const home = originRoot(url);
  return {
    key: `site:${site}`, kind: 'site', isPlatform: platform, homeUrl: home, handle: null, profileUrl: null,
    visits: platform ? [] : [{ url: home, role: 'home' }, ...(url !== home ? [{ url, role: 'page' as const }] : [])],
  };
}

/** Identify an account named by an API answer. */
export function identifyAccount(ref: AccountRef): Identity {
  return account(ref.network, ref.id.toLowerCase().startsWith('did:') ? ref.id : ref.id.toLowerCase(), ref.handle, ref.profileUrl);
}

function account(network: AccountRef['network'], id: string, handle: string | null, profileUrl: string): Identity {
  const bluesky = network === 'bluesky';
  return {
    key: `${bluesky ? 'bsky' : 'fedi'}:${id}`,
    kind: 'account',
    isPlatform: false,
    homeUrl: null,
    handle,
    profileUrl,
    visits: [{ url: profileUrl, role: bluesky ? 'bsky-account' : 'fedi-account' }],
  };
}
