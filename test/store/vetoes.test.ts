import { describe, expect, it } from 'vitest';
import { personOf } from '../../src/rank/compute.js';
import { ENGINES, tempStores } from '../helpers/temp-stores.js';

describe.each(ENGINES)('on %s', (engine) => {
const { fresh, store } = tempStores('vetoes', engine);

describe('VetoStore', () => {
  it('stores a pair once, whichever way round it is named', () => {
    const v = store().vetoes;
    expect(v.add('site:b.example', 'fedi:a@toot.example', 10)).toBe(true);
    expect(v.add('fedi:a@toot.example', 'site:b.example', 20)).toBe(false);
    expect(v.add('site:b.example', 'site:b.example', 30)).toBe(false);
    expect(v.list()).toEqual([{ aKey: 'fedi:a@toot.example', bKey: 'site:b.example', vetoedAt: 10, vetoedBy: null }]);
  });

  it('lifts one pair, or every pair naming a key', () => {
    const v = store().vetoes;
    v.add('site:a.example', 'bsky:did:plc:a', 1);
    v.add('site:a.example', 'fedi:a@toot.example', 2);
    v.add('bsky:did:plc:a', 'fedi:a@toot.example', 3);
    expect(v.remove('bsky:did:plc:a', 'site:a.example')).toBe(true);
    expect(v.remove('bsky:did:plc:a', 'site:a.example')).toBe(false);
    expect(v.forKey('fedi:a@toot.example')).toHaveLength(2);
    expect(v.removeAll('fedi:a@toot.example')).toBe(2);
    expect(v.list()).toEqual([]);
  });

  it('survives reopening the database, and personOf honours it', () => {
    const path = fresh();
    const s = store(path);
    const run = s.runs.create('discover', {}, null, 1);
    const site = s.graph.ensureEntity('site:a.example', 'site', { homeUrl: 'http://a.example/' }, run, 1);
    const acct = s.graph.ensureEntity('fedi:a@toot.example', 'account', {}, run, 1);
    s.graph.addClaim({ from: acct, to: site, kind: 'verified-field', evidenceUrl: 'http://toot.example/@a', targetUrl: 'http://a.example/' }, run, 1);
    expect(personOf(s).get(acct)).toBe(site);
    s.vetoes.add('fedi:a@toot.example', 'site:a.example', 2);
    s.close();
    const again = store(path);
    // The crawl records the same proof again; the veto still wins.
    again.graph.addClaim({ from: acct, to: site, kind: 'verified-field', evidenceUrl: 'http://toot.example/@a?page=2', targetUrl: 'http://a.example/' }, run, 3);
    expect(personOf(again).get(acct)).toBe(acct);
  });
});
});
