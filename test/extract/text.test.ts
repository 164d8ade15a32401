import { describe, expect, it } from 'vitest';
import { cleanForTerminal, htmlToText, scanFragment } from '../../src/extract/text.js';

describe('htmlToText', () => {
  it('returns visible text with whitespace collapsed and entities decoded', () => {
    expect(htmlToText('<p>Hello&nbsp;&amp;\n\n  <em>welcome</em></p><p>back</p>')).toBe('Hello & welcome back');
  });

  it('drops script, style, noscript, template and svg content', () => {
    expect(htmlToText('a<script>x()</script>b<style>.c{}</style>c<noscript>n</noscript><template>t</template><svg><text>s</text></svg>d')).toBe(
      'a b c d',
    );
  });

  it('caps the result', () => {
    expect(htmlToText('<p>abcdefghij</p>', 4)).toBe('abcd');
  });

  it('treats plain text as text and never throws on junk', () => {
    expect(htmlToText('just words')).toBe('just words');
    expect(htmlToText('')).toBe('');
    expect(htmlToText(undefined as unknown as string)).toBe('');
    expect(() => htmlToText('<<</a></p><![CDATA[x')).not.toThrow();
  });
});

describe('scanFragment', () => {
  it('collects absolute, normalized, deduped links when given a base', () => {
    const scan = scanFragment('<a href="/a?utm_source=x">A</a> <a href="https://b.example/#x">B</a> <a href="/a">again</a> <a href="#only">f</a> <a href="mailto:x@y.z">m</a>', {
      base: 'https://host.example/dir/page',
    });
    expect(scan.links).toEqual(['https://host.example/a', 'https://b.example/']);
    expect(scan.text).toBe('A B again f m');
  });

  it('collects no links without a base', () => {
    expect(scanFragment('<a href="https://x.example/">x</a>').links).toEqual([]);
  });
});

describe('cleanForTerminal', () => {
  it('removes ANSI colour, cursor and OSC sequences', () => {
    expect(cleanForTerminal('\u001b[31mred\u001b[0m \u001b[2J\u001b[Hcleared')).toBe('red cleared');
    expect(cleanForTerminal('\u001b]0;evil title\u0007after')).toBe('after');
    expect(cleanForTerminal('\u001b]8;;https://x.example\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    expect(cleanForTerminal('a\u009b31mb')).toBe('ab');
  });

  it('removes C0/C1 controls and bidi overrides', () => {
    expect(cleanForTerminal('a\u0000b\u0007c\u007fd\u0085e')).toBe('abcde');
    expect(cleanForTerminal('safe\u202egnp.exe\u2066x\u2069')).toBe('safegnp.exex');
  });

  it('turns tabs and CR into spaces, and newlines into spaces unless kept', () => {
    expect(cleanForTerminal('a\tb\r\nc\nd')).toBe('a b c d');
    expect(cleanForTerminal('a\tb\r\nc\rd\u2028e', true)).toBe('a b\nc\nd\ne');
  });

  it('leaves ordinary unicode alone', () => {
    expect(cleanForTerminal('Crème brûlée — 東京 🍞')).toBe('Crème brûlée — 東京 🍞');
  });
});
