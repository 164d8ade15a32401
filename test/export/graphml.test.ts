// GraphML export: typed <key> declarations, a directed graph, node and edge data that read back
// as written, parallel edges, and hostile labels.
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { graphmlChunks, toGraphml } from '../../src/export/graphml.js';
import type { GraphNode, PersonGraph } from '../../src/export/graph-model.js';

type El = Record<string, unknown>;
interface ParsedGraphml {
  root: El;
  graph: El;
  keys: { id: string; for: string; name: string; type: string }[];
  nodes: { id: string; data: Record<string, string> }[];
  edges: { id: string; source: string; target: string; data: Record<string, string> }[];
}

/** Parse a GraphML document back, resolving each <data key> to its attr.name. */
function parse(xml: string): ParsedGraphml {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, parseAttributeValue: false, parseTagValue: false,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['key', 'node', 'edge', 'data', 'graph'].includes(name),
  });
  const root = (parser.parse(xml) as { graphml: El }).graphml;
  const keys = ((root.key ?? []) as El[]).map((k) => ({ id: k.id as string, for: k.for as string, name: k['attr.name'] as string, type: k['attr.type'] as string }));
  const nameOf = new Map(keys.map((k) => [k.id, k.name]));
  const data = (el: El) => Object.fromEntries(((el.data ?? []) as El[]).map((d) => [nameOf.get(d.key as string) ?? `?${String(d.key)}`, (d['#text'] as string | undefined) ?? '']));
  const graph = (root.graph as El[])[0]!;
  return {
    root,
    graph,
    keys,
    nodes: ((graph.node ?? []) as El[]).map((n) => ({ id: n.id as string, data: data(n) })),
    edges: ((graph.edge ?? []) as El[]).map((e) => ({ id: e.id as string, source: e.source as string, target: e.target as string, data: data(e) })),
  };
}

function node(over: Partial<GraphNode> & { id: number }): GraphNode {
  return {
    key: `site:${over.id}.example`, label: `Site ${over.id}`, kind: 'site', url: `https://${over.id}.example/`, isSeed: false, isPlatform: false,
    rank: null, score: null, relevance: null, authority: null, status: 'new', pickedBy: null, ...over,
  };
}

const GRAPH: PersonGraph = {
  nodes: [
    node({ id: 1, isSeed: true }),
    node({ id: 7, rank: 1, score: 0.91, relevance: 0.8, authority: 1, status: 'rejected', kind: 'account', url: 'https://toot.example/@hana' }),
    node({ id: 9, rank: 2, score: 0.25, relevance: 0, authority: 0.5, isPlatform: true }),
  ],
  edges: [
    { source: 1, target: 7, type: 'link', weight: Math.log2(3), count: 2 },
    { source: 1, target: 7, type: 'repost', weight: 2, count: 1 },
    { source: 7, target: 9, type: 'guest', weight: 3 * Math.log2(5), count: 4 },
  ],
};

describe('toGraphml', () => {
  it('is a GraphML document with one directed graph', () => {
    const xml = toGraphml(GRAPH);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    const g = parse(xml);
    expect(g.root.xmlns).toBe('http://graphml.graphdrawing.org/xmlns');
    expect(g.graph.edgedefault).toBe('directed');
  });

  it('declares a typed key per attribute, with ids unique across nodes and edges', () => {
    const g = parse(toGraphml(GRAPH));
    expect(g.keys.filter((k) => k.for === 'node').map((k) => [k.name, k.type])).toEqual([
      ['label', 'string'], ['key', 'string'], ['kind', 'string'], ['url', 'string'], ['seed', 'boolean'], ['platform', 'boolean'],
      ['rank', 'int'], ['score', 'double'], ['relevance', 'double'], ['authority', 'double'], ['status', 'string'], ['picked_by', 'string'],
    ]);
    expect(g.keys.filter((k) => k.for === 'edge').map((k) => [k.name, k.type])).toEqual([['type', 'string'], ['count', 'int'], ['weight', 'double']]);
    expect(new Set(g.keys.map((k) => k.id)).size).toBe(g.keys.length);
  });

  it('writes node data as typed values and leaves unknown ones out', () => {
    const g = parse(toGraphml(GRAPH));
    expect(g.nodes.map((n) => n.id)).toEqual(['n1', 'n7', 'n9']);
    expect(g.nodes[0]!.data).toEqual({ label: 'Site 1', key: 'site:1.example', kind: 'site', url: 'https://1.example/', seed: 'true', platform: 'false', status: 'new' });
    expect(g.nodes[1]!.data).toMatchObject({ kind: 'account', url: 'https://toot.example/@hana', rank: '1', score: '0.91', relevance: '0.8', authority: '1', status: 'rejected' });
    expect(g.nodes[2]!.data.platform).toBe('true');
  });

  it('keeps parallel edges of different types as separate edges with unique ids', () => {
    const g = parse(toGraphml(GRAPH));
    expect(g.edges).toEqual([
      { id: 'e0', source: 'n1', target: 'n7', data: { type: 'link', count: '2', weight: String(Math.log2(3)) } },
      { id: 'e1', source: 'n1', target: 'n7', data: { type: 'repost', count: '1', weight: '2' } },
      { id: 'e2', source: 'n7', target: 'n9', data: { type: 'guest', count: '4', weight: String(3 * Math.log2(5)) } },
    ]);
  });

  it('drops edges naming unknown nodes and repeated node ids', () => {
    const g = parse(toGraphml({ nodes: [...GRAPH.nodes, node({ id: 1, label: 'again' })], edges: [{ source: 5, target: 1, type: 'link', weight: 1, count: 1 }, ...GRAPH.edges] }));
    expect(g.nodes.map((n) => n.data.label)).toEqual(['Site 1', 'Site 7', 'Site 9']);
    // Ids follow the input's edge order, so the dropped edge leaves a gap rather than renumbering.
    expect(g.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('streams the same document in newline-ended pieces, one per element', () => {
    const chunks = [...graphmlChunks(GRAPH)];
    expect(chunks.join('')).toBe(toGraphml(GRAPH));
    expect(chunks).toHaveLength(1 + GRAPH.nodes.length + GRAPH.edges.length + 1);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
  });

  it('escapes hostile labels and strips what XML 1.0 cannot hold; emoji stay', () => {
    const label = '</data><data key="v_status">picked</data>&amp; "q" \'s\u0000\u001b[31m\u009b\uFFFE\uD83D 🦊\u202E!';
    const xml = toGraphml({ nodes: [node({ id: 2, label, url: 'https://x.example/?q=<script>&x=1' })], edges: [] });
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202E\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    const g = parse(xml);
    expect(g.nodes[0]!.data.label).toBe('</data><data key="v_status">picked</data>&amp; "q" \'s 🦊!');
    expect(g.nodes[0]!.data.status).toBe('new');
    expect(g.nodes[0]!.data.url).toBe('https://x.example/?q=<script>&x=1');
  });
});
