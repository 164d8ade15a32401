import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/export/json.js';

describe('toJson', () => {
  it('is pretty, keeps key order as given and ends with a newline', () => {
    const text = toJson({ zeta: 1, alpha: [1, 2], mid: { b: true, a: null } });
    expect(text).toBe('{\n  "zeta": 1,\n  "alpha": [\n    1,\n    2\n  ],\n  "mid": {\n    "b": true,\n    "a": null\n  }\n}\n');
  });

  it('escapes terminal-active characters losslessly', () => {
    const value = { s: 'a\u0000b\u001b[31m\u009bc\u202Ed\u2028e' };
    const text = toJson(value);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u202E]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('copes with values JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(JSON.parse(toJson(cyclic))).toEqual({ name: 'loop', self: '[Circular]' });
    expect(JSON.parse(toJson({ n: 10n, m: new Map([['k', 1]]), s: new Set([1, 2]), d: new Date(0), x: Number.NaN }))).toEqual({
      n: '10', m: { k: 1 }, s: [1, 2], d: '1970-01-01T00:00:00.000Z', x: null,
    });
    expect(toJson(undefined)).toBe('null\n');
    // The same object twice (not a cycle) is written twice.
    const shared = { a: 1 };
    expect(JSON.parse(toJson([shared, shared]))).toEqual([{ a: 1 }, { a: 1 }]);
  });
});
