// The robots.txt matcher, case by case from RFC 9309's text and examples and the leniency
// crawlers are expected to show (Google's robotstxt behaviour). Each row: a file, a product
// token, a path (and query), and whether that path may be fetched.
import { describe, expect, it } from 'vitest';
import { normalisePercent, parseRobotsTxt, patternMatches, productTokenOf } from '../../src/crawl/robots-txt.js';
import { DEFAULT_USER_AGENT } from '../../src/crawl/settings.js';

type Case = [name: string, robots: string, token: string, path: string, allowed: boolean];

const ALL_OUT = 'User-agent: *\nDisallow: /\n';

const cases: Case[] = [
  // Groups and the product token (RFC 9309 2.2.1)
  ['an empty file allows everything', '', 'acmebot', '/x', true],
  ['Disallow: / in the * group', ALL_OUT, 'acmebot', '/x', false],
  ['an empty Disallow allows everything', 'User-agent: *\nDisallow:\n', 'acmebot', '/x', true],
  ['an empty Allow is no rule either', 'User-agent: *\nAllow:\nDisallow: /x\n', 'acmebot', '/x', false],
  ['the group of our token applies', 'User-agent: AcmeBot\nDisallow: /private\n', 'AcmeBot', '/private/a', false],
  ['group names match case-insensitively', 'User-agent: ACMEBOT\nDisallow: /\n', 'acmebot', '/a', false],
  ['the token matches case-insensitively the other way too', 'User-agent: acmebot\nDisallow: /\n', 'AcmeBot', '/a', false],
  ['a version after the group name is ignored', 'User-agent: AcmeBot/2.1\nDisallow: /\n', 'AcmeBot', '/a', false],
  ['a longer name is another crawler', 'User-agent: AcmeBot-News\nDisallow: /\n', 'AcmeBot', '/a', true],
  ['our own group wins over *', 'User-agent: *\nDisallow: /\n\nUser-agent: AcmeBot\nAllow: /\n', 'AcmeBot', '/a', true],
  ['others still get the * group', 'User-agent: *\nDisallow: /\n\nUser-agent: AcmeBot\nAllow: /\n', 'OtherBot', '/a', false],
  ['our group replaces *, it does not add to it', 'User-agent: *\nDisallow: /a\n\nUser-agent: AcmeBot\nDisallow: /b\n', 'AcmeBot', '/a', true],
  ['no group for us and no * group: allowed', 'User-agent: OtherBot\nDisallow: /\n', 'AcmeBot', '/a', true],
  ['groups for the same token are merged (first)', 'User-agent: AcmeBot\nDisallow: /a\n\nUser-agent: Other\nDisallow: /\n\nUser-agent: acmebot\nDisallow: /b\n', 'AcmeBot', '/a', false],
  ['groups for the same token are merged (second)', 'User-agent: AcmeBot\nDisallow: /a\n\nUser-agent: Other\nDisallow: /\n\nUser-agent: acmebot\nDisallow: /b\n', 'AcmeBot', '/b', false],
  ['merged groups still leave other paths open', 'User-agent: AcmeBot\nDisallow: /a\n\nUser-agent: acmebot\nDisallow: /b\n', 'AcmeBot', '/c', true],
  ['consecutive user-agent lines share one group', 'User-agent: Other\nUser-agent: AcmeBot\nDisallow: /x\n', 'AcmeBot', '/x', false],
  ['blank lines between user-agent lines do not split the group', 'User-agent: AcmeBot\n\nUser-agent: Other\nDisallow: /x\n', 'AcmeBot', '/x', false],
  ['a user-agent line after rules starts a new group', 'User-agent: AcmeBot\nDisallow: /a\nUser-agent: Other\nDisallow: /b\n', 'AcmeBot', '/b', true],
  ['rules before any user-agent line belong to no group', 'Disallow: /\nUser-agent: AcmeBot\nDisallow: /x\n', 'AcmeBot', '/a', true],
  ['a Sitemap line does not end the group', 'User-agent: AcmeBot\nSitemap: https://x.example/s.xml\nDisallow: /\n', 'AcmeBot', '/a', false],
  ['unknown keys are ignored', 'User-agent: AcmeBot\nNoindex: /a\nHost: x.example\nDisallow: /b\n', 'AcmeBot', '/a', true],
  ['* with trailing space is the catch-all', 'User-agent: *   \nDisallow: /\n', 'AcmeBot', '/a', false],
  ['an empty user-agent names nobody', 'User-agent:\nDisallow: /\n', 'AcmeBot', '/a', true],

  // Longest match, Allow wins ties (RFC 9309 2.2.2)
  ['the longer Allow wins', 'User-agent: *\nAllow: /p\nDisallow: /\n', 'acmebot', '/page', true],
  ['the longer Disallow wins', 'User-agent: *\nDisallow: /folder/page\nAllow: /folder\n', 'acmebot', '/folder/page', false],
  ['order does not matter, length does', 'User-agent: *\nAllow: /folder\nDisallow: /folder/page\n', 'acmebot', '/folder/page.html', false],
  ['a tie goes to Allow', 'User-agent: *\nDisallow: /page\nAllow: /page\n', 'acmebot', '/page', true],
  ['Allow: / and Disallow: / tie: allowed', 'User-agent: *\nDisallow: /\nAllow: /\n', 'acmebot', '/x', true],
  ['RFC example: a gif under an allowed folder', 'User-agent: *\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n', 'acmebot', '/example/page/disallowed.gif', false],
  ['RFC example: the rest of that folder', 'User-agent: *\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n', 'acmebot', '/example/page/ok.html', true],
  ['a wildcard counts as written: /*.html beats /page', 'User-agent: *\nAllow: /page\nDisallow: /*.html\n', 'acmebot', '/page.html', false],
  ['an anchored Allow beats a shorter wildcard Disallow', 'User-agent: *\nAllow: /page.html$\nDisallow: /*.html\n', 'acmebot', '/page.html', true],
  ['Disallow /x/ leaves /x itself open', 'User-agent: *\nDisallow: /x/\n', 'acmebot', '/x', true],
  ['a narrow Allow inside a closed site', 'User-agent: *\nDisallow: /\nAllow: /public\n', 'acmebot', '/public/post', true],

  // Special characters (RFC 9309 2.2.3)
  ['* matches any run', 'User-agent: *\nDisallow: /*/private/\n', 'acmebot', '/users/private/x', false],
  ['* needs the rest to match', 'User-agent: *\nDisallow: /*/private/\n', 'acmebot', '/private/x', true],
  ['/fish* matches /fish', 'User-agent: *\nDisallow: /fish*\n', 'acmebot', '/fish', false],
  ['/fish* matches /fishheads/x', 'User-agent: *\nDisallow: /fish*\n', 'acmebot', '/fishheads/x', false],
  ['paths are case-sensitive', 'User-agent: *\nDisallow: /fish\n', 'acmebot', '/Fish.asp', true],
  ['$ anchors the end', 'User-agent: *\nDisallow: /*.gif$\n', 'acmebot', '/img/a.gif', false],
  ['$ anchors before a query too', 'User-agent: *\nDisallow: /*.gif$\n', 'acmebot', '/img/a.gif?size=2', true],
  ['$ refuses a longer name', 'User-agent: *\nDisallow: /*.gif$\n', 'acmebot', '/img/a.gifs', true],
  ['Allow: /$ opens only the root', 'User-agent: *\nAllow: /$\nDisallow: /\n', 'acmebot', '/', true],
  ['Allow: /$ leaves the rest closed', 'User-agent: *\nAllow: /$\nDisallow: /\n', 'acmebot', '/about', false],
  ['a $ inside a pattern is literal', 'User-agent: *\nDisallow: /a$b\n', 'acmebot', '/a$b/c', false],
  ['a literal $ does not anchor', 'User-agent: *\nDisallow: /a$b\n', 'acmebot', '/a', true],
  ['repeated stars match like one', 'User-agent: *\nDisallow: /a**z\n', 'acmebot', '/abcz', false],
  ['a pattern may start with *', 'User-agent: *\nDisallow: *.php\n', 'acmebot', '/index.php', false],
  ['Disallow: * closes everything', 'User-agent: *\nDisallow: *\n', 'acmebot', '/anything', false],
  ['queries are part of the path: /*?', 'User-agent: *\nDisallow: /*?\n', 'acmebot', '/page?x=1', false],
  ['no query, no match for /*?', 'User-agent: *\nDisallow: /*?\n', 'acmebot', '/page', true],
  ['a query prefix', 'User-agent: *\nDisallow: /search?q=\n', 'acmebot', '/search?q=robots', false],
  ['reserved characters in a query match as written', 'User-agent: *\nDisallow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n', 'acmebot', '/foo/bar?qux=taz&baz=http://foo.bar?tar&par', false],
  ['/robots.txt is always allowed', ALL_OUT, 'acmebot', '/robots.txt', true],
  ['an empty path is the root', 'User-agent: *\nDisallow: /$\n', 'acmebot', '', false],

  // Percent-encoding (RFC 9309 2.2.2 and its table)
  ['encoded unreserved in the file matches plain in the URL', 'User-agent: *\nDisallow: /foo/bar/%62%61%7A\n', 'acmebot', '/foo/bar/baz', false],
  ['plain in the file matches encoded unreserved in the URL', 'User-agent: *\nDisallow: /foo/bar/baz\n', 'acmebot', '/foo/bar/%62%61%7A', false],
  ['hex case does not matter', 'User-agent: *\nDisallow: /a%3c\n', 'acmebot', '/a%3Cb', false],
  ['non-ASCII in the file matches its UTF-8 encoding', 'User-agent: *\nDisallow: /foo/bar/ツ\n', 'acmebot', '/foo/bar/%E3%83%84', false],
  ['encoded UTF-8 in the file matches it too', 'User-agent: *\nDisallow: /foo/bar/%E3%83%84\n', 'acmebot', '/foo/bar/%e3%83%84', false],
  ['an encoded slash is not a slash', 'User-agent: *\nDisallow: /a%2Fb\n', 'acmebot', '/a/b', true],
  ['an encoded * in the file is a literal star', 'User-agent: *\nDisallow: /a%2Ab\n', 'acmebot', '/axxb', true],

  // Syntax the RFC asks crawlers to tolerate
  ['a UTF-8 BOM before the first line', `\uFEFF${ALL_OUT}`, 'acmebot', '/x', false],
  ['a BOM read as Windows-1252', `\u00EF\u00BB\u00BF${ALL_OUT}`, 'acmebot', '/x', false],
  ['a broken BOM (replacement character)', `\uFFFD${ALL_OUT}`, 'acmebot', '/x', false],
  ['CR line endings', 'User-agent: *\rDisallow: /x\rAllow: /x/y\r', 'acmebot', '/x/z', false],
  ['CR line endings keep lines apart', 'User-agent: *\rDisallow: /x\rAllow: /x/y\r', 'acmebot', '/x/y', true],
  ['CRLF line endings', 'User-agent: *\r\nDisallow: /x\r\n', 'acmebot', '/x', false],
  ['mixed line endings', 'User-agent: AcmeBot\rDisallow: /a\r\nUser-agent: Other\nDisallow: /b\n', 'AcmeBot', '/a', false],
  ['mixed line endings start groups right', 'User-agent: AcmeBot\rDisallow: /a\r\nUser-agent: Other\nDisallow: /b\n', 'AcmeBot', '/b', true],
  ['no newline at the end', 'User-agent: *\nDisallow: /x', 'acmebot', '/x', false],
  ['a missing colon', 'User-agent *\nDisallow /x\n', 'acmebot', '/x', false],
  ['keys in any case', 'USER-AGENT: *\nDISALLOW: /x\n', 'acmebot', '/x', false],
  ['useragent and dissallow', 'useragent: *\ndissallow: /x\n', 'acmebot', '/x', false],
  ['"user agent" and disalow', 'user agent: *\ndisalow: /x\n', 'acmebot', '/x', false],
  ['no space after the colon', 'User-agent:*\nDisallow:/x\n', 'acmebot', '/x', false],
  ['spaces around key and value', '  User-agent  :  *  \n   Disallow   :   /x   \n', 'acmebot', '/x', false],
  ['a comment after the value', 'User-agent: * # everyone\nDisallow: /x # not /x\n', 'acmebot', '/x', false],
  ['a comment is not part of the path', 'User-agent: *\nDisallow: /x#y\n', 'acmebot', '/x', false],
  ['whole-line comments', '# robots\nUser-agent: *\n# nothing here\nDisallow: /x\n', 'acmebot', '/x', false],
  ['HTML instead of robots.txt has no rules', '<html><body>Disallow: everything</body></html>', 'acmebot', '/x', true],
  ['control characters and garbage lines are skipped', '\u0000\u0001garbage\nUser-agent: *\n:::\nDisallow: /x\n', 'acmebot', '/x', false],
];

describe('robots.txt matcher (RFC 9309)', () => {
  it.each(cases)('%s', (_name, robots, token, path, allowed) => {
    expect(parseRobotsTxt(robots).isAllowed(path, token)).toBe(allowed);
  });

  it('has at least 60 cases of its own', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
});

describe('product token from --user-agent', () => {
  it.each([
    ['AcmeBot/1.0 (+https://acme.example/bot)', 'AcmeBot'],
    [DEFAULT_USER_AGENT, 'linernotes'],
    ['Mozilla/5.0 (compatible; AcmeBot/1.0)', 'Mozilla'],
    ['my_crawler-x', 'my_crawler-x'],
    ['  SpacedBot/1', 'SpacedBot'],
    ['1.0 numbers first', 'linernotes'],
    ['', 'linernotes'],
  ])('%j gives %j', (ua, token) => {
    expect(productTokenOf(ua)).toBe(token);
  });

  it('matches a group written with the operator\'s own crawler name', () => {
    const robots = parseRobotsTxt('User-agent: acmebot\nDisallow: /\n');
    expect(robots.isAllowed('/a', productTokenOf('AcmeBot/1.0 (+https://acme.example/bot)'))).toBe(false);
    expect(robots.isAllowed('/a', productTokenOf(DEFAULT_USER_AGENT))).toBe(true);
  });
});

describe('robots.txt details', () => {
  it('normalises percent-encoding: unreserved decoded, the rest upper-cased, non-ASCII encoded', () => {
    expect(normalisePercent('/%7euser/%e2%82%ac/ü %2f')).toBe('/~user/%E2%82%AC/%C3%BC%20%2F');
    expect(normalisePercent('/100%')).toBe('/100%');
  });

  it('matches wildcards without backtracking blow-up', () => {
    const pattern = `/${'*a'.repeat(50)}$`;
    const path = `/${'a'.repeat(2000)}b`;
    expect(patternMatches(pattern, path)).toBe(false);
    expect(patternMatches('/a*b*c', '/a-x-b-y-c')).toBe(true);
  });

  it('reads Crawl-delay for our group, else the * group', () => {
    const robots = parseRobotsTxt('User-agent: *\nCrawl-delay: 2\n\nUser-agent: AcmeBot\nCrawl-delay: 7\nDisallow: /x\n');
    expect(robots.crawlDelay('acmebot')).toBe(7);
    expect(robots.crawlDelay('other')).toBe(2);
    expect(parseRobotsTxt('User-agent: *\nCrawl-delay: soon\n').crawlDelay('x')).toBeNull();
  });

  it('parses a file of many groups in full', () => {
    const filler = Array.from({ length: 5000 }, (_, i) => `User-agent: bot${'x'.repeat(i % 7)}\nDisallow: /p${i}\n`).join('');
    const robots = parseRobotsTxt(`${filler}User-agent: AcmeBot\nDisallow: /last\n`);
    expect(robots.isAllowed('/last', 'AcmeBot')).toBe(false);
    expect(robots.isAllowed('/p1', 'AcmeBot')).toBe(true);
  });
});
