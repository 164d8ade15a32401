// `npm run bench:report`: is the report responsive with 1,000 people and 10,000 edges? Times the
// ForceAtlas2 layout in Node, the page's first drawing and a click's focus in headless Chromium
// (/usr/bin/chromium), each against the bound it must stay under. Timings, so not a test.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { layout } from '../src/report/report-graph.js';
import { reportPage } from '../src/report/page.js';
import { syntheticReport } from './report-world.js';

const NODES = 1000;
const EDGES = 10_000;
/** Bounds: a layout a person waits for once; a first drawing that feels immediate; RAIL's 100 ms response. */
const LAYOUT_BOUND_MS = 5000;
const DRAW_BOUND_MS = 1000;
const FOCUS_BOUND_MS = 100;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = (what: string, ms: number, bound: number) =>
  console.log(`${what.padEnd(64)} ${ms.toFixed(0).padStart(6)} ms  (bound ${bound} ms: ${(ms / bound).toFixed(2)} of it)`);

const data = syntheticReport(NODES, EDGES, 1);
const t0 = performance.now();
layout(data.graph.nodes, data.graph.edges, 100);
line(`layout, ForceAtlas2 100 iterations, ${NODES}/${EDGES}`, performance.now() - t0, LAYOUT_BOUND_MS);

const html = reportPage(syntheticReport(NODES, EDGES, 100));
const file = join(mkdtempSync(join(tmpdir(), 'ln-bench-report-')), 'big.html');
writeFileSync(file, html);
console.log(`page size                                    ${(html.length / 1024).toFixed(0).padStart(6)} KiB`);
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ln-chromium-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const loads: number[] = [];
  const draws: number[] = [];
  const focuses: number[] = [];
  const frames: number[] = [];
  const idles: number[] = [];
  const page = context.pages()[0] ?? (await context.newPage());
  for (let i = 0; i < 5; i++) {
    await page.goto(`file://${file}`);
    await page.waitForSelector('#graph circle.node');
    const [start, drawn] = await page.evaluate(() => ['linernotes-start', 'linernotes-drawn'].map((m) => performance.getEntriesByName(m)[0]!.startTime));
    loads.push(drawn!);
    draws.push(drawn! - start!);
    for (const id of [20, 200, 600]) {
      const t = await page.evaluate(async (node) => {
        const r = (window as unknown as { linernotesReport: { focus(id: number): void } }).linernotesReport;
        const twoFrames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        const t0 = performance.now();
        r.focus(node);
        const js = performance.now() - t0;
        await twoFrames();
        const frame = performance.now() - t0;
        const t1 = performance.now();
        await twoFrames();
        return { js, frame, idle: performance.now() - t1 };
      }, id);
      focuses.push(t.js);
      frames.push(t.frame);
      idles.push(t.idle);
    }
  }
  line('page script: data parsed, table and graph drawn (median of 5)', median(draws), DRAW_BOUND_MS);
  line('navigation start to all drawn (median of 5)', median(loads), DRAW_BOUND_MS);
  line('click focus, script only (median of 15)', median(focuses), FOCUS_BOUND_MS);
  line('click focus up to two frames later (median of 15)', median(frames), FOCUS_BOUND_MS);
  console.log(`  (two frames with nothing changed take ${median(idles).toFixed(0)} ms here: the rest is the machine, not the page)`);
} finally {
  await context.close();
}
