// Throwaway SQLite stores for store tests: a fresh file per call in one temp folder, every store
// a test opened closed after it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { createStore, dbOf, type Store } from '../../src/store/store.js';

/** A temp folder `dir` named `ln-PREFIX-…`: `fresh()` names a new db file in it, `store(path?)` opens one (closed after each test). */
export function tempStores(prefix: string): { dir: string; fresh: () => string; store: (path?: string) => Store } {
  const dir = mkdtempSync(join(tmpdir(), `ln-${prefix}-`));
  let n = 0;
  const fresh = () => join(dir, `t${n++}.db`);
  const open: Store[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) if (dbOf(s).open) s.close();
  });
  return {
    dir,
    fresh,
    store(path = fresh()): Store {
      const s = createStore(openDatabase(path));
      open.push(s);
      return s;
    },
  };
}
