// Several worker processes on one PostgreSQL database crawl the demo world together, spawned as
// a user would (`discover` on one, `linernotes worker` on the others), and store exactly what
// one process crawling into SQLite stores: the same CSV export, byte for byte. The world proxy
// sees what they did: each URL asked for as often as by the single process, never two requests
// to one host at once, never two closer than --delay. Then workers are SIGKILLed at seeded
// random moments (a new one started in place of each): the run still ends with the same result.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import type { WorldRequest } from '../../src/demo/world-proxy.js';
import { mulberry32 } from '../../src/prng.js';
import { PgBridge } from '../../src/store/pg/bridge.js';
import { pgSnapshot, snapshot, type GraphSnapshot } from '../helpers/graph-snapshot.js';
import { freshPgDatabase } from '../helpers/pg-databases.js';
import { ROOT, runCli, startCli, type CliResult } from '../helpers/spawn-cli.js';
import { discoverArgs as benchDiscoverArgs, startBenchWorld } from '../../bench/crawl-bench.js';
import { expectedRequests } from '../../bench/world-gen.js';

const WORLD = join(ROOT, 'fixtures/demo-world');
const expected = JSON.parse(readFileSync(join(WORLD, 'expected.json'), 'utf8')) as { topic: string };
const dir = mkdtempSync(join(tmpdir(), 'ln-workers-'));
const DELAY_S = 0.05;
const open: OfflineWorld[] = [];

/** The discover flags of every crawl here (each worker gets --concurrency requests in flight). */
function discoverArgs(world: OfflineWorld): string[] {
  return ['discover', join(WORLD, 'seeds.txt'), '--topic', expected.topic, '--delay', String(DELAY_S), '--concurrency', '4', '--bluesky-api', world.blueskyApi!, '-q'];
}

/** A fresh world per crawl: its routes that answer differently the first N times start over. */
async function freshWorld(): Promise<OfflineWorld> {
  const world = await startOfflineWorld(WORLD);
  open.push(world);
  return world;
}

/** Requests the crawl made (CONNECT tunnels are transport, not requests). */
function requestsOf(world: OfflineWorld): WorldRequest[] {
  return world.proxy.requests.filter((r) => r.method !== 'CONNECT');
}

/** How often each URL was asked for. */
function counts(reqs: WorldRequest[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reqs) out[`${r.host}${r.path}`] = (out[`${r.host}${r.path}`] ?? 0) + 1;
  return out;
}

/** Per host: the most requests in flight at once, and the smallest gap between two arrivals. */
function hostLoad(reqs: WorldRequest[]): { maxInFlight: number; minGapMs: number } {
  const byHost = new Map<string, WorldRequest[]>();
  for (const r of reqs) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r]);
  let maxInFlight = 0;
  let minGapMs = Infinity;
  for (const list of byHost.values()) {
    const sorted = [...list].sort((a, b) => a.at - b.at);
    for (let i = 0; i < sorted.length; i++) {
      const r = sorted[i]!;
      const overlapping = sorted.filter((o) => o.at <= r.at && (o.doneAt ?? Infinity) > r.at).length;
      maxInFlight = Math.max(maxInFlight, overlapping);
      if (i > 0) minGapMs = Math.min(minGapMs, r.at - sorted[i - 1]!.at);
    }
  }
  return { maxInFlight, minGapMs };
}

/** Wait until the database has a run (discover created it and planted the seeds). */
async function runStarted(url: string): Promise<void> {
  const db = new PgBridge({ url, name: 'test', queryTimeoutMs: 10_000 });
  try {
    for (let i = 0; i < 400; i++) {
      const ok = (() => {
        try {
          return (db.query("SELECT count(*) AS n FROM runs WHERE status = 'running'").rows[0] as { n: number }).n > 0;
        } catch {
          return false; // the schema is not there yet
        }
      })();
      if (ok) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('discover did not start a run');
  } finally {
    db.close();
  }
}

let baseline: { csv: string; requests: Record<string, number>; graph: GraphSnapshot };

beforeAll(async () => {
  const world = await freshWorld();
  const db = join(dir, 'single.db');
  const run = await runCli([...discoverArgs(world), '--db', db], world.env);
  expect(run.code, run.stderr).toBe(0);
  const csv = await runCli(['export', '--format', 'csv', '--db', db], world.env);
  expect(csv.code).toBe(0);
  baseline = { csv: csv.stdout, requests: counts(requestsOf(world)), graph: snapshot(db) };
}, 120_000);

afterAll(async () => {
  for (const w of open) await w.close();
});

describe('three worker processes on one PostgreSQL database', () => {
  it('store what one process stores, each URL read once, politely per host', async () => {
    const world = await freshWorld();
    const url = freshPgDatabase('workers');
    const env = { ...world.env, LINERNOTES_DB: url };
    const first = startCli(discoverArgs(world), env);
    await runStarted(url);
    const others = [startCli(['worker', '-q'], env), startCli(['worker', '-q'], env)];
    const ended: CliResult[] = await Promise.all([first.done, ...others.map((o) => o.done)]);
    for (const r of ended) expect(r.code, r.stderr).toBe(0);
    // Every process reports the same finished run.
    expect(new Set(ended.map((r) => r.stdout.split(':')[0])).size).toBe(1);
    const csv = await runCli(['export', '--format', 'csv'], env);
    expect(csv.stdout.split('\n').length).toBeGreaterThan(10);
    expect(csv.stdout).toBe(baseline.csv);
    expect(pgSnapshot(url)).toEqual(baseline.graph);
    const reqs = requestsOf(world);
    expect(counts(reqs)).toEqual(baseline.requests);
    const load = hostLoad(reqs);
    expect(load.maxInFlight).toBe(1);
    expect(load.minGapMs).toBeGreaterThanOrEqual(DELAY_S * 1000 - 2);
  }, 120_000);

  it('lose and duplicate nothing when workers are SIGKILLed at random moments', async () => {
    const random = mulberry32(19);
    const world = await freshWorld();
    const url = freshPgDatabase('workers_kill');
    const env = { ...world.env, LINERNOTES_DB: url };
    const procs = [startCli(discoverArgs(world), env)];
    await runStarted(url);
    procs.push(startCli(['worker', '-q'], env), startCli(['worker', '-q'], env));
    const live = new Set([0, 1, 2]);
    procs.forEach((p, i) => void p.done.then(() => live.delete(i)));
    let kills = 0;
    while (kills < 10 && live.size > 0) {
      await new Promise((r) => setTimeout(r, 100 + random() * 400));
      const alive = [...live];
      if (alive.length < 3) break; // one finished: the run is ending
      const victim = alive[Math.floor(random() * alive.length)]!;
      procs[victim]!.child.kill('SIGKILL');
      await procs[victim]!.done;
      kills++;
      const next = startCli(['worker', '-q'], env);
      const i = procs.push(next) - 1;
      live.add(i);
      void next.done.then(() => live.delete(i));
    }
    const ended = await Promise.all(procs.map((p) => p.done));
    const finished = ended.filter((r) => r.signal === null);
    // Killed ones died by the signal; every other one ended well (0), or found the run already
    // over when it started (6).
    for (const r of finished) expect([0, 6], r.stderr).toContain(r.code);
    expect(finished.some((r) => r.code === 0)).toBe(true);
    expect(kills).toBeGreaterThanOrEqual(10);
    const runs = await runCli(['runs', '--json'], env);
    expect((JSON.parse(runs.stdout) as { runs: { status: string }[] }).runs.map((r) => r.status)).toEqual(['done']);
    const csv = await runCli(['export', '--format', 'csv'], env);
    expect(csv.stdout).toBe(baseline.csv);
    // Every row stored once, each in its turn: the same graph, frontier, documents and ranking.
    expect(pgSnapshot(url)).toEqual(baseline.graph);
  }, 120_000);
});

describe('one process crawling a PostgreSQL database alone', () => {
  it('reads every page of a generated world once, however many fetched pages wait behind the head', async () => {
    // Many posts of a site behind its feed, a few requests at a time: rows of the site past
    // the per-host claim wait queued while pages of other sites are fetched ahead of them. The
    // lone committer must keep claiming (once it stopped for good with 13 outcomes waiting).
    const opts = { sites: 12, posts: 22, latencyMs: 5 };
    const w = await startBenchWorld(opts);
    try {
      const url = freshPgDatabase('alone');
      const r = await runCli(benchDiscoverArgs(w, url, 4), w.env);
      expect(r.code, r.stderr).toBe(0);
      const reqs = w.proxy.requests.filter((q) => q.method !== 'CONNECT');
      expect(reqs).toHaveLength(expectedRequests(opts));
      expect(new Set(reqs.map((q) => `${q.host}${q.path}`)).size).toBe(reqs.length);
    } finally {
      await w.close();
    }
  }, 60_000);
});

describe('discover --restart while workers crawl the run', () => {
  it('stops the old run\'s committer and workers, leaves that run abandoned, and crawls the new one to the end', async () => {
    const opts = { sites: 12, posts: 22, latencyMs: 40 };
    const w = await startBenchWorld(opts);
    try {
      const url = freshPgDatabase('restart');
      const env = { ...w.env, LINERNOTES_DB: url };
      const args = benchDiscoverArgs(w, url, 2);
      const committer = startCli(args, env);
      await runStarted(url);
      const worker = startCli(['worker'], env);
      await new Promise((r) => setTimeout(r, 1_500));
      const restart = await runCli([...args, '--restart'], env);
      expect(restart.code, restart.stderr).toBe(0);
      const [a, b] = await Promise.all([committer.done, worker.done]);
      // Neither closed the run it worked on as its own: both exit 7 (abandoned), the worker
      // (not quiet) saying why.
      expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([7, 7]);
      expect(b.stderr).toMatch(/run \d+ was abandoned \(--restart\) while this worker crawled it/);
      const runs = JSON.parse((await runCli(['runs', '--json'], env)).stdout) as { runs: { id: number; status: string }[] };
      expect(runs.runs.map((r) => r.status).sort()).toEqual(['abandoned', 'done']);
      // The new run read the whole world, each URL once.
      const fresh = await runCli(['export', '--format', 'csv'], env);
      expect(fresh.code).toBe(0);
      expect(fresh.stdout.split('\n').length).toBeGreaterThan(opts.sites);
    } finally {
      await w.close();
    }
  }, 120_000);
});

describe('linernotes worker with nothing to join', () => {
  it('says so in one line and exits 6 when the database has no unfinished run', async () => {
    const url = freshPgDatabase('workers_idle');
    const r = await runCli(['worker'], { LINERNOTES_DB: url });
    expect(r.code).toBe(6);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no unfinished run to join; start one with `linernotes discover SEEDS`/);
  });

  it('refuses a SQLite file (one process crawls it) with a usage error', async () => {
    const r = await runCli(['worker', '--db', join(dir, 'single.db')], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a PostgreSQL database/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
