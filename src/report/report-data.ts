// Everything the HTML report shows, read once from the store into plain data: the ranked
// candidates with their liner notes (the same rows and explanations `rank`, `why` and the JSON
// export compute), the graph of the seeds, the top candidates and the people between them,
// laid out in Node, and the rank history of the top candidates over the runs.
import { candidateList, type CandidateRow } from '../export/candidates.js';
import { explainContext, explainWith, type Explanation } from '../rank/explain.js';
import type { EdgeType } from '../rank/types.js';
import type { Store } from '../store/store.js';
import { reportGraph, type ReportGraph } from './report-graph.js';

/** Options of {@link reportData}. */
export interface ReportOptions {
  /** The database path, as the pick/reject commands should name it. */
  db: string;
  /** Candidates drawn in the graph (with the seeds and the people between). @default 100 */
  top?: number;
  /** Most candidates in the table. @default 1000 */
  limit?: number;
  /** The ranking's edge weights, which order the evidence. */
  edgeWeights?: Partial<Record<EdgeType, number>>;
  /** Relevance's share in the score. @default 0.5 */
  relevanceWeight?: number;
  /** When the report is made (epoch ms). */
  now: number;
  /** Candidates whose rank history the chart draws. @default 10 */
  chartTop?: number;
}

/** One table row: the exported row plus the person's id and liner notes. */
export interface ReportCandidate extends CandidateRow {
  id: number;
  notes: Pick<Explanation, 'paths' | 'routes' | 'evidence' | 'evidenceTotal' | 'claims' | 'topTerms' | 'identities'>;
  /** What to type to pick or reject it: a stable name for the person (its URL, else its rank). */
  handle: string;
}

/** A candidate's rank in each run that ranked it. */
export interface RankLine {
  id: number;
  name: string;
  ranks: { run: number; rank: number }[];
}

/** The whole report as data; the page's script renders it. */
export interface ReportData {
  title: string;
  topic: string;
  db: string;
  runId: number;
  generatedAt: string;
  runs: { id: number; date: string }[];
  candidates: ReportCandidate[];
  graph: ReportGraph;
  history: RankLine[];
}

/** Read the report of `runId`. */
export function reportData(store: Store, runId: number, opts: ReportOptions): ReportData {
  const { rows } = candidateList(store, runId, { limit: opts.limit ?? 1000, statuses: ['picked', 'rejected', 'skipped', 'new'], includeKnown: true });
  const ctx = explainContext(store, runId);
  const byRank = new Map(store.scores.forRun(runId).map((s) => [s.rank, s.entityId]));
  const candidates: ReportCandidate[] = [];
  for (const row of rows) {
    const id = byRank.get(row.rank);
    if (id === undefined) continue;
    const ex = explainWith(ctx, id, { edgeWeights: opts.edgeWeights, relevanceWeight: opts.relevanceWeight, routes: true, maxPaths: 5 });
    candidates.push({
      ...row,
      id: ex.entityId,
      handle: row.url || String(row.rank),
      notes: { paths: ex.paths, routes: ex.routes, evidence: ex.evidence, evidenceTotal: ex.evidenceTotal, claims: ex.claims, topTerms: ex.topTerms, identities: ex.identities },
    });
  }
  const settings = store.runs.get(runId)?.settings as { topic?: string[] } | undefined;
  const topic = (settings?.topic ?? []).join(' ');
  const runs = finishedRuns(store);
  return {
    title: `linernotes${topic ? `: ${topic}` : ''}`,
    topic,
    db: opts.db,
    runId,
    generatedAt: new Date(opts.now).toISOString().replace(/\.\d+Z$/, 'Z'),
    runs,
    candidates,
    graph: reportGraph(store, runId, { top: opts.top ?? 100, ctx, referrers: new Map(candidates.map((c) => [c.id, c.notes.evidence.map((g) => g.fromEntityId)])) }),
    history: rankHistory(store, ctx.members, candidates, opts.chartTop ?? 10),
  };
}

/** Runs that ranked something, oldest first. */
function finishedRuns(store: Store): { id: number; date: string }[] {
  return store.runs.finished().map((r) => ({ id: r.id, date: new Date(r.startedAt).toISOString().slice(0, 10) }));
}

/** The rank of each of the top `n` candidates in every run that ranked it. */
function rankHistory(store: Store, members: Map<number, { id: number }[]>, candidates: ReportCandidate[], n: number): RankLine[] {
  return candidates.slice(0, n).map((c) => {
    // A person's ranks are stored on whichever of its identities stood for it then.
    const ids = (members.get(c.id) ?? [{ id: c.id }]).map((m) => m.id);
    return { id: c.id, name: c.name, ranks: store.scores.history(ids).map((h) => ({ run: h.runId, rank: h.rank })) };
  });
}
