// `npm run bench:quality`: how well does linernotes rank a web whose right answer is known?
// Generates the planted world (bench/quality-world.ts) into a temp folder, serves it through the
// world proxy, runs the real CLI (`discover`, then `export --format json`) and prints the
// figures from bench/quality-metrics.ts; also writes them to bench/results/quality.json.
// Figures, not pass/fail: the exit code is non-zero only when the run itself failed.
// Flags: --seed N (world PRNG seed, default 1), --sites N (default 120), --depth N (default 3,
// so the link farm behind its gateway is read in full), --keep (leave the temp folder).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorldProxy } from '../src/demo/world-proxy.js';
import { hostOf, qualityFigures, type QualityFigures, type RankedHost } from './quality-metrics.js';
import { generateQualityWorld, writeQualityWorld } from './quality-world.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/linernotes');
const RESULTS = join(ROOT, 'bench/results/quality.json');

/** Parsed command line. */
interface Args {
  seed: number;
  sites: number;
  depth: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seed: 1, sites: 120, depth: 3, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--keep') {
      args.keep = true;
      continue;
    }
    const key = ({ '--seed': 'seed', '--sites': 'sites', '--depth': 'depth' } as const)[flag];
    const value = Number(argv[++i]);
    if (!key) throw new Error(`unknown flag ${JSON.stringify(flag)}; expected --seed N, --sites N, --depth N or --keep`);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} must be a whole number >= 0, got ${JSON.stringify(argv[i] ?? '')}`);
    args[key] = value;
  }
  return args;
}

/** Run the CLI to completion, stdout captured, stderr kept for the error message. */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const fmtRank = (r: number | null): string => (r === null ? 'not ranked' : String(r));
const fmtPlacement = (p: QualityFigures['farm']): string =>
  p.ranked === 0 ? `none of ${p.total} ranked` : `best ${p.best}, median ${p.median}, worst ${p.worst} (${p.ranked} of ${p.total} ranked)`;

function printTable(f: QualityFigures, args: Args, crawlSeconds: number, requests: number): void {
  const rows: [string, string][] = [
    ['crawl time', `${crawlSeconds.toFixed(1)} s, ${requests} requests, ${f.candidates} candidates`],
    ['precision@10 (influencers)', f.precisionAt10.toFixed(2)],
    ['precision@20 (influencers)', `${f.precisionAt20.toFixed(2)} (at most ${f.maxPrecisionAt20.toFixed(2)})`],
    ['influencer ranks', fmtPlacement(f.influencers)],
    ['obscure author rank', fmtRank(f.obscureRank)],
    ['off-topic hub rank', fmtRank(f.hubRank)],
    ['farm gateway rank', fmtRank(f.gatewayRank)],
    ['link farm ranks', fmtPlacement(f.farm)],
    ['noise in top 10 / top 20', `${f.noiseInTop10} / ${f.noiseInTop20}`],
  ];
  console.log(`ranking quality: seed ${args.seed}, ${args.sites} sites, depth ${args.depth}`);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  if (f.sunkInfluencers.length > 0) console.log(`  influencers below 20: ${f.sunkInfluencers.map((s) => `${s.host} (${fmtRank(s.rank)})`).join(', ')}`);
  const others = f.liftedIntoTop20.map((r) => `#${r.rank} ${r.host} [${r.role}] rel ${r.relevance.toFixed(2)} auth ${r.authority.toFixed(2)}`);
  if (others.length > 0) console.log(`  others in the top 20:\n    ${others.join('\n    ')}`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const world = generateQualityWorld({ seed: args.seed, sites: args.sites });
  const dir = mkdtempSync(join(tmpdir(), 'ln-quality-'));
  writeQualityWorld(dir, world);
  const proxy = await startWorldProxy({ root: dir });
  const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '', http_proxy: proxy.url, https_proxy: proxy.url, no_proxy: '' };
  const db = join(dir, 'quality.db');
  try {
    const started = performance.now();
    const discover = await runCli(['discover', join(dir, 'seeds.txt'), '--db', db, '--topic', world.topic, '--delay', '0', '--depth', String(args.depth), '-q'], env);
    const crawlSeconds = (performance.now() - started) / 1000;
    if (discover.code !== 0) throw new Error(`discover exited with ${discover.code}: ${discover.stderr.trim()}`);
    const exported = await runCli(['export', '--db', db, '--format', 'json'], env);
    if (exported.code !== 0) throw new Error(`export exited with ${exported.code}: ${exported.stderr.trim()}`);
    const rows = JSON.parse(exported.stdout) as { rank: number; url: string; website: string; score: number; relevance: number; authority: number }[];
    const ranked: RankedHost[] = rows.flatMap((r) => {
      const host = hostOf(r.website || r.url);
      return host ? [{ rank: r.rank, host, score: r.score, relevance: r.relevance, authority: r.authority }] : [];
    });
    const figures = qualityFigures(ranked, world.roles);
    printTable(figures, args, crawlSeconds, proxy.requests.length);
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    const record = { seed: args.seed, sites: args.sites, depth: args.depth, topic: world.topic, crawlSeconds: Math.round(crawlSeconds * 10) / 10, requests: proxy.requests.length, ...figures, roles: world.roles };
    writeFileSync(RESULTS, JSON.stringify(record, null, 2) + '\n');
    console.log(`wrote ${RESULTS}`);
    return 0;
  } finally {
    await proxy.close();
    if (args.keep) console.log(`world and database kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`bench:quality: ${(err as Error).message}`);
  process.exitCode = 1;
}
