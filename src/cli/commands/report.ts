// `linernotes report`: the ranked candidates, their liner notes and the influence graph as one
// self-contained HTML file (see src/report/).
import type { Clock } from '../../clock.js';
import { UsageError } from '../../errors.js';
import { renderReport } from '../../report/render.js';
import { writeFileAtomic } from '../../report/write-file.js';
import { dbOption, number, type RegisterCommand } from '../options.js';
import type { Io } from '../output.js';
import { openRanked } from './open-ranked.js';

/** Flags of `report`. */
export interface ReportFlags {
  db: string;
  out: string;
  top: number;
  limit?: number;
}

/** Run `report`; returns the exit code. */
export function runReport(flags: ReportFlags, io: Io, clock: Clock): number {
  if (!flags.out) throw new UsageError('--out FILE is required, e.g. `--out report.html`', 'LN_USAGE');
  const { store, runId } = openRanked(flags.db);
  let made: ReturnType<typeof renderReport>;
  try {
    made = renderReport(store, runId, { db: flags.db, top: flags.top, limit: flags.limit, now: clock.now() });
  } finally {
    store.close();
  }
  if (flags.out === '-') io.stdout.write(made.html);
  else writeFileAtomic(flags.out, made.html);
  io.stderr.write(`wrote the report of run ${runId} (${made.candidates} candidates; graph of ${made.nodes} people and ${made.edges} edges) to ${flags.out === '-' ? 'stdout' : flags.out}\n`);
  return 0;
}

/** Register `report`. */
export const registerReport: RegisterCommand = (program, ctx) => {
  program
    .command('report')
    .description('write one self-contained HTML page: the candidates with their liner notes, the influence graph, how ranks moved')
    .addOption(dbOption(ctx.io.env))
    .requiredOption('--out <file>', 'the HTML file to write (- for stdout)')
    .option('--top <n>', 'candidates drawn in the graph, with the seeds and the people between', number('--top', { integer: true, min: 1 }), 100)
    .option('--limit <n>', 'most candidates in the table (default 1000)', number('--limit', { integer: true, min: 1 }))
    .addHelpText('after', `
Examples:
  $ linernotes report --db niche.db --out report.html
  $ linernotes report --db niche.db --out report.html --top 300   # a bigger graph`)
    .action((flags: ReportFlags) => ctx.setExit(runReport(flags, ctx.io, ctx.clock)));
};
