// The garbage collector's policy for a crawl. A crawl keeps answers for seconds (each waits for
// its commit turn), so much of what it allocates outlives the young generation and dies in the
// old one; V8's default lets the old generation grow to about three times what is live before
// it collects it again. Measured on the large bench world (4,000 sites): 85 – 140 MB live, 330
// MB of heap used at the peaks, 570 MB RSS. Growing the heap by at most 30 % over what the last
// full collection left live keeps the heap near the live data; the collections it adds run
// mostly concurrently (the bench's CPU per request did not change measurably).
import v8 from 'node:v8';
import { UsageError } from '../errors.js';

/** How far past the live data the old generation may grow before the next full collection. @default 30 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Apply the crawl's policy to this process (V8 flags are per process; every later collection
 * reads it). `LN_HEAP_GROWING_PERCENT` overrides the percentage, `0` leaves V8's default.
 */
export function applyCrawlGcPolicy(env: NodeJS.ProcessEnv): number {
  const raw = env.LN_HEAP_GROWING_PERCENT;
  const percent = raw === undefined || raw.trim() === '' ? HEAP_GROWING_PERCENT : Number(raw);
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000) {
    throw new UsageError(`LN_HEAP_GROWING_PERCENT must be an integer from 0 to 1000, got ${JSON.stringify(raw)}`, 'LN_BAD_ENV');
  }
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
