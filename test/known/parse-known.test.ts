// Files of people the user already follows: recognised by content, read line by line, bad lines
// reported as FILE:LINE and skipped, files that are none of the formats refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryFromLine, looksLikeFeed, parseKnownFile, type KnownFile } from '../../src/known/parse-known.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/known');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const ok = (text: string, name: string): KnownFile => {
  const parsed = parseKnownFile(text, name);
  if (!parsed.ok) throw new Error(`not parsed: ${parsed.reason}`);
  return parsed;
};
const brief = (f: KnownFile) => f.entries.map((e) => `${e.kind} ${e.identity}`);

describe('OPML', () => {
  it('reads nested outlines: feeds, sites, social feeds as accounts; folders and platforms quietly skipped', () => {
    const f = ok(fixture('feed-reader.opml'), 'feed-reader.opml');
    expect(f.format).toBe('opml');
    expect(brief(f)).toEqual([
      'feed http://blog.ada-writes.example/feed.xml',
      'site ada-writes.example',
      'feed https://quiet-pages.example/feed/',
      'feed http://newsletter-lab.example/rss.xml',
      'site newsletter-lab.example',
      'feed http://storyframe.example/atom.xml',
      'feed https://www.youtube.com/feeds/videos.xml?channel_id=UC000',
      'mastodon joanna@toots.example',
      'bluesky leo-marsh.bsky.social',
    ]);
    expect(f.problems).toEqual([]);
    expect(f.entries.find((e) => e.kind === 'site' && e.identity === 'newsletter-lab.example')).toMatchObject({ label: 'Newsletter Lab & Friends', line: 12 });
  });

  it('reports broken outlines as FILE:LINE and keeps the good ones (OPML 1.0, lower-case attributes, bare &, unclosed tags)', () => {
    const f = ok(fixture('broken.opml'), 'broken.opml');
    expect(brief(f)).toEqual([
      'feed http://metrics-garden.example/feed.xml',
      'site metrics-garden.example',
      'site evergreen-ink.example',
      'feed http://bridge-notes.example/feed.xml?a=1&b=2',
      'site sol-notes.example',
      'feed http://the-brief-room.example/feed.xml',
      'feed http://far-shore-content.example/feed.xml',
    ]);
    expect(f.problems).toEqual([
      'broken.opml:8: outline "Broken feed address": xmlUrl "not a url" is not a URL',
      'broken.opml:9: outline "Script": xmlUrl "javascript:alert(1)" is not a URL',
      'broken.opml:10: outline "Relative": xmlUrl "/feed.xml" is not a URL',
    ]);
  });

  it('recognises OPML by content whatever the file is called, and an empty OPML is still OPML', () => {
    expect(ok('\uFEFF\n  <opml version="1.0"><body></body></opml>', 'subscriptions.txt')).toMatchObject({ format: 'opml', entries: [] });
  });

  it('strips control characters and bidi overrides from labels and problem lines', () => {
    const f = ok('<opml><body><outline text="\u001b[31mRed\u202e" xmlUrl="http://a.example/feed"/><outline text="x\u0007" xmlUrl="bad\u001b[2J"/></body></opml>', 'x.opml');
    expect(f.entries[0]!.label).toBe('Red');
    expect(f.problems[0]).toBe('x.opml:1: outline "x": xmlUrl "bad" is not a URL');
  });
});

describe('Mastodon following CSV', () => {
  it('reads the account column, quoted language lists included, and reports bad addresses by line', () => {
    const f = ok(fixture('mastodon-following.csv'), 'following_accounts.csv');
    expect(f.format).toBe('mastodon-csv');
    expect(brief(f)).toEqual(['mastodon hana@mastodon.example', 'mastodon rafa@toots.example', 'mastodon joanna@toots.example', 'mastodon mira@gts.example']);
    expect(f.problems).toEqual(['following_accounts.csv:5: "not-an-address" is not a fediverse address (user@host)']);
  });

  it('is recognised by its header only, not by the extension', () => {
    expect(ok('Account address,Show boosts\nx@toot.example,true\n', 'export.dat').format).toBe('mastodon-csv');
    expect(parseKnownFile('Name,Email\nDana,dana@toot.example\n', 'contacts.csv')).toEqual({ ok: false, reason: 'no line is a URL or handle' });
  });
});

describe('plain lists', () => {
  it('reads URLs, feeds, domains and handles with their labels; bad lines are FILE:LINE and skipped', () => {
    const f = ok(fixture('list.txt'), 'list.txt');
    expect(f.format).toBe('list');
    expect(brief(f)).toEqual([
      'site contentstrategyweekly.example',
      'feed http://www.editorial-calendar.example/atom.xml',
      'site audience-first.example',
      'bluesky priya-raman.example',
      'mastodon rafa@toots.example',
      'mastodon hana@mastodon.example',
      'mastodon joanna@toots.example',
    ]);
    expect(f.entries[0]).toMatchObject({ label: 'Joanna Pike', line: 2 });
    expect(f.problems).toEqual([
      'list.txt:9: "this is not a url" is not a URL or handle',
      'list.txt:10: "ftp://files.example/" has unsupported scheme "ftp:" (use http(s), bsky: or mastodon:)',
      'list.txt:11: "https://github.com/someone" is on a platform (github.com), which is never a candidate',
    ]);
  });

  it('keeps the first of duplicate identities and fills in a missing label', () => {
    const f = ok('https://a.example/\nhttps://www.a.example/about # Alpha\n', 'l.txt');
    expect(f.entries).toEqual([{ kind: 'site', identity: 'a.example', label: 'Alpha', line: 1 }]);
  });

  it('tells feeds from pages by their path', () => {
    for (const u of ['https://a.example/feed', 'https://a.example/rss.xml', 'https://a.example/index.xml', 'https://a.example/?feed=rss2', 'https://a.example/feeds/posts/default']) expect(looksLikeFeed(u), u).toBe(true);
    for (const u of ['https://a.example/', 'https://a.example/about', 'https://a.example/feedback']) expect(looksLikeFeed(u), u).toBe(false);
    expect(entryFromLine('https://bsky.app/profile/Dana.Example')).toEqual({ kind: 'bluesky', identity: 'dana.example', label: null });
    expect(entryFromLine('did:plc:abc123')).toEqual({ kind: 'bluesky', identity: 'did:plc:abc123', label: null });
  });
});

describe('files that are none of these', () => {
  it.each([
    ['an HTML page', '<!doctype html><html><body><a href="https://a.example/">a</a></body></html>', 'an XML or HTML document without <opml>'],
    ['an RSS feed', '<?xml version="1.0"?><rss><channel><link>https://a.example/</link></channel></rss>', 'an XML or HTML document without <opml>'],
    ['JSON', '[{"url": "https://a.example/"}]', 'a JSON document'],
    ['a binary file', 'PK\u0003\u0004\u0000\u0000garbage', 'a binary file'],
    ['prose', 'Dear diary,\ntoday I read some blogs.\n', 'no line is a URL or handle'],
    ['an empty file', '\n\n# only a comment\n', 'it is empty'],
  ])('refuses %s', (_what, text, reason) => {
    expect(parseKnownFile(text, 'f')).toEqual({ ok: false, reason });
  });
});
