// `npm run demo`: crawl the offline demo world end to end with the real CLI. Owns the demo's
// choreography only: a fresh ./linernotes-demo/ folder, the world proxy, the three CLI steps as
// child processes (exactly what a user would type), and the closing summary. It prints nothing
// on stdout itself, so stdout carries only what the CLI prints; its own notes go to stderr.
// With --serve the offline world stays up after the demo, and the environment that reaches it
// is printed (and written to linernotes-demo/world.env) for commands typed in another terminal.
// This module runs on import: bin/linernotes-demo imports it from dist/.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../clock.js';
import { oneLine } from '../errors.js';
import { startOfflineWorld } from './offline-world.js';
import type { WorldProxy } from './world-proxy.js';

const OUT_DIR = 'linernotes-demo';
// Written into the output folder so a later run only ever deletes a folder the demo made.
const MARKER = '.linernotes-demo';
const TOPIC = 'content marketing';

/** The package root: the nearest folder above this file whose package.json names linernotes. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'linernotes') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the linernotes package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** A path as the user would type it from the current directory. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["\\$`])/g, '\\$1')}"`;
}

const note = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Delete and recreate ./linernotes-demo/, refusing to delete a folder the demo did not create. */
function freshOutputDir(): string {
  const dir = path.resolve(OUT_DIR);
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(path.join(dir, MARKER))) {
    throw new Error(`${shown(dir)}/ exists and was not made by the demo; move it away and run the demo again`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MARKER), 'Created by `npm run demo`; the next demo run deletes this folder.\n');
  return dir;
}

/** The lines to paste into another terminal (or `. linernotes-demo/world.env`) to reach the world. */
export function worldEnvLines(env: Record<string, string>, blueskyApi: string | null): string[] {
  const vars = { ...env, ...(blueskyApi ? { LINERNOTES_BLUESKY_API: blueskyApi } : {}) };
  return Object.entries(vars).map(([k, v]) => `export ${k}=${quote(v) || "''"}`);
}

/** Keep the world up until SIGINT or SIGTERM, after printing how to reach it. */
async function serve(world: Awaited<ReturnType<typeof startOfflineWorld>>, out: string, cli: string, db: string): Promise<void> {
  const lines = worldEnvLines(world.env, world.blueskyApi);
  const envFile = path.join(out, 'world.env');
  writeFileSync(envFile, `# written by \`npm run demo -- --serve\`; valid while it runs\n${lines.join('\n')}\n`);
  note(`\nlinernotes demo: the offline world stays up at ${world.proxy.url} until Ctrl-C. In another terminal:`);
  for (const l of lines) note(`  ${l}`);
  note(`  # or: . ${shown(envFile)}`);
  note(`  node ${shown(cli)} recrawl --db ${shown(db)}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  note('linernotes demo: offline world stopped');
}

async function main(): Promise<number> {
  const serveAfter = process.argv.slice(2).includes('--serve');
  const unknown = process.argv.slice(2).filter((a) => a !== '--serve');
  if (unknown.length > 0) throw new Error(`unknown argument ${JSON.stringify(unknown[0])}; the demo takes only --serve`);
  const started = systemClock.now();
  const root = packageRoot();
  const cli = path.join(root, 'bin/linernotes');
  const seeds = path.join(root, 'fixtures/demo-world/seeds.txt');
  const out = freshOutputDir();
  const db = path.join(out, 'demo.db');
  const csv = path.join(out, 'influencers.csv');
  const world = await startOfflineWorld(path.join(root, 'fixtures/demo-world'));
  const proxy: WorldProxy = world.proxy;
  const steps = [
    ['discover', shown(seeds), '--db', shown(db), '--topic', TOPIC, ...(world.blueskyApi ? ['--bluesky-api', world.blueskyApi] : [])],
    ['rank', '--db', shown(db), '--limit', '15'],
    ['export', '--db', shown(db), '--format', 'csv', '--out', shown(csv)],
  ];
  const env = { ...process.env, ...world.env };
  note(`linernotes demo: an offline web of content-marketing blogs, a Bluesky AppView and three fediverse servers, served by ${proxy.url}`);

  let child: ChildProcess | null = null;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const again = interrupted;
    interrupted = true;
    // Ctrl-C in a terminal already reached the child (same process group); forwarding it too
    // would count as a second Ctrl-C, which makes the CLI quit without finishing cleanly.
    if (child && child.exitCode === null && (again || signal !== 'SIGINT' || !process.stdin.isTTY)) child.kill(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let exitCode = 0;
  try {
    for (const [i, args] of steps.entries()) {
      if (interrupted) break;
      note(`\n[${i + 1}/${steps.length}] linernotes ${args.map(quote).join(' ')}`);
      const running = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
      child = running;
      const code = await new Promise<number>((resolve) => {
        running.once('error', (err) => {
          note(`linernotes demo: cannot start ${shown(cli)}: ${oneLine(err)}`);
          resolve(1);
        });
        running.once('exit', (c, signal) => resolve(c ?? (signal === 'SIGINT' ? 130 : 1)));
      });
      child = null;
      // 4 = partial (some seeds failed): still worth ranking what was found, but report it.
      if (code !== 0 && exitCode === 0) exitCode = code;
      if (code !== 0 && code !== 4) {
        if (!interrupted) note(`linernotes demo: step ${i + 1} failed with exit code ${code}`);
        break;
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (interrupted || !serveAfter) await proxy.close();
  }

  const seconds = ((systemClock.now() - started) / 1000).toFixed(1);
  if (interrupted) {
    note(`\nlinernotes demo: interrupted after ${seconds} s`);
    return 130;
  }
  note(`\nlinernotes demo: ${exitCode === 0 ? 'done' : 'finished with problems'} in ${seconds} s (${proxy.requests.length} requests to the offline world)`);
  note(`  database: ${shown(db)}`);
  if (existsSync(csv)) note(`  CSV:      ${shown(csv)}`);
  note(`  explore:  node ${shown(cli)} rank --db ${shown(db)} --limit 30`);
  if (serveAfter) {
    try {
      await serve(world, out, cli, db);
    } finally {
      await proxy.close();
    }
  } else {
    note('  (the offline world is gone now; `npm run demo -- --serve` keeps it up for discover, recrawl and known import)');
  }
  return exitCode;
}

try {
  process.exitCode = await main();
} catch (err) {
  note(`linernotes demo: ${oneLine(err)}`);
  process.exitCode = 1;
}
