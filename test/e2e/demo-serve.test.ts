// `npm run demo -- --serve`: after the demo the offline world stays up, the environment that
// reaches it is printed (and written to linernotes-demo/world.env), commands typed in another
// terminal crawl it, and SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/spawn-cli.js';

const until = async (what: () => boolean, label: string): Promise<void> => {
  for (let i = 0; i < 12_000 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!what()) throw new Error(`timed out waiting for ${label}`);
};

describe('npm run demo -- --serve', () => {
  it('keeps the world up, prints its environment, serves a discover, stops on SIGTERM', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ln-serve-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin/linernotes-demo'), '--serve'], {
      cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await until(() => stderr.includes('# or: . linernotes-demo/world.env'), 'the environment lines');
      expect(stderr).toMatch(/\nlinernotes demo: the offline world stays up at http:\/\/127\.0\.0\.1:\d+ until Ctrl-C\. In another terminal:\n {2}export HTTP_PROXY=http:\/\/127\.0\.0\.1:\d+\n/);
      // The printed lines and the file say the same.
      const printed = stderr.split('\n').filter((l) => l.startsWith('  export ')).map((l) => l.trim());
      const file = readFileSync(join(cwd, 'linernotes-demo/world.env'), 'utf8').split('\n').filter((l) => l.startsWith('export '));
      expect(file).toEqual(printed);
      const env = Object.fromEntries(printed.map((l) => l.replace(/^export /, '').split('=')).map(([k, v]) => [k!, v === '""' ? '' : v!]));
      expect(Object.keys(env)).toEqual(['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'LINERNOTES_BLUESKY_API']);

      const db = join(cwd, 'other.db');
      const res = await runCli(['discover', join(ROOT, 'fixtures/demo-world/seeds.txt'), '--db', db, '--delay', '0', '-q'], env);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^run 1 done: \d{3} fetched/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr.endsWith('linernotes demo: offline world stopped\n')).toBe(true);
  }, 180_000);
});
