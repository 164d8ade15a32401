// The report page itself in a real browser: a candidate whose name and page are hostile markup
// renders as text and runs nothing; a graph of 1,000 people and 10,000 edges draws every node
// and focuses on click.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticReport } from '../../bench/report-world.js';
import { reportPage } from '../../src/report/page.js';
import { openInBrowser, type TestBrowser } from '../helpers/browser.js';
import { makeWorld, page, rss, type TestWorld } from '../helpers/world.js';

let world: TestWorld | null = null;
let browser: TestBrowser | null = null;
afterEach(async () => {
  await browser?.close();
  await world?.close();
  browser = null;
  world = null;
});

const HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">';

describe('report page', () => {
  it('renders a candidate named <script> as text, and runs nothing from the web', async () => {
    world = await makeWorld({
      'a.example': {
        'index.html': page('Alpha', 'gardening compost', ['http://evil.example/'], '/feed.xml'),
        'feed.xml': rss('Alpha', 'http://a.example/', [{ url: 'http://a.example/p1.html', title: 'One', body: 'see <a href="http://evil.example/">x</a>', date: 'Tue, 03 Nov 2026 10:00:00 GMT' }]),
        'p1.html': page('One', 'compost', ['http://evil.example/']),
      },
      'evil.example': { 'index.html': `<!doctype html><html><head><title>${HOSTILE.replace(/</g, '&lt;')}</title></head><body><p>gardening compost soil</p></body></html>` },
    });
    expect((await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q'])).code).toBe(0);
    const out = join(world.dir, 'report.html');
    const made = await world.cli(['report', '--db', world.db, '--out', out]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/^wrote the report of run 1 \(\d+ candidates; graph of \d+ people and \d+ edges\) to /);
    browser = await openInBrowser(out);
    const { page: p } = browser;
    await p.waitForSelector('#candidates tr.row');
    const names = await p.locator('#candidates tr.row td:nth-child(2)').allTextContents();
    expect(names).toContain(HOSTILE);
    await p.click('#candidates tr.row');
    await p.click('#graph circle.node.candidate');
    expect(await p.locator('#notes h3').textContent()).toContain(HOSTILE);
    expect(await p.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await p.locator('img').count()).toBe(0);
    expect(await p.locator('script').count()).toBe(2); // the data and the page's own script
    expect(browser.errors).toEqual([]);
  });

  it('draws 1,000 people and 10,000 edges and focuses one on click', async () => {
    const data = syntheticReport(1000, 10_000, 50);
    const file = join(mkdtempSync(join(tmpdir(), 'ln-big-')), 'big.html');
    writeFileSync(file, reportPage(data));
    browser = await openInBrowser(file);
    const { page: p } = browser;
    await p.waitForSelector('#graph circle.node');
    expect(await p.locator('#graph circle.node').count()).toBe(1000);
    expect(await p.locator('#candidates tr.row').count()).toBe(992);
    const state = () => p.evaluate(() => (window as unknown as { linernotesReport: { graph: { nodes: number; edges: number; focused: number | null; neighbours: number } } }).linernotesReport.graph);
    expect(await state()).toMatchObject({ nodes: 1000, edges: 10_000, focused: null });
    await p.locator('#graph circle.node[data-id="20"]').click({ force: true });
    const after = await state();
    expect(after.focused).toBe(20);
    expect(after.neighbours).toBeGreaterThan(0);
    expect(await p.locator('#graph circle.near').count()).toBe(after.neighbours);
    expect(await p.locator('#notes .notes').getAttribute('data-id')).toBe('20');
    expect(browser.requests).toEqual([`file://${file}`]);
  });
});
