// The digest's renderers on a made-up digest: 72-column text that never breaks a URL, blurbs
// cut at a sentence or a word, Markdown and HTML that keep hostile titles as text, and the
// one-line empty digest in every format.
import { describe, expect, it } from 'vitest';
import type { Digest } from '../../src/digest/digest-data.js';
import { firstSentence, trimTo } from '../../src/digest/blurb.js';
import { digestFormat } from '../../src/digest/render.js';
import { digestHtml } from '../../src/digest/render-html.js';
import { digestMarkdown } from '../../src/digest/render-markdown.js';
import { digestText, wrap } from '../../src/digest/render-text.js';

const HOSTILE = '<script>alert(1)</script> **bold** [x](javascript:alert(2))\u001b[31m';

function digest(over: Partial<Digest> = {}): Digest {
  return {
    runId: 3, runDate: '2026-12-02', sinceLabel: 'run 2 (2026-11-25)', basis: 'top', followed: 20, baseRunId: 2,
    people: [{
      name: HOSTILE, url: 'http://dana.example/', rank: 4, pickedBy: null,
      posts: [{ title: 'A rather long title about editorial calendars, newsletters and the art of planning a year', url: 'http://dana.example/posts/a-very-long-address-that-does-not-fit-in-seventy-two-columns.html', date: '2026-12-01', blurb: 'Plan by theme.', via: 'seed blog.ada-writes.example → linked dana.example/posts/a-very-long-address-that-does-not-fit.html' }],
    }],
    movers: { newCandidates: [{ name: 'Gamma', url: 'http://c.example/', rank: 12, previousRank: null, score: 0.3, previousScore: null }], risers: [], silent: [] },
    ...over,
  };
}

describe('digest renderers', () => {
  it('text: 72 columns, a URL alone on its line, no control characters, movers one line each', () => {
    const text = digestText(digest());
    for (const line of text.split('\n')) {
      if ([...line].length > 72) expect(line).toMatch(/^ +https?:\/\/\S+$/);
    }
    expect(text).toContain('    http://dana.example/posts/a-very-long-address-that-does-not-fit-in-seventy-two-columns.html\n');
    expect(text).not.toMatch(/\u001b/);
    expect(text).toMatch(/\n\nmovers since run 2:\n {2}new {5}Gamma #12 http:\/\/c\.example\/\n$/);
  });

  it('names who picked each person when a team picked them, in every format, escaped', () => {
    const person = digest().people[0]!;
    const team = digest({ basis: 'picked', people: [{ ...person, name: 'Dana', pickedBy: 'ana <b>' }, { ...person, name: 'Lee', rank: null, pickedBy: 'bo' }] });
    const text = digestText(team);
    expect(text).toContain('\nDana (#4, picked by ana <b>) http://dana.example/\n');
    expect(text).toContain('\nLee (picked by bo) http://dana.example/\n');
    expect(digestMarkdown(team)).toContain('(#4, picked by ana \\<b\\>)');
    const html = digestHtml(team);
    expect(html).toContain('#4 · picked by ana &lt;b&gt;</span>');
    expect(html).not.toContain('ana <b>');
  });

  it('wrap keeps words whole and indents continuation lines', () => {
    expect(wrap('aaa bbb ccc ddd', 9, '  ', '* ')).toEqual(['* aaa bbb', '  ccc ddd']);
  });

  it('blurbs: the first sentence, cut at a word with an ellipsis', () => {
    expect(firstSentence('Plan by theme. Then write. And so on.')).toBe('Plan by theme.');
    expect(firstSentence('version 2.0 is out. Yes.')).toBe('version 2.0 is out.');
    expect(trimTo('one two three four five six', 14)).toBe('one two three…');
  });

  it('Markdown and HTML keep a hostile name as text', () => {
    const md = digestMarkdown(digest());
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> \\*\\*bold\\*\\* \\[x\\](javascript:alert(2))');
    expect(md).not.toMatch(/[^\\]\]\(javascript:/); // only an escaped \] precedes it
    const html = digestHtml(digest());
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('href="javascript:');
  });

  it('an empty digest is one line in every format', () => {
    const empty = digest({ people: [], movers: { newCandidates: [], risers: [], silent: [] } });
    const line = 'nothing new since run 2 (2026-11-25): no posts from the top 20 and no movers (run 3, 2026-12-02)';
    expect(digestText(empty)).toBe(`${line}\n`);
    expect(digestMarkdown(empty)).toBe(`${line}\n`);
    expect(digestHtml(empty)).toContain(`<p>${line}</p>`);
  });

  it('picks the format from --format, else from the file name', () => {
    expect(digestFormat(undefined, 'digest.md')).toBe('md');
    expect(digestFormat(undefined, 'digest.html')).toBe('html');
    expect(digestFormat(undefined, undefined)).toBe('text');
    expect(digestFormat('markdown', 'x.html')).toBe('md');
    expect(() => digestFormat('pdf', undefined)).toThrow('--format must be one of text, md, html, got "pdf"');
  });
});
