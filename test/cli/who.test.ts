// Who is deciding: the default name (the OS user, else $USER, else `unknown`) and `--as` parsing.
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { actorName, osUserName } from '../../src/cli/who.js';

const throws = () => {
  throw new Error('ENOENT: no passwd entry for uid 4242');
};

describe('osUserName', () => {
  it('is the OS user name', () => {
    expect(osUserName({ USER: 'env-name' }, () => ({ username: 'ana' }))).toBe('ana');
  });

  it('falls back to $USER, then $USERNAME or $LOGNAME, then unknown when the system has no entry', () => {
    expect(osUserName({ USER: 'bo' }, throws)).toBe('bo');
    expect(osUserName({ USERNAME: 'cy' }, throws)).toBe('cy');
    expect(osUserName({ LOGNAME: 'di' }, throws)).toBe('di');
    expect(osUserName({}, throws)).toBe('unknown');
    expect(osUserName({}, () => ({ username: '' }))).toBe('unknown');
  });

  it('strips control characters, so a name cannot rewrite a terminal', () => {
    expect(osUserName({ USER: 'e\u001b[31mve\u0007' }, throws)).toBe('e[31mve');
  });
});

describe('--as', () => {
  it('takes a trimmed name', () => {
    expect(actorName('  ana ')).toBe('ana');
    expect(actorName('Ana Lima')).toBe('Ana Lima');
  });

  it('refuses an empty, overlong or control-character name with one line naming the flag', () => {
    for (const bad of ['', '   ', 'x'.repeat(65), 'ana\nbo', 'a\u202Eb']) {
      expect(() => actorName(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => actorName('')).toThrow('--as takes a name of 1 to 64 characters without control characters, got ""');
  });
});
