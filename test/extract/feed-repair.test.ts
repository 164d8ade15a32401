import { describe, expect, it } from 'vitest';
import { repairXml } from '../../src/extract/feed-repair.js';

describe('repairXml', () => {
  it('cuts a truncated feed back to its last complete item and closes the rest', () => {
    const cut = '<rss><channel><title>t</title><item><title>1</title></item><item><title>2</ti';
    expect(repairXml(cut)).toBe('<rss><channel><title>t</title><item><title>1</title></item></channel></rss>');
  });

  it('closes elements left open in the middle and drops end tags that close nothing', () => {
    expect(repairXml('<feed><entry><b>x</entry></i></feed>')).toBe('<feed><entry><b>x</b></entry></feed>');
  });

  it('keeps CDATA, comments, declarations and self-closing tags untouched', () => {
    const ok = '<?xml version="1.0"?><!-- c --><rss><channel><link href="a>b"/><d><![CDATA[<p>x</p>]]></d></channel></rss>';
    expect(repairXml(ok)).toBe(ok);
  });

  it('escapes a stray < and drops a trailing partial tag or CDATA', () => {
    expect(repairXml('<rss><t>a < b</t></rss>')).toBe('<rss><t>a &lt; b</t></rss>');
    expect(repairXml('<rss><t>x</t><![CDATA[unfinished')).toBe('<rss><t>x</t></rss>');
  });

  it('turns runs of unterminated constructs into text rather than tags', () => {
    // 50 000 of each: a backtracking scanner would not finish this test in any reasonable time.
    const hostile = '<r>' + '<!--'.repeat(50_000) + '<a "'.repeat(50_000) + '</r>';
    const out = repairXml(hostile);
    expect(out.startsWith('<r>&lt;!--&lt;!--')).toBe(true);
    expect(out.endsWith('</r>')).toBe(true);
    expect(out).not.toContain('<a');
  });
});
