// Browser code (see dom.ts): the influence graph as SVG. Positions come laid out from Node; the
// page draws one <path> per edge kind (10,000 edges stay cheap), one <circle> per person sized
// by authority and coloured by relevance, labels for the seeds and the top, a tooltip on hover,
// and on click the person's neighbourhood highlighted. Wheel zooms, drag pans.
import type { ReportGraph } from '../report-graph.js';
import type * as DomFns from './dom.js';
// The page inlines these functions by name (see report/page.ts), so they are referenced as
// page globals rather than imported: a bundler or test runner rewriting imports cannot reach them.
declare const el: typeof DomFns.el;
declare const num: typeof DomFns.num;
declare const relevanceColor: typeof DomFns.relevanceColor;
declare const svgEl: typeof DomFns.svgEl;

/** What the page (and a test) can read back from the drawing. */
export interface GraphState {
  nodes: number;
  edges: number;
  focused: number | null;
  neighbours: number;
}

/** Draw `g` into `root`; `onFocus` gets the person id clicked (null when the focus is cleared). */
export function renderGraph(root: HTMLElement, g: ReportGraph, onFocus: (id: number | null) => void): { focus(id: number | null): void; state: GraphState } {
  const EDGE_COLORS: Record<string, string> = {
    link: '#8795a1', 'feed-item': '#a0aec0', blogroll: '#2b6cb0', repost: '#38a169', boost: '#805ad5', quote: '#d69e2e', mention: '#cbd5e0', guest: '#e53e3e',
  };
  const state: GraphState = { nodes: 0, edges: 0, focused: null, neighbours: 0 };
  const radius = (i: number) => {
    const n = g.nodes[i]!;
    return n.role === 'seed' ? 9 : 3 + 11 * Math.sqrt(n.authority ?? 0);
  };
  const svg = svgEl('svg', { id: 'graph', viewBox: '0 0 1000 1000', role: 'img', 'aria-label': `influence graph: ${g.nodes.length} people, ${g.edges.length} edges` }) as SVGSVGElement;
  const view = svgEl('g', { class: 'viewport' });
  const edgeLayer = svgEl('g', { class: 'edges' });
  const focusLayer = svgEl('g', { class: 'focus-edges' });
  const nodeLayer = svgEl('g', { class: 'nodes' });
  const labelLayer = svgEl('g', { class: 'labels' });
  view.append(edgeLayer, focusLayer, nodeLayer, labelLayer);
  svg.append(view);

  const byType: string[][] = g.edgeTypes.map(() => []);
  const adjacent: Set<number>[] = g.nodes.map(() => new Set<number>());
  for (const [s, t, type] of g.edges) {
    const a = g.nodes[s]!;
    const b = g.nodes[t]!;
    byType[type]!.push(`M${a.x} ${a.y}L${b.x} ${b.y}`);
    adjacent[s]!.add(t);
    adjacent[t]!.add(s);
  }
  g.edgeTypes.forEach((type, i) => {
    if (byType[i]!.length === 0) return;
    edgeLayer.append(svgEl('path', { class: `edge edge-${type}`, 'data-type': type, d: byType[i]!.join(''), stroke: EDGE_COLORS[type] ?? '#999', fill: 'none' }));
  });
  const circles: SVGElement[] = [];
  g.nodes.forEach((n, i) => {
    const c = svgEl('circle', {
      class: `node ${n.role} ${n.status}`, 'data-id': n.id, 'data-index': i, cx: n.x, cy: n.y, r: Math.round(radius(i) * 10) / 10,
      fill: n.role === 'seed' ? '#1a202c' : n.role === 'platform' ? '#cbd5e0' : relevanceColor(n.shade),
    });
    circles.push(c);
    nodeLayer.append(c);
    if (n.role === 'seed' || (n.rank !== null && n.rank <= 15 && n.role === 'candidate')) {
      const label = svgEl('text', { x: n.x + radius(i) + 3, y: n.y + 4, class: `label ${n.role}` });
      label.textContent = n.label;
      labelLayer.append(label);
    }
  });
  state.nodes = circles.length;
  state.edges = g.edges.length;

  const tip = el('div', { class: 'tooltip', role: 'tooltip', hidden: true });
  const legend = el('div', { class: 'legend' },
    el('span', null, el('i', { class: 'dot', style: 'background:#1a202c' }), 'seed'),
    el('span', null, el('i', { class: 'dot', style: `background:${relevanceColor(0)}` }), 'least on topic'),
    el('span', null, el('i', { class: 'dot', style: `background:${relevanceColor(1)}` }), 'most on topic'),
    ' size: authority · edges: ',
    ...g.edgeTypes.map((t) => el('span', null, el('i', { class: 'line', style: `background:${EDGE_COLORS[t] ?? '#999'}` }), t)));
  root.append(legend, el('div', { class: 'graph-box' }, svg, tip));

  let lit: SVGElement[] = [];
  const focus = (id: number | null) => {
    focusLayer.replaceChildren();
    for (const c of lit) c.classList.remove('near', 'selected');
    lit = [];
    const i = id === null ? -1 : g.nodes.findIndex((n) => n.id === id);
    state.focused = i < 0 ? null : id;
    svg.classList.toggle('focused', i >= 0);
    if (i < 0) {
      state.neighbours = 0;
      return;
    }
    circles[i]!.classList.add('selected');
    lit.push(circles[i]!);
    for (const j of adjacent[i]!) {
      circles[j]!.classList.add('near');
      lit.push(circles[j]!);
    }
    state.neighbours = adjacent[i]!.size;
    const d: string[] = [];
    for (const [s, t] of g.edges) {
      if (s !== i && t !== i) continue;
      d.push(`M${g.nodes[s]!.x} ${g.nodes[s]!.y}L${g.nodes[t]!.x} ${g.nodes[t]!.y}`);
    }
    focusLayer.append(svgEl('path', { class: 'edge focus', d: d.join(''), fill: 'none' }));
    // Bring the focused circle to the front.
    nodeLayer.append(circles[i]!);
  };

  nodeLayer.addEventListener('pointerover', (e) => {
    const c = (e.target as Element).closest('circle');
    if (!c) return;
    const n = g.nodes[Number(c.getAttribute('data-index'))]!;
    tip.replaceChildren(el('b', null, n.label), el('br'),
      n.role === 'seed' ? 'seed' : n.rank !== null ? `#${n.rank} · score ${num(n.score)} · relevance ${num(n.relevance)} · authority ${num(n.authority)}` : n.role,
      n.status !== 'new' ? ` · ${n.status}` : '', el('br'), n.url);
    const box = svg.getBoundingClientRect();
    const pt = (e as PointerEvent);
    tip.style.left = `${pt.clientX - box.left + 12}px`;
    tip.style.top = `${pt.clientY - box.top + 12}px`;
    tip.hidden = false;
  });
  nodeLayer.addEventListener('pointerout', () => (tip.hidden = true));

  // Zoom and pan by changing the viewBox.
  let vb = { x: 0, y: 0, w: 1000, h: 1000 };
  const apply = () => svg.setAttribute('viewBox', `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const box = svg.getBoundingClientRect();
    const fx = (e.clientX - box.left) / box.width;
    const fy = (e.clientY - box.top) / box.height;
    const k = e.deltaY > 0 ? 1.2 : 1 / 1.2;
    const w = Math.min(4000, Math.max(60, vb.w * k));
    const h = w;
    vb = { x: vb.x + (vb.w - w) * fx, y: vb.y + (vb.h - h) * fy, w, h };
    apply();
  }, { passive: false });
  let drag: { x: number; y: number; vb: typeof vb; moved: boolean } | null = null;
  svg.addEventListener('pointerdown', (e) => (drag = { x: e.clientX, y: e.clientY, vb: { ...vb }, moved: false }));
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const box = svg.getBoundingClientRect();
    const dx = ((e.clientX - drag.x) / box.width) * vb.w;
    const dy = ((e.clientY - drag.y) / box.height) * vb.h;
    if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 4) drag.moved = true;
    if (drag.moved) {
      vb = { ...vb, x: drag.vb.x - dx, y: drag.vb.y - dy };
      apply();
    }
  });
  svg.addEventListener('pointerup', (e) => {
    const moved = drag?.moved ?? false;
    drag = null;
    if (moved) return;
    const c = (e.target as Element).closest('circle');
    const id = c ? Number(c.getAttribute('data-id')) : null;
    focus(id);
    onFocus(id);
  });
  return { focus, state };
}
