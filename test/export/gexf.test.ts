// GEXF export and the person-level graph it writes: the structure Gephi needs, typed attribute
// values, parallel edges, hostile labels, and on a crawled world the folding of a moved site,
// evidence counts, ranking weights, dropped self-loops and marks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { gexfChunks, toGexf } from '../../src/export/gexf.js';
import { personGraph, type GraphEdge, type GraphNode, type PersonGraph } from '../../src/export/graph-model.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore } from '../../src/store/store.js';
import { makeWorld, page, rss, type TestWorld } from '../helpers/world.js';

type El = Record<string, unknown>;
interface ParsedGexf {
  root: El;
  graph: El;
  nodeAttrs: El[];
  edgeAttrs: El[];
  nodes: { id: string; label: string; values: Record<string, string> }[];
  edges: { attrs: Record<string, string>; values: Record<string, string> }[];
}

/** Parse a GEXF document back, failing the test if it is not well-formed XML. */
function parse(xml: string): ParsedGexf {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, parseAttributeValue: false, parseTagValue: false,
    isArray: (name) => ['attributes', 'attribute', 'node', 'edge', 'attvalue'].includes(name),
  });
  const doc = parser.parse(xml) as { gexf: El };
  const graph = doc.gexf.graph as El;
  const attrs = (graph.attributes ?? []) as El[];
  const values = (el: El): Record<string, string> =>
    Object.fromEntries((((el.attvalues as El | undefined)?.attvalue ?? []) as El[]).map((v) => [v.for as string, v.value as string]));
  const strip = (el: El): Record<string, string> => Object.fromEntries(Object.entries(el).filter(([k]) => k !== 'attvalues')) as Record<string, string>;
  return {
    root: doc.gexf,
    graph,
    nodeAttrs: (attrs.find((a) => a.class === 'node')?.attribute ?? []) as El[],
    edgeAttrs: (attrs.find((a) => a.class === 'edge')?.attribute ?? []) as El[],
    nodes: (((graph.nodes as El | undefined)?.node ?? []) as El[]).map((n) => ({ id: n.id as string, label: n.label as string, values: values(n) })),
    edges: (((graph.edges as El | undefined)?.edge ?? []) as El[]).map((e) => ({ attrs: strip(e), values: values(e) })),
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
    node({ id: 7, rank: 1, score: 0.91, relevance: 0.8, authority: 1, status: 'picked', kind: 'podcast' }),
    node({ id: 9, rank: 2, score: 0.25, relevance: 0, authority: 1e-9, isPlatform: true, url: '' }),
  ],
  edges: [
    { source: 1, target: 7, type: 'link', weight: Math.log2(3), count: 2 },
    { source: 1, target: 7, type: 'boost', weight: 2, count: 1 },
    { source: 7, target: 9, type: 'mention', weight: 0.5, count: 1 },
  ],
};

describe('toGexf', () => {
  it('has the GEXF 1.3 root, a directed static graph and meta with the date', () => {
    const xml = toGexf(GRAPH, { createdAt: new Date(Date.UTC(2026, 10, 10, 23, 59)) });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    const g = parse(xml);
    expect(g.root.xmlns).toBe('http://gexf.net/1.3');
    expect(g.root.version).toBe('1.3');
    expect((g.root.meta as El).lastmodifieddate).toBe('2026-11-10');
    expect(g.graph.defaultedgetype).toBe('directed');
    expect(parse(toGexf(GRAPH, { createdAt: new Date(Number.NaN) })).root.meta).not.toHaveProperty('lastmodifieddate');
  });

  it('declares typed node and edge attributes', () => {
    const g = parse(toGexf(GRAPH, { createdAt: new Date(0) }));
    expect(g.nodeAttrs.map((a) => [a.id, a.title, a.type])).toEqual([
      ['key', 'key', 'string'], ['kind', 'kind', 'string'], ['url', 'url', 'string'], ['seed', 'seed', 'boolean'],
      ['platform', 'platform', 'boolean'], ['rank', 'rank', 'integer'], ['score', 'score', 'double'],
      ['relevance', 'relevance', 'double'], ['authority', 'authority', 'double'], ['status', 'status', 'string'], ['picked_by', 'picked_by', 'string'],
    ]);
    expect(g.edgeAttrs.map((a) => [a.id, a.type])).toEqual([['type', 'string'], ['count', 'integer']]);
  });

  it('writes every node with its values, and no value where it is unknown', () => {
    const g = parse(toGexf(GRAPH, { createdAt: new Date(0) }));
    expect(g.nodes.map((n) => n.id)).toEqual(['n1', 'n7', 'n9']);
    expect(g.nodes[0]!.values).toEqual({ key: 'site:1.example', kind: 'site', url: 'https://1.example/', seed: 'true', platform: 'false', status: 'new' });
    expect(g.nodes[1]!.values).toMatchObject({ kind: 'podcast', rank: '1', score: '0.91', relevance: '0.8', authority: '1', status: 'picked' });
    expect(g.nodes[2]!.values).toMatchObject({ platform: 'true', authority: '1e-9' });
    expect(g.nodes[2]!.values).not.toHaveProperty('url');
  });

  it('keeps parallel edges of different types apart, with weight, kind and count', () => {
    const g = parse(toGexf(GRAPH, { createdAt: new Date(0) }));
    expect(g.edges.map((e) => e.attrs)).toEqual([
      { id: 'e0', source: 'n1', target: 'n7', kind: 'link', label: 'link', weight: String(Math.log2(3)) },
      { id: 'e1', source: 'n1', target: 'n7', kind: 'boost', label: 'boost', weight: '2' },
      { id: 'e2', source: 'n7', target: 'n9', kind: 'mention', label: 'mention', weight: '0.5' },
    ]);
    expect(g.edges.map((e) => e.values)).toEqual([{ type: 'link', count: '2' }, { type: 'boost', count: '1' }, { type: 'mention', count: '1' }]);
  });

  it('drops edges to unknown nodes and repeated node ids, so Gephi can open the file', () => {
    const graph = { nodes: [...GRAPH.nodes, node({ id: 7, label: 'duplicate' })], edges: [...GRAPH.edges, { source: 1, target: 42, type: 'link', weight: 1, count: 1 }] };
    const g = parse(toGexf(graph, { createdAt: new Date(0) }));
    expect(g.nodes.map((n) => n.label)).toEqual(['Site 1', 'Site 7', 'Site 9']);
    expect(g.edges.map((e) => e.attrs.target)).toEqual(['n7', 'n7', 'n9']);
  });

  it('streams the same document in newline-ended pieces, one per element', () => {
    const chunks = [...gexfChunks(GRAPH, { createdAt: new Date(0) })];
    expect(chunks.join('')).toBe(toGexf(GRAPH, { createdAt: new Date(0) }));
    expect(chunks).toHaveLength(1 + GRAPH.nodes.length + 1 + GRAPH.edges.length + 1);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
  });

  it('escapes hostile labels and URLs and strips what XML 1.0 cannot hold', () => {
    const hostile = node({ id: 3, label: 'A "quoted" & <tagged> \'name\'\u0000\u0008\u001b[2J\u0085\uDC00 🎸 \u2066x', url: 'https://h.example/?a=1&b=<2>', key: 'site:"><x' });
    const xml = toGexf({ nodes: [hostile], edges: [] }, { createdAt: new Date(0) });
    // eslint-disable-next-line no-control-regex
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2066\uFFFE\uFFFF]|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    const g = parse(xml);
    expect(g.nodes[0]!.label).toBe('A "quoted" & <tagged> \'name\' 🎸 x');
    expect(g.nodes[0]!.values.url).toBe('https://h.example/?a=1&b=<2>');
    expect(g.nodes[0]!.values.key).toBe('site:"><x');
  });
});

describe('personGraph on a crawled world', () => {
  const DATE = 'Tue, 10 Nov 2026 10:00:00 GMT';
  let world: TestWorld;
  let graph: PersonGraph;
  let idOf: (key: string) => number;
  let scoreOfB: { rank: number; score: number };

  beforeAll(async () => {
    // Seed a links b (page and post) and old.example, which moved to new.example; new.example
    // links back to its own old domain (a self-loop once folded) and to b.
    world = await makeWorld({
      'a.example': {
        'index.html': page('Ada', 'content strategy editorial', ['http://b.example/', 'http://old.example/'], '/feed.xml'),
        'feed.xml': rss('Ada', 'http://a.example/', [{ url: 'http://a.example/p1.html', title: 'Post', body: 'See <a href="http://b.example/posts/one.html">B</a> and <a href="http://new.example/p.html">N</a>', date: DATE }]),
        'p1.html': page('Post', 'content strategy', ['http://b.example/posts/one.html']),
      },
      'b.example': {
        'index.html': page('Beta', 'content marketing', ['http://c.example/'], '/feed.xml'),
        'feed.xml': rss('Beta', 'http://b.example/', []),
        'posts/one.html': page('B one', 'content', ['http://c.example/']),
      },
      'old.example': { '_routes.json': { '*': { status: 301, headers: { location: 'http://new.example{path}' } } } },
      'new.example': { 'index.html': page('New home', 'content moved', ['http://old.example/about.html', 'http://b.example/']), 'p.html': page('N p', 'content'), 'about.html': page('About', 'about') },
      'c.example': { 'index.html': page('Gamma', 'audience') },
    });
    const res = await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    expect(res.code).toBe(0);
    const store = createStore(openDatabase(world.db));
    try {
      const entities = store.graph.entities();
      const byKey = new Map(entities.map((e) => [e.key, e.id]));
      idOf = (key) => byKey.get(key)!;
      // A mark on the old domain's entity belongs to the person it moved to.
      store.marks.set(idOf('site:old.example'), 'picked', 1);
      store.marks.set(idOf('site:c.example'), 'rejected', 2);
      const runId = store.runs.latestFinished()!.id;
      const b = store.scores.forRun(runId).find((s) => s.entityId === idOf('site:b.example'))!;
      scoreOfB = { rank: b.rank, score: b.score };
      graph = personGraph(store, runId);
    } finally {
      store.close();
    }
  });
  afterAll(async () => {
    await world.close();
  });

  it('has one node per person: the moved site is folded into its new home', () => {
    expect(graph.nodes.map((n) => n.key)).toEqual(['site:a.example', 'site:b.example', 'site:new.example', 'site:c.example']);
    expect(graph.nodes.map((n) => n.id)).toEqual(['site:a.example', 'site:b.example', 'site:new.example', 'site:c.example'].map((k) => idOf(k)));
    const newHome = graph.nodes.find((n) => n.key === 'site:new.example')!;
    expect(newHome).toMatchObject({ label: 'New home', url: 'http://new.example/', kind: 'site', isSeed: false });
  });

  it('takes rank and score from the run, none for the seed, and status from marks', () => {
    const seed = graph.nodes.find((n) => n.key === 'site:a.example')!;
    expect(seed).toMatchObject({ isSeed: true, rank: null, score: null, relevance: null, authority: null, status: 'new' });
    const b = graph.nodes.find((n) => n.key === 'site:b.example')!;
    expect(b.rank).toBe(scoreOfB.rank);
    expect(b.score).toBe(Math.round(scoreOfB.score * 1e4) / 1e4);
    expect(b.status).toBe('new');
    expect(graph.nodes.find((n) => n.key === 'site:new.example')!.status).toBe('picked');
    expect(graph.nodes.find((n) => n.key === 'site:c.example')!.status).toBe('rejected');
  });

  it('aggregates edges per (source, target, type) with evidence counts and ranking weights, without self-loops', () => {
    const named = (e: GraphEdge) => {
      const key = (id: number) => graph.nodes.find((n) => n.id === id)!.key.replace('site:', '');
      return [key(e.source), key(e.target), e.type, e.count, e.weight];
    };
    expect(graph.edges.map(named)).toEqual([
      ['a.example', 'b.example', 'feed-item', 1, 1],
      ['a.example', 'b.example', 'link', 2, Math.log2(3)],
      ['a.example', 'new.example', 'feed-item', 1, 1],
      ['a.example', 'new.example', 'link', 1, 1],
      ['b.example', 'c.example', 'link', 2, Math.log2(3)],
      ['new.example', 'b.example', 'link', 1, 1],
    ]);
  });

  it('writes the crawled graph as GEXF Gephi can open', () => {
    const g = parse(toGexf(graph, { createdAt: new Date(0) }));
    expect(g.nodes).toHaveLength(4);
    expect(new Set(g.nodes.map((n) => n.id)).size).toBe(4);
    expect(g.edges).toHaveLength(6);
    expect(new Set(g.edges.map((e) => e.attrs.id)).size).toBe(6);
    expect(g.nodes.find((n) => n.label === 'New home')!.values.status).toBe('picked');
  });
});
