// Crawl progress on stderr: a live bar on a TTY, a plain line every few seconds otherwise
// (cron mail and CI logs stay readable), nothing with --quiet. The bar shows the hop out of
// --depth, fills by fetched / (fetched + queued + in flight), and its rate counts only this
// process's fetches over this process's time, so a resumed run shows what it really does.
import type { Clock } from '../clock.js';
import type { CrawlProgress } from '../crawl/crawler.js';
import type { OutStream } from './output.js';

/** Something that shows crawl progress. */
export interface ProgressReporter {
  update(p: CrawlProgress): void;
  /** Erase the bar for good (end of the crawl). */
  stop(): void;
  /** Erase the bar line (and a `^C` the terminal echoed on it) so a message can take its place; updates stop. */
  clear(): void;
}

/** Options of `createProgress`. */
export interface ProgressOptions {
  /** No output at all. */
  quiet: boolean;
  /** The run's --max-pages: the bar never promises more than this. */
  maxPages: number;
  /** The run's --depth, shown as `hop 1/2`. */
  depth: number;
  /** Pages the run had fetched before this process started (a resumed run). @default 0 */
  alreadyFetched?: number;
}

/** Milliseconds between plain progress lines when stderr is not a terminal. */
const PLAIN_INTERVAL_MS = 10_000;
/** Milliseconds between redraws of the bar. */
const REDRAW_MS = 200;
const BAR_WIDTH = 24;

/** Pages per second of this process: fetches since it started over the time since it started. */
export function rateOf(fetched: number, alreadyFetched: number, elapsedMs: number): string {
  const secs = elapsedMs / 1000;
  return secs > 0 ? (Math.max(0, fetched - alreadyFetched) / secs).toFixed(1) : '0.0';
}

/** Share of the known work that is done: fetched / (fetched + queued + in flight), capped by --max-pages. */
export function fillOf(p: CrawlProgress, maxPages: number): number {
  const total = Math.min(maxPages, p.fetched + p.queued + p.inFlight);
  return total > 0 ? Math.min(1, p.fetched / total) : 0;
}

/** The bar line, e.g. `hop 1/2 ████████░░░░ 105 fetched | 15 queued | 52 sites | 4 errors | 10.4 pages/s`. */
export function barLine(p: CrawlProgress, opts: { maxPages: number; depth: number }, rate: string): string {
  const filled = Math.round(fillOf(p, opts.maxPages) * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  return `hop ${p.depth}/${opts.depth} ${bar} ${p.fetched} fetched | ${p.queued} queued | ${p.entities} sites | ${p.failed} errors | ${rate} pages/s`;
}

/** Pick the reporter for this stream. */
export function createProgress(stream: OutStream, clock: Clock, opts: ProgressOptions): ProgressReporter {
  if (opts.quiet) return { update() {}, stop() {}, clear() {} };
  const started = clock.now();
  const already = opts.alreadyFetched ?? 0;
  const rate = (fetched: number) => rateOf(fetched, already, clock.now() - started);
  let done = false;
  if (stream.isTTY) {
    let drawn = false;
    let lastDraw = -Infinity;
    const erase = () => {
      if (drawn) stream.write('\r\x1b[2K\x1b[?25h');
      drawn = false;
    };
    return {
      update(p) {
        const now = clock.now();
        if (done || now - lastDraw < REDRAW_MS) return;
        lastDraw = now;
        const width = Math.max(20, (stream.columns || 100) - 1);
        const line = [...barLine(p, opts, rate(p.fetched))].slice(0, width).join('');
        stream.write(`${drawn ? '' : '\x1b[?25l'}\r${line}\x1b[K`);
        drawn = true;
      },
      stop() {
        done = true;
        erase();
      },
      clear() {
        done = true;
        // Also when nothing was drawn yet: the terminal may have echoed ^C on the line.
        drawn = true;
        erase();
      },
    };
  }
  let lastLine = started;
  return {
    update(p) {
      const now = clock.now();
      if (done || now - lastLine < PLAIN_INTERVAL_MS) return;
      lastLine = now;
      stream.write(`linernotes: hop ${p.depth}/${opts.depth}, ${p.fetched} fetched, ${p.queued} queued, ${p.entities} sites, ${p.failed} errors, ${rate(p.fetched)} pages/s\n`);
    },
    stop() {
      done = true;
    },
    clear() {
      done = true;
    },
  };
}
