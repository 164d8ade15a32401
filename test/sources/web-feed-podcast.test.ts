// A podcast feed: guests are invited (edges to visit), the one host is claimed (a merge only if
// the host claims the show back), itunes:author stays a name.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { FetchResult } from '../../src/crawl/fetch-types.js';
import { parseFeed } from '../../src/extract/feed.js';
import { siteKeyOf } from '../../src/extract/site.js';
import type { SourceContext } from '../../src/sources/source.js';
import { feedOutcome } from '../../src/sources/web-feed.js';
import type { FrontierRow } from '../../src/store/frontier.js';

const ctx: SourceContext = {
  fetch: (() => { throw new Error('no network in this test'); }) as unknown as SourceContext['fetch'],
  clock: new ManualClock(),
  settings: { itemsPerFeed: 10, postsPerSite: 3, maxBytes: 1_000_000, postsPerAccount: 20, blueskyApi: 'https://public.api.bsky.app' },
  sameEntity: (a, b) => siteKeyOf(a) === siteKeyOf(b),
  cached: () => null,
  knownBefore: () => new Set(),
};

const FEED_URL = 'https://show.example/podcast.xml';

function podcast(channelPeople: string, items: { slug: string; people: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>The Show</title><link>https://show.example/</link><description>A show</description>
<itunes:author>Pat Host</itunes:author>
${channelPeople}
${items.map((i) => `<item><title>${i.slug}</title><link>https://show.example/${i.slug}/</link><pubDate>Fri, 13 Nov 2026 09:00:00 GMT</pubDate>
<enclosure url="https://show.example/${i.slug}.mp3" length="1" type="audio/mpeg"/><itunes:author>Pat Host</itunes:author>${i.people}</item>`).join('\n')}
</channel></rss>`;
}

function outcome(xml: string) {
  const row: FrontierRow = { id: 1, runId: 1, url: FEED_URL, depth: 1, role: 'feed', entityId: 1, status: 'fetching', attempts: 0, foundFromUrl: null, foundEdge: null, probeIndex: null };
  const res: FetchResult = {
    url: FEED_URL, finalUrl: FEED_URL, redirects: [], status: 200, headers: {}, contentType: 'application/rss+xml', charset: 'utf-8', body: xml, bytes: xml.length, retryAfterMs: null, notModified: false,
  };
  return feedOutcome(row, res, parseFeed(xml, FEED_URL)!, ctx);
}

describe('feedOutcome: a podcast', () => {
  const xml = podcast('<podcast:person role="host" href="https://pat.example/">Pat Host</podcast:person>', [
    { slug: 'ep-2', people: '<podcast:person role="guest" href="https://guest-two.example/">Guest Two</podcast:person><podcast:person role="guest">No Href</podcast:person>' },
    { slug: 'ep-1', people: '<podcast:person role="Guest" href="https://bsky.app/profile/guest-one.bsky.social">Guest One</podcast:person><podcast:person role="host" href="https://stand-in.example/">Stand-in</podcast:person>' },
  ]);

  it('is a podcast, named by its channel', () => {
    expect(outcome(xml).facts).toMatchObject({ name: 'The Show', isPodcast: true, feedUrl: FEED_URL });
  });

  it('makes each guest with an href an edge from the show to visit, evidenced by the episode', () => {
    expect(outcome(xml).links.filter((l) => l.type === 'guest')).toEqual([
      { targetUrl: 'https://guest-two.example/', type: 'guest', evidenceUrl: 'https://show.example/ep-2/', anchorText: 'Guest Two', follow: true },
      { targetUrl: 'https://bsky.app/profile/guest-one.bsky.social', type: 'guest', evidenceUrl: 'https://show.example/ep-1/', anchorText: 'Guest One', follow: true },
    ]);
  });

  it('claims its one channel-level host (a claim, merged only if the host claims the show back)', () => {
    expect(outcome(xml).claims).toEqual([{ kind: 'profile-link', targetUrl: 'https://pat.example/', evidenceUrl: FEED_URL }]);
  });

  it('claims nobody when it has co-hosts, only an itunes:author, or names its own site as host', () => {
    const cohosts = podcast('<podcast:person role="host" href="https://pat.example/">Pat</podcast:person><podcast:person href="https://sam.example/">Sam</podcast:person>', [{ slug: 'e', people: '' }]);
    expect(outcome(cohosts).claims).toEqual([]);
    expect(outcome(podcast('', [{ slug: 'e', people: '' }])).claims).toEqual([]);
    expect(outcome(podcast('<podcast:person role="host" href="https://show.example/about">The Show</podcast:person>', [{ slug: 'e', people: '' }])).claims).toEqual([]);
  });
});
