// The `known` table: adding is idempotent per (kind, identity), keeps the first source, fills a
// missing label; removing by id.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { KnownStore } from '../../src/store/known.js';

describe('KnownStore', () => {
  it('adds each identity once, fills a missing label, lists and removes', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'ln-known-')), 'k.db'));
    try {
      const known = new KnownStore(db);
      expect(known.add([{ kind: 'site', identity: 'a.example', label: null }, { kind: 'feed', identity: 'https://a.example/feed', label: 'A' }], 'list:a.txt', 1000))
        .toEqual({ added: 2, existing: 0 });
      expect(known.add([{ kind: 'site', identity: 'a.example', label: 'Alpha' }, { kind: 'feed', identity: 'https://a.example/feed', label: 'Other' }, { kind: 'mastodon', identity: 'a@toot.example', label: null }], 'opml:b.opml', 2000))
        .toEqual({ added: 1, existing: 2 });
      expect(known.list()).toEqual([
        { id: 1, kind: 'site', identity: 'a.example', label: 'Alpha', source: 'list:a.txt', addedAt: 1000 },
        { id: 2, kind: 'feed', identity: 'https://a.example/feed', label: 'A', source: 'list:a.txt', addedAt: 1000 },
        { id: 3, kind: 'mastodon', identity: 'a@toot.example', label: null, source: 'opml:b.opml', addedAt: 2000 },
      ]);
      expect(known.remove([1, 3, 99])).toBe(2);
      expect(known.list().map((r) => r.id)).toEqual([2]);
    } finally {
      db.close();
    }
  });
});
