// Ranking at scale: a generated graph written into a real linernotes database (entities, typed
// edges with their evidence, seeds, a text excerpt per entity), then the whole `rank` step as a
// crawl runs it, timed from the SQLite load to the stored scores; and, when python3 has
// networkx, networkx's pagerank on the same edges for comparison with our power iteration.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/store.js';
import { computeAndStoreScores, RANK_STEPS, type RankStep } from '../src/rank/compute.js';
import { personalizedPageRank } from '../src/rank/authority.js';
import { mulberry32 as prng } from '../src/prng.js';

/** What one ranking measured. */
export interface RankMeasure {
  nodes: number;
  edges: number;
  /** SQLite load + identity folding + PPR + relevance + scoring + storing the scores. */
  rankS: number;
  /** CPU seconds of the same (user + system; the wall is noisy on a shared machine). */
  rankCpuS: number;
  /** Share of rankS per step of computeAndStoreScores. */
  steps: Record<RankStep, number>;
  /** Peak RSS of the bench process after ranking, MB (includes generating the graph). */
  peakRssMb: number;
  /** Our personalizedPageRank alone on the same edges (unit weights). */
  pprS: number;
  /** networkx.pagerank alone on the same edges, if python3-networkx is installed. */
  networkxS: number | null;
}

const WORDS = 'content marketing strategy audience newsletter editorial brand story podcast guest writing craft reader growth search social design research'.split(' ');

/** Power-law edges: sources uniform, targets Zipf-like (many links to few sites). */
export function makeEdges(nodes: number, edges: number): Int32Array {
  const rand = prng(7);
  const out = new Int32Array(edges * 2);
  for (let i = 0; i < edges; i++) {
    const from = Math.floor(rand() * nodes);
    let to = Math.min(nodes - 1, Math.floor(Math.pow(rand(), 2.5) * nodes));
    if (to === from) to = (to + 1) % nodes;
    out[2 * i] = from;
    out[2 * i + 1] = to;
  }
  return out;
}

/** Write the graph into a fresh database; returns its path and the run id. */
export function writeGraph(nodes: number, pairs: Int32Array): { path: string; runId: number } {
  const path = join(mkdtempSync(join(tmpdir(), 'ln-bench-rank-')), 'rank.db');
  const db = openDatabase(path);
  const store = createStore(db);
  const runId = store.runs.create('discover', {}, null, 0);
  const rand = prng(11);
  db.pragma('synchronous = OFF');
  store.tx(() => {
    const entity = db.prepare('INSERT INTO entities (id, key, kind, name, home_url, first_seen_run, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)');
    const doc = db.prepare("INSERT INTO documents (url, kind, entity_id, run_id, fetched_at, title, text_excerpt) VALUES (?, 'html', ?, ?, 0, ?, ?)");
    for (let i = 0; i < nodes; i++) {
      entity.run(i + 1, `s${i}.test`, 'site', `Site ${i}`, `http://s${i}.test/`, runId);
      const text = Array.from({ length: 40 }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
      doc.run(`http://s${i}.test/`, i + 1, runId, `Site ${i}`, text);
    }
    const seed = db.prepare("INSERT INTO seeds (kind, identity, input, url, entity_id, status, added_at) VALUES ('web', ?, ?, ?, ?, 'active', 0)");
    for (let i = 0; i < 20; i++) seed.run(`s${i * 97}.test`, `http://s${i * 97}.test/`, `http://s${i * 97}.test/`, i * 97 + 1);
    const edge = db.prepare("INSERT INTO edges (from_entity, to_entity, type, evidence_url, target_url, run_id, first_seen_at) VALUES (?, ?, 'link', ?, ?, ?, 0)");
    for (let i = 0; i < pairs.length; i += 2) {
      const from = pairs[i]!;
      const to = pairs[i + 1]!;
      edge.run(from + 1, to + 1, `http://s${from}.test/p/${i >> 1}`, `http://s${to}.test/`, runId);
    }
  });
  db.pragma('synchronous = NORMAL');
  store.close();
  return { path, runId };
}

function timeNetworkx(nodes: number, pairs: Int32Array, seeds: number[]): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'ln-bench-nx-'));
  const file = join(dir, 'edges.txt');
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) lines.push(`${pairs[i]} ${pairs[i + 1]}`);
  writeFileSync(file, lines.join('\n'));
  const script = `
import sys, time, networkx as nx
g = nx.DiGraph()
g.add_nodes_from(range(${nodes}))
with open(sys.argv[1]) as f:
    for line in f:
        a, b = line.split()
        a, b = int(a), int(b)
        if g.has_edge(a, b): g[a][b]['weight'] += 1
        else: g.add_edge(a, b, weight=1)
p = {s: 1 for s in [${seeds.join(',')}]}
t = time.perf_counter()
nx.pagerank(g, alpha=0.85, personalization=p, weight='weight', tol=1e-10)
print(time.perf_counter() - t)
`;
  try {
    const out = execFileSync('python3', ['-c', script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 20 });
    return Number(out.trim());
  } catch {
    return null;
  }
}

/** Rank a generated graph of `edges` edges (nodes = edges ÷ 10). */
export function benchRanking(edges: number, opts: { networkx: boolean }): RankMeasure {
  const nodes = Math.max(100, Math.floor(edges / 10));
  const pairs = makeEdges(nodes, edges);
  const { path, runId } = writeGraph(nodes, pairs);
  const store = createStore(openDatabase(path));
  const times: Partial<Record<RankStep, number>> = {};
  const cpu = process.cpuUsage();
  const started = performance.now();
  computeAndStoreScores(store, runId, { topic: ['content', 'marketing'] }, times);
  const rankS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const rankCpuS = (used.user + used.system) / 1e6;
  const steps = Object.fromEntries(RANK_STEPS.map((s) => [s, (times[s] ?? 0) / 1000 / rankS])) as Record<RankStep, number>;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  store.close();
  // The generated database is a few hundred MB at 1M edges, GB at 5M: not left in tmp.
  rmSync(dirname(path), { recursive: true, force: true });
  const seeds = Array.from({ length: 20 }, (_, i) => i * 97);
  const list = Array.from({ length: edges }, (_, i) => ({ from: pairs[2 * i]!, to: pairs[2 * i + 1]!, weight: 1 }));
  const p = new Float64Array(nodes);
  for (const s of seeds) p[s] = 1 / seeds.length;
  const t = performance.now();
  personalizedPageRank(nodes, list, p, { tolerance: 1e-10 });
  const pprS = (performance.now() - t) / 1000;
  return { nodes, edges, rankS, rankCpuS, steps, peakRssMb, pprS, networkxS: opts.networkx ? timeNetworkx(nodes, pairs, seeds) : null };
}
