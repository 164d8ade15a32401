// Small made-up webs for crawler tests: write `sites/<host>/<path>` files into a temp folder,
// serve them through the world proxy, and run the real CLI in-process against them with a
// manual clock (politeness delays cost no real time) and captured stdout/stderr.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import { main } from '../../src/cli/main.js';
import { startWorldProxy, type WorldProxy, type WorldProxyOptions } from '../../src/demo/world-proxy.js';

/** host -> path (relative, e.g. 'index.html', 'posts/a.html', '_routes.json') -> content. */
export type WorldSpec = Record<string, Record<string, string | object>>;

/** A temp folder holding a world and, next to it, the test's db and seeds. */
export interface TestWorld {
  dir: string;
  proxy: WorldProxy;
  db: string;
  /** Write a seeds file and return its path. */
  seeds(lines: string[]): string;
  /** Run the CLI in-process through the proxy. */
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Requests the proxy saw for a URL-ish `host/path`. */
  hits(hostPath: string): number;
  close(): Promise<void>;
}

/** Write `spec` to disk and start a proxy for it. */
export async function makeWorld(spec: WorldSpec, opts: Partial<WorldProxyOptions> = {}): Promise<TestWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'ln-world-'));
  for (const [host, files] of Object.entries(spec)) {
    for (const [path, content] of Object.entries(files)) {
      const file = join(dir, 'sites', host, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    }
  }
  const proxy = await startWorldProxy({ root: dir, ...opts });
  const db = join(dir, 'test.db');
  return {
    dir,
    proxy,
    db,
    seeds(lines) {
      const file = join(dir, 'seeds.txt');
      writeFileSync(file, `${lines.join('\n')}\n`);
      return file;
    },
    async cli(args) {
      let stdout = '';
      let stderr = '';
      const io = {
        stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
        stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
        env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '', NO_COLOR: '1' },
      };
      const code = await main(args, io, new ManualClock());
      return { code, stdout, stderr };
    },
    hits(hostPath) {
      return proxy.requests.filter((r) => `${r.host}${r.path}` === hostPath).length;
    },
    close: () => proxy.close(),
  };
}

/** A minimal HTML page linking to `links`, with an optional feed link. */
export function page(title: string, body: string, links: string[] = [], feed?: string): string {
  return `<!doctype html><html><head><title>${title}</title>${feed ? `<link rel="alternate" type="application/rss+xml" href="${feed}">` : ''}</head>
<body><main><h1>${title}</h1><p>${body}</p>${links.map((l) => `<p><a href="${l}">${l}</a></p>`).join('')}</main></body></html>`;
}

/** A minimal RSS feed whose items link to `itemLinks[i]`. */
export function rss(title: string, home: string, items: { url: string; title: string; body: string; date: string }[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${title}</title><link>${home}</link><description>${title}</description>
${items.map((i) => `<item><title>${i.title}</title><link>${i.url}</link><pubDate>${i.date}</pubDate><description><![CDATA[${i.body}]]></description></item>`).join('\n')}
</channel></rss>`;
}
