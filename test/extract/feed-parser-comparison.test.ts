// The design card named rss-parser; we use feedsmith behind parseFeed. This runs both over every
// fixture feed and checks, per file, how many items each recovers, so the README table is
// verified by the test suite rather than claimed. A fixture missing from TABLE fails the test.

import { readdirSync, readFileSync } from 'node:fs';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/extract/feed.js';

interface Row {
  file: string;
  /** Items rss-parser's parseString returns, or 'throws' when it rejects the whole document. */
  rssParser: number | 'throws';
  /** Items parseFeed returns, or null when it says "not a feed". */
  parseFeed: number | null;
  note: string;
}

const TABLE: Row[] = [
  { file: 'rss2.xml', rssParser: 3, parseFeed: 3, note: 'well-formed RSS 2.0' },
  { file: 'atom.xml', rssParser: 3, parseFeed: 3, note: 'well-formed Atom' },
  { file: 'rdf.xml', rssParser: 3, parseFeed: 3, note: 'well-formed RSS 1.0 (RDF)' },
  { file: 'podcast.xml', rssParser: 2, parseFeed: 2, note: 'podcast:person only in parseFeed' },
  { file: 'jsonfeed.json', rssParser: 'throws', parseFeed: 3, note: 'rss-parser has no JSON Feed support' },
  { file: 'bad-date-one-item.xml', rssParser: 3, parseFeed: 3, note: 'RSS: both keep the item, date unset' },
  { file: 'atom-bad-date.xml', rssParser: 'throws', parseFeed: 3, note: 'rss-parser: "Invalid time value", whole feed lost' },
  { file: 'unescaped-ampersand.xml', rssParser: 'throws', parseFeed: 2, note: 'bare & in title and link' },
  { file: 'missing-channel-title.xml', rssParser: 2, parseFeed: 2, note: 'title empty in both' },
  { file: 'wrong-namespace-prefix.xml', rssParser: 2, parseFeed: 2, note: 'rss-parser loses c:encoded body and DC:creator' },
  { file: 'truncated.xml', rssParser: 'throws', parseFeed: 2, note: 'cut mid-item; parseFeed keeps complete items' },
  { file: 'bom-leading-whitespace.xml', rssParser: 2, parseFeed: 2, note: 'BOM + blank lines before <?xml' },
  { file: 'atom-xml-base.xml', rssParser: 2, parseFeed: 2, note: 'rss-parser leaves links relative' },
  { file: 'html-entities.xml', rssParser: 2, parseFeed: 2, note: '&nbsp; &eacute; &mdash; undeclared' },
  { file: 'cdata-content.xml', rssParser: 2, parseFeed: 2, note: 'CDATA title/description' },
  { file: 'not-a-feed.html', rssParser: 'throws', parseFeed: null, note: 'HTML page: both refuse' },
];

const dir = new URL('../../fixtures/feeds/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, dir), 'utf8');

async function rssParserItems(text: string): Promise<number | 'throws'> {
  try {
    const feed = await new Parser().parseString(text);
    return feed.items.length;
  } catch {
    return 'throws';
  }
}

describe('feed parser comparison: rss-parser vs parseFeed (feedsmith)', () => {
  it('covers every fixture in fixtures/feeds', () => {
    expect(readdirSync(dir).sort()).toEqual(TABLE.map((r) => r.file).sort());
  });

  for (const row of TABLE) {
    it(`${row.file}: rss-parser ${row.rssParser}, parseFeed ${row.parseFeed ?? 'null'} (${row.note})`, async () => {
      const text = read(row.file);
      expect(await rssParserItems(text)).toBe(row.rssParser);
      const parsed = parseFeed(text, `https://feeds.example/${row.file}`);
      expect(parsed === null ? null : parsed.items.length).toBe(row.parseFeed);
    });
  }

  it('notes hold: relative Atom links, namespaced bodies, podcast people', async () => {
    const base = read('atom-xml-base.xml');
    expect((await new Parser().parseString(base)).items[0]?.link).toBe('posts/relative');
    expect(parseFeed(base, 'https://feeds.example/a')?.items[0]?.url).toBe('https://base.example/blog/posts/relative');

    const prefixed = read('wrong-namespace-prefix.xml');
    const rp = (await new Parser().parseString(prefixed)).items[0];
    expect(rp?.content).toBeUndefined();
    expect(rp?.creator).toBeUndefined();
    const ours = parseFeed(prefixed, 'https://feeds.example/p')?.items[0];
    expect(ours?.text).toBe('Full text with a link.');
    expect(ours?.authors).toEqual(['Frank Prefix']);

    expect(parseFeed(read('podcast.xml'), 'https://feeds.example/pod')?.people).toHaveLength(3);
  });
});
