// What a person looks at, tested as a person would: the demo world crawled, recrawled unchanged
// (the digest says so in one line), then changed — new posts, one new person — and recrawled
// with --digest (the digest lists exactly those posts with their sources); the report of that
// database opened in headless Chromium: the table sorts and filters, the graph drew its nodes,
// a click on a node shows its liner notes, and no request left the page.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import { openInBrowser, type TestBrowser } from '../helpers/browser.js';
import { ROOT, runCli, type CliResult } from '../helpers/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ln-report-'));
const WORLD = join(dir, 'world');
const db = join(dir, 'demo.db');
const report = join(dir, 'report.html');
/** Screenshots land here (the test output); README's picture is copied from it by hand. */
const SHOTS = join(ROOT, 'out', 'screenshots');
let world: OfflineWorld;
let unchangedDigest: CliResult;
let changed: CliResult;
let picksDigest: CliResult;
let browser: TestBrowser | null = null;

const rfc822 = (d: Date) => d.toUTCString();
const item = (url: string, title: string, body: string, date: Date) =>
  `<item>\n<title>${title}</title>\n<link>${url}</link>\n<guid isPermaLink="true">${url}</guid>\n<pubDate>${rfc822(date)}</pubDate>\n<description>${body.replace(/<[^>]+>/g, '')}</description>\n<content:encoded><![CDATA[<p>${body}</p>]]></content:encoded>\n</item>\n`;
const post = (title: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><article><h1>${title}</h1><p>${body}</p></article></main></body></html>`;
const addItem = (file: string, xml: string) => {
  const feed = readFileSync(file, 'utf8');
  writeFileSync(file, feed.replace(/<item>/, `${xml}<item>`));
};

const CSW_POST = 'http://contentstrategyweekly.example/2026/12/editorial-calendars-for-2027/';
const NEW_HOME = 'http://lumen-letters.example/';
const NEW_POST = 'http://lumen-letters.example/posts/newsletters-with-a-point-of-view.html';
const ADA_POST = 'http://blog.ada-writes.example/posts/two-writers-to-read-this-winter.html';

/** The world a week later: Ada (a seed) writes about two posts, one by a newcomer. */
function changeWorld(): void {
  const sites = join(WORLD, 'sites');
  // Published after run 2 began (feeds carry whole seconds, so round up).
  const now = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
  const yesterday = now;
  const adaBody = `Two things worth your time this week. Joanna Pike on <a href="${CSW_POST}">editorial calendars for 2027</a>, and a newcomer, <a href="${NEW_POST}">Lumen Letters on newsletters with a point of view</a>, whose content strategy writing I will be reading.`;
  addItem(join(sites, 'blog.ada-writes.example/feed.xml'), item(ADA_POST, 'Two writers to read this winter', adaBody, now));
  writeFileSync(join(sites, 'blog.ada-writes.example/posts/two-writers-to-read-this-winter.html'), post('Two writers to read this winter', adaBody));
  const cswBody = 'Plan next year around three themes, not fifty topics. An editorial calendar is a content strategy you can see, and a newsletter keeps it honest.';
  mkdirSync(join(sites, 'contentstrategyweekly.example/2026/12/editorial-calendars-for-2027'), { recursive: true });
  addItem(join(sites, 'contentstrategyweekly.example/feed.xml'), item(CSW_POST, 'Editorial calendars for 2027', cswBody, yesterday));
  writeFileSync(join(sites, 'contentstrategyweekly.example/2026/12/editorial-calendars-for-2027/index.html'), post('Editorial calendars for 2027', cswBody));
  const lumen = join(sites, 'lumen-letters.example');
  mkdirSync(join(lumen, 'posts'), { recursive: true });
  const newBody = 'A newsletter without a point of view is a press release with a schedule. Content marketing that readers forward starts with an editor who chooses.';
  writeFileSync(join(lumen, 'robots.txt'), 'User-agent: *\nAllow: /\n');
  writeFileSync(join(lumen, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lumen Letters</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><main><h1>Lumen Letters</h1><p>Content strategy and newsletters, written slowly.</p><p><a href="${NEW_POST}">Newsletters with a point of view</a></p></main></body></html>`);
  writeFileSync(join(lumen, 'feed.xml'), `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Lumen Letters</title><link>${NEW_HOME}</link><description>Content strategy and newsletters</description>\n${item(NEW_POST, 'Newsletters with a point of view', newBody, yesterday)}</channel></rss>`);
  writeFileSync(join(lumen, 'posts/newsletters-with-a-point-of-view.html'), post('Newsletters with a point of view', newBody));
}

beforeAll(async () => {
  cpSync(join(ROOT, 'fixtures/demo-world'), WORLD, { recursive: true });
  world = await startOfflineWorld(WORLD);
  const topic = JSON.parse(readFileSync(join(WORLD, 'expected.json'), 'utf8')).topic as string;
  const first = await runCli(['discover', join(WORLD, 'seeds.txt'), '--db', db, '--topic', topic, '--delay', '0', '--bluesky-api', world.blueskyApi!, '-q'], world.env);
  expect(first.code, first.stderr).toBe(0);
  expect((await runCli(['recrawl', '--db', db, '-q'], world.env)).code).toBe(0);
  unchangedDigest = await runCli(['digest', '--db', db], world.env);
  changeWorld();
  changed = await runCli(['recrawl', '--db', db, '-q', '--digest', join(dir, 'digest.txt')], world.env);
  expect(changed.code, changed.stderr).toBe(0);
  const pick = await runCli(['pick', '--db', db, 'http://contentstrategyweekly.example/', NEW_HOME], world.env);
  expect(pick.code, pick.stderr).toBe(0);
  picksDigest = await runCli(['digest', '--db', db, '--format', 'md'], world.env);
  const made = await runCli(['report', '--db', db, '--out', report], world.env);
  expect(made.code, made.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

describe('digest of the demo world', () => {
  it('is one line saying so when nothing changed', () => {
    expect(unchangedDigest.code).toBe(0);
    expect(unchangedDigest.stdout).toMatch(/^nothing new since run 1 \(\d{4}-\d\d-\d\d\): no posts from the top 20 and no movers \(run 2, \d{4}-\d\d-\d\d\)\n$/);
  });

  it('written by recrawl --digest, lists the new posts of the top 20 with their sources, in 72 columns', () => {
    const text = readFileSync(join(dir, 'digest.txt'), 'utf8');
    expect(text).toMatch(/^linernotes digest, run 3 /);
    // A URL is never broken (mail clients would not reassemble it): a longer line is one URL alone.
    for (const line of text.split('\n')) if ([...line].length > 72) expect(line, line).toMatch(/^ +https?:\/\/\S+$/);
    // Only posts published since run 2: the week's, nothing from the fixtures' past.
    const urls = [...text.matchAll(/^ {4}(https?:\/\/\S+)$/gm)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect([CSW_POST, NEW_POST]).toContain(u);
    expect(text).toContain('Editorial calendars for 2027');
    expect(text).toMatch(/found via seed blog\.ada-writes\.example → linked\s+contentstrategyweekly\.example\/2026\/12\/editorial-calendars-for-2027/);
  });

  it('with picks, lists exactly the posts of the picked people, each with the chain from the seed', () => {
    const md = picksDigest.stdout;
    const posts = [...md.matchAll(/^- \*\*\[([^\]]+)\]\(<([^>]+)>\)\*\* \((\d{4}-\d\d-\d\d)\)/gm)].map((m) => m[2]);
    expect(posts.sort()).toEqual([CSW_POST, NEW_POST].sort());
    expect(md).toMatch(/### \[Lumen Letters\]\(<http:\/\/lumen-letters\.example\/>\)/);
    expect(md).toContain('*found via seed blog.ada-writes.example → linked lumen-letters.example/posts/newsletters-with-a-point-of-view.html*');
    expect(md).toContain('A newsletter without a point of view is a press release with a schedule.');
    expect(md).toMatch(/### Movers since run 2\n\n(- .*\n)*- new: \[Lumen Letters\]/);
  });
});

describe('the report in a browser', () => {
  beforeAll(async () => {
    browser = await openInBrowser(report);
    await browser.page.waitForSelector('#graph circle.node');
  }, 60_000);

  it('drew the graph: every person a circle, every edge kind a path', async () => {
    const { page } = browser!;
    const state = await page.evaluate(() => (window as unknown as { linernotesReport: { graph: { nodes: number; edges: number } } }).linernotesReport.graph);
    const data = JSON.parse(await page.locator('#report-data').textContent() ?? '{}');
    expect(state.nodes).toBe(data.graph.nodes.length);
    expect(await page.locator('#graph circle.node').count()).toBe(data.graph.nodes.length);
    expect(await page.locator('#graph circle.node.seed').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#graph path.edge').count()).toBe(data.graph.edgeTypes.length);
    expect(state.edges).toBe(data.graph.edges.length);
  });

  it('sorts and filters the table', async () => {
    const { page } = browser!;
    const ranks = () => page.locator('#candidates tr.row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-rank'))));
    const all = await ranks();
    expect(all).toEqual([...all].sort((a, b) => a - b));
    await page.click('th[data-key="relevance"]');
    const byRelevance = await page.locator('#candidates tr.row td:nth-child(8)').allTextContents();
    expect(byRelevance.map(Number)).toEqual([...byRelevance.map(Number)].sort((a, b) => b - a));
    expect(await page.getAttribute('th[data-key="relevance"]', 'aria-sort')).toBe('descending');
    await page.click('th[data-key="rank"]');
    await page.fill('#filter', 'lumen');
    expect(await page.locator('#candidates tr.row').count()).toBe(1);
    expect(await page.locator('#candidates tr.row td:nth-child(2)').textContent()).toBe('Lumen Letters');
    await page.fill('#filter', '');
    await page.selectOption('#status', 'picked');
    expect(await page.locator('#candidates tr.row').count()).toBe(2);
    // Who picked them: `pick` ran without --as, so the OS user of the spawned process.
    expect(await page.locator('#candidates tr.row td:nth-child(4)').allTextContents()).toEqual([userInfo().username, userInfo().username]);
    await page.selectOption('#status', 'all');
    expect(await page.locator('#candidates tr.row').count()).toBe(all.length);
  });

  it('opens a row to its liner notes with evidence links and copyable commands', async () => {
    const { page } = browser!;
    await page.fill('#filter', 'lumen');
    await page.click('#candidates tr.row');
    const notes = page.locator('#candidates tr.details .notes');
    await expect.poll(() => notes.count()).toBe(1);
    expect(await notes.locator('ol.paths li').first().textContent()).toMatch(/^seed blog\.ada-writes\.example → linked lumen-letters\.example\/posts\/newsletters-with-a-point-of-view\.html \(on blog\.ada-writes\.example\/posts\/two-writers-to-read-this-winter\.html\)/);
    expect(await notes.locator('ol.paths a').first().getAttribute('href')).toBe(NEW_POST);
    expect(await notes.locator('.commands code').allTextContents()).toEqual([`linernotes pick ${NEW_HOME} --db ${db}`, `linernotes reject ${NEW_HOME} --db ${db}`]);
    await page.fill('#filter', '');
  });

  it('focuses a node on click and shows its liner notes beside the graph', async () => {
    const { page } = browser!;
    const top = page.locator('#graph circle.node.candidate').first();
    const id = Number(await top.getAttribute('data-id'));
    await top.click();
    expect(await page.evaluate(() => (window as unknown as { linernotesReport: { graph: { focused: number | null } } }).linernotesReport.graph.focused)).toBe(id);
    expect(await page.locator('#graph.focused circle.selected').getAttribute('data-id')).toBe(String(id));
    expect(await page.locator('#graph circle.near').count()).toBeGreaterThan(0);
    expect(await page.locator('#notes .notes').getAttribute('data-id')).toBe(String(id));
    expect(await page.locator('#notes h4').first().textContent()).toBe('Liner notes');
    expect(await page.locator('#rank-chart .rank-line').count()).toBeGreaterThan(0);
    mkdirSync(SHOTS, { recursive: true });
    await page.mouse.move(1, 1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'report.png') });
  });

  it('made no request beyond the file itself and raised no error', () => {
    expect(browser!.requests).toEqual([`file://${report}`]);
    expect(browser!.errors).toEqual([]);
  });
});
