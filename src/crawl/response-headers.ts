// Reading response headers into the plain shapes the crawler stores: one string per header
// name, and Retry-After as a wait in milliseconds. Pure functions of their inputs.

/** Header values as undici hands them over: repeated headers arrive as arrays. */
export type RawHeaders = Record<string, string | string[] | undefined>;

/** Lower-case header names to one value each; for repeated headers the last value wins. */
export function flattenHeaders(raw: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name.toLowerCase()] = last;
  }
  return out;
}

/** Longest wait we believe; a server asking for more than a year is broken, not busy. */
const MAX_RETRY_AFTER_MS = 365 * 24 * 3600 * 1000;

/**
 * Parse a Retry-After value: delta-seconds (`120`) or an HTTP-date measured against `nowMs`.
 * Dates in the past give 0. Returns null when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // Only date-shaped values: Date.parse also accepts bare numbers like "-5" or "1.5".
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return null;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}
