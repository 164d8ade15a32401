// What `digest --since` accepts: a span back from now (`7d`, `2w`), a run number (`3`), or a
// date (`2026-11-24`); without it, the start of the run before the newest.
import { UsageError } from '../errors.js';
import type { Store } from '../store/store.js';

const DAY = 86_400_000;

/** Where the digest starts, and how to say so. */
export interface SinceWindow {
  /** Epoch ms: posts published at or after this count. */
  since: number;
  /** e.g. `run 1 (2026-11-25)`, `2026-11-25 (7 days)`. */
  label: string;
  /** The run the movers are measured against, null when there is none. */
  baseRunId: number | null;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The finished run before `runId`, or null. */
export function previousRunId(store: Store, runId: number): number | null {
  return store.runs.finished().filter((r) => r.id < runId).at(-1)?.id ?? null;
}

/** Parse `--since` for the digest of `runId`; a bad value is a UsageError naming it. */
export function resolveSince(store: Store, runId: number, raw: string | undefined, now: number): SinceWindow {
  const previous = previousRunId(store, runId);
  if (raw === undefined) {
    const base = previous === null ? null : store.runs.get(previous);
    if (base) return { since: base.startedAt, label: `run ${base.id} (${day(base.startedAt)})`, baseRunId: base.id };
    const since = (store.runs.get(runId)?.startedAt ?? now) - 7 * DAY;
    return { since, label: `${day(since)} (7 days before the first run)`, baseRunId: null };
  }
  const v = raw.trim();
  const span = /^(\d+)\s*([dw])$/i.exec(v);
  if (span) {
    const days = Number(span[1]) * (span[2]!.toLowerCase() === 'w' ? 7 : 1);
    const since = now - days * DAY;
    return { since, label: `${day(since)} (${days} day${days === 1 ? '' : 's'})`, baseRunId: previous };
  }
  if (/^#?\d+$/.test(v)) {
    const run = store.runs.get(Number(v.replace('#', '')));
    if (!run) throw new UsageError(`--since ${v}: no such run; \`linernotes runs\` lists them`, 'LN_NO_RUN');
    return { since: run.startedAt, label: `run ${run.id} (${day(run.startedAt)})`, baseRunId: run.id < runId ? run.id : previous };
  }
  if (/^\d{4}-\d\d-\d\d$/.test(v) && Number.isFinite(Date.parse(`${v}T00:00:00Z`))) {
    return { since: Date.parse(`${v}T00:00:00Z`), label: v, baseRunId: previous };
  }
  throw new UsageError(`--since takes a span like 7d or 2w, a run number or a date (YYYY-MM-DD), got "${raw}"`, 'LN_USAGE');
}
