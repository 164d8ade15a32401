// The URL shapes of a fediverse profile (`https://host/@user`, `https://host/@user@remote`,
// `https://host/users/user`) and the sites known to use `/@name` for something else. Pure:
// seeds parsing and identify() share it, so a seed line and a link on a page agree.

/** Sites whose `/@name` pages are not fediverse accounts (channels, blogs, videos). */
export const NOT_FEDIVERSE: ReadonlySet<string> = new Set([
  'youtube.com', 'youtu.be', 'medium.com', 'tiktok.com', 'threads.net', 'threads.com', 'substack.com',
  'pinterest.com', 'flickr.com', 'vimeo.com', 'dev.to', 'hashnode.com', 'kick.com', 'twitch.tv',
]);

/** `/@user`, `/@user@remote.host`, optionally followed by a status id. */
export const FEDI_PROFILE = /^\/@([a-z0-9_][a-z0-9_.-]*)(?:@([a-z0-9.-]+\.[a-z]{2,}))?(?:\/[a-z0-9]+)?\/?$/i;
/** `/users/user`: the ActivityPub actor path Mastodon, Pleroma and Akkoma also answer as a profile. */
const USERS_PATH = /^\/users\/([a-z0-9_][a-z0-9_.-]*)\/?$/i;

/** A fediverse account named by a URL. */
export interface FediverseProfile {
  /** `user@domain`, lower-case. */
  acct: string;
  /** The profile page as a person would open it: `scheme://host/@user` (or the `/users/` URL as given). */
  profileUrl: string;
}

/** Whether the registrable part of `host` is one of NOT_FEDIVERSE. */
function ruledOut(host: string): boolean {
  const labels = host.toLowerCase().split('.');
  return labels.some((_, i) => NOT_FEDIVERSE.has(labels.slice(i).join('.')));
}

/**
 * The account a profile URL names, or null. `/users/user` counts only when `withUsersPath`
 * (a seed line the user wrote as an account; on arbitrary pages `/users/x` is too common).
 */
export function fediverseProfile(url: string, withUsersPath = false): FediverseProfile | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || ruledOut(u.hostname) || /(^|\.)bsky\.app$/i.test(u.hostname)) return null;
  const m = FEDI_PROFILE.exec(u.pathname);
  if (m) {
    const user = m[1]!.toLowerCase();
    const domain = (m[2] ?? u.hostname).toLowerCase();
    const profileUrl = m[2] ? `${u.protocol}//${m[2].toLowerCase()}/@${user}` : `${u.protocol}//${u.host}/@${user}`;
    return { acct: `${user}@${domain}`, profileUrl };
  }
  const users = withUsersPath ? USERS_PATH.exec(u.pathname) : null;
  if (users) return { acct: `${users[1]!.toLowerCase()}@${u.hostname.toLowerCase()}`, profileUrl: `${u.protocol}//${u.host}/users/${users[1]}` };
  return null;
}
