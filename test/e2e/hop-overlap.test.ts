// Hops overlap (hop h+1 is fetched while hop h is in flight), yet the stored crawl is the one a
// crawl reading one row at a time, breadth-first, would store: the same world crawled with
// answers arriving in different orders (other jitter, other concurrency) ends with identical
// rows, ids included, hop numbers, discovery paths and ranking, with --per-site, --depth and
// --max-pages all cutting the crawl short somewhere.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startBenchWorld, type BenchWorld } from '../../bench/crawl-bench.js';
import { snapshot } from '../helpers/graph-snapshot.js';
import { runCli } from '../helpers/spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ln-overlap-'));
const worlds: BenchWorld[] = [];
afterAll(async () => {
  for (const w of worlds) await w.close();
});

/** Everything stored, in id order where ids exist: ids are assigned in store order. */
function exact(db: string): unknown {
  const conn = new Database(db, { readonly: true });
  try {
    const all = (sql: string) => conn.prepare(sql).raw().all();
    return {
      snapshot: snapshot(db),
      frontier: all('SELECT id, url, depth, role, entity_id, found_from_url, found_edge, status, reason FROM frontier ORDER BY id'),
      entities: all('SELECT id, key, alias_of FROM entities ORDER BY id'),
      discoveries: all('SELECT entity_id, depth, parent_entity, edge_type, evidence_url, target_url FROM discoveries ORDER BY entity_id'),
      scores: all('SELECT entity_id, rank, score FROM scores ORDER BY entity_id'),
      pages: all('SELECT pages_fetched FROM runs'),
    };
  } finally {
    conn.close();
  }
}

async function crawlWorld(name: string, jitterSeed: number, latencyMs: number, jitterMs: number, concurrency: number, budget: string[]): Promise<unknown> {
  const w = await startBenchWorld({ sites: 40, posts: 6, latencyMs, jitterMs, seed: 7, jitterSeed });
  worlds.push(w);
  const db = join(dir, `${name}.db`);
  const res = await runCli(['discover', w.seedsFile, '--db', db, '--topic', 'content marketing', '-q', '--delay', '0',
    '--concurrency', String(concurrency), '--items-per-feed', '6', '--posts-per-site', '6', ...budget], w.env);
  expect(res.stderr).toBe('');
  expect([0, 4]).toContain(res.code);
  return exact(db);
}

describe('overlapping hops store a breadth-first crawl', () => {
  for (const [label, budget] of [
    ['--per-site and --depth', ['--per-site', '5', '--depth', '2']],
    ['--max-pages', ['--per-site', '9', '--depth', '10', '--max-pages', '97']],
  ] as const) {
    it(`the same rows, paths and ranking whatever order answers arrive in (${label})`, async () => {
      // One row at a time is the reference; the others fetch far ahead of what they store.
      const reference = await crawlWorld(`ref-${label}`, 1, 0, 0, 1, [...budget]);
      const frontier = (reference as { frontier: unknown[] }).frontier;
      expect(frontier.length).toBeGreaterThan(60);
      for (const [i, [jitterSeed, latency, jitter, concurrency]] of [[1, 6, 6, 16], [2, 6, 6, 16], [3, 2, 2, 64]].entries()) {
        expect(await crawlWorld(`run${i}-${label}`, jitterSeed!, latency!, jitter!, concurrency!, [...budget]), `run ${i}`).toEqual(reference);
      }
    }, 240_000);
  }
});
