import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../src/config.js';

describe('settings file', () => {
  it('fills defaults and overrides what is given', () => {
    const c = parseConfig({ ranking: { damping: 0.9, edgeWeights: { mention: 0 } }, platforms: ['News.Example.com'] }, 'f.json');
    expect(c.ranking.damping).toBe(0.9);
    expect(c.ranking.relevanceWeight).toBe(DEFAULT_CONFIG.ranking.relevanceWeight);
    expect(c.ranking.edgeWeights.mention).toBe(0);
    expect(c.ranking.edgeWeights.link).toBe(1);
    expect(c.platforms).toEqual(['news.example.com']);
  });

  it('names the file and the setting on every mistake', () => {
    expect(() => parseConfig([], 'f.json')).toThrow(/^f\.json: must be a JSON object/);
    expect(() => parseConfig({ ranking: { damping: 1 } }, 'f.json')).toThrow('f.json: ranking.damping must be a number between 0 and 1, got 1');
    expect(() => parseConfig({ ranking: { relevanceWeight: '0.5' } }, 'f.json')).toThrow(/ranking\.relevanceWeight must be a number from 0 to 1, got "0\.5"/);
    expect(() => parseConfig({ ranking: { edgeWeights: { like: 1 } } }, 'f.json')).toThrow(/unknown setting "ranking\.edgeWeights\.like"/);
    expect(() => parseConfig({ platforms: 'x.com' }, 'f.json')).toThrow(/"platforms" must be a list of domains/);
    expect(() => parseConfig({ colour: true }, 'f.json')).toThrow(/unknown setting "colour" \(known: ranking, platforms, network\)/);
    expect(() => parseConfig({ network: { allowPrivate: "yes" } }, 'f.json')).toThrow('f.json: network.allowPrivate must be true or false, got "yes"');
    expect(() => parseConfig({ network: { allow: true } }, 'f.json')).toThrow(/unknown setting "network\.allow"/);
  });

  it('keeps the network guard on unless the file turns it off', () => {
    expect(parseConfig({}, 'f.json').network.allowPrivate).toBe(false);
    expect(parseConfig({ network: { allowPrivate: true } }, 'f.json').network.allowPrivate).toBe(true);
  });
});
