// The crawl progress display: the hop out of --depth, a bar filled by fetched/(fetched+queued),
// a rate that counts only this process's fetches (a resumed run once showed 294.4 pages/s),
// a bar only on a terminal, and a clear() that wipes the line (and an echoed ^C) for good.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { barLine, createProgress, fillOf, rateOf } from '../../src/cli/progress.js';
import type { CrawlProgress } from '../../src/crawl/crawler.js';

const p = (over: Partial<CrawlProgress> = {}): CrawlProgress => ({ depth: 1, fetched: 30, queued: 10, inFlight: 0, failed: 2, entities: 12, ...over });

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { write: (s: string) => (chunks.push(s), true), isTTY, columns: 200 } };
}

describe('progress', () => {
  it('fills the bar by fetched / (fetched + queued + in flight), capped by --max-pages', () => {
    expect(fillOf(p(), 2000)).toBe(0.75);
    expect(fillOf(p({ inFlight: 10 }), 2000)).toBe(0.6);
    expect(fillOf(p({ fetched: 90, queued: 500 }), 100)).toBe(0.9);
    expect(fillOf(p({ fetched: 0, queued: 0 }), 100)).toBe(0);
  });

  it('shows the hop out of --depth', () => {
    expect(barLine(p(), { maxPages: 2000, depth: 2 }, '4.0')).toBe(`hop 1/2 ${'█'.repeat(18)}${'░'.repeat(6)} 30 fetched | 10 queued | 12 sites | 2 errors | 4.0 pages/s`);
  });

  it('counts only the fetches of this process in the rate', () => {
    expect(rateOf(300, 290, 5000)).toBe('2.0');
    expect(rateOf(300, 0, 5000)).toBe('60.0');
    expect(rateOf(10, 0, 0)).toBe('0.0');
  });

  it('on a resumed run the plain line rate counts from where this process started', () => {
    const clock = new ManualClock(0);
    const { chunks, stream } = sink(false);
    const progress = createProgress(stream, clock, { quiet: false, maxPages: 2000, depth: 2, alreadyFetched: 290 });
    clock.advance(10_000);
    progress.update(p({ fetched: 310 }));
    expect(chunks).toEqual(['linernotes: hop 1/2, 310 fetched, 10 queued, 12 sites, 2 errors, 2.0 pages/s\n']);
  });

  it('draws a bar on a terminal and clear() erases the line and stops drawing', () => {
    const clock = new ManualClock(0);
    const { chunks, stream } = sink(true);
    const progress = createProgress(stream, clock, { quiet: false, maxPages: 2000, depth: 2 });
    progress.update(p());
    expect(chunks.join('')).toMatch(/^\x1b\[\?25l\rhop 1\/2 █+░+ 30 fetched/);
    chunks.length = 0;
    progress.clear();
    expect(chunks).toEqual(['\r\x1b[2K\x1b[?25h']);
    clock.advance(1000);
    progress.update(p({ fetched: 31 }));
    progress.stop();
    expect(chunks).toEqual(['\r\x1b[2K\x1b[?25h']);
  });

  it('draws no bar when stderr is not a terminal, and nothing with --quiet', () => {
    const clock = new ManualClock(0);
    const plain = sink(false);
    createProgress(plain.stream, clock, { quiet: false, maxPages: 10, depth: 1 }).update(p());
    expect(plain.chunks).toEqual([]);
    const quiet = sink(true);
    const q = createProgress(quiet.stream, clock, { quiet: true, maxPages: 10, depth: 1 });
    q.update(p());
    q.clear();
    expect(quiet.chunks).toEqual([]);
  });
});
