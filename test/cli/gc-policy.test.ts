import { describe, expect, it } from 'vitest';
import { applyCrawlGcPolicy, HEAP_GROWING_PERCENT } from '../../src/cli/gc-policy.js';
import { UsageError } from '../../src/errors.js';

describe('applyCrawlGcPolicy', () => {
  it('grows the heap by the default percentage unless LN_HEAP_GROWING_PERCENT says otherwise (0: V8 decides)', () => {
    expect(applyCrawlGcPolicy({})).toBe(HEAP_GROWING_PERCENT);
    expect(applyCrawlGcPolicy({ LN_HEAP_GROWING_PERCENT: '50' })).toBe(50);
    expect(applyCrawlGcPolicy({ LN_HEAP_GROWING_PERCENT: '0' })).toBe(0);
    // Back to the default for the rest of this test process.
    applyCrawlGcPolicy({});
  });

  it('refuses a value that is not a whole percentage, naming it', () => {
    for (const bad of ['-5', 'lots', '2.5', '5000']) {
      expect(() => applyCrawlGcPolicy({ LN_HEAP_GROWING_PERCENT: bad })).toThrow(UsageError);
    }
    expect(() => applyCrawlGcPolicy({ LN_HEAP_GROWING_PERCENT: 'lots' })).toThrow(/LN_HEAP_GROWING_PERCENT.*"lots"/);
  });
});
