// Write a whole file so that a reader never sees half of it: a temporary file next to it,
// renamed into place; a failure leaves nothing behind and names the file.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** Write `text` to `path` atomically; throws a one-line UsageError (LN_WRITE) on failure. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UsageError(`${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'LN_WRITE');
  }
}
