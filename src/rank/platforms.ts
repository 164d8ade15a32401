// Which sites are platforms rather than voices: encyclopedias, video and code hosts, stores,
// social networks, link shorteners, feed proxies, archives, aggregators, podcast directories.
// Links to them say little about who matters in a niche, so they take part in PageRank but are
// never ranked and never crawled. Matching is on site keys (lower-case host names).

/**
 * Built-in platform site keys. A key matches an entry or any subdomain of it
 * (en.wikipedia.org -> wikipedia.org), except for blog hosts, whose subdomains belong to
 * individual authors (bob.substack.com is a candidate; the bare substack.com is a platform).
 */
export const BUILTIN_PLATFORMS: readonly string[] = Object.freeze([
  // Reference and standards
  'wikipedia.org', 'wikimedia.org', 'wikidata.org', 'wiktionary.org', 'wikiquote.org', 'w3.org',
  'whatwg.org', 'ietf.org', 'rfc-editor.org', 'archive.org', 'archive.ph', 'archive.today',
  'archive.is', 'creativecommons.org', 'doi.org', 'imdb.com', 'goodreads.com',
  // Video, audio and podcast directories
  'youtube.com', 'youtu.be', 'youtube-nocookie.com', 'vimeo.com', 'twitch.tv', 'dailymotion.com',
  'spotify.com', 'spoti.fi', 'soundcloud.com', 'apple.com', 'apple.co', 'overcast.fm', 'pca.st',
  'pocketcasts.com', 'castbox.fm', 'stitcher.com', 'iheart.com', 'podchaser.com', 'anchor.fm',
  'podcasts.google.com', 'music.amazon.com', 'audible.com',
  // Code hosting and developer Q&A
  'github.com', 'gitlab.com', 'bitbucket.org', 'sourceforge.net', 'npmjs.com', 'pypi.org',
  'stackoverflow.com', 'stackexchange.com', 'codepen.io', 'gist.github.com',
  // Search, stores and big tech
  'google.com', 'goo.gl', 'g.co', 'bing.com', 'duckduckgo.com', 'yahoo.com', 'msn.com',
  'microsoft.com', 'amazon.com', 'amazon.co.uk', 'amazon.de', 'amazon.fr', 'amazon.it',
  'amazon.es', 'amazon.ca', 'amazon.co.jp', 'amazon.in', 'amazon.com.au', 'amazon.com.br',
  'amazon.com.mx', 'amazon.nl', 'amazon.se', 'amazon.pl', 'amazon.sg', 'amazon.ae', 'amzn.to',
  'amzn.com', 'a.co', 'ebay.com', 'etsy.com', 'play.google.com',
  // Social networks and messaging
  'twitter.com', 'x.com', 't.co', 'facebook.com', 'fb.com', 'fb.me', 'instagram.com',
  'threads.net', 'threads.com', 'linkedin.com', 'lnkd.in', 'tiktok.com', 'pinterest.com',
  'pin.it', 'reddit.com', 'redd.it', 'quora.com', 'tumblr.com', 'snapchat.com', 'discord.com',
  'discord.gg', 't.me', 'telegram.org', 'whatsapp.com', 'wa.me', 'bsky.app', 'bsky.social',
  'mastodon.social', 'flickr.com', 'imgur.com', 'giphy.com', 'unsplash.com', 'slideshare.net',
  'scribd.com', 'meetup.com', 'eventbrite.com',
  // News aggregators and link communities
  'ycombinator.com', 'news.google.com', 'techmeme.com', 'digg.com', 'slashdot.org', 'lobste.rs',
  'producthunt.com', 'flipboard.com', 'feedly.com', 'inoreader.com', 'newsblur.com',
  'feedspot.com', 'alltop.com', 'getpocket.com', 'pocket.co', 'news.yahoo.com',
  // Link shorteners, feed proxies and newsletter/payment plumbing
  'bit.ly', 'bitly.com', 'buff.ly', 'ow.ly', 'tinyurl.com', 'is.gd', 't.ly', 'rebrand.ly',
  'cutt.ly', 'shorturl.at', 'tiny.cc', 'dlvr.it', 'ift.tt', 'trib.al', 'feedburner.com',
  'feedproxy.google.com', 'eepurl.com', 'list-manage.com', 'mailchimp.com', 'patreon.com',
  'ko-fi.com', 'buymeacoffee.com', 'paypal.com', 'paypal.me', 'gumroad.com', 'linktr.ee',
  // Blog hosts: the bare host is a platform, a subdomain is someone's blog
  'medium.com', 'substack.com', 'wordpress.com', 'wordpress.org', 'wp.com', 'gravatar.com',
  'blogger.com', 'blogspot.com', 'ghost.io', 'ghost.org', 'github.io', 'gitlab.io',
  'micro.blog', 'bearblog.dev', 'hashnode.dev', 'write.as', 'neocities.org', 'typepad.com',
  'livejournal.com', 'beehiiv.com', 'buttondown.email', 'mataroa.blog', 'svbtle.com',
  'squarespace.com', 'wixsite.com', 'weebly.com', 'netlify.app', 'vercel.app', 'pages.dev',
  'notion.site', 'podbean.com', 'libsyn.com',
  // CDNs, analytics and fonts that end up in link lists
  'googleapis.com', 'gstatic.com', 'googletagmanager.com', 'google-analytics.com',
  'doubleclick.net', 'cloudflare.com', 'jsdelivr.net', 'unpkg.com', 'cdnjs.com',
]);

/** Hosts whose subdomains are individual authors' sites, so only the bare host is a platform. */
const BLOG_HOSTS: ReadonlySet<string> = new Set([
  'medium.com', 'substack.com', 'wordpress.com', 'blogspot.com', 'ghost.io', 'github.io',
  'gitlab.io', 'micro.blog', 'bearblog.dev', 'hashnode.dev', 'write.as', 'neocities.org',
  'typepad.com', 'livejournal.com', 'beehiiv.com', 'mataroa.blog', 'svbtle.com', 'wixsite.com',
  'weebly.com', 'netlify.app', 'vercel.app', 'pages.dev', 'notion.site', 'podbean.com',
  'libsyn.com', 'tumblr.com', 'bsky.social', 'squarespace.com',
]);

const BUILTIN_SET: ReadonlySet<string> = new Set(BUILTIN_PLATFORMS);

/** Lower-case, drop a `site:` prefix, a port, a trailing dot and a leading `www.`. */
function normalizeKey(key: string): string {
  let k = key.trim().toLowerCase();
  if (k.startsWith('site:')) k = k.slice(5);
  k = k.replace(/:\d+$/, '').replace(/\.$/, '');
  if (k.startsWith('www.')) k = k.slice(4);
  return k;
}

/**
 * Whether a site key is a platform: it equals a built-in or `extra` entry, or is a subdomain of
 * one (blog hosts excepted: their subdomains are authors). `extra` entries (from the user's
 * config) always match their subdomains too. Never throws.
 */
export function isPlatform(siteKey: string, extra: readonly string[] = []): boolean {
  if (typeof siteKey !== 'string') return false;
  const key = normalizeKey(siteKey);
  if (key === '') return false;
  if (BUILTIN_SET.has(key)) return true;
  const extras = extra.map((e) => (typeof e === 'string' ? normalizeKey(e) : '')).filter((e) => e !== '');
  if (extras.includes(key)) return true;
  // Walk the parent domains: a.b.c.example -> b.c.example -> c.example -> example.
  for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) {
    const parent = key.slice(dot + 1);
    if (BUILTIN_SET.has(parent) && !BLOG_HOSTS.has(parent)) return true;
    if (extras.includes(parent)) return true;
  }
  return false;
}
