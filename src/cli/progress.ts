// Crawl progress on stderr: a live bar on a TTY, a plain line every few seconds otherwise
// (cron mail and CI logs stay readable), nothing with --quiet.
import cliProgress from 'cli-progress';
import type { Clock } from '../clock.js';
import type { CrawlProgress } from '../crawl/crawler.js';
import type { OutStream } from './output.js';

/** Something that shows crawl progress. */
export interface ProgressReporter {
  update(p: CrawlProgress): void;
  stop(): void;
}

/** Seconds between plain progress lines when stderr is not a terminal. */
const PLAIN_INTERVAL_MS = 10_000;

/** Pick the reporter for this stream. */
export function createProgress(stream: OutStream, clock: Clock, opts: { quiet: boolean; maxPages: number }): ProgressReporter {
  if (opts.quiet) return { update() {}, stop() {} };
  const started = clock.now();
  const rate = (fetched: number) => {
    const secs = (clock.now() - started) / 1000;
    return secs > 0 ? (fetched / secs).toFixed(1) : '0.0';
  };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: stream as unknown as NodeJS.WritableStream,
        format: 'hop {depth} {bar} {value} fetched | {queued} queued | {entities} sites | {failed} errors | {rate} pages/s',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(opts.maxPages, 0, { depth: 0, queued: 0, entities: 0, failed: 0, rate: '0.0' });
    return {
      update(p) {
        bar.setTotal(Math.min(opts.maxPages, p.fetched + p.queued + p.inFlight));
        bar.update(p.fetched, { depth: p.depth, queued: p.queued, entities: p.entities, failed: p.failed, rate: rate(p.fetched) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastLine = started;
  return {
    update(p) {
      const now = clock.now();
      if (now - lastLine < PLAIN_INTERVAL_MS) return;
      lastLine = now;
      stream.write(`linernotes: hop ${p.depth}, ${p.fetched} fetched, ${p.queued} queued, ${p.entities} sites, ${p.failed} errors, ${rate(p.fetched)} pages/s\n`);
    },
    stop() {},
  };
}
