// One page is read once per run whether it is named over http or https (a profile's https
// website, a post's http link), and an https address that does not answer is tried over http.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutcomeWriter } from '../../src/crawl/outcome-writer.js';
import { DEFAULT_SETTINGS } from '../../src/crawl/settings.js';
import { emptyOutcome } from '../../src/sources/source.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore, type Store } from '../../src/store/store.js';

let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

function setup(): { store: Store; runId: number; writer: OutcomeWriter; site: number } {
  store = createStore(openDatabase(join(mkdtempSync(join(tmpdir(), 'ln-schemes-')), 'x.db')));
  const runId = store.runs.create('discover', {}, null, 0);
  const site = store.graph.ensureEntity('site:alice.example', 'site', { homeUrl: 'https://alice.example/' }, runId, 0);
  return { store, runId, writer: new OutcomeWriter(store, runId, DEFAULT_SETTINGS), site };
}
const home = (url: string, entityId: number) => ({ url, depth: 1, role: 'home' as const, entityId, foundFromUrl: null, foundEdge: null });

describe('OutcomeWriter and http/https', () => {
  it('queues a page once when it comes over https and then http, or the other way round', () => {
    const { store, runId, writer, site } = setup();
    writer.enqueue(home('https://alice.example/', site), 0);
    writer.enqueue(home('http://alice.example/', site), 0);
    writer.enqueue(home('http://alice.example/about', site), 0);
    writer.enqueue(home('https://alice.example/about', site), 0);
    expect(store.frontier.all(runId).map((r) => r.url)).toEqual(['https://alice.example/', 'http://alice.example/about']);
  });

  it('tries http when nothing answered over https, and not when https answered with an error', () => {
    const { store, runId, writer, site } = setup();
    writer.enqueue(home('https://alice.example/', site), 0);
    writer.enqueue(home('https://alice.example/gone', site), 0);
    const [root, gone] = store.frontier.all(runId);
    writer.apply(root!, emptyOutcome('failed', 'connection refused', false), 0);
    writer.apply(gone!, emptyOutcome('failed', 'HTTP 404', true), 0);
    expect(store.frontier.all(runId).map((r) => [r.url, r.status])).toEqual([
      ['https://alice.example/', 'failed'], ['https://alice.example/gone', 'failed'], ['http://alice.example/', 'queued'],
    ]);
  });
});
