// GEXF 1.3 export for Gephi: the person-level graph (graph-model.ts) with typed attribute
// columns, so a user can size nodes by score, colour them by status and filter edges by type.
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, nodeXmlId, type AttributeColumn, type GraphEdge, type GraphNode } from './graph-model.js';
import { XML_DECLARATION, escapeXmlAttr, formatXmlValue, xmlAttrs } from './xml.js';

/** Options for `toGexf`. */
export interface GexfOptions {
  /** Written as `<meta lastmodifieddate>` (the UTC date); an invalid date is left out. */
  createdAt: Date;
}

/**
 * A GEXF 1.3 document of `graph`: directed, static, node and edge attribute columns declared
 * up front (see NODE_ATTRIBUTES, EDGE_ATTRIBUTES). Node ids are `n<person id>`, edge ids
 * `e<index>` in the given edge order. Each edge carries `kind` = its type, which Gephi (0.9.3+)
 * reads as a multigraph edge kind, so a link and a boost between the same two people stay two
 * edges instead of being merged. Edges naming an unknown node are left out (Gephi would refuse
 * the whole file), as are repeated node ids after the first.
 */
export function toGexf(graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }, opts: GexfOptions): string {
  return [...gexfChunks(graph, opts)].join('');
}

/**
 * `toGexf` in pieces (one per line or element, each ending in a newline), for writing to a
 * stream: a million-edge graph is ~320 MB of GEXF, close to the longest string V8 can hold.
 */
export function* gexfChunks(graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }, opts: GexfOptions): Generator<string> {
  const created = opts.createdAt instanceof Date && !Number.isNaN(opts.createdAt.getTime()) ? opts.createdAt.toISOString().slice(0, 10) : null;
  yield [
    XML_DECLARATION,
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta${xmlAttrs({ lastmodifieddate: created })}>`,
    '    <creator>linernotes</creator>',
    '    <description>People found by linernotes and the evidence between them; edge weight is the weight the ranking used</description>',
    '  </meta>',
    '  <graph defaultedgetype="directed" mode="static">',
    declare('node', NODE_ATTRIBUTES),
    declare('edge', EDGE_ATTRIBUTES),
    '    <nodes>\n',
  ].join('\n');
  const seen = new Set<number>();
  for (const n of graph.nodes) {
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    yield `      <node${xmlAttrs({ id: nodeXmlId(n.id), label: n.label })}>\n${attvalues(NODE_ATTRIBUTES, n)}      </node>\n`;
  }
  yield '    </nodes>\n    <edges>\n';
  for (let i = 0; i < graph.edges.length; i++) {
    const e = graph.edges[i]!;
    if (!seen.has(e.source) || !seen.has(e.target)) continue;
    const attrs = { id: `e${i}`, source: nodeXmlId(e.source), target: nodeXmlId(e.target), kind: e.type, label: e.type, weight: e.weight };
    yield `      <edge${xmlAttrs(attrs)}>\n${attvalues(EDGE_ATTRIBUTES, e)}      </edge>\n`;
  }
  yield '    </edges>\n  </graph>\n</gexf>\n';
}

/** The `<attributes>` block declaring `columns`; ids double as titles, as Gephi's own exports do. */
function declare<T>(cls: 'node' | 'edge', columns: readonly AttributeColumn<T>[]): string {
  return [
    `    <attributes class="${cls}" mode="static">`,
    ...columns.map((c) => `      <attribute${xmlAttrs({ id: c.id, title: c.id, type: c.type })}/>`),
    '    </attributes>',
  ].join('\n');
}

/**
 * `<attvalues>` with one `<attvalue>` per column that has a value (unknown values are not
 * written), each line ending in a newline; '' when there is none. One string per element rather
 * than one per line keeps a million-edge export from drowning in small strings.
 */
function attvalues<T>(columns: readonly AttributeColumn<T>[], item: T): string {
  let values = '';
  for (const c of columns) {
    const value = formatXmlValue(c.value(item));
    if (value !== null) values += `          <attvalue for="${c.id}" value="${escapeXmlAttr(value)}"/>\n`;
  }
  return values === '' ? '' : `        <attvalues>\n${values}        </attvalues>\n`;
}
