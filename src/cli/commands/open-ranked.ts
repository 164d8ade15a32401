// What `rank` and `export` share: open the db read-only and find the newest ranked run.
import { UsageError } from '../../errors.js';
import { openStore, storeExists } from '../../store/open.js';
import type { Store } from '../../store/store.js';

/** An open store and the run whose scores to show. */
export interface RankedDb {
  store: Store;
  runId: number;
}

/** Open `dbPath` (read-only unless `write`); fails with a one-line hint when nothing has been ranked yet. */
export function openRanked(dbPath: string, opts: { write?: boolean } = {}): RankedDb {
  if (opts.write && !storeExists(dbPath)) openStore(dbPath, { readonly: true }); // the usual "no such database" error
  const store = openStore(dbPath, { readonly: !opts.write });
  const runId = store.runs.latestFinished()?.id ?? null;
  if (runId === null) {
    store.close();
    throw new UsageError(`${dbPath}: nothing ranked yet; run \`linernotes discover SEEDS --db ${dbPath}\` to the end first`, 'LN_NOT_RANKED');
  }
  return { store, runId };
}
