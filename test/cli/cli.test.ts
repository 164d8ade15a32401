// Command-line behaviour in-process: errors are one line with the right exit code, data goes
// to stdout, notes to stderr, nothing is written when the input is bad.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'ln-cli-'));

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env: { NO_PROXY: '*', ...env },
  };
  const code = await main(args, io, new ManualClock());
  return { code, stdout, stderr };
}

describe('cli', () => {
  it('rejects a bad seeds line with FILE:LINE and exit 2, before touching the db', async () => {
    const seeds = join(dir, 'bad-seeds.txt');
    writeFileSync(seeds, '# my seeds\nhttps://ok.example/\n\nhtp://x\n');
    const db = join(dir, 'never.db');
    const res = await run(['discover', seeds, '--db', db]);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(`${seeds}:4:`);
    expect(res.stderr).toContain('htp://x');
    expect(existsSync(db)).toBe(false);
  });

  it('names a missing seeds file', async () => {
    const res = await run(['discover', join(dir, 'nope.txt'), '--db', join(dir, 'x.db')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/nope\.txt: no such file/);
  });

  it('rejects bad numbers naming the flag and the value', async () => {
    const seeds = join(dir, 'ok.txt');
    writeFileSync(seeds, 'https://ok.example/\n');
    const res = await run(['discover', seeds, '--depth', 'two']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--depth must be a whole number >= 0, got "two"/);
  });

  it('says to run discover first when rank has no db', async () => {
    const res = await run(['rank', '--db', join(dir, 'missing.db')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/missing\.db: no such database; run `linernotes discover/);
    expect(res.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('refuses an unknown export format', async () => {
    const res = await run(['export', '--db', join(dir, 'missing.db'), '--format', 'xlsx']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/xlsx/);
  });

  it('prints help with examples for every command', async () => {
    for (const cmd of [[], ['discover'], ['rank'], ['export']]) {
      const res = await run([...cmd, '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/Examples:/);
    }
  });

  it('uses LINERNOTES_DB when --db is absent', async () => {
    const res = await run(['rank'], { LINERNOTES_DB: join(dir, 'from-env.db') });
    expect(res.stderr).toContain('from-env.db');
  });
});
