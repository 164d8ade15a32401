// The small pure parts of the score: the relevance gate and its reference, breadth of trusted
// endorsement, and the topic centroid that leaves each text out of its own comparison.
import { describe, expect, it } from 'vitest';
import { breadthOfEndorsement, endorserTrust, evidenceCount, EVIDENCE_CAP, trustReference } from '../../src/rank/endorsement.js';
import { GATE_HIGH, GATE_LOW, relevanceGate, relevanceReference, topicality } from '../../src/rank/gate.js';
import { Centroid } from '../../src/rank/topic.js';

describe('relevance gate', () => {
  it('is shut below GATE_LOW, open from GATE_HIGH, monotone between', () => {
    expect(relevanceGate(0)).toBe(0);
    expect(relevanceGate(GATE_LOW)).toBe(0);
    expect(relevanceGate(GATE_HIGH)).toBe(1);
    expect(relevanceGate(1)).toBe(1);
    const mid = relevanceGate((GATE_LOW + GATE_HIGH) / 2);
    expect(mid).toBeCloseTo(0.5, 12);
    expect(relevanceGate(GATE_LOW + 0.01)).toBeLessThan(mid);
  });

  it('reads relevance against the weighted median of what the seeds point at, capped at 1', () => {
    const endorsed = [{ relevance: 0.1, weight: 1 }, { relevance: 0.2, weight: 1 }, { relevance: 0.3, weight: 3 }, { relevance: 0, weight: 5 }];
    expect(relevanceReference(endorsed, [])).toBe(0.3);
    expect(relevanceReference([{ relevance: 0.2, weight: 1 }], [0.1, 0.2, 0.4, 0.8])).toBe(0.8); // too few: upper quartile of all
    expect(relevanceReference([], [])).toBe(0);
    expect(topicality(0.15, 0.3)).toBeCloseTo(0.5, 12);
    expect(topicality(0.6, 0.3)).toBe(1);
    expect(topicality(0.1, 0)).toBe(0);
  });
});

describe('breadth of trusted endorsement', () => {
  it('counts one endorser at most EVIDENCE_CAP links, a plain link as 1', () => {
    expect(evidenceCount(1)).toBeCloseTo(1, 12);
    expect(evidenceCount(0.5)).toBeCloseTo(0.75, 12);
    expect(evidenceCount(2)).toBeCloseTo(1.2, 12);
    expect(evidenceCount(1e9)).toBeLessThan(EVIDENCE_CAP);
    expect(evidenceCount(0)).toBe(0);
  });

  it('weighs each endorser by its trust (PageRank over the reference, capped, seeds 1) and its own gate', () => {
    const pagerank = Float64Array.from([0.5, 0.01, 0.02, 0.0001]);
    const ref = trustReference(pagerank, (i) => i > 0);
    expect(ref).toBe(0.01);
    const trust = endorserTrust(pagerank, (i) => i === 0, ref);
    expect([...trust]).toEqual([1, 1, 1, 0.01]);
    const gates = Float64Array.from([1, 1, 0, 1]);
    const { endorsement, endorsers } = breadthOfEndorsement(5, [
      { from: 0, to: 4, strength: 1 }, { from: 1, to: 4, strength: 1 }, { from: 2, to: 4, strength: 1 }, { from: 3, to: 4, strength: 100 }, { from: 4, to: 4, strength: 1 },
    ], trust, gates);
    // seed 1 + writer 1 + off-topic 0 + farm-like 0.01 × ~1.5; the self-edge is ignored.
    expect(endorsement[4]).toBeCloseTo(2 + 0.01 * evidenceCount(100), 12);
    expect(endorsers[4]).toBe(3);
  });
});

describe('topic centroid', () => {
  it('leaves a text out of its own comparison and weights terms by how many texts use them', () => {
    const c = new Centroid();
    c.add(0, 1, new Map([['soil', 1], ['compost', 1]]));
    c.add(1, 1, new Map([['soil', 1], ['recipes', 1]]));
    c.add(2, 1, new Map([['soil', 1], ['compost', 1]]));
    const all = c.vector(null);
    expect(all.get('soil')!).toBeGreaterThan(all.get('compost')!);
    expect(all.get('compost')!).toBeGreaterThan(all.get('recipes')!);
    expect(c.vector(1).has('recipes')).toBe(false); // the cook's own word is not the topic it is judged by
    expect(c.has(1)).toBe(true);
    expect(c.has(7)).toBe(false);
    const len = Math.hypot(...all.values());
    expect(len).toBeCloseTo(1, 12);
  });
});
