// `linernotes export`: the ranked candidates as CSV or JSON, to stdout or a file written
// atomically (a reader never sees half a file).
import { renameSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { candidateRows, CSV_COLUMNS } from '../../export/candidates.js';
import { toCsv } from '../../export/csv.js';
import { toJson } from '../../export/json.js';
import type { Io } from '../output.js';
import { openRanked } from './open-ranked.js';

/** Flags of `export`. */
export interface ExportFlags {
  db: string;
  format: string;
  out?: string;
  limit?: number;
}

const FORMATS = ['csv', 'json'] as const;

/** Run `export`; returns the exit code. */
export function runExport(flags: ExportFlags, io: Io): number {
  const format = flags.format.toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(flags.format)}`);
  }
  const { store, runId } = openRanked(flags.db);
  let text: string;
  let count: number;
  try {
    const rows = candidateRows(store, runId, flags.limit ?? Infinity);
    count = rows.length;
    text = format === 'csv' ? toCsv([...CSV_COLUMNS], rows as unknown as Record<string, unknown>[]) : toJson(rows);
  } finally {
    store.close();
  }
  if (!flags.out) {
    io.stdout.write(text);
    return 0;
  }
  const tmp = `${flags.out}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, flags.out);
  } catch (err) {
    throw new UsageError(`${flags.out}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'LN_EXPORT_WRITE');
  }
  io.stderr.write(`wrote ${count} candidates to ${flags.out}\n`);
  return 0;
}
