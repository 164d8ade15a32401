// GraphML export (yEd, Cytoscape, NetworkX, igraph, Gephi): the person-level graph
// (graph-model.ts) with one typed <key> per attribute, so tools read numbers as numbers.
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, nodeXmlId, type AttributeColumn, type GraphEdge, type GraphNode } from './graph-model.js';
import { XML_DECLARATION, escapeXmlText, formatXmlValue, xmlAttrs } from './xml.js';

/** GraphML's name for each column type (`attr.type`). */
const GRAPHML_TYPE = { string: 'string', integer: 'int', double: 'double', boolean: 'boolean' } as const;

/**
 * Columns as GraphML keys. `label` and `weight` are the names Gephi's GraphML
 * importer maps to the node label and edge weight.
 */
const NODE_KEYS: readonly AttributeColumn<GraphNode>[] = [{ id: 'label', type: 'string', value: (n) => n.label }, ...NODE_ATTRIBUTES];
const EDGE_KEYS: readonly AttributeColumn<GraphEdge>[] = [...EDGE_ATTRIBUTES, { id: 'weight', type: 'double', value: (e) => e.weight }];

/**
 * A GraphML document of `graph`, `edgedefault="directed"`, with a `<key>` (attr.name,
 * attr.type) per attribute. Node ids are `n<person id>`, edge ids `e<index>` in the given edge
 * order; parallel edges of different types are separate edges with their own `type`. Edges
 * naming an unknown node are left out, as are repeated node ids after the first.
 */
export function toGraphml(graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }): string {
  return [...graphmlChunks(graph)].join('');
}

/**
 * `toGraphml` in pieces (one per line or element, each ending in a newline), for writing to a
 * stream: a million-edge graph is ~240 MB of GraphML, close to the longest string V8 can hold.
 */
export function* graphmlChunks(graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }): Generator<string> {
  yield [
    XML_DECLARATION,
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...keys('node', NODE_KEYS),
    ...keys('edge', EDGE_KEYS),
    '  <graph id="linernotes" edgedefault="directed">\n',
  ].join('\n');
  const seen = new Set<number>();
  for (const n of graph.nodes) {
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    yield `    <node id="${nodeXmlId(n.id)}">\n${data('node', NODE_KEYS, n)}    </node>\n`;
  }
  for (let i = 0; i < graph.edges.length; i++) {
    const e = graph.edges[i]!;
    if (!seen.has(e.source) || !seen.has(e.target)) continue;
    yield `    <edge id="e${i}" source="${nodeXmlId(e.source)}" target="${nodeXmlId(e.target)}">\n${data('edge', EDGE_KEYS, e)}    </edge>\n`;
  }
  yield '  </graph>\n</graphml>\n';
}

/**
 * `<key>` declarations. Key ids are prefixed by domain (`v_`, `e_`), so a node and an edge
 * attribute may share a name without sharing an id.
 */
function keys<T>(domain: 'node' | 'edge', columns: readonly AttributeColumn<T>[]): string[] {
  return columns.map((c) => `  <key${xmlAttrs({ id: keyId(domain, c.id), for: domain, 'attr.name': c.id, 'attr.type': GRAPHML_TYPE[c.type] })}/>`);
}

function keyId(domain: 'node' | 'edge', name: string): string {
  return `${domain === 'node' ? 'v' : 'e'}_${name}`;
}

/**
 * One `<data>` line per column that has a value (unknown values are not written), each ending
 * in a newline. One string per element keeps a million-edge export from drowning in small strings.
 */
function data<T>(domain: 'node' | 'edge', columns: readonly AttributeColumn<T>[], item: T): string {
  let lines = '';
  for (const c of columns) {
    const value = formatXmlValue(c.value(item));
    if (value !== null) lines += `      <data key="${keyId(domain, c.id)}">${escapeXmlText(value)}</data>\n`;
  }
  return lines;
}
