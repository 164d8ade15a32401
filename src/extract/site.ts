// Site identity: which URLs belong to the same author. Ranking aggregates pages into sites, so
// bob.substack.com and alice.substack.com must be two sites even though the public suffix list
// calls both "substack.com", while www.example.com and blog.example.com stay one.

import { parse as parseDomain } from 'tldts';

/**
 * The hosting-platform suffixes we add beyond the PSL: on each, every subdomain is one
 * author's site. (Platforms already on the PSL's private section, e.g. github.io, blogspot.com,
 * bearblog.dev, neocities.org's peers, need no entry but listing them is harmless.)
 */
export const EXTRA_SITE_SUFFIXES: readonly string[] = Object.freeze([
  'substack.com',
  'wordpress.com',
  'wpcomstaging.com',
  'medium.com',
  'tumblr.com',
  'micro.blog',
  'bearblog.dev',
  'ghost.io',
  'hashnode.dev',
  'write.as',
  'neocities.org',
  'nekoweb.org',
  'svbtle.com',
  'mataroa.blog',
  'prose.sh',
  'smol.pub',
  'posthaven.com',
  'typepad.com',
  'livejournal.com',
  'dreamwidth.org',
  'over-blog.com',
  'blog.fc2.com',
  'exblog.jp',
  'jugem.jp',
  'seesaa.net',
  'tistory.com',
  'weebly.com',
  'squarespace.com',
  'beehiiv.com',
  'buttondown.email',
  'postach.io',
  'pika.page',
  'blot.im',
  'withknown.com',
  'tilde.team',
  'cargo.site',
  'strikingly.com',
  'mystrikingly.com',
  'jimdosite.com',
  'zohosites.com',
  'itch.io',
  'bandcamp.com',
  'gumroad.com',
  'podbean.com',
  'libsyn.com',
  'transistor.fm',
  'simplecast.com',
  'fireside.fm',
  'captivate.fm',
  'bsky.social',
]);

const EXTRA_SUFFIX_SET: ReadonlySet<string> = new Set(EXTRA_SITE_SUFFIXES);

/** The label just left of a platform suffix (`bob` in www.bob.substack.com), or null. */
function platformSite(host: string): string | null {
  const labels = host.split('.');
  // Longest suffix first so blog.fc2.com wins over a hypothetical fc2.com entry.
  for (let i = 1; i < labels.length; i++) {
    const suffix = labels.slice(i).join('.');
    if (!EXTRA_SUFFIX_SET.has(suffix)) continue;
    const label = labels[i - 1];
    // www.substack.com is the platform's own site, not a user called "www".
    if (label === undefined || (label === 'www' && i === 1)) return suffix;
    return `${label}.${suffix}`;
  }
  return null;
}

/** Hosts where "registrable domain" means nothing: IPs and single labels like localhost. */
function isLocalStyleHost(hostname: string): boolean {
  if (hostname.startsWith('[')) return true; // IPv6 literal
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)) return true;
  return !hostname.includes('.');
}

/** Parse `url`, accepting a bare host name too (`example.com/x`). */
function toUrl(url: string): URL | null {
  const s = url.trim();
  try {
    return new URL(s);
  } catch {
    if (s.includes('://')) return null;
    try {
      return new URL(`http://${s}`);
    } catch {
      return null;
    }
  }
}

/**
 * The "site" a URL belongs to: the registrable domain (tldts, private suffixes on) unless the
 * host is under one of EXTRA_SITE_SUFFIXES, where the subdomain is the site; for IPs and
 * single-label hosts, `host:port` (port always present) so local test servers on different
 * ports differ. Lower-case; a bare host name is accepted; '' when unparsable.
 */
export function siteKeyOf(url: string): string {
  const u = toUrl(url);
  if (u === null) return '';
  const hostname = u.hostname.toLowerCase().replace(/\.+$/, '');
  if (hostname === '') return '';
  if (isLocalStyleHost(hostname)) {
    const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
    return port === '' ? hostname : `${hostname}:${port}`;
  }
  let key = siteOfHost.get(hostname);
  if (key === undefined) {
    key = platformSite(hostname) ?? registrable(hostname);
    if (siteOfHost.size >= SITE_OF_HOST_CACHE) siteOfHost.clear();
    siteOfHost.set(hostname, key);
  }
  return key;
}

/** Site keys of recent host names: a crawl asks for the same few thousand hosts over and over. */
const siteOfHost = new Map<string, string>();
const SITE_OF_HOST_CACHE = 20_000;

function registrable(hostname: string): string {
  const parsed = parseDomain(hostname, { allowPrivateDomains: true });
  // A host that is itself a public suffix (github.io) has no registrable domain: it is its own site.
  return (parsed.domain ?? hostname).toLowerCase();
}
