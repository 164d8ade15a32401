// Cursor paging: the bounds and guards every XRPC list shares.
import { describe, expect, it } from 'vitest';
import { pageByCursor, pageUrl, type PageStep } from '../../src/sources/cursor-paging.js';

/** A visit that answers from a script of pages and records what was asked. */
function scripted(pages: (PageStep | 'stop')[]) {
  const asked: [number, string | null][] = [];
  const visit = async (limit: number, cursor: string | null) => (asked.push([limit, cursor]), pages[asked.length - 1] ?? { read: 0, cursor: null });
  return { asked, visit };
}

describe('pageByCursor', () => {
  it('follows cursors and asks for what is left of max on the last page', async () => {
    const s = scripted([{ read: 100, cursor: 'a' }, { read: 100, cursor: 'b' }, { read: 50, cursor: 'c' }]);
    expect(await pageByCursor({ max: 250, pageSize: 100, visit: s.visit })).toBe('max');
    expect(s.asked).toEqual([[100, null], [100, 'a'], [50, 'b']]);
  });

  it('ends when the server has no cursor, sends an empty page or repeats a cursor', async () => {
    expect(await pageByCursor({ max: 1000, pageSize: 10, visit: scripted([{ read: 10, cursor: 'a' }, { read: 3, cursor: null }]).visit })).toBe('exhausted');
    expect(await pageByCursor({ max: 1000, pageSize: 10, visit: scripted([{ read: 10, cursor: 'a' }, { read: 0, cursor: 'b' }]).visit })).toBe('exhausted');
    const loop = scripted([{ read: 10, cursor: 'a' }, { read: 10, cursor: 'b' }, { read: 10, cursor: 'a' }, { read: 10, cursor: 'b' }]);
    expect(await pageByCursor({ max: 1000, pageSize: 10, visit: loop.visit })).toBe('exhausted');
    expect(loop.asked).toHaveLength(3);
  });

  it('counts a page that ignored the limit as the limit, so max still bounds the requests', async () => {
    const s = scripted([{ read: 500, cursor: 'a' }, { read: 500, cursor: 'b' }, { read: 500, cursor: 'c' }]);
    expect(await pageByCursor({ max: 20, pageSize: 10, visit: s.visit })).toBe('max');
    expect(s.asked).toHaveLength(2);
  });

  it('stops when the visit says so', async () => {
    const s = scripted([{ read: 10, cursor: 'a' }, 'stop', { read: 10, cursor: 'c' }]);
    expect(await pageByCursor({ max: 1000, pageSize: 10, visit: s.visit })).toBe('stopped');
    expect(s.asked).toHaveLength(2);
  });
});

describe('pageUrl', () => {
  it('adds the limit, and the cursor escaped after the first page', () => {
    expect(pageUrl('https://api.example/xrpc/m?actor=a', 5, null)).toBe('https://api.example/xrpc/m?actor=a&limit=5');
    expect(pageUrl('https://api.example/xrpc/m?actor=a', 5, 'x/y z')).toBe('https://api.example/xrpc/m?actor=a&limit=5&cursor=x%2Fy%20z');
  });
});
