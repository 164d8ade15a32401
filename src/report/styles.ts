// The report page's styles: readable on a laptop, stacked on a phone, printable.
export const REPORT_CSS = `
:root { --ink: #1a202c; --muted: #5a6775; --line: #e2e8f0; --accent: #c05621; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); }
body { margin: 0; background: #fafafa; }
header, main { max-width: 1400px; margin: 0 auto; padding: 0 20px; }
header h1 { margin: 18px 0 2px; font-size: 1.5rem; }
#summary, .hint { color: var(--muted); margin: 0 0 10px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 14px 0; }
h2 { font-size: 1.1rem; margin: 0 0 8px; }
.graph-layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 16px; align-items: start; }
@media (max-width: 900px) { .graph-layout { grid-template-columns: 1fr; } }
.graph-box { position: relative; }
#graph { width: 100%; height: auto; aspect-ratio: 1; max-height: 78vh; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: grab; touch-action: none; }
#graph .edge { stroke-width: 0.8; stroke-opacity: 0.45; }
#graph .edge.focus { stroke: var(--accent); stroke-width: 2; stroke-opacity: 0.9; }
#graph.focused .edges { opacity: 0.25; }
#graph circle.node { stroke: #fff; stroke-width: 1; cursor: pointer; }
#graph circle.picked { stroke: #2f855a; stroke-width: 3; }
#graph circle.rejected { opacity: 0.35; }
#graph.focused circle.node { opacity: 0.25; }
#graph.focused circle.near, #graph.focused circle.selected { opacity: 1; }
#graph circle.selected { stroke: var(--accent); stroke-width: 3; }
#graph .label { font-size: 11px; fill: var(--ink); pointer-events: none; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
#graph .label.seed { font-weight: 600; }
.tooltip { position: absolute; pointer-events: none; background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 4px 8px; font-size: 12px; box-shadow: 0 2px 6px rgba(0,0,0,.12); max-width: 320px; overflow-wrap: anywhere; }
.legend { display: flex; flex-wrap: wrap; gap: 10px; font-size: 12px; color: var(--muted); margin-bottom: 6px; align-items: center; }
.legend .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; vertical-align: -1px; }
.legend .line { display: inline-block; width: 16px; height: 3px; margin-right: 4px; vertical-align: 2px; }
#notes { position: sticky; top: 8px; max-height: 80vh; overflow: auto; }
.notes h3 { margin: 0 0 4px; font-size: 1.05rem; overflow-wrap: anywhere; }
.notes h4 { margin: 10px 0 4px; font-size: .9rem; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.notes ol, .notes ul { margin: 0; padding-left: 20px; }
.notes li { margin: 2px 0; overflow-wrap: anywhere; }
.notes .evidence { color: var(--muted); font-size: .9em; }
.badge { font-size: .75rem; border-radius: 10px; padding: 1px 7px; margin-left: 4px; background: #edf2f7; color: var(--muted); vertical-align: 2px; }
.badge.picked { background: #c6f6d5; color: #22543d; } .badge.rejected { background: #fed7d7; color: #742a2a; } .badge.known { background: #bee3f8; color: #2a4365; }
.term { display: inline-block; background: #fefcbf; border-radius: 3px; padding: 0 5px; margin: 0 3px 3px 0; }
.commands .command { display: flex; gap: 6px; align-items: center; margin: 4px 0; }
.commands code { background: #f7fafc; border: 1px solid var(--line); border-radius: 4px; padding: 2px 6px; font-size: 12px; overflow-wrap: anywhere; user-select: all; }
button.copy { font-size: 12px; padding: 2px 8px; cursor: pointer; }
.controls { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 8px; }
#filter { flex: 1 1 260px; padding: 5px 8px; }
.count { color: var(--muted); font-size: .9em; }
#table-root { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
td:nth-child(2) { white-space: normal; overflow-wrap: anywhere; min-width: 180px; }
th { cursor: pointer; user-select: none; position: sticky; top: 0; background: #fff; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.row { cursor: pointer; } tr.row:hover { background: #f7fafc; } tr.row[aria-expanded="true"] { background: #fffaf0; }
tr.details td { white-space: normal; background: #fffdf7; padding: 8px 16px 12px; }
#rank-chart { width: 100%; max-width: 760px; height: auto; }
#rank-chart .grid { stroke: var(--line); } #rank-chart .axis { font-size: 11px; fill: var(--muted); } #rank-chart .line-label { font-size: 11px; }
a { color: #2b6cb0; }
@media print { #graph { max-height: none; } #notes { position: static; max-height: none; } }
`;
