// Browser code (see dom.ts): how the top candidates' ranks moved over the runs, one line each.
import type { RankLine } from '../report-data.js';
import type * as DomFns from './dom.js';
// The page inlines these functions by name (see report/page.ts), so they are referenced as
// page globals rather than imported: a bundler or test runner rewriting imports cannot reach them.
declare const svgEl: typeof DomFns.svgEl;

/** Draw the chart into `root`; nothing when fewer than two runs ranked anything. */
export function renderChart(root: HTMLElement, lines: RankLine[], runs: { id: number; date: string }[]): boolean {
  if (runs.length < 2 || lines.every((l) => l.ranks.length < 2)) return false;
  const W = 640;
  const H = 240;
  const left = 36;
  const right = 190;
  const top = 14;
  const bottom = 28;
  const maxRank = Math.max(2, ...lines.flatMap((l) => l.ranks.map((r) => r.rank)));
  const x = (run: number) => left + (runs.findIndex((r) => r.id === run) / Math.max(1, runs.length - 1)) * (W - left - right);
  const y = (rank: number) => top + ((rank - 1) / (maxRank - 1)) * (H - top - bottom);
  const svg = svgEl('svg', { id: 'rank-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'rank of the top candidates in each run' });
  for (const r of runs) {
    svg.append(svgEl('line', { x1: x(r.id), x2: x(r.id), y1: top, y2: H - bottom, class: 'grid' }));
    const t = svgEl('text', { x: x(r.id), y: H - 8, class: 'axis', 'text-anchor': 'middle' });
    t.textContent = `run ${r.id}`;
    svg.append(t);
  }
  for (const rank of [1, Math.ceil(maxRank / 2), maxRank]) {
    const t = svgEl('text', { x: left - 6, y: y(rank) + 4, class: 'axis', 'text-anchor': 'end' });
    t.textContent = `#${rank}`;
    svg.append(t);
  }
  lines.forEach((line, i) => {
    if (line.ranks.length === 0) return;
    const colour = `hsl(${(i * 137) % 360}, 55%, 45%)`;
    const points = line.ranks.map((r) => `${x(r.run)},${y(r.rank)}`).join(' ');
    const g = svgEl('g', { class: 'rank-line', 'data-id': line.id });
    g.append(svgEl('polyline', { points, fill: 'none', stroke: colour, 'stroke-width': 2 }));
    for (const r of line.ranks) g.append(svgEl('circle', { cx: x(r.run), cy: y(r.rank), r: 3, fill: colour }));
    const last = line.ranks[line.ranks.length - 1]!;
    const label = svgEl('text', { x: x(last.run) + 6, y: y(last.rank) + 4, fill: colour, class: 'line-label' });
    label.textContent = `#${last.rank} ${line.name}`;
    const title = svgEl('title');
    title.textContent = `${line.name}: ${line.ranks.map((r) => `run ${r.run} #${r.rank}`).join(', ')}`;
    g.append(label, title);
    svg.append(g);
  });
  root.append(svg);
  return true;
}
