// IntRows parses the one-string-per-slice reads (entity columns) into typed columns.
import { describe, expect, it } from 'vitest';
import { IntRows } from '../../src/store/int-columns.js';

describe('IntRows', () => {
  it('splits rows of integers into columns, over several chunks, negatives included', () => {
    const rows = new IntRows(3, 1);
    rows.addChunk('1 -1 0 2 7 1');
    rows.addChunk('3 2 3 ');
    rows.addChunk('');
    expect(rows.length).toBe(3);
    expect(rows.columns().map((c) => [...c])).toEqual([[1, 2, 3], [-1, 7, 2], [0, 1, 3]]);
  });

  it('grows past its first capacity', () => {
    const rows = new IntRows(2, 1);
    const n = 5000;
    rows.addChunk(Array.from({ length: n }, (_, i) => `${i} ${2147483647 - i}`).join(' '));
    const [a, b] = rows.columns();
    expect(a!.length).toBe(n);
    expect(a![4999]).toBe(4999);
    expect(b![0]).toBe(2147483647);
  });

  it('throws on what is not rows of integers', () => {
    expect(() => new IntRows(2).addChunk('1 2 3')).toThrow(/not rows of 2/);
    expect(() => new IntRows(1).addChunk('1 x')).toThrow(/unexpected "x"/);
    expect(() => new IntRows(1).addChunk('1.5')).toThrow(/unexpected/);
    expect(() => new IntRows(1).addChunk('1  2')).toThrow(/unexpected/);
    expect(() => new IntRows(1).addChunk('2147483648')).toThrow(/32 bits/);
    expect(() => new IntRows(0)).toThrow(/width/);
  });

  it('is empty without chunks', () => {
    expect(new IntRows(2).columns().map((c) => c.length)).toEqual([0, 0]);
  });
});
