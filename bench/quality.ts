// `npm run bench:quality`: how well does linernotes rank niches whose right answer is known and
// that no test was tuned on? A family of worlds: the old single-topic world
// (bench/quality-world.ts) and generated niche worlds (bench/niche-world.ts), each served
// offline (sites, fake Bluesky AppView, fake Mastodon servers), crawled with the real CLI
// (`discover --depth 3 --delay 0`, then `export --format json`) and scored against its answer
// key (bench/quality-family.ts). Prints one line per world and the family's min / median / max;
// writes bench/results/quality.json. Figures, not pass/fail: the exit code is non-zero only
// when a run itself failed.
// Flags: --worlds N (default 20: the old world and N-1 niche worlds), --depth N (3),
// --dir DIR (keep worlds and databases there), --rescore (with --dir: rank the kept databases
// again without crawling, to try a ranking change on the same crawls), --from N (start at niche
// N: `--from 20` is a held-out family no rule was tuned on; written to quality-from-N.json).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOfflineWorld } from '../src/demo/offline-world.js';
import { generateNicheWorld, type NicheAnswer } from './niche-world.js';
import { answerOfQualityWorld, familySummary, worldFigures, type FamilyRow, type WorldFigures } from './quality-family.js';
import { hostOf } from './quality-metrics.js';
import { generateQualityWorld, writeQualityWorld } from './quality-world.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/linernotes');
const RESULTS_DIR = join(ROOT, 'bench/results');

/** Parsed command line. */
interface Args {
  worlds: number;
  depth: number;
  dir: string | null;
  rescore: boolean;
  /** Index of the first world: 0 is the committed family, higher is a held-out one. */
  from: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { worlds: 20, depth: 3, dir: null, rescore: false, from: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--rescore') args.rescore = true;
    else if (flag === '--dir') args.dir = argv[++i] ?? '';
    else if (flag === '--worlds' || flag === '--depth' || flag === '--from') {
      const value = Number(argv[++i]);
      const min = flag === '--from' ? 0 : 1;
      if (!Number.isInteger(value) || value < min) throw new Error(`${flag} must be a whole number >= ${min}, got ${JSON.stringify(argv[i] ?? '')}`);
      args[flag === '--worlds' ? 'worlds' : flag === '--depth' ? 'depth' : 'from'] = value;
    } else throw new Error(`unknown flag ${JSON.stringify(flag)}; expected --worlds N, --depth N, --from N, --dir DIR or --rescore`);
  }
  if (args.rescore && !args.dir) throw new Error('--rescore needs --dir DIR (the folder a previous run kept its databases in)');
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

/** World `i` of the family: 0 is the old single-topic world, the others generated niches. */
function worldFiles(i: number): { name: string; answer: NicheAnswer; files: Map<string, string> } {
  if (i === 0) {
    const w = generateQualityWorld({ seed: 1 });
    return { name: 'gardening (old world)', answer: answerOfQualityWorld(w.topic, w.roles), files: w.files };
  }
  const w = generateNicheWorld(i);
  return { name: `niche ${i}`, answer: w.answer, files: w.files };
}

/** An exported row's names: hosts of its URLs, `acct:` of its accounts. */
function rowKeys(r: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const field of ['url', 'website']) {
    const host = typeof r[field] === 'string' ? hostOf(r[field]) : null;
    if (host) keys.push(host);
  }
  for (const field of ['bluesky', 'mastodon']) {
    for (const handle of String(r[field] ?? '').split(/[;\s]+/)) if (handle) keys.push(`acct:${handle.replace(/^@/, '').toLowerCase()}`);
  }
  return keys;
}

async function measure(i: number, base: string, args: Args): Promise<WorldFigures> {
  const { name, answer, files } = worldFiles(i);
  const dir = join(base, `world-${String(i).padStart(2, '0')}`);
  const db = join(dir, 'quality.db');
  if (!args.rescore) {
    rmSync(dir, { recursive: true, force: true });
    writeQualityWorld(dir, { files });
  } else if (!existsSync(db)) throw new Error(`${db} does not exist; run once with --dir ${base} first`);
  const world = await startOfflineWorld(dir);
  try {
    const social = world.blueskyApi ? ['--bluesky-api', world.blueskyApi] : [];
    const crawl = args.rescore
      ? await runCli(['rank', '--db', db, '--rescore'], world.env)
      : await runCli(['discover', join(dir, 'seeds.txt'), '--db', db, '--topic', answer.topic, '--delay', '0', '--depth', String(args.depth), '-q', ...social], world.env);
    if (crawl.code !== 0) throw new Error(`${name}: linernotes exited with ${crawl.code}: ${crawl.stderr.trim()}`);
    const exported = await runCli(['export', '--db', db, '--format', 'json'], world.env);
    if (exported.code !== 0) throw new Error(`${name}: export exited with ${exported.code}: ${exported.stderr.trim()}`);
    const rows: FamilyRow[] = (JSON.parse(exported.stdout) as Record<string, unknown>[]).map((r) => ({ rank: Number(r.rank), keys: rowKeys(r), via: String(r.via ?? ''), referrers: Number.isFinite(Number(r.referrers)) ? Number(r.referrers) : undefined }));
    return worldFigures(name, rows, answer);
  } finally {
    await world.close();
  }
}

const rank = (r: number | null | undefined): string => (r === undefined ? 'n/a' : r === null ? 'none' : String(r));

function printWorld(f: WorldFigures): void {
  const boost = f.boostOnlyRank === undefined ? 'n/a' : f.boostOnlyRank === null ? 'not found' : `${f.boostOnlyRank}${f.boostOnlyViaSeed ? '' : ' (via not from the seed)'}`;
  console.log(`${f.world.padEnd(22)} ${f.topic.padEnd(22)} top-k ${f.authoritiesInTopK}/${f.k}  p@10 ${f.precisionAt10.toFixed(1)}/${f.maxPrecisionAt10.toFixed(1)}  farm ${rank(f.farmBest)}  hub ${rank(f.hubBest)}  platform ${rank(f.platformBest)}  boost-only ${boost}  guest-only ${rank(f.guestOnlyRank)}${f.guestOnlyViaShow === false && f.guestOnlyRank !== null ? ' (via not the show)' : ''}  (${f.candidates} ranked)`);
  if (f.keyAmbiguous) console.log('  (the key is ambiguous: a non-authority has as many planned referrers as the weakest authority)');
  for (const m of f.misses) {
    const above = m.above.map((a) => `${a.key} (${a.role}, ${a.referrers ?? '?'} referrers, rank ${a.rank})`).join(', ');
    console.log(`  missed ${m.key}: rank ${rank(m.rank)}, ${m.referrers ?? '?'} referrers; in the top k instead: ${above}`);
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const base = args.dir ?? mkdtempSync(join(tmpdir(), 'ln-quality-'));
  mkdirSync(base, { recursive: true });
  const started = performance.now();
  const worlds: WorldFigures[] = [];
  try {
    for (let i = args.from; i < args.from + args.worlds; i++) {
      const f = await measure(i, base, args);
      printWorld(f);
      worlds.push(f);
    }
  } finally {
    if (!args.dir) rmSync(base, { recursive: true, force: true });
  }
  const summary = familySummary(worlds);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const s = summary;
  const fmt = (x: number | null): string => (x === null ? '-' : x.toFixed(2));
  console.log(`\n${s.worlds} worlds in ${seconds} s: authorities in top k min ${fmt(s.topKShare.min)} / median ${fmt(s.topKShare.median)} / max ${fmt(s.topKShare.max)}, ` +
    `precision@10 ${fmt(s.precisionAt10.min)} / ${fmt(s.precisionAt10.median)} / ${fmt(s.precisionAt10.max)}; best rank of farm ${rank(s.farmBest)}, hub ${rank(s.hubBest)}, platform ${rank(s.platformBest)}; ` +
    `boost-only found via the Mastodon seed ${s.boostOnlyFound}, guest-only found as the show's guest ${s.guestOnlyFound}; ${s.perfectWorlds} perfect worlds; ` +
    `${s.misses} missed authorities, ${s.missesTiedOnBreadth} of them behind a non-authority with at least as many distinct referrers; ${s.ambiguousKeys} worlds with an ambiguous key`);
  if (!args.rescore) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const results = join(RESULTS_DIR, args.from === 0 ? 'quality.json' : `quality-from-${args.from}.json`);
    writeFileSync(results, JSON.stringify({ depth: args.depth, from: args.from, seconds, summary, worlds }, null, 2) + '\n');
    console.log(`wrote ${results}`);
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`bench:quality: ${(err as Error).message}`);
  process.exitCode = 1;
}
