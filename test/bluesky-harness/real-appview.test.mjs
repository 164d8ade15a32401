// The integration suite against the real Bluesky AppView (run by run.sh under Node 22, with
// Postgres and Redis up). It starts @atproto/dev-env's TestNetwork, writes the world of
// world.mjs into its PDS, and runs the project's CLI (bin/linernotes, under Node 20) with
// `--bluesky-api` pointed at the AppView, as a user would. The CLI reaches the AppView and the
// made-up web through the project's world proxy (HTTP_PROXY), which forwards the host
// `appview.test` to the real AppView and counts what was asked of it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { TestNetwork } from '@atproto/dev-env';
import { ACCOUNTS, PLANTED, buildWorld } from './world.mjs';

const repo = process.env.LINERNOTES_REPO;
const node20 = process.env.LINERNOTES_NODE;
assert.ok(repo && node20, 'run through test/bluesky-harness/run.sh (npm run test:bluesky)');
const { startWorldProxy } = await import(pathToFileURL(join(repo, 'dist/src/demo/world-proxy.js')).href);

const APPVIEW_HOST = 'appview.test';

/** A tiny made-up web: carol's notes page and bob's links page. */
const SITES = {
  'carol.example': { 'notes': '<!doctype html><title>Carol notes</title><p>Arrangers and liner notes.</p>' },
  'bob-links.example': { 'index.html': '<!doctype html><title>Bob links</title><p>Links about liner notes.</p>' },
};

let network;
let proxy;
let dir;
let did;
let addRecrawlPosts;
/** XRPC calls the CLI made: `method actor`. */
const calls = [];

/** Forward a world-proxy request for the AppView host to the real AppView. */
function forwarder(appviewUrl) {
  return async (host, path, req, res) => {
    if (host !== APPVIEW_HOST) return false;
    const u = new URL(path, appviewUrl);
    const m = /^\/xrpc\/([^?]+)/.exec(u.pathname);
    if (m) calls.push(`${m[1]} ${u.searchParams.get('actor') ?? ''}`);
    const answer = await fetch(u, { headers: { accept: req.headers.accept ?? '*/*' } });
    const body = Buffer.from(await answer.arrayBuffer());
    const headers = {};
    for (const [k, v] of answer.headers) if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) headers[k] = v;
    res.writeHead(answer.status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
    return true;
  };
}

/** Run the CLI under Node 20 through the world proxy. */
function cli(args) {
  return new Promise((resolve) => {
    execFile(node20, [join(repo, 'bin/linernotes'), ...args], {
      cwd: dir, maxBuffer: 64 << 20, timeout: 300_000,
      env: { PATH: process.env.PATH, HOME: dir, HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '', NO_COLOR: '1' },
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

async function ok(args) {
  const r = await cli(args);
  assert.equal(r.code, 0, `linernotes ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r;
}

const db = () => join(dir, 'world.db');
const discoverArgs = () => ['discover', join(dir, 'seeds.txt'), '--db', db(), '--bluesky-api', `http://${APPVIEW_HOST}`, '--delay', '0', '--quiet'];
const keyOf = (name) => (name.startsWith('site:') ? name : `bsky:${did[name]}`);
const nameOfKey = (key) => Object.keys(did).find((n) => `bsky:${did[n]}` === key) ?? key;

/** Stored edges as `from type to` with account names, read with Node 22's own SQLite. */
function storedEdges() {
  const sql = new DatabaseSync(db(), { readOnly: true });
  try {
    const rows = sql.prepare(
      `SELECT f.key AS "from", e.type AS type, t.key AS "to" FROM edges e
       JOIN entities f ON f.id = e.from_entity JOIN entities t ON t.id = e.to_entity`,
    ).all();
    return new Set(rows.map((r) => `${nameOfKey(r.from)} ${r.type} ${nameOfKey(r.to)}`));
  } finally {
    sql.close();
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ln-real-appview-'));
  const started = Date.now();
  network = await TestNetwork.create({ pds: { serviceHandleDomains: ['.pds.test', '.test'] } });
  ({ did, addRecrawlPosts } = await buildWorld(network));
  process.stderr.write(`test:bluesky: network and world ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const root = join(dir, 'web');
  for (const [host, files] of Object.entries(SITES)) {
    for (const [path, body] of Object.entries(files)) {
      const file = join(root, 'sites', host, path);
      await import('node:fs').then((fs) => fs.mkdirSync(join(file, '..'), { recursive: true }));
      writeFileSync(file, body);
    }
  }
  proxy = await startWorldProxy({ root, handle: forwarder(network.bsky.url) });
  writeFileSync(join(dir, 'seeds.txt'), 'bsky:alice.test\nhttps://bsky.app/profile/bob.test\n');
  await ok(discoverArgs());
});

after(async () => {
  await proxy?.close();
  await network?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a crawl of the real AppView', () => {
  it('finds every planted edge', () => {
    const edges = storedEdges();
    const missing = PLANTED.map(([from, type, to]) => `${from} ${type} ${to}`).filter((e) => !edges.has(e));
    assert.deepEqual(missing, [], `missing edges; stored:\n${[...edges].sort().join('\n')}`);
  });

  it('records a quote of a deleted post as a quote of the author its at-URI names', () => {
    assert.ok(storedEdges().has('alice quote hank'));
  });

  it('reads each account once, whether reached by handle or by DID', () => {
    const feeds = calls.filter((c) => c.startsWith('app.bsky.feed.getAuthorFeed '));
    const perDid = new Map();
    for (const c of feeds) perDid.set(c.split(' ')[1], (perDid.get(c.split(' ')[1]) ?? 0) + 1);
    const twice = [...perDid].filter(([, n]) => n > 1).map(([d]) => nameOfKey(`bsky:${d}`));
    assert.deepEqual(twice, []);
    assert.ok(perDid.has(did.alice) && perDid.has(did.carol), 'alice (seed, by handle) and carol (by DID) were read');
  });

  it('keeps gina.pds.test and hank.pds.test apart, and credits each with their own evidence', async () => {
    const rows = JSON.parse((await ok(['rank', '--db', db(), '--json', '--limit', '100'])).stdout);
    const gina = rows.filter((r) => r.bluesky.split(' ').includes('gina.pds.test'));
    const hank = rows.filter((r) => r.bluesky.split(' ').includes('hank.pds.test'));
    assert.equal(gina.length, 1);
    assert.equal(hank.length, 1);
    assert.notEqual(gina[0].rank, hank[0].rank);
    assert.ok(!rows.some((r) => r.website.includes('pds.test')), 'no candidate claims the registrable domain pds.test');
    const why = JSON.parse((await ok(['why', '--db', db(), 'hank.pds.test', '--json'])).stdout);
    const reposts = why.evidence.filter((g) => g.type === 'repost');
    assert.deepEqual(reposts, [], 'bob reposted gina, not hank');
  });

  it('names candidates by the display name the AppView gave', async () => {
    const rows = JSON.parse((await ok(['rank', '--db', db(), '--json', '--limit', '100'])).stdout);
    for (const name of ['carol', 'dave', 'erin', 'frank', 'gina', 'hank']) {
      const row = rows.find((r) => r.bluesky.split(' ').includes(ACCOUNTS[name].handle));
      assert.ok(row, `${name} is a candidate`);
      assert.equal(row.name, ACCOUNTS[name].displayName);
    }
  });

  it('shows no website that was never verified (a domain handle is not a fetched site)', async () => {
    const why = JSON.parse((await ok(['why', '--db', db(), 'alice.test', '--json'])).stdout);
    assert.notEqual(why.identities.website, 'https://alice.test/');
    const rows = JSON.parse((await ok(['rank', '--db', db(), '--json', '--limit', '100'])).stdout);
    for (const r of rows) assert.ok(!/\.test\/$/.test(r.website), `${r.name} shows the unfetched ${r.website}`);
  });

  it('drops a non-https profile website as the AppView does: bob claims no site', () => {
    const sql = new DatabaseSync(db(), { readOnly: true });
    try {
      const claims = sql.prepare('SELECT target_url AS url FROM identity_claims c JOIN entities f ON f.id = c.from_entity WHERE f.key = ?').all(keyOf('bob'));
      assert.ok(!claims.some((c) => c.url.includes('bob.example')));
      const alice = sql.prepare('SELECT target_url AS url FROM identity_claims c JOIN entities f ON f.id = c.from_entity WHERE f.key = ?').all(keyOf('alice'));
      assert.ok(alice.some((c) => c.url === 'https://alice.example/'));
    } finally {
      sql.close();
    }
  });

  it('never ranks, exports or explains the opted-out and the deactivated account', async () => {
    const hidden = [did.olive, did.dora, 'olive.test', 'dora.test', 'Olive Opt', 'Dora Dormant'];
    const outputs = [
      (await ok(['rank', '--db', db(), '--limit', '100'])).stdout,
      (await ok(['rank', '--db', db(), '--json', '--limit', '100'])).stdout,
      (await ok(['export', '--db', db(), '--format', 'csv'])).stdout,
      (await ok(['export', '--db', db(), '--format', 'json'])).stdout,
      (await ok(['export', '--db', db(), '--format', 'gexf'])).stdout,
      (await ok(['export', '--db', db(), '--format', 'graphml'])).stdout,
    ];
    for (const out of outputs) for (const h of hidden) assert.ok(!out.includes(h), `${h} appears in:\n${out.slice(0, 2000)}`);
    // Dora was only ever named by DID (her profile answers AccountDeactivated), so by her profile URL.
    for (const handle of ['olive.test', `https://bsky.app/profile/${did.dora}`]) {
      const why = await cli(['why', '--db', db(), handle]);
      assert.equal(why.code, 2, why.stdout + why.stderr);
      assert.match(why.stderr, /is never shown: the account (asks not to be shown to logged-out viewers|is deactivated)/);
      assert.equal(why.stdout, '');
    }
    // The edges stay in the graph (they are what the seeds did); the people are never shown.
    assert.ok(storedEdges().has('alice mention olive'));
    assert.ok(storedEdges().has('alice mention dora'));
  });

  it("never ranks a seed's own identities as candidates", async () => {
    const table = (await ok(['rank', '--db', db(), '--limit', '100'])).stdout;
    process.stderr.write(`test:bluesky: the ranking of the real-AppView world:\n${table}`);
    const rows = JSON.parse((await ok(['rank', '--db', db(), '--json', '--limit', '100'])).stdout);
    const seedBits = ['alice.test', 'bob.test', 'alice.example', 'Alice Able', 'Bob Baker'];
    for (const r of rows) {
      const shown = [r.name, r.url, r.website, r.bluesky].join(' ');
      for (const s of seedBits) assert.ok(!shown.includes(s), `${s} ranked as #${r.rank}: ${JSON.stringify(r)}`);
    }
    assert.ok(rows.every((r) => r.seeds_reaching > 0), `a candidate no seed reaches: ${JSON.stringify(rows.filter((r) => r.seeds_reaching === 0))}`);
  });

  it('revisits, on a recrawl, an account found through a post: its new repost is read', async () => {
    await addRecrawlPosts();
    await ok(['recrawl', '--db', db(), '--quiet']);
    assert.ok(storedEdges().has('frank repost ivan'), `frank's new repost of ivan was missed; stored:\n${[...storedEdges()].sort().join('\n')}`);
  });
});
