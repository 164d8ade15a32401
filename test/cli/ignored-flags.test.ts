// A resumed run keeps its settings; the flags typed this time that differ are named the way
// they were typed, so the user knows what is really running.
import { describe, expect, it } from 'vitest';
import { givenSettings } from '../../src/cli/commands/discover.js';
import { ignoredFlags } from '../../src/cli/ignored-flags.js';
import { resolveSettings } from '../../src/crawl/settings.js';

describe('ignoredFlags', () => {
  const kept = resolveSettings({ depth: 2, delayMs: 1000, topic: ['content', 'marketing'] });

  it('names the flags whose values differ from the resumed run, as typed', () => {
    const given = givenSettings({ db: 'x.db', depth: 1, delay: 0, topic: 'content marketing', maxPages: 2000 });
    expect(ignoredFlags(given, kept)).toEqual(['--depth 1', '--delay 0']);
  });

  it('says nothing for flags not given or equal to the kept settings', () => {
    expect(ignoredFlags(givenSettings({ db: 'x.db' }), kept)).toEqual([]);
    expect(ignoredFlags(givenSettings({ db: 'x.db', depth: 2, delay: 1 }), kept)).toEqual([]);
  });

  it('quotes text values', () => {
    expect(ignoredFlags(givenSettings({ db: 'x.db', topic: 'seo', timeout: 5 }), kept)).toEqual(['--timeout 5', '--topic "seo"']);
  });
});
