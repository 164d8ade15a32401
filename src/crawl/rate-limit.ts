// Rate-limit headers, read generically so every API that sends them is respected: the IETF
// draft / Bluesky `RateLimit-*` and the older `X-RateLimit-*` (Mastodon, GitHub). When the
// budget is spent we wait for the reset; when it runs low we spread what is left over the
// time left instead of spending it and then stalling.

/** Longest we will wait for a window to reset (Mastodon's longest window is 15 minutes). */
export const MAX_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;
/** Below this share of the limit left, requests are paced. */
const LOW_WATER = 0.1;

/** Reset as epoch seconds (Bluesky, GitHub), delta seconds (IETF draft) or an ISO date (Mastodon). */
export function parseReset(value: string, now: number): number | null {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return n > 1e9 ? n * 1000 : now + n * 1000;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/**
 * How long to hold the host before its next request, from a response's headers (lower-case
 * names); 0 when there is budget left or no headers.
 */
export function rateLimitWaitMs(headers: Record<string, string>, now: number): number {
  const remaining = Number(headers['ratelimit-remaining'] ?? headers['x-ratelimit-remaining']);
  const limit = Number(headers['ratelimit-limit'] ?? headers['x-ratelimit-limit']);
  const resetRaw = headers['ratelimit-reset'] ?? headers['x-ratelimit-reset'];
  if (!Number.isFinite(remaining) || resetRaw === undefined) return 0;
  const reset = parseReset(resetRaw, now);
  if (reset === null || reset <= now) return 0;
  const left = Math.min(reset - now, MAX_RATE_LIMIT_WAIT_MS);
  if (remaining <= 0) return left;
  if (Number.isFinite(limit) && limit > 0 && remaining < limit * LOW_WATER) return Math.ceil(left / remaining);
  return 0;
}

/** Shortest gap we will use for an API, whatever its policy allows. */
export const MIN_API_GAP_MS = 100;

/**
 * The gap between requests an API asks for through `RateLimit-Policy: 3000;w=300` (IETF draft,
 * sent by Bluesky): half its allowed rate, so other clients behind the same address keep room.
 * Several policies: the strictest. Null when the header is absent or unreadable.
 */
export function policyGapMs(headers: Record<string, string>): number | null {
  const raw = headers['ratelimit-policy'];
  if (!raw) return null;
  let gap: number | null = null;
  for (const part of raw.split(',')) {
    const m = /^\s*(\d+)\s*;(?:.*;)?\s*w\s*=\s*(\d+)/.exec(part);
    if (!m) continue;
    const limit = Number(m[1]);
    const window = Number(m[2]);
    if (!(limit > 0) || !(window > 0)) continue;
    const g = Math.max(MIN_API_GAP_MS, (2 * window * 1000) / limit);
    gap = gap === null ? g : Math.max(gap, g);
  }
  return gap;
}
