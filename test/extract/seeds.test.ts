import { describe, expect, it } from 'vitest';
import { SeedsError } from '../../src/errors.js';
import { parseSeeds } from '../../src/extract/seeds.js';

function errorOf(text: string): SeedsError {
  try {
    parseSeeds(text, 'seeds.txt');
  } catch (err) {
    if (err instanceof SeedsError) return err;
    throw err;
  }
  throw new Error('expected parseSeeds to throw');
}

describe('parseSeeds', () => {
  it('parses web URLs, bare domains, labels, comments and blank lines', () => {
    const seeds = parseSeeds(
      ['# my seeds', '', 'https://Alice.example/blog/?utm_source=x # Alice, fermentation', '  blog.example.com  ', 'https://x.example/page#frag', 'http://127.0.0.1:4001/'].join('\n'),
      'seeds.txt',
    );
    expect(seeds).toEqual([
      { line: 3, input: 'https://Alice.example/blog/?utm_source=x', kind: 'web', url: 'https://alice.example/blog/', handle: null, label: 'Alice, fermentation' },
      { line: 4, input: 'blog.example.com', kind: 'web', url: 'https://blog.example.com/', handle: null, label: null },
      { line: 5, input: 'https://x.example/page#frag', kind: 'web', url: 'https://x.example/page', handle: null, label: null },
      { line: 6, input: 'http://127.0.0.1:4001/', kind: 'web', url: 'http://127.0.0.1:4001/', handle: null, label: null },
    ]);
  });

  it('keeps paths and ports on bare domains', () => {
    expect(parseSeeds('example.org:8443/notes?x=1', 's')[0]?.url).toBe('https://example.org:8443/notes?x=1');
  });

  it('recognizes Bluesky seeds and lower-cases handles', () => {
    const seeds = parseSeeds(['bsky:Alice.BSKY.social', 'https://bsky.app/profile/Bob.example.com', 'bsky:did:plc:abc123xyz', 'did:web:carol.example'].join('\n'), 's');
    expect(seeds.map((s) => [s.kind, s.handle, s.url])).toEqual([
      ['bluesky', 'alice.bsky.social', 'https://bsky.app/profile/alice.bsky.social'],
      ['bluesky', 'bob.example.com', 'https://bsky.app/profile/bob.example.com'],
      ['bluesky', 'did:plc:abc123xyz', 'https://bsky.app/profile/did:plc:abc123xyz'],
      ['bluesky', 'did:web:carol.example', 'https://bsky.app/profile/did:web:carol.example'],
    ]);
  });

  it('recognizes Mastodon handles, mastodon: URLs and profile URLs (/@user, /users/user) as accounts', () => {
    const seeds = parseSeeds(['@Dana@Social.Example', 'mastodon:https://other.example/@erin', 'mastodon:https://other.example/users/x', 'https://social.example/@frank', 'https://social.example/users/Gil', 'https://www.youtube.com/@channel'].join('\n'), 's');
    expect(seeds.map((s) => [s.kind, s.handle, s.url])).toEqual([
      ['mastodon', 'dana@social.example', 'https://social.example/@dana'],
      ['mastodon', 'erin@other.example', 'https://other.example/@erin'],
      ['mastodon', 'x@other.example', 'https://other.example/users/x'],
      ['mastodon', 'frank@social.example', 'https://social.example/@frank'],
      ['mastodon', 'gil@social.example', 'https://social.example/users/Gil'],
      ['web', null, 'https://www.youtube.com/@channel'],
    ]);
  });

  it('drops duplicates keeping the first', () => {
    const seeds = parseSeeds(['https://a.example/ # first', 'https://A.example/#x # second', 'bsky:x.example', 'https://bsky.app/profile/X.example', '@u@m.example', 'mastodon:https://m.example/@u'].join('\n'), 's');
    expect(seeds.map((s) => [s.line, s.label])).toEqual([
      [1, 'first'],
      [3, null],
      [5, null],
    ]);
  });

  it('handles CRLF line endings and a BOM', () => {
    const seeds = parseSeeds('\uFEFFa.example\r\nb.example\r\n', 'seeds.txt');
    expect(seeds.map((s) => [s.line, s.url])).toEqual([
      [1, 'https://a.example/'],
      [2, 'https://b.example/'],
    ]);
  });

  it('rejects a bad line with FILE:LINE and the input', () => {
    const err = errorOf('a.example\n\nhtp://x # typo');
    expect(err.message).toBe('seeds.txt:3: "htp://x" is not a URL or handle');
    expect(err.code).toBe('LN_SEEDS_INVALID');
    expect(err.exitCode).toBe(2);
  });

  it('names unsupported schemes', () => {
    expect(errorOf('ftp://files.example/').message).toBe('seeds.txt:1: "ftp://files.example/" has unsupported scheme "ftp:" (use http(s), bsky: or mastodon:)');
    expect(errorOf('mailto:a@b.example').message).toMatch(/unsupported scheme "mailto:"/);
  });

  it('rejects words, bad handles and non-domains', () => {
    for (const bad of ['not a url', 'justaword', 'notes.txtx', '@nobody', 'bsky:', 'bsky:not_a_handle', '@a@b', 'https://', 'localhost:8080']) {
      expect(() => parseSeeds(bad, 'seeds.txt'), bad).toThrow(SeedsError);
    }
  });

  it('strips control characters from the echoed input', () => {
    expect(errorOf('\u001b[31mevil').message).toBe('seeds.txt:1: "evil" is not a URL or handle');
  });

  it('throws "no seeds found" for an empty or comment-only file', () => {
    expect(errorOf('').message).toBe('seeds.txt: no seeds found');
    expect(errorOf('# only\n\n   # comments\n').message).toBe('seeds.txt: no seeds found');
  });
});
