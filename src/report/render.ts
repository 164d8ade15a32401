// `report` and `export --format html` share this: the report of a run as one HTML string.
import { loadConfig } from '../config.js';
import type { Store } from '../store/store.js';
import { reportPage } from './page.js';
import { reportData } from './report-data.js';

/** Options of {@link renderReport}. */
export interface RenderReportOptions {
  /** The database path (its settings file gives the ranking's weights; the commands name it). */
  db: string;
  /** Candidates drawn in the graph. @default 100 */
  top?: number;
  /** Most candidates in the table. @default 1000 */
  limit?: number;
  /** Epoch ms the report is made at. */
  now: number;
}

/** The report page of `runId`, and what it holds (for the CLI's one-line note). */
export function renderReport(store: Store, runId: number, opts: RenderReportOptions): { html: string; candidates: number; nodes: number; edges: number } {
  const { ranking } = loadConfig(opts.db);
  const data = reportData(store, runId, { db: opts.db, top: opts.top, limit: opts.limit, now: opts.now, edgeWeights: ranking.edgeWeights, relevanceWeight: ranking.relevanceWeight });
  return { html: reportPage(data), candidates: data.candidates.length, nodes: data.graph.nodes.length, edges: data.graph.edges.length };
}
