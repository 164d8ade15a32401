// `linernotes export`: the ranked candidates as CSV or JSON, to stdout or a file written
// atomically (a reader never sees half a file).
import { renameSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { candidateRows, CSV_COLUMNS, type CandidateStatus } from '../../export/candidates.js';
import { toCsv } from '../../export/csv.js';
import { toJson } from '../../export/json.js';
import type { Io } from '../output.js';
import { openRanked } from './open-ranked.js';
import { Option } from 'commander';
import { dbOption, number, statusList, type RegisterCommand } from '../options.js';

/** Flags of `export`. */
export interface ExportFlags {
  db: string;
  format: string;
  out?: string;
  limit?: number;
  status?: CandidateStatus[];
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
    const rows = candidateRows(store, runId, { limit: flags.limit, statuses: flags.status });
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

/** Register `export`. */
export const registerExport: RegisterCommand = (program, ctx) => {
  program
    .command('export')
    .description('write the ranked candidates as CSV or JSON')
    .addOption(dbOption(ctx.io.env))
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--out <file>', 'write to a file (atomically) instead of stdout')
    .option('--limit <n>', 'only the top n', number('--limit', { integer: true, min: 1 }))
    .option('--status <list>', 'only these: picked, rejected, skipped, new, or all (default: all but rejected)', statusList)
    .addHelpText('after', `
Examples:
  $ linernotes export --db niche.db --format csv > influencers.csv
  $ linernotes export --db niche.db --format json --out influencers.json`)
    .action((flags) => ctx.setExit(runExport(flags, ctx.io)));
};
