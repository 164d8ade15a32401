// A newcomer's first hour, as issue 18 found it, on the demo world through the real CLI: pipes
// closed early, --db before the command, hints that paste, no-ops that say so, export details,
// and failures that can be inspected. One crawl in beforeAll; each test works on copies of it.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import { BIN, ROOT, runCli } from '../helpers/spawn-cli.js';

const WORLD = join(ROOT, 'fixtures/demo-world');
const dir = mkdtempSync(join(tmpdir(), 'ln-newcomer-'));
const db = join(dir, 'demo.db');
let world: OfflineWorld;
let copies = 0;
/** A fresh copy of the crawled db, for tests that write. */
const copy = () => {
  const to = join(dir, `copy-${++copies}.db`);
  copyFileSync(db, to);
  return to;
};
const cli = (args: string[]) => runCli(args, world.env);

beforeAll(async () => {
  world = await startOfflineWorld(WORLD);
  const res = await cli(['discover', join(WORLD, 'seeds.txt'), '--db', db, '--topic', 'content marketing', '--delay', '0', '-q', '--bluesky-api', world.blueskyApi!]);
  expect(res.code).toBe(0);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

/** Run the CLI with a stdout whose reader is gone before the first byte is written. */
function closedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a pipe closed early (| head)', () => {
  for (const args of [['export', '--format', 'json'], ['export', '--format', 'gexf'], ['export', '--format', 'graphml'], ['export', '--format', 'csv'], ['--help'], ['help', 'rank'], ['rank']]) {
    it(`linernotes ${args.join(' ')} | head exits 0 without a word`, async () => {
      const res = await closedPipe(args[0] === '--help' || args[0] === 'help' ? args : [...args, '--db', db]);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
    });
  }
});

describe('stderr closed early (2>&1 | head)', () => {
  it('lets the crawl finish and print its summary; the notes are dropped', async () => {
    const fresh = join(dir, 'stderr-closed.db');
    const res = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      // The default --delay makes the crawl outlast the first plain progress line (10 s), the
      // first write to the closed stderr: it must not end the crawl.
      const args = ['discover', join(WORLD, 'seeds.txt'), '--db', fresh, '--bluesky-api', world.blueskyApi!];
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...world.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr.destroy();
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code, stdout }));
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^run 1 done: \d+ fetched/);
  }, 120_000);
});

describe('copy-pasteable messages', () => {
  it('accepts --db before the command', async () => {
    const before = await cli(['--db', db, 'rank', '--limit', '3']);
    const after = await cli(['rank', '--limit', '3', '--db', db]);
    expect(before.code).toBe(0);
    expect(before.stdout).toBe(after.stdout);
    expect(before.stdout.split('\n')).toHaveLength(5);
  });

  it('lists rank numbers for an ambiguous name, and matches whole words before substrings', async () => {
    const ranks = JSON.parse((await cli(['rank', '--db', db, '--json', '--limit', '100'])).stdout) as { rank: number; name: string }[];
    const rankOf = (name: string) => ranks.find((r) => r.name === name)!.rank;
    const res = await cli(['why', 'Bridge', '--db', db]);
    expect(res.code).toBe(2);
    const [a, b] = [rankOf('Bridge Notes'), rankOf('Beyond the Bridge')].sort((x, y) => x - y);
    const name = (r: number) => ranks.find((x) => x.rank === r)!.name;
    expect(res.stderr).toBe(`linernotes: "Bridge" matches 2 candidates (#${a} "${name(a!)}", #${b} "${name(b!)}"); use the rank number or the URL\n`);
    const the = await cli(['why', 'The', '--db', db]);
    expect(the.stderr).toMatch(/^linernotes: "The" matches \d+ candidates \(#\d+ "The /);
    expect(the.stderr).not.toContain('Weekend Weather');
  });

  it('puts --db into the commands it suggests when the db is not the default', async () => {
    const res = await cli(['why', 'nobody at all', '--db', db]);
    expect(res.stderr).toBe(`linernotes: no candidate matches "nobody at all"; \`linernotes rank --db ${db}\` shows names, numbers and URLs\n`);
    const rw = copy();
    const split = await cli(['unmerge', '@joanna@toots.example', '--db', rw]);
    expect(split.code).toBe(0);
    expect(split.stderr).toContain(`\nundo with: linernotes unmerge --undo @joanna@toots.example --db ${rw}\n`);
    const undo = await cli(['unmerge', '--undo', '@joanna@toots.example', '--db', rw]);
    expect(undo.code).toBe(0);
  });

  it('leaves --db out of hints for the default database', async () => {
    const res = await runCli(['why', 'nobody at all'], { ...world.env, LINERNOTES_DB: db });
    expect(res.stderr).toBe('linernotes: no candidate matches "nobody at all"; `linernotes rank` shows names, numbers and URLs\n');
  });
});

describe('no-ops say so', () => {
  it('pick of a seed picks nothing', async () => {
    const rw = copy();
    const res = await cli(['pick', 'Ada Writes', '--db', rw]);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('Ada Writes is a seed; seeds are not candidates (nothing to pick)\n');
    expect((await cli(['rank', '--db', rw, '--status', 'picked'])).stderr).toBe('no candidates with status picked\n');
  });

  it('unmark of an unmarked candidate, and pick of a picked one, change nothing', async () => {
    const rw = copy();
    expect((await cli(['unmark', '3', '--db', rw])).stderr).toMatch(/^.+ has no pick or rejection; nothing to unmark\n$/);
    expect((await cli(['pick', '3', '--db', rw])).stderr).toMatch(/^picked: .+\n$/);
    expect((await cli(['pick', '3', '--db', rw])).stderr).toMatch(/^already picked: .+\n$/);
    expect((await cli(['unmark', '3', '--db', rw])).stderr).toMatch(/^unmarked \(was picked\): .+\n$/);
  });

  it('seeds add of a stored seed says it is there already', async () => {
    const rw = copy();
    const res = await cli(['seeds', 'add', 'http://blog.ada-writes.example/', '--db', rw]);
    expect(res.stderr).toBe('already a seed: http://blog.ada-writes.example/ (seed 1)\n');
  });

  it('discover with no seeds leaves no empty database behind', async () => {
    const fresh = join(dir, 'e5.db');
    const res = await cli(['discover', '--db', fresh]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`linernotes: ${fresh}: no seeds; pass a seeds file, or add seeds with \`linernotes seeds add URL --db ${fresh}\`\n`);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('export details', () => {
  it('--out - writes to stdout', async () => {
    const res = await cli(['export', '--db', db, '--out', '-', '--limit', '2']);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\r\n')).toHaveLength(4);
    expect(existsSync(join(ROOT, '-'))).toBe(false);
  });

  it('names a missing folder', async () => {
    const out = join(dir, 'missing/dir/x.csv');
    const res = await cli(['export', '--db', db, '--out', out]);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`linernotes: ${out}: the folder ${join(dir, 'missing/dir')}/ does not exist; create it first (mkdir -p ${join(dir, 'missing/dir')})\n`);
  });

  it('--bom starts the file with a UTF-8 byte order mark', async () => {
    const out = join(dir, 'excel.csv');
    expect((await cli(['export', '--db', db, '--out', out, '--bom'])).code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3, 8).toString()).toBe('rank,');
  });

  it('has the README\'s CSV columns in the README\'s order, known only with --include-known', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('CSV columns:'));
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| column |')));
    const documented = table.split('\n').slice(4).flatMap((l) => l.split('|')[1]!.split(',').map((c) => c.trim()));
    const header = (args: string[]) => cli(['export', '--db', db, ...args]).then((r) => r.stdout.split('\r\n')[0]!.split(','));
    expect(await header(['--include-known'])).toEqual(documented);
    expect(await header([])).toEqual(documented.filter((c) => c !== 'known'));
  });
});

describe('failures can be inspected', () => {
  it('runs --errors lists what failed and was skipped, with role, hop, tries and reason', async () => {
    const res = await cli(['runs', '--errors', '--db', db]);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^status +hop +role +tries +url +reason$/);
    expect(res.stdout).toMatch(/\nfailed +1 +page +1 +http:\/\/contentstrategyweekly\.example\/2025\/03\/retired-post\.html +HTTP 404\n/);
    expect(res.stdout).toMatch(/\nskipped +1 +home +1 +http:\/\/ghostwriter-guild\.example\/ +disallowed by robots\.txt\n/);
    expect(res.stderr).toMatch(/^run 1: \d+ failed, \d+ skipped\n$/);
    const json = JSON.parse((await cli(['runs', '--errors', '1', '--json', '--db', db])).stdout);
    expect(json.run).toBe(1);
    expect(json.errors).toContainEqual({ status: 'failed', url: 'http://contentstrategyweekly.example/2025/03/retired-post.html', role: 'page', depth: 1, attempts: 1, reason: 'HTTP 404', foundFrom: expect.any(String) });
  });

  it('why says when a candidate could not be read', async () => {
    const gone = await cli(['why', 'http://defunct-blog.example/', '--db', db]);
    expect(gone.stdout).toContain('\nRelevant for\n  nothing: fetch failed: site unreachable: robots.txt answered 502 (http://defunct-blog.example/)\n');
    const login = await cli(['why', '@mira@gts.example', '--db', db]);
    expect(login.stdout).toContain('\nRelevant for\n  nothing: not read: not readable without login (gotosocial) (http://gts.example/@mira)\n');
    const json = JSON.parse((await cli(['why', '@mira@gts.example', '--db', db, '--json'])).stdout);
    expect(json.reading).toEqual({ state: 'skipped', url: 'http://gts.example/@mira', reason: 'not readable without login (gotosocial)' });
  });
});
