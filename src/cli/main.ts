// The commander program: registers the commands, wires the real clock and streams, and turns
// every failure into one line on stderr and a meaningful exit code (stacks only with --debug).
import { Command, CommanderError } from 'commander';
import { systemClock, type Clock } from '../clock.js';
import { ExitCode, LinernotesError, oneLine } from '../errors.js';
import { storageError } from '../store/db.js';
import { registerDigest } from './commands/digest.js';
import { registerDiscover } from './commands/discover.js';
import { registerExport } from './commands/export.js';
import { registerKnown } from './commands/known.js';
import { registerPick, registerReject, registerUnmark } from './commands/mark.js';
import { registerRank } from './commands/rank.js';
import { registerRecrawl } from './commands/recrawl.js';
import { registerReport } from './commands/report.js';
import { registerReview } from './commands/review.js';
import { registerRuns } from './commands/runs.js';
import { registerSeeds } from './commands/seeds.js';
import { registerUnmerge } from './commands/unmerge.js';
import { registerWhy } from './commands/why.js';
import { registerWorker } from './commands/worker.js';
import type { RegisterCommand } from './options.js';
import type { Io } from './output.js';

/** Every command, in the order `--help` lists them. */
const COMMANDS: readonly RegisterCommand[] = [registerDiscover, registerRecrawl, registerRuns, registerRank, registerWhy, registerReview, registerPick, registerReject, registerUnmark, registerUnmerge, registerExport, registerReport, registerDigest, registerSeeds, registerKnown, registerWorker];

/** Build the program; `io` and `clock` are injected for tests. */
export function buildProgram(io: Io, clock: Clock, setExit: (code: number) => void): Command {
  const program = new Command('linernotes')
    .description('Find the influencers of a niche by reading the liner notes: crawl what trusted seeds link to and share, rank what they lead to by relevance and link authority, and show why each one is there.')
    .version('0.1.0')
    .option('--debug', 'show stack traces on errors')
    .option('--db <path>', 'SQLite database file or postgres:// URL, for any command (env LINERNOTES_DB)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText('after', `
Examples:
  $ linernotes discover seeds.txt --db niche.db --topic "content marketing"
  $ linernotes rank --db niche.db --limit 25
  $ linernotes export --db niche.db --format csv > influencers.csv

Exit codes: 0 done (also when a pipe is closed early, as by head), 1 failed, 2 usage error, 3 database locked, 4 partial (some seeds failed), 5 disk full, 6 no run for a worker to join, 7 run abandoned under this worker, 130 interrupted.`);

  for (const register of COMMANDS) register(program, { io, clock, setExit });
  // `--db` anywhere on the line: commander hands it to the program, so pass it on to the
  // command that runs (each command declares its own --db, with the default and --help text).
  program.hook('preAction', (_program, action) => {
    const db = program.opts<{ db?: string }>().db;
    if (db !== undefined && action.options.some((o) => o.long === '--db')) action.setOptionValueWithSource('db', db, 'cli');
  });
  return program;
}

/** The --db of the command `argv` ran (its default when not given). */
function dbPathOf(program: Command, argv: string[]): string {
  let cmd = program;
  for (const token of argv) {
    const sub = cmd.commands.find((c) => c.name() === token || c.aliases().includes(token));
    if (sub) cmd = sub;
  }
  const db = cmd.opts().db;
  return typeof db === 'string' ? db : 'the database';
}

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: Io, clock: Clock = systemClock): Promise<number> {
  let code: number = ExitCode.ok;
  const program = buildProgram(io, clock, (c) => { code = c; });
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are exits with code 0; parse errors were already printed.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (debug && err instanceof Error) io.stderr.write(`${err.stack ?? err.message}\n`);
    // A full disk or a read-only file mid-command: name the database and the fix.
    const shown = storageError(err, dbPathOf(program, argv)) ?? err;
    const message = oneLine(shown);
    io.stderr.write(`linernotes: ${message}\n`);
    return shown instanceof LinernotesError ? shown.exitCode : ExitCode.failed;
  }
}
