// The crawl trace: every row's way from dispatch to store and every request slot is published
// on its diagnostics channel, in the order it happened, and what waits in memory after flushes.
import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { rowChannel, slotChannel, stateChannel, type RowEvent, type SlotEvent, type StateEvent } from '../../src/crawl/crawl-trace.js';
import { makeWorld, page, type TestWorld } from '../helpers/world.js';

let world: TestWorld | null = null;
const unsubscribe: (() => void)[] = [];
afterEach(async () => {
  for (const u of unsubscribe.splice(0)) u();
  await world?.close();
  world = null;
});

function listen<T>(channel: diagnostics.Channel): T[] {
  const seen: T[] = [];
  const fn = (m: unknown) => seen.push(m as T);
  channel.subscribe(fn);
  unsubscribe.push(() => channel.unsubscribe(fn));
  return seen;
}

describe('crawl trace', () => {
  it('publishes each row dispatched, answered, then stored, and one slot per request', async () => {
    world = await makeWorld({
      'a.example': { 'index.html': page('Alpha', 'content strategy', ['http://b.example/']) },
      'b.example': { 'index.html': page('Beta', 'newsletters') },
    });
    const rows = listen<RowEvent>(rowChannel);
    const slots = listen<SlotEvent>(slotChannel);
    const states = listen<StateEvent>(stateChannel);
    const res = await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
    expect(res.code).toBe(0);
    const ids = [...new Set(rows.map((r) => r.id))];
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const id of ids) {
      expect(rows.filter((r) => r.id === id).map((r) => r.type)).toEqual(['dispatched', 'answered', 'stored']);
    }
    for (const r of rows) if (r.type === 'answered') expect(r.bytes).toBeGreaterThan(0);
    // Every request the proxy served held a slot (robots.txt included), each from start to end.
    expect(slots.length).toBe(world.proxy.requests.length);
    for (const s of slots) expect(s.endedAt).toBeGreaterThanOrEqual(s.startedAt);
    expect(slots.map((s) => s.host)).toEqual(expect.arrayContaining(['a.example', 'b.example']));
    expect(states.length).toBeGreaterThan(0);
    expect(states.at(-1)).toMatchObject({ held: 0, inFlight: 0, unstored: 0 });
  });
});
