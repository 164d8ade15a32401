// OPML export: grouping into Podcasts / Blogs / Social, rows left out, escaping of hostile
// names, and an end-to-end list from a small crawled world.
import { afterEach, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { candidateRows, type CandidateRow } from '../../src/export/candidates.js';
import { planOpml, toOpml } from '../../src/export/opml.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore } from '../../src/store/store.js';
import { makeWorld, page, rss, type TestWorld } from '../helpers/world.js';

type Outline = Record<string, string> & { outline?: Outline[] };
interface Opml { opml: { version: string; head: Record<string, string>; body: { outline?: Outline[] } } }

/** Parse an OPML document back, failing the test if it is not well-formed XML. */
function parse(xml: string): Opml {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, parseAttributeValue: false, parseTagValue: false,
    isArray: (name) => name === 'outline',
  });
  return parser.parse(xml) as Opml;
}

function groups(doc: Opml): Record<string, Outline[]> {
  return Object.fromEntries((doc.opml.body.outline ?? []).map((g) => [g.text!, g.outline ?? []]));
}

function row(over: Partial<CandidateRow>): CandidateRow {
  return {
    rank: 1, name: 'Someone', status: 'new', picked_by: '', note: '', known: false, url: '', website: '', feed: '', bluesky: '', mastodon: '', platforms: '', podcast: false, podcast_title: '', guest_on: '',
    score: 0.5, relevance: 0.5, authority: 0.5, pagerank: 0.01, referrers: 1, seeds_reaching: 1, first_seen: '2026-01-01', last_seen: '2026-01-01', rank_change: 'new', top_terms: '', via: '',
    ...over,
  };
}

const ROWS: CandidateRow[] = [
  row({ rank: 1, name: 'Ada Writes', website: 'https://ada.example/', url: 'https://ada.example/', feed: 'https://ada.example/feed.xml', score: 0.91 }),
  row({ rank: 2, name: 'Cast of Thousands', website: 'https://cast.example/', url: 'https://cast.example/', feed: 'https://cast.example/podcast.rss', podcast: true, score: 0.8 }),
  row({ rank: 3, name: 'Dana', url: 'https://bsky.app/profile/dana.bsky.social', bluesky: 'dana.bsky.social did:plc:abc234xyz', score: 0.7 }),
  row({ rank: 4, name: 'Hana', url: 'http://toot.example/@hana', mastodon: 'hana@toot.example', score: 0.6 }),
  row({ rank: 5, name: 'Nobody Home', url: 'https://nobody.example/', website: 'https://nobody.example/', score: 0.5 }),
  row({ rank: 6, name: 'Both', website: 'https://both.example/', url: 'https://both.example/', feed: 'https://both.example/rss', bluesky: 'both.example', score: 0.4 }),
];

describe('planOpml', () => {
  it('puts podcasts, blogs and social-only people in their groups and lists the rest as left out', () => {
    const plan = planOpml(ROWS);
    expect(plan.podcasts.map((f) => f.name)).toEqual(['Cast of Thousands']);
    expect(plan.blogs.map((f) => f.name)).toEqual(['Ada Writes', 'Both']);
    expect(plan.social.map((f) => f.xmlUrl)).toEqual([
      'https://bsky.app/profile/dana.bsky.social/rss',
      'https://bsky.app/profile/did:plc:abc234xyz/rss',
      'http://toot.example/@hana.rss',
    ]);
    expect(plan.leftOut.map((r) => r.rank)).toEqual([5]);
  });

  it('leaves social-only people out when social feeds are off', () => {
    const plan = planOpml(ROWS, { includeSocialFeeds: false });
    expect(plan.social).toEqual([]);
    expect(plan.leftOut.map((r) => r.rank)).toEqual([3, 4, 5]);
  });

  it('uses https for a Mastodon account unless the row itself shows the profile over http', () => {
    const plan = planOpml([row({ mastodon: 'hana@Toot.Example', url: 'https://hana.example/' }), row({ mastodon: 'x@local.test', url: 'http://local.test/@x' })]);
    expect(plan.social.map((f) => [f.xmlUrl, f.htmlUrl])).toEqual([
      ['https://toot.example/@hana.rss', 'https://toot.example/@hana'],
      ['http://local.test/@x.rss', 'http://local.test/@x'],
    ]);
  });

  it('treats feeds that are not http(s) and malformed handles as nothing to subscribe to', () => {
    const plan = planOpml([
      row({ rank: 1, feed: 'javascript:alert(1)' }),
      row({ rank: 2, feed: 'file:///etc/passwd' }),
      row({ rank: 3, feed: 'https://user:pw@feeds.example/rss' }),
      row({ rank: 4, bluesky: '<script>', mastodon: 'not a handle @@x' }),
      row({ rank: 5, feed: 'not a url' }),
    ]);
    expect(plan.blogs).toEqual([]);
    expect(plan.social).toEqual([]);
    expect(plan.leftOut.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('toOpml', () => {
  const date = new Date(Date.UTC(2026, 10, 10, 10, 0, 0));

  it('writes an OPML 2.0 head with title, RFC 822 dateCreated and owner', () => {
    const xml = toOpml(ROWS, { title: 'linernotes: content & "marketing"', dateCreated: date, ownerName: 'Léa <editor>' });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')).toBe(true);
    const head = parse(xml).opml.head;
    expect(head.title).toBe('linernotes: content & "marketing"');
    expect(head.dateCreated).toBe('Tue, 10 Nov 2026 10:00:00 GMT');
    expect(head.ownerName).toBe('Léa <editor>');
    expect(parse(xml).opml.version).toBe('2.0');
  });

  it('leaves out an invalid date and a missing owner', () => {
    const head = parse(toOpml(ROWS, { title: 't', dateCreated: new Date(Number.NaN) })).opml.head;
    expect(head.dateCreated).toBeUndefined();
    expect(head.ownerName).toBeUndefined();
  });

  it('writes one rss outline per feed inside its group, in rank order', () => {
    const g = groups(parse(toOpml(ROWS, { title: 't', dateCreated: date })));
    expect(Object.keys(g)).toEqual(['Podcasts', 'Blogs', 'Social']);
    expect(g.Blogs![0]).toEqual({
      type: 'rss', text: 'Ada Writes', title: 'Ada Writes', xmlUrl: 'https://ada.example/feed.xml', htmlUrl: 'https://ada.example/',
      description: 'rank 1, score 0.91',
    });
    expect(g.Podcasts!.map((o) => o.xmlUrl)).toEqual(['https://cast.example/podcast.rss']);
    expect(g.Social!.map((o) => o.text)).toEqual(['Dana (Bluesky)', 'Dana (Bluesky)', 'Hana (Mastodon)']);
    expect(g.Social![2]!.htmlUrl).toBe('http://toot.example/@hana');
  });

  it('omits empty groups', () => {
    const g = groups(parse(toOpml([ROWS[0]!], { title: 't', dateCreated: date, includeSocialFeeds: true })));
    expect(Object.keys(g)).toEqual(['Blogs']);
    const none = parse(toOpml([ROWS[4]!], { title: 't', dateCreated: date }));
    expect(none.opml.body.outline).toBeUndefined();
  });

  it('keeps hostile names well-formed: quotes, markup, control characters, lone surrogates; emoji stay', () => {
    const name = 'Evil "q" & <b>\'s</b>\u0000\u0007\u001b[31mred\u009b\u000b\uD800 🎉\u202Eabc\nnext';
    const xml = toOpml([row({ name, feed: 'https://evil.example/feed?a=1&b="2"' })], { title: '\u0001T\u001b]0;pwn\u0007itle', dateCreated: date });
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202E\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    const doc = parse(xml);
    const blog = groups(doc).Blogs![0]!;
    expect(blog.text).toBe('Evil "q" & <b>\'s</b>red 🎉abc next');
    expect(blog.xmlUrl).toBe('https://evil.example/feed?a=1&b=%222%22');
    expect(doc.opml.head.title).toBe('Title');
  });

  it('falls back to the feed host when a name is blank', () => {
    const g = groups(parse(toOpml([row({ name: ' \u0000 ', feed: 'https://quiet.example/rss' })], { title: 't', dateCreated: date })));
    expect(g.Blogs![0]!.text).toBe('quiet.example');
  });
});

describe('toOpml on a crawled world', () => {
  let world: TestWorld | null = null;
  afterEach(async () => {
    await world?.close();
    world = null;
  });

  it('lists the candidates that have a feed and counts those that have none', async () => {
    const DATE = 'Tue, 10 Nov 2026 10:00:00 GMT';
    world = await makeWorld({
      'a.example': { 'index.html': page('Ada', 'content strategy', ['http://b.example/', 'http://c.example/'], '/feed.xml'), 'feed.xml': rss('Ada', 'http://a.example/', []) },
      'b.example': {
        'index.html': page('Beta & <Sons>', 'content marketing newsletters', [], '/feed.xml'),
        'feed.xml': rss('Beta', 'http://b.example/', [{ url: 'http://b.example/p.html', title: 'P', body: 'content', date: DATE }]),
        'p.html': page('P', 'content marketing'),
      },
      'c.example': { 'index.html': page('Gamma', 'content strategy notes') },
    });
    const res = await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    expect(res.code).toBe(0);
    const store = createStore(openDatabase(world.db, { readonly: true }));
    try {
      const runId = store.runs.latestFinished()!.id;
      const rows = candidateRows(store, runId);
      const xml = toOpml(rows, { title: 'content marketing', dateCreated: new Date(Date.UTC(2026, 0, 1)) });
      const blogs = groups(parse(xml)).Blogs!;
      expect(blogs).toHaveLength(1);
      const beta = rows.find((r) => r.website === 'http://b.example/')!;
      expect(blogs[0]).toMatchObject({ text: 'Beta & <Sons>', xmlUrl: 'http://b.example/feed.xml', htmlUrl: 'http://b.example/', description: `rank ${beta.rank}, score ${beta.score}` });
      expect(planOpml(rows).leftOut.map((r) => r.website)).toEqual(['http://c.example/']);
    } finally {
      store.close();
    }
  });
});
