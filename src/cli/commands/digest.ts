// `linernotes digest`: the weekly flash report — what the picked people (or the top 20)
// published since the last run, each post with the liner note that leads to it, then the
// week's movers. Text for cron mail, Markdown for chat, HTML for email (see src/digest/).
import type { Clock } from '../../clock.js';
import { DIGEST_FORMATS, digestFormat, digestNote, renderDigest } from '../../digest/render.js';
import { writeFileAtomic } from '../../report/write-file.js';
import { dbOption, type RegisterCommand } from '../options.js';
import type { Io } from '../output.js';
import { openRanked } from './open-ranked.js';

/** Flags of `digest`. */
export interface DigestFlags {
  db: string;
  since?: string;
  format?: string;
  out?: string;
}

/** Run `digest`; returns the exit code. */
export function runDigest(flags: DigestFlags, io: Io, clock: Clock): number {
  const format = digestFormat(flags.format, flags.out);
  const { store, runId } = openRanked(flags.db);
  let made: ReturnType<typeof renderDigest>;
  try {
    made = renderDigest(store, runId, format, { since: flags.since, now: clock.now() });
  } finally {
    store.close();
  }
  if (!flags.out || flags.out === '-') io.stdout.write(made.text);
  else {
    writeFileAtomic(flags.out, made.text);
    io.stderr.write(`wrote the digest (${digestNote(made)}) to ${flags.out}\n`);
  }
  return 0;
}

/** Register `digest`. */
export const registerDigest: RegisterCommand = (program, ctx) => {
  program
    .command('digest')
    .description('the weekly flash report: what your picks (or the top 20) published since the last run, with the source of each, and who moved')
    .addOption(dbOption(ctx.io.env))
    .option('--since <when>', 'a span (7d, 2w), a run number or a date (YYYY-MM-DD); default: the run before the last')
    .option('--format <format>', `${DIGEST_FORMATS.join(', ')} (default: from --out's extension, else text)`)
    .option('--out <file>', 'write to a file (atomically) instead of stdout')
    .addHelpText('after', `
Examples:
  $ linernotes digest --db niche.db                         # plain text, 72 columns
  $ linernotes digest --db niche.db --since 7d --format md  # for a chat tool
  $ linernotes digest --db niche.db --out digest.html       # an HTML email`)
    .action((flags: DigestFlags) => ctx.setExit(runDigest(flags, ctx.io, ctx.clock)));
};
