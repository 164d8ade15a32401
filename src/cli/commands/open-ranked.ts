// What `rank` and `export` share: open the db read-only and find the newest ranked run.
import { existsSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { openDatabase } from '../../store/db.js';
import { createStore, type Store } from '../../store/store.js';

/** An open store and the run whose scores to show. */
export interface RankedDb {
  store: Store;
  runId: number;
}

/** Open `dbPath` (read-only unless `write`); fails with a one-line hint when nothing has been ranked yet. */
export function openRanked(dbPath: string, opts: { write?: boolean } = {}): RankedDb {
  if (opts.write && !existsSync(dbPath)) openDatabase(dbPath, { readonly: true }); // the usual "no such database" error
  const store = createStore(openDatabase(dbPath, { readonly: !opts.write }));
  const runId = store.runs.latestFinished()?.id ?? null;
  if (runId === null) {
    store.close();
    throw new UsageError(`${dbPath}: nothing ranked yet; run \`linernotes discover SEEDS --db ${dbPath}\` to the end first`, 'LN_NOT_RANKED');
  }
  return { store, runId };
}
