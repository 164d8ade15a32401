// What changed between two runs, for the weekly report: who is new, who rose or fell, who went
// silent, which sites died or moved. Everything is derived from what the runs stored.
import { siteKeyOf } from '../extract/site.js';
import type { Store } from '../store/store.js';
import { personOf } from './compute.js';
import { displayName } from './liner-notes.js';
import { personName, personUrl } from './person-view.js';
import { membersByPerson } from './members.js';

/** One candidate in the report. */
export interface ChangedCandidate {
  name: string;
  url: string;
  rank: number | null;
  previousRank: number | null;
  score: number | null;
  previousScore: number | null;
}

/** The change report of `runId` against `baseRunId`. */
export interface ChangeReport {
  runId: number;
  baseRunId: number | null;
  newCandidates: ChangedCandidate[];
  risers: ChangedCandidate[];
  fallers: ChangedCandidate[];
  /** Candidates that were posting at the base run but have posted nothing within `silentDays` since. */
  silent: (ChangedCandidate & { lastPost: string })[];
  /** Sites whose home answered 404 or 410 in both runs. */
  dead: { name: string; url: string; status: string }[];
  /** Sites whose home permanently redirected to another site, reported in the first run that saw it. */
  moved: { from: string; to: string }[];
  /** Candidates whose rank or score moved, but by less than the threshold (not listed). */
  belowThreshold: number;
}

/** How long without a post counts as silent. */
export const SILENT_AFTER_DAYS = 60;
const DAY = 86_400_000;

/**
 * Compare `runId` with `baseRunId` (null: everything counts as new). `threshold` is the score
 * change that makes a riser or faller; `silentDays` how long without a post counts as silent.
 */
export function changesSince(store: Store, runId: number, baseRunId: number | null, threshold: number, silentDays = SILENT_AFTER_DAYS): ChangeReport {
  const entities = store.graph.entities();
  const byId = new Map(entities.map((e) => [e.id, e]));
  const people = personOf(store, entities);
  const current = store.scores.forRun(runId);
  const base = new Map<number, { rank: number; score: number }>();
  if (baseRunId !== null) {
    for (const s of store.scores.forRun(baseRunId)) base.set(people.get(s.entityId) ?? s.entityId, { rank: s.rank, score: s.score });
  }
  const fetched = store.documents.fetchedEntityIds();
  const members = membersByPerson(entities, people);
  // Named and addressed as the ranking shows them: the best name among the person's identities, a site only if it was read.
  const describe = (entityId: number, rank: number | null, score: number | null): ChangedCandidate => {
    const e = byId.get(entityId)!;
    const before = base.get(entityId);
    const group = (members.get(entityId) ?? [e]).filter((m) => m.aliasOf === null || m.id === entityId);
    return { name: personName(e, group, fetched), url: personUrl(e, group, fetched), rank, previousRank: before?.rank ?? null, score, previousScore: before?.score ?? null };
  };
  const report: ChangeReport = { runId, baseRunId, newCandidates: [], risers: [], fallers: [], silent: [], dead: [], moved: [], belowThreshold: 0 };
  for (const s of current) {
    const before = base.get(s.entityId);
    if (!before) report.newCandidates.push(describe(s.entityId, s.rank, s.score));
    else if (s.score - before.score > threshold) report.risers.push(describe(s.entityId, s.rank, s.score));
    else if (before.score - s.score > threshold) report.fallers.push(describe(s.entityId, s.rank, s.score));
    else if (before.rank !== s.rank || Math.abs(before.score - s.score) > 1e-9) report.belowThreshold++;
  }
  // Candidates of the base run that are gone now changed too, though no section lists them.
  if (baseRunId !== null) {
    const now = new Set(current.map((s) => s.entityId));
    for (const id of base.keys()) if (!now.has(id)) report.belowThreshold++;
  }
  report.risers.sort((a, b) => b.score! - b.previousScore! - (a.score! - a.previousScore!));
  report.fallers.sort((a, b) => a.score! - a.previousScore! - (b.score! - b.previousScore!));

  if (baseRunId !== null) {
    const window = silentDays * DAY;
    const baseStart = store.runs.get(baseRunId)?.startedAt ?? 0;
    const start = store.runs.get(runId)?.startedAt ?? baseStart;
    const lastPost = new Map<number, number>();
    for (const r of store.documents.lastPostByEntity()) {
      const person = people.get(r.entityId) ?? r.entityId;
      lastPost.set(person, Math.max(lastPost.get(person) ?? 0, r.last));
    }
    for (const s of current) {
      const last = lastPost.get(s.entityId);
      // Went silent: still posting as of the base run, nothing within the window now.
      if (last !== undefined && last >= baseStart - window && last < start - window) {
        report.silent.push({ ...describe(s.entityId, s.rank, s.score), lastPost: new Date(last).toISOString().slice(0, 10) });
      }
    }
    report.dead = deadSites(store, runId, baseRunId);
  }
  // A move is news once: in the run that first saw it, not in every recrawl that sees it again.
  // It is new when the site moved to was first seen after the base run, or when the old site
  // still stood on its own (was ranked as itself) in the base run.
  const baseRanked = new Set(baseRunId === null ? [] : store.scores.forRun(baseRunId).map((s) => s.entityId));
  const entityOf = (url: string) => {
    try {
      return store.graph.entityByKey(`site:${siteKeyOf(url)}`);
    } catch {
      return null;
    }
  };
  report.moved = movedSites(store, runId).filter((m) => {
    if (baseRunId === null) return true;
    const to = entityOf(m.to);
    const from = entityOf(m.from);
    return (to?.firstSeenRun ?? runId) > baseRunId || (from !== null && baseRanked.has(from.id));
  });
  return report;
}

/** Homes that answered 404/410 in both runs. */
function deadSites(store: Store, runId: number, baseRunId: number): ChangeReport['dead'] {
  return store.outcomes.deadHomes(runId, baseRunId)
    .map((r) => ({ name: r.name ?? displayName({ kind: r.kind, key: r.key, homeUrl: r.homeUrl, handle: r.handle }), url: r.url, status: r.reason.replace('HTTP ', '') }));
}

/** Homes fetched in this run whose final URL is on another site (the crawler follows only permanent moves). */
function movedSites(store: Store, runId: number): ChangeReport['moved'] {
  return store.outcomes.fetchedHomes(runId).filter((r) => siteKeyOf(r.url) !== siteKeyOf(r.finalUrl)).map((r) => ({ from: r.url, to: r.finalUrl }));
}
