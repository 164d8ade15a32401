import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeFeed, parseFeed, type ParsedFeed } from '../../src/extract/feed.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');
const parse = (name: string, feedUrl = `https://feeds.example/${name}`): ParsedFeed => {
  const feed = parseFeed(fixture(name), feedUrl);
  if (feed === null) throw new Error(`${name} did not parse`);
  return feed;
};

describe('parseFeed: RSS 2.0', () => {
  const feed = parse('rss2.xml', 'https://alice.example/feed.xml');

  it('reads the channel', () => {
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Alice Writes',
      homeUrl: 'https://alice.example/',
      description: 'Notes on fermentation and gardening.',
      isPodcast: false,
      authors: ['Alice Baker'],
      people: [],
    });
  });

  it('orders items newest first and parses dates', () => {
    expect(feed.items.map((i) => i.title)).toEqual(['Compost notes', 'Sourdough, week two', 'Kimchi, first try']);
    expect(feed.items[0]?.published).toBe(Date.UTC(2025, 0, 15, 18));
  });

  it('normalizes item URLs and resolves relative ones against the feed URL', () => {
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://alice.example/2025/compost',
      'https://alice.example/2025/sourdough-2',
      'https://alice.example/2024/kimchi',
    ]);
  });

  it('prefers content:encoded, extracts text and absolute links from it', () => {
    const post = feed.items[1]!;
    expect(post.contentHtml).toContain('<a href="https://bob.example/starter">');
    expect(post.text).toBe("My starter doubled. Thanks to Bob's guide and my about page and relative notes.");
    expect(post.links).toEqual([
      'https://bob.example/starter',
      'https://alice.example/about',
      'https://alice.example/2025/notes/hydration',
    ]);
    expect(post.authors).toEqual(['Alice Baker']);
  });

  it('decodes escaped HTML in description', () => {
    expect(feed.items[0]?.links).toEqual(['https://carol.example/']);
    expect(feed.items[0]?.text).toBe('See Carol.');
  });
});

describe('parseFeed: Atom', () => {
  const feed = parse('atom.xml');

  it('reads feed title, alternate link, subtitle as text, authors', () => {
    expect(feed).toMatchObject({ format: 'atom', title: "Bob's Bread Blog", homeUrl: 'https://bob.example/', description: 'Baking & crumb', authors: ['Bob Miller'] });
  });

  it('uses published, falls back to updated, and turns html titles into text', () => {
    expect(feed.items.map((i) => [i.title, i.published])).toEqual([
      ['Crumb & shaping', Date.UTC(2025, 1, 1, 10)],
      ['Starter guide', Date.UTC(2025, 0, 10, 8)],
      ['Oven spring', Date.UTC(2024, 10, 5, 9)],
    ]);
  });

  it('escapes plain-text summaries, keeps xhtml content, and reads rel=enclosure', () => {
    expect(feed.items[0]?.contentHtml).toBe('Plain summary with no markup.');
    expect(feed.items[2]?.links).toEqual(['https://dave.example/steam']);
    expect(feed.items[2]?.enclosures).toEqual([{ url: 'https://cdn.bob.example/spring.mp3', type: 'audio/mpeg' }]);
    expect(feed.isPodcast).toBe(true);
  });
});

describe('parseFeed: Atom with xml:base', () => {
  const feed = parse('atom-xml-base.xml', 'https://feeds.example/atom');

  it('resolves feed and entry links against the xml:base in scope', () => {
    expect(feed.homeUrl).toBe('https://base.example/blog/');
    expect(feed.items.map((i) => i.url)).toEqual(['https://base.example/blog/posts/relative', 'https://mirror.example/elsewhere']);
    expect(feed.items[0]?.links).toEqual(['https://base.example/about', 'https://other.example/x']);
  });
});

describe('parseFeed: RDF / RSS 1.0', () => {
  const feed = parse('rdf.xml');

  it('reads channel and dc:date items', () => {
    expect(feed).toMatchObject({ format: 'rdf', title: "Carol's Garden", homeUrl: 'https://carol.example/' });
    expect(feed.items.map((i) => i.url)).toEqual(['https://carol.example/tomatoes', 'https://carol.example/beans', 'https://carol.example/garlic']);
    expect(feed.items[1]?.authors).toEqual(['Carol Green']);
    expect(feed.items[1]?.links).toEqual(['https://alice.example/']);
  });
});

describe('parseFeed: podcast', () => {
  const feed = parse('podcast.xml');

  it('is a podcast with enclosures, itunes author and podcast:person at both levels', () => {
    expect(feed.isPodcast).toBe(true);
    expect(feed.authors).toEqual(['Dana Host']);
    expect(feed.items[0]?.enclosures).toEqual([{ url: 'https://media.crumbtalk.example/ep2.mp3', type: 'audio/mpeg' }]);
    expect(feed.people).toEqual([
      { name: 'Dana Host', role: 'host', href: 'https://dana.example/', group: null, itemUrl: null },
      { name: 'Erin Cohost', role: 'host', href: null, group: null, itemUrl: null },
      { name: 'Bob Miller', role: 'guest', href: 'https://bob.example/', group: 'cast', itemUrl: 'https://crumbtalk.example/ep2' },
    ]);
  });
});

describe('parseFeed: JSON Feed', () => {
  const feed = parse('jsonfeed.json', 'https://erin.example/feed.json');

  it('reads the feed and orders items, undated last', () => {
    expect(feed).toMatchObject({ format: 'json', title: "Erin's Microblog", homeUrl: 'https://erin.example/', authors: ['Erin Cohost'], isPodcast: true });
    expect(feed.items.map((i) => i.url)).toEqual(['https://erin.example/2', 'https://erin.example/3', 'https://erin.example/1']);
    expect(feed.items[2]?.published).toBeNull();
  });

  it('escapes content_text so it is not read as markup', () => {
    expect(feed.items[1]?.contentHtml).toBe('Plain text post &lt;not a tag&gt;.');
    expect(feed.items[1]?.text).toBe('Plain text post <not a tag>.');
    expect(feed.items[0]?.authors).toEqual(['Guest Writer']);
  });
});

describe('parseFeed: malformed input', () => {
  it('keeps an item with a bad date, with published=null, after the dated ones', () => {
    const feed = parse('bad-date-one-item.xml');
    expect(feed.items.map((i) => [i.title, i.published === null])).toEqual([
      ['Newest', false],
      ['Good one', false],
      ['Broken date', true],
    ]);
    expect(parse('atom-bad-date.xml').items).toHaveLength(3);
  });

  it('recovers the complete items of a truncated document', () => {
    const feed = parse('truncated.xml');
    expect(feed.title).toBe('Cut Off');
    expect(feed.items.map((i) => i.title)).toEqual(['One', 'Two']);
  });

  it('copes with unescaped &, undeclared entities, CDATA, BOM, odd prefixes and no title', () => {
    expect(parse('unescaped-ampersand.xml').items[0]?.title).toBe('Tom & Jerry');
    const entities = parse('html-entities.xml');
    expect(entities.title).toBe('Café Notes');
    expect(entities.items.map((i) => i.title)).toEqual(['Crème brûlée', 'Fish & chips – again']);
    const cdata = parse('cdata-content.xml', 'https://cdata.example/feed');
    expect(cdata.title).toBe('CDATA & Co');
    expect(cdata.items[0]?.title).toBe('Title with <angle> & amp');
    expect(cdata.items[0]?.text).toBe('See Alice & local.');
    expect(cdata.items[0]?.links).toEqual(['https://alice.example/', 'https://cdata.example/local']);
    expect(parse('bom-leading-whitespace.xml').items).toHaveLength(2);
    const prefixes = parse('wrong-namespace-prefix.xml');
    expect(prefixes.items[0]?.links).toEqual(['https://alice.example/']);
    expect(prefixes.items[0]?.authors).toEqual(['Frank Prefix']);
    const untitled = parse('missing-channel-title.xml');
    expect(untitled.title).toBe('');
    expect(untitled.items).toHaveLength(2);
  });

  it('returns null for things that are not feeds, and never throws', () => {
    expect(parseFeed(fixture('not-a-feed.html'), 'https://x.example/')).toBeNull();
    for (const junk of ['', '   ', '{}', '{"a":1}', '[1,2]', 'plain text', '<html><body>hi</body></html>', '{"version":"https://jsonfeed.org/version/1.1", "items": [', '\u0000\u0001']) {
      expect(parseFeed(junk, 'https://x.example/')).toBeNull();
    }
    expect(parseFeed(undefined as unknown as string, 'https://x.example/')).toBeNull();
  });

  it('strips control characters from titles', () => {
    const xml = '<rss version="2.0"><channel><title>a\u001b[31mb</title><item><title>x\u202ey</title><link>https://a.example/</link></item></channel></rss>';
    const feed = parseFeed(xml, 'https://a.example/feed');
    expect(feed?.title).toBe('ab');
    expect(feed?.items[0]?.title).toBe('xy');
  });
});

describe('looksLikeFeed', () => {
  it('recognizes every fixture feed and rejects the HTML page', () => {
    for (const name of ['rss2.xml', 'atom.xml', 'rdf.xml', 'podcast.xml', 'jsonfeed.json', 'bom-leading-whitespace.xml', 'truncated.xml']) {
      expect(looksLikeFeed(fixture(name)), name).toBe(true);
    }
    expect(looksLikeFeed(fixture('not-a-feed.html'))).toBe(false);
  });

  it('skips comments and doctypes before the root and rejects other XML and JSON', () => {
    expect(looksLikeFeed('<?xml version="1.0"?>\n<!-- hi -->\n<!DOCTYPE rss>\n<rss version="2.0">')).toBe(true);
    expect(looksLikeFeed('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')).toBe(false);
    expect(looksLikeFeed('{"title":"x","items":[]}')).toBe(false);
    expect(looksLikeFeed('{"title":"x","home_page_url":"https://a/","items":[]}')).toBe(true);
    expect(looksLikeFeed('')).toBe(false);
  });
});
