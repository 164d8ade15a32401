// Ctrl-C as a user presses it, on a spawned CLI: the first says it is stopping and the run stops
// after the requests already on the wire (host waits and backoffs are cut short, not waited
// out); a second quits at once with 130; the resumed run names the flags it ignores.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOfflineWorld, type OfflineWorld } from '../../src/demo/offline-world.js';
import { startWorldProxy, type WorldProxy } from '../../src/demo/world-proxy.js';
import { ROOT, startCli } from '../helpers/spawn-cli.js';

const WORLD = join(ROOT, 'fixtures/demo-world');
const dir = mkdtempSync(join(tmpdir(), 'ln-interrupt-'));
const STOPPING = 'stopping after the requests in flight (Ctrl-C again to quit now)\n';
let world: OfflineWorld;
let slow: WorldProxy;
const hanging: ServerResponse[] = [];

const until = async (what: () => boolean, label: string): Promise<void> => {
  for (let i = 0; i < 6000 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!what()) throw new Error(`timed out waiting for ${label}`);
};

beforeAll(async () => {
  world = await startOfflineWorld(WORLD);
  // A host that never answers: its request stays in flight until the process quits.
  mkdirSync(join(dir, 'sites'), { recursive: true });
  slow = await startWorldProxy({
    root: dir,
    handle: (host, _path, _req, res) => {
      if (host !== 'slow.example') return false;
      hanging.push(res);
      return true;
    },
  });
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await world?.close();
  await slow?.close();
});

describe('Ctrl-C', () => {
  it('says it is stopping, stops after the requests in flight, and the resume names ignored flags', async () => {
    const db = join(dir, 'stop.db');
    const args = ['discover', join(WORLD, 'seeds.txt'), '--db', db, '--topic', 'content marketing', '--bluesky-api', world.blueskyApi!];
    // --concurrency 2: at most two requests on the wire; everything else waits for a host's turn.
    const { child, done } = startCli([...args, '--concurrency', '2'], world.env);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const start = world.proxy.requests.length;
    await until(() => world.proxy.requests.length - start >= 10, '10 requests');
    child.kill('SIGINT');
    await until(() => stderr.includes(STOPPING), 'the stopping message');
    const atStop = world.proxy.requests.length;
    const res = await done;
    expect(res.code).toBe(130);
    expect(res.stderr).toMatch(/^stopping after the requests in flight \(Ctrl-C again to quit now\)\ninterrupted after \d+ fetches; run the same command again to resume run 1\n$/);
    // At most the two requests on the wire (each may follow a redirect within its fetch). Before,
    // every page already handed to a host was still fetched, a --delay apart (7 in this test).
    expect(world.proxy.requests.length - atStop).toBeLessThanOrEqual(4);

    const resumed = startCli([...args, '--depth', '1', '--delay', '0', '-q'], world.env);
    let said = '';
    resumed.child.stderr!.on('data', (d: Buffer) => (said += d.toString()));
    await until(() => said.includes('\n'), 'the resume line');
    resumed.child.kill('SIGKILL');
    await resumed.done;
    expect(said.split('\n')[0]).toBe('resuming run 1 with its own settings, ignoring --depth 1 --delay 0 (--restart starts over with them)');
  }, 120_000);

  it('a second Ctrl-C quits at once with 130, while a request still hangs', async () => {
    const seeds = join(dir, 'slow-seeds.txt');
    writeFileSync(seeds, 'http://slow.example/\n');
    const env = { HTTP_PROXY: slow.url, HTTPS_PROXY: slow.url, NO_PROXY: '' };
    const { child, done } = startCli(['discover', seeds, '--db', join(dir, 'slow.db'), '--timeout', '120'], env);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await until(() => slow.requests.some((r) => r.host === 'slow.example'), 'the hanging request');
    child.kill('SIGINT');
    await until(() => stderr.includes(STOPPING), 'the stopping message');
    child.kill('SIGINT');
    const res = await done;
    expect(res.code).toBe(130);
    expect(res.stderr).toBe(`${STOPPING}quitting now; run the same command again to resume\n`);
  }, 60_000);
});
