// A small world for identity evidence and podcasts, with its own Bluesky AppView and Mastodon
// server: Dana's blog links her Bluesky profile from its footer (the profile's website field
// points back) and credits her Mastodon account with fediverse:creator (its verified field points
// back); Lee's footer links a Bluesky profile that never claims the blog (one-way); a podcast has
// a guest nobody else links to.
import { fakeBluesky } from '../../src/demo/fake-bluesky.js';
import { fakeMastodon } from '../../src/demo/fake-mastodon.js';
import type { SocialWorld } from '../../src/demo/social-world.js';
import { makeWorld, page, rss, type TestWorld } from './world.js';

/** Pass as --bluesky-api. */
export const BLUESKY_API = 'http://bsky-api.example';

const TOPIC = 'content strategy, editorial calendars and newsletters for small publishers';

const social: Required<SocialWorld> = {
  bluesky: {
    host: 'bsky-api.example',
    accounts: [
      { did: 'did:plc:dana0000000000000000000', handle: 'dana.bsky.social', displayName: 'Dana', description: 'Editor.', website: 'https://dana.example/', posts: [] },
      { did: 'did:plc:lee00000000000000000000', handle: 'lee.bsky.social', displayName: 'Lee Bsky', description: 'Writer. Opinions my own.', posts: [] },
    ],
  },
  mastodon: {
    instances: [{
      host: 'toot.example',
      accounts: [{
        id: '1', username: 'dana', displayName: 'Dana',
        // A plain URL: the fake server renders it the way Mastodon does (a rel="me" link).
        fields: [{ name: 'Blog', value: 'http://dana.example/', verifiedAt: '2026-01-01T00:00:00.000Z' }],
        statuses: [],
      }],
    }],
  },
};

const footer = (html: string, footerLinks: string) => html.replace('</main>', `</main><footer>${footerLinks}</footer>`);

/** The web part: host -> files. */
const sites = {
  'seed.example': { 'index.html': page('Seed Notes', TOPIC, ['http://dana.example/', 'http://lee.example/', 'http://show.example/episodes/ep-1/']) },
  'dana.example': {
    'index.html': footer(page('Dana Writes', TOPIC, [], '/feed.xml'), '<a href="https://bsky.app/profile/dana.bsky.social">Bluesky</a>'),
    'feed.xml': rss('Dana Writes', 'http://dana.example/', [{ url: 'http://dana.example/posts/a.html', title: 'On calendars', body: TOPIC, date: 'Fri, 13 Nov 2026 09:00:00 GMT' }]),
    'posts/a.html': page('On calendars', TOPIC).replace('</head>', '<meta name="fediverse:creator" content="@dana@toot.example"></head>'),
  },
  'lee.example': {
    'index.html': footer(page('Lee Writes', TOPIC, [], '/feed.xml'), '<a href="https://bsky.app/profile/lee.bsky.social">Bluesky</a>'),
    'feed.xml': rss('Lee Writes', 'http://lee.example/', []),
  },
  'show.example': {
    'index.html': page('The Show', TOPIC, [], '/podcast.xml'),
    'episodes/ep-1/index.html': page('Ep. 1 with a guest', TOPIC),
    'podcast.xml': `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>The Show</title><link>http://show.example/</link><description>${TOPIC}</description><itunes:author>Pat Host</itunes:author>
<item><title>Ep. 1 with a guest</title><link>http://show.example/episodes/ep-1/</link><pubDate>Fri, 13 Nov 2026 09:00:00 GMT</pubDate>
<enclosure url="http://show.example/ep-1.mp3" length="1" type="audio/mpeg"/>
<podcast:person role="guest" href="http://guest-only.example/">Gail Guest</podcast:person></item>
</channel></rss>`,
  },
  'guest-only.example': { 'index.html': page('Gail Guest', TOPIC) },
};

/** Start the world. */
export function identityWorld(): Promise<TestWorld> {
  const bsky = fakeBluesky(social.bluesky);
  const masto = fakeMastodon(social.mastodon);
  return makeWorld(sites, { handle: async (host, path, req, res) => bsky(host, path, req, res) || (await masto(host, path, req, res)) });
}

/** Crawl it from seed.example. */
export function discoverArgs(world: TestWorld): string[] {
  return ['discover', world.seeds(['http://seed.example/']), '--db', world.db, '--delay', '0', '--depth', '2', '--bluesky-api', BLUESKY_API, '-q'];
}
