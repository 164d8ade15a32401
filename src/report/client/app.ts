// Browser code (see dom.ts): the report's entry point. Reads the data the page carries, draws
// the graph, the rank chart and the table, and ties them together: a click on a node shows its
// liner notes beside the graph, opening a row focuses its node.
import type { ReportData } from '../report-data.js';
import type * as ChartFns from './chart.js';
import type * as DomFns from './dom.js';
import type * as GraphViewFns from './graph-view.js';
import type * as NotesFns from './notes.js';
import type * as TableFns from './table.js';
// The page inlines these functions by name (see report/page.ts), so they are referenced as
// page globals rather than imported: a bundler or test runner rewriting imports cannot reach them.
declare const renderChart: typeof ChartFns.renderChart;
declare const el: typeof DomFns.el;
declare const renderGraph: typeof GraphViewFns.renderGraph;
declare const copyCommand: typeof NotesFns.copyCommand;
declare const renderNotes: typeof NotesFns.renderNotes;
declare const renderTable: typeof TableFns.renderTable;

/** Start the page. */
export function reportApp(): void {
  performance.mark('linernotes-start');
  const data = JSON.parse(document.getElementById('report-data')!.textContent ?? '{}') as ReportData & { verbs: Record<string, string> };
  const byId = new Map(data.candidates.map((c) => [c.id, c]));
  const panel = document.getElementById('notes')!;
  const summary = document.getElementById('summary')!;
  const seeds = data.graph.nodes.filter((n) => n.role === 'seed').length;
  summary.textContent = `run ${data.runId}${data.runs.length ? ` of ${data.runs.length}` : ''} · ${data.candidates.length} candidates · graph: ${seeds} seeds, the top ${data.graph.top} and the people between (${data.graph.nodes.length} people, ${data.graph.edges.length} edges) · made ${data.generatedAt} from ${data.db}`;

  const showNotes = (id: number | null) => {
    panel.replaceChildren();
    if (id === null) {
      panel.append(el('p', { class: 'hint' }, 'Click a person in the graph to see its liner notes.'));
      return;
    }
    const c = byId.get(id);
    if (c) {
      panel.append(renderNotes(c, data.verbs, data.db));
      return;
    }
    const n = data.graph.nodes.find((x) => x.id === id);
    if (!n) return;
    panel.append(el('div', { class: 'notes', 'data-id': n.id }, el('h3', null, n.label),
      el('p', null, n.role === 'seed' ? 'a seed: where the crawl started' : n.role === 'platform' ? 'a platform: in the graph, never a candidate' : 'carries the liner notes of the candidates drawn'),
      n.url ? el('p', null, n.url) : null));
  };
  showNotes(null);

  const graph = renderGraph(document.getElementById('graph-root')!, data.graph, showNotes);
  renderTable(document.getElementById('table-root')!, data.candidates, data.verbs, data.db, (id) => {
    graph.focus(id);
    showNotes(id);
  });
  const chartRoot = document.getElementById('chart-root')!;
  if (!renderChart(chartRoot, data.history, data.runs)) {
    chartRoot.append(el('p', { class: 'hint' }, 'One run so far: after a recrawl this shows how the top candidates moved.'));
  }
  document.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest('button.copy');
    if (button) copyCommand(button as HTMLElement);
  });
  // For tests and the benchmark: what was drawn, and the focus the page itself uses.
  (window as unknown as { linernotesReport: unknown }).linernotesReport = { graph: graph.state, candidates: data.candidates.length, focus: graph.focus };
  performance.mark('linernotes-drawn');
}
