import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../src/extract/html.js';

const BASE = 'https://alice.example/2025/sourdough-2';
const page = readFileSync(new URL('../../fixtures/html/blog-home.html', import.meta.url), 'utf8');

describe('extractHtml on a blog page', () => {
  const x = extractHtml(page, BASE);

  it('reads title, site name, description, lang, canonical', () => {
    expect(x.title).toBe('Alice Writes — Fermentation notes');
    expect(x.siteName).toBe('Alice Writes');
    expect(x.description).toBe('Notes on fermentation and gardening.');
    expect(x.lang).toBe('en-gb');
    expect(x.canonical).toBe('https://alice.example/');
    expect(x.robots).toEqual({ noindex: false, nofollow: false });
  });

  it('finds advertised feeds, absolute, typed and deduped', () => {
    expect(x.feeds).toEqual([
      { url: 'https://alice.example/feed.xml', type: 'rss', title: 'RSS' },
      { url: 'https://alice.example/atom.xml', type: 'atom', title: 'Atom' },
      { url: 'https://alice.example/2025/feed.json', type: 'json', title: 'JSON' },
    ]);
  });

  it('collects rel=me from <link> and <a>, deduped', () => {
    expect(x.relMe).toEqual(['https://social.example/@alice']);
  });

  it('keeps only http(s) links, normalized, deduped keeping the first', () => {
    const urls = x.links.map((l) => l.url);
    expect(urls).toEqual([
      'https://alice.example/',
      'https://alice.example/about',
      'https://alice.example/archive',
      'https://bob.example/starter',
      'https://carol.example/',
      'https://area.example/',
      'https://dave.example/',
      'https://erin.example/',
      'https://frank.example/',
      'https://social.example/@alice',
      'https://ghost.example/',
      'https://alice.example/privacy',
    ]);
    const bob = x.links.find((l) => l.url === 'https://bob.example/starter');
    expect(bob?.text).toBe("Bob's guide");
  });

  it('labels link context: nav, content, blogroll (class or XFN beats nav)', () => {
    const ctx = Object.fromEntries(x.links.map((l) => [l.url, l.context]));
    expect(ctx['https://alice.example/about']).toBe('nav');
    expect(ctx['https://alice.example/privacy']).toBe('nav');
    expect(ctx['https://bob.example/starter']).toBe('content');
    expect(ctx['https://dave.example/']).toBe('blogroll');
    expect(ctx['https://erin.example/']).toBe('blogroll');
    expect(ctx['https://frank.example/']).toBe('blogroll');
    expect(ctx['https://ghost.example/']).toBe('blogroll');
    expect(ctx['https://social.example/@alice']).toBe('nav');
  });

  it('lower-cases rel tokens and uses img alt / area alt as link text', () => {
    expect(x.links.find((l) => l.url === 'https://carol.example/')?.rel).toEqual(['nofollow', 'ugc']);
    expect(x.links.find((l) => l.url === 'https://frank.example/')?.rel).toEqual(['acquaintance']);
    expect(x.links.find((l) => l.url === 'https://alice.example/')?.text).toBe('Alice Writes home');
    expect(x.links.find((l) => l.url === 'https://area.example/')?.text).toBe('Area link');
  });

  it('extracts visible text only', () => {
    expect(x.text).toContain('My starter doubled. Thanks to Bob\'s guide, and see Carol\'s garden.');
    expect(x.text).toContain('Blogroll Dave Erin');
    for (const hidden of ['hiddenScriptText', 'color: red', 'noscript-text', 'template-text', 'svg-title-text', 'svg-text', 'Fermentation notes']) {
      expect(x.text).not.toContain(hidden);
    }
    expect(x.text).not.toMatch(/\s{2}/);
  });
});

describe('extractHtml details', () => {
  it('honours <base href> for every link, even ones before it', () => {
    const x = extractHtml(
      '<a href="early">e</a><base href="https://cdn.example/sub/"><a href="late">l</a><link rel="canonical" href="c">',
      'https://page.example/x/y',
    );
    expect(x.links.map((l) => l.url)).toEqual(['https://cdn.example/sub/early', 'https://cdn.example/sub/late']);
    expect(x.canonical).toBe('https://cdn.example/sub/c');
  });

  it('falls back to og:description and application-name', () => {
    const x = extractHtml(
      '<meta property="og:description" content="og"><meta name="application-name" content="App">',
      'https://a.example/',
    );
    expect(x.description).toBe('og');
    expect(x.siteName).toBe('App');
  });

  it('reads robots and linernotes meta directives', () => {
    expect(extractHtml('<meta name="robots" content="noindex">', 'https://a.example/').robots).toEqual({ noindex: true, nofollow: false });
    expect(extractHtml('<meta name="LinerNotes" content="NOFOLLOW">', 'https://a.example/').robots).toEqual({ noindex: false, nofollow: true });
    expect(extractHtml('<meta name="robots" content="none">', 'https://a.example/').robots).toEqual({ noindex: true, nofollow: true });
  });

  it('caps text at maxTextChars', () => {
    const x = extractHtml(`<p>${'word '.repeat(10_000)}</p>`, 'https://a.example/', { maxTextChars: 100 });
    expect(x.text.length).toBeLessThanOrEqual(100);
    expect(x.text.startsWith('word word')).toBe(true);
  });

  it('separates words at block boundaries but not inside inline elements', () => {
    expect(extractHtml('<p>one</p><p>two</p><div>th<b>re</b>e</div>four<br>five', 'https://a.example/').text).toBe(
      'one two three four five',
    );
  });

  it('strips control characters and terminal escapes from text fields', () => {
    const x = extractHtml('<title>evil\u001b[31mred\u0007</title><a href="/x">a\u202eb</a><p>c\u0000d</p>', 'https://a.example/');
    expect(x.title).toBe('evilred');
    expect(x.links[0]?.text).toBe('ab');
    expect(x.text).toContain('cd');
  });

  it('marks links in role=navigation as nav and ancestors with "friends" as blogroll', () => {
    const x = extractHtml(
      '<div role="navigation"><a href="/n">n</a></div><section id="Friends-List"><div><a href="https://f.example/">f</a></div></section>',
      'https://a.example/',
    );
    expect(x.links.map((l) => l.context)).toEqual(['nav', 'blogroll']);
  });

  it('survives hostile and broken markup without throwing', () => {
    const inputs = ['', '<', '<a href="', '<a href="/x">unclosed <b><i>', '<<<>>>', '<svg><a href="/s">s</a>', '\u0000'.repeat(10), '<title>'];
    for (const input of inputs) expect(() => extractHtml(input, 'https://a.example/')).not.toThrow();
    expect(extractHtml('<a href="/x">unclosed <b>bold', 'https://a.example/').links[0]).toMatchObject({ url: 'https://a.example/x', text: 'unclosed bold' });
  });

  it('ignores hrefs that are only fragments and anchors without href', () => {
    const x = extractHtml('<a href="#top">top</a><a name="x">n</a><a href="">self</a>', 'https://a.example/p#frag');
    expect(x.links.map((l) => l.url)).toEqual(['https://a.example/p']);
  });

  it('treats application/rdf+xml and generic XML alternates as feeds, not other alternates', () => {
    const x = extractHtml(
      '<link rel="alternate" type="application/rdf+xml" href="/index.rdf"><link rel="alternate" type="text/xml" href="/x.xml"><link rel="alternate" type="text/html" href="/amp">',
      'https://a.example/',
    );
    expect(x.feeds.map((f) => [f.url, f.type])).toEqual([
      ['https://a.example/index.rdf', 'rss'],
      ['https://a.example/x.xml', 'unknown'],
    ]);
  });
});
