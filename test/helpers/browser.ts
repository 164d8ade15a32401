// A real browser for tests that look at a page as a person would: the Debian `chromium`
// (`/usr/bin/chromium`, installed by .ci/run) driven by playwright-core, which never downloads
// a browser. Every profile is fresh; every request the page makes is recorded and, unless it is
// the file itself, refused, so a test can assert that nothing left the page.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where the browser lives; CI installs it with `apt-get install -y chromium`. */
export const CHROMIUM = '/usr/bin/chromium';

/** An open page and what it tried to load. */
export interface TestBrowser {
  page: Page;
  /** Every URL the page requested, the file itself included (so a test asserts only that one is there). */
  requests: string[];
  /** Uncaught errors and console errors in the page. */
  errors: string[];
  close(): Promise<void>;
}

/** Launch headless Chromium with a fresh profile and open `file`. */
export async function openInBrowser(file: string, viewport = { width: 1400, height: 1000 }): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium\` (.ci/run does)`);
  const profile = mkdtempSync(join(tmpdir(), 'ln-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const requests: string[] = [];
  const errors: string[] = [];
  const target = `file://${file}`;
  context.on('request', (r) => requests.push(r.url()));
  // Anything routable (http, https, ws) is refused outright; file: URLs are not routed.
  await context.route(/^(https?|wss?|ftp):/i, (route) => route.abort());
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(target);
  return {
    page, requests, errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
