// A made-up report of any size, for the browser test and the benchmark of big graphs: `nodes`
// people (the first 8 seeds, the rest ranked candidates) and `edges` random typed edges, laid
// out with the same ForceAtlas2 step as real reports.
import { layout, type ReportGraph, type ReportNode } from '../src/report/report-graph.js';
import type { ReportCandidate, ReportData } from '../src/report/report-data.js';

const TYPES = ['link', 'feed-item', 'blogroll', 'repost', 'boost', 'mention'];

/** A report with `nodes` people and `edges` edges; deterministic for the same sizes. */
export function syntheticReport(nodes: number, edges: number, iterations = 100): ReportData {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const list: [number, number, number, number][] = [];
  for (let i = 0; i < edges; i++) {
    // Preferential-ish: low indexes (seeds, top candidates) get more edges, as in real niches.
    const s = Math.floor(random() * nodes);
    const t = Math.floor(random() ** 2 * nodes);
    list.push([s, t === s ? (t + 1) % nodes : t, Math.floor(random() * TYPES.length), 1 + Math.floor(random() * 3)]);
  }
  const ids = Array.from({ length: nodes }, (_, i) => ({ id: i + 1 }));
  const positions = layout(ids, list, iterations);
  const graphNodes: ReportNode[] = ids.map(({ id }, i) => {
    const seedNode = i < 8;
    const rank = seedNode ? null : i - 7;
    const rel = seedNode ? null : Math.round(random() * 1000) / 1000;
    return {
      id, label: seedNode ? `seed-${i}.example` : `Person ${i}`, url: `http://p${i}.example/`, kind: 'site', role: seedNode ? 'seed' : 'candidate',
      rank, score: rel, relevance: rel, authority: seedNode ? null : Math.round((1 - i / nodes) * 1000) / 1000, status: 'new', shade: rel,
      x: positions[i]![0], y: positions[i]![1],
    };
  });
  const graph: ReportGraph = { nodes: graphNodes, edgeTypes: TYPES, edges: list, top: nodes };
  const candidates: ReportCandidate[] = graphNodes.filter((n) => n.rank !== null).map((n) => ({
    rank: n.rank!, name: n.label, url: n.url, website: n.url, feed: '', bluesky: '', mastodon: '', platforms: 'web', status: 'new', picked_by: '', note: '', known: false, podcast: false,
    podcast_title: '', guest_on: '', score: n.score!, relevance: n.relevance!, authority: n.authority!, pagerank: 0, referrers: 1, seeds_reaching: 1,
    first_seen: '2026-11-01', last_seen: '2026-11-01', rank_change: 'new', top_terms: 'content strategy', via: `seed seed-0.example → linked p${n.id - 1}.example`,
    id: n.id, handle: n.url,
    notes: {
      paths: [`seed seed-0.example → linked p${n.id - 1}.example`],
      routes: [{ seed: 'seed-0.example', entity: n.label, steps: [{ fromName: 'seed-0.example', edgeType: 'link', targetUrl: n.url, evidenceUrl: 'http://seed-0.example/post', toAccount: null }] }],
      evidence: [], evidenceTotal: 0, claims: [], topTerms: ['content', 'strategy'], identities: { website: n.url, feed: null, bluesky: [], mastodon: [] },
    },
  }));
  return {
    title: `linernotes: synthetic ${nodes} × ${edges}`, topic: 'synthetic', db: 'synthetic.db', runId: 1, generatedAt: '2026-12-01T00:00:00Z',
    runs: [{ id: 1, date: '2026-12-01' }], candidates, graph, history: [],
  };
}
