// When to try a failed request again: how many tries in all and how long to wait before each,
// the one delay rule the polite fetch uses for timeouts, resets, 5xx and 429/503 without a
// Retry-After. Exponential from `backoffMs`, capped at `maxBackoffMs`, with "equal jitter" (half
// the step fixed, half random) so hosts that failed together (a proxy blip, a network hiccup)
// are not all retried in the same instant. A server's own Retry-After is taken as given.

/** How a request is retried. */
export interface RetryPolicy {
  /** Tries per URL, the first included. */
  maxTries: number;
  /** The first wait; doubles each try. */
  backoffMs: number;
  /** No computed wait is longer than this. */
  maxBackoffMs: number;
  /** A number in [0, 1): the jitter's source, replaceable for tests. */
  random: () => number;
}

/** The defaults: 3 tries, 2 s then 4 s (each 50–100 % of that), never over a minute. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxTries: 3, backoffMs: 2000, maxBackoffMs: 60_000, random: Math.random };

/** The policy with `overrides` applied, checked: a bad value is a RangeError naming it. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const p: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  if (!Number.isInteger(p.maxTries) || p.maxTries < 1) throw new RangeError(`Expected maxTries to be an integer >= 1, got ${p.maxTries}`);
  if (!(p.backoffMs >= 0)) throw new RangeError(`Expected backoffMs to be >= 0, got ${p.backoffMs}`);
  if (!(p.maxBackoffMs >= p.backoffMs)) throw new RangeError(`Expected maxBackoffMs to be >= backoffMs (${p.backoffMs}), got ${p.maxBackoffMs}`);
  return p;
}

/** The wait before try `attempt + 1` after try `attempt` (1-based) failed, in whole ms. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number {
  const step = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * policy.random());
}
