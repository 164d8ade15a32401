import { describe, expect, it } from 'vitest';
import { colorEnabled, fit, safe, table } from '../../src/cli/output.js';
import { makeWorld, page } from '../helpers/world.js';

describe('terminal output', () => {
  it('colours only a TTY, and never with NO_COLOR', () => {
    expect(colorEnabled({ write: () => true, isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ write: () => true, isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ write: () => true, isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ write: () => true, isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled({ write: () => true, isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  });

  it('strips escape sequences and control characters from web text', () => {
    expect(safe('Evil\u001b[31m red\u001b]0;title\u0007 \u202Egnp.exe')).toBe('Evil red gnp.exe');
  });

  it('fits cells to width and aligns columns', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    const lines = table(['#', 'name'], [['1', 'a'], ['10', 'bb']], 80, ['r', 'l']);
    expect(lines).toEqual([' #  name', ' 1  a', '10  bb']);
  });

  it('rank never prints a hostile title raw', async () => {
    const world = await makeWorld({
      'a.example': { 'index.html': page('A', 'seed', ['http://b.example/']) },
      'b.example': { 'index.html': page('Bad\u001b[2J\u001b[31mName', 'content') },
    });
    try {
      await world.cli(['discover', world.seeds(['http://a.example/']), '--db', world.db, '--delay', '0', '-q']);
      const res = await world.cli(['rank', '--db', world.db]);
      expect(res.stdout).toContain('BadName');
      expect(res.stdout).not.toMatch(/\u001b/);
    } finally {
      await world.close();
    }
  });
});
