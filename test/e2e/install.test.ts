// Installable like any CLI: `npm pack` (whose prepack builds dist/ and ships the lockfile as
// npm-shrinkwrap.json) gives a tarball that `npm install -g` turns into a working `linernotes`.
// It packs a copy of the package, so the prepack build does not rewrite the dist/ other tests are
// running, and installs from the npm cache where it can (--prefer-offline; after `npm ci` every
// pinned tarball is there, so nothing is downloaded). One shortcut, for time: the install runs
// with --ignore-scripts and gets better-sqlite3's native binding copied from this checkout's
// node_modules (the shrinkwrap pins the same version, built for this Node), because compiling it
// takes 70 s on an idle machine and many minutes on a loaded one — node-gyp's job, not ours.
// What remains (tsc in prepack, installing 80 packages, the demo's polite crawl) took 140 s on a loaded machine.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/spawn-cli.js';

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ code: -1, stdout, stderr: `${stderr}${cmd}: ${err.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm pack and a global install', () => {
  it('gives a working linernotes on PATH that runs the demo and ranks it', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ln-install-'));
    const pkg = join(tmp, 'pkg');
    mkdirSync(pkg);
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'src', 'bench', 'bin', 'fixtures/demo-world']) {
      cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    const ours = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

    const packed = await run('npm', ['pack', '--pack-destination', tmp, '--json'], pkg);
    expect(packed.code, packed.stderr).toBe(0);
    const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/src/cli/run.js');
    expect(files).toContain('npm-shrinkwrap.json');
    expect(files).toContain('fixtures/demo-world/seeds.txt');
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map'))).toEqual([]);

    const prefix = join(tmp, 'prefix');
    const tarball = join(tmp, `linernotes-${ours}.tgz`);
    const installed = await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], tmp);
    expect(installed.code, installed.stderr).toBe(0);
    const sqlite = join(prefix, 'lib/node_modules/linernotes/node_modules/better-sqlite3');
    const version = (p: string) => (JSON.parse(readFileSync(join(p, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version(sqlite)).toBe(version(join(ROOT, 'node_modules/better-sqlite3')));
    mkdirSync(join(sqlite, 'build/Release'), { recursive: true });
    cpSync(join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), join(sqlite, 'build/Release/better_sqlite3.node'));

    const env = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`, NO_COLOR: '1' };
    const v = await run('linernotes', ['--version'], tmp, env);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(ours);
    const work = join(tmp, 'work');
    mkdirSync(work);
    const demo = await run('linernotes-demo', [], work, env);
    expect(demo.code, demo.stderr).toBe(0);
    const rank = await run('linernotes', ['rank', '--db', 'linernotes-demo/demo.db', '--limit', '5'], work, env);
    expect(rank.code, rank.stderr).toBe(0);
    expect(rank.stdout).toMatch(/^\s*1\s/m);
    expect(rank.stdout).toContain('Content Strategy Weekly');
  }, 300_000);
});
