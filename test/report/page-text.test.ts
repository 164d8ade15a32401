// The report page's text-level guarantees: data that cannot end its <script>, escaped titles,
// and a page script that is self-contained (no import left for a bundler or test runner to
// rewrite) and parses.
import { describe, expect, it } from 'vitest';
import { syntheticReport } from '../../bench/report-world.js';
import { clientScript, escapeHtml, reportPage, scriptJson } from '../../src/report/page.js';

describe('report page text', () => {
  it('keeps data inert inside its <script> element', () => {
    const json = scriptJson({ name: '</script><script>alert(1)</script><!-- & \u2028' });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script><!-- & \u2028' });
  });

  it('escapes the title', () => {
    expect(escapeHtml(`<b a="1">'&`)).toBe('&lt;b a=&quot;1&quot;&gt;&#39;&amp;');
    const data = { ...syntheticReport(20, 40, 5), title: 'linernotes: <script>x</script>' };
    const html = reportPage(data);
    expect(html).toContain('<title>linernotes: &lt;script&gt;x&lt;/script&gt; — report</title>');
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it('inlines a self-contained script that parses', () => {
    const script = clientScript();
    expect(script).not.toMatch(/\bimport\b|__vite|require\(/);
    expect(() => new Function(script)).not.toThrow();
    for (const fn of ['function el(', 'function renderTable(', 'function renderGraph(', 'function renderNotes(', 'function reportApp(']) expect(script).toContain(fn);
  });
});
