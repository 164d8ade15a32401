// The report as one self-contained HTML file: the data as inert JSON, the page's own script
// (the functions in report/client/, inlined from this very build with Function#toString, so the
// file needs nothing else) and its styles. A Content-Security-Policy forbids every request, so
// the page cannot fetch anything even if a bug tried; links open only when a person clicks them.
import { VERBS } from '../rank/liner-notes.js';
import { reportApp } from './client/app.js';
import { renderChart } from './client/chart.js';
import { el, link, num, relevanceColor, shellWord, shortUrl, svgEl } from './client/dom.js';
import { renderGraph } from './client/graph-view.js';
import { copyCommand, renderNotes } from './client/notes.js';
import { renderTable } from './client/table.js';
import type { ReportData } from './report-data.js';
import { REPORT_CSS } from './styles.js';

/** Every function the page's script needs, in one list (they call each other by name). */
const CLIENT: readonly ((...args: never[]) => unknown)[] = [el, svgEl, link, shortUrl, shellWord, num, relevanceColor, renderNotes, copyCommand, renderTable, renderGraph, renderChart, reportApp];

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The page's script: the client functions, then the call that starts it. */
export function clientScript(): string {
  return `'use strict';\n${CLIENT.map((f) => f.toString()).join('\n')}\nreportApp();\n`;
}

/** The whole report page. */
export function reportPage(data: ReportData): string {
  const payload = { ...data, verbs: VERBS };
  // The script is our own code, but escape `</` anyway so no string inside it can end the element.
  const script = clientScript().replace(/<\//g, '<\\/');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="generator" content="linernotes">
<title>${escapeHtml(data.title)} — report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(data.title)}</h1><p id="summary"></p></header>
<main>
<section class="graph-section"><h2>Influence graph</h2>
<div class="graph-layout"><div id="graph-root"></div><aside id="notes" aria-live="polite"></aside></div></section>
<section><h2>How the top candidates moved</h2><div id="chart-root"></div></section>
<section><h2>Candidates</h2><p class="hint">Click a column to sort, a row to open its liner notes.</p><div id="table-root"></div></section>
</main>
<noscript><p>This report draws itself with JavaScript; the same data is in <code>linernotes export --format json</code>.</p></noscript>
<script type="application/json" id="report-data">${scriptJson(payload)}</script>
<script>${script}</script>
</body>
</html>
`;
}
