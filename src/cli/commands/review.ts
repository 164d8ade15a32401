// `linernotes review`: hand-pick candidates at the keyboard, one card at a time. Needs a
// terminal; scripts use `pick` and `reject`. The loop itself lives in cli/review-session.ts.
import { spawn } from 'node:child_process';
import type { Clock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { UsageError } from '../../errors.js';
import type { KeyInput } from '../keys.js';
import { dbOption, number, type RegisterCommand } from '../options.js';
import type { Io } from '../output.js';
import { dbFlag } from '../hint.js';
import { runReviewSession } from '../review-session.js';
import { asOption, osUserName } from '../who.js';
import { openRanked } from './open-ranked.js';

/** Flags of `review`. */
export interface ReviewFlags {
  db: string;
  limit: number;
  again?: boolean;
  includeKnown?: boolean;
  /** Who reviews. @default the OS user (see cli/who.ts) */
  as?: string;
  /** Also show what teammates already picked or rejected. */
  includeDecided?: boolean;
}

/** What `review` touches outside the database; tests pass fakes. */
export interface ReviewDeps {
  /** The keyboard. @default io.stdin */
  input?: KeyInput;
  /** Open a URL in the browser. @default systemOpener() */
  open?: (url: string) => void | Promise<void>;
}

/** Exit code of a review ended with Ctrl-C (decisions so far are kept; run it again to go on). */
export const INTERRUPTED = 130;

/**
 * The platform's URL opener, started detached so the browser outlives nothing of ours. The URL
 * is one argument, never a shell string; on Windows `start` runs inside cmd, so only URLs
 * without quotes or whitespace are passed there.
 */
export function systemOpener(platform: NodeJS.Platform = process.platform): (url: string) => Promise<void> {
  return (url) =>
    new Promise((resolve, reject) => {
      if (platform === 'win32' && /["\s^%]/.test(url)) return reject(new Error('URL has characters cmd would interpret'));
      const [cmd, args, verbatim] =
        platform === 'darwin' ? ['open', [url], false]
        : platform === 'win32' ? ['cmd', ['/c', 'start', '""', `"${url}"`], true]
        : ['xdg-open', [url], false];
      const child = spawn(cmd, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: verbatim });
      child.once('error', (err) => reject(new Error(`${cmd}: ${err.message}`)));
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
}

/** Run `review`; returns the exit code. Refuses (UsageError, exit 2) without a terminal. */
export async function runReview(flags: ReviewFlags, io: Io, clock: Clock, deps: ReviewDeps = {}): Promise<number> {
  // The one place the keyboard is chosen: an absent stdin means not interactive.
  const input = deps.input ?? io.stdin;
  if (!input || input.isTTY !== true || typeof input.setRawMode !== 'function') {
    throw new UsageError('review needs an interactive terminal; use `linernotes pick|reject` in scripts', 'LN_NOT_A_TTY');
  }
  const { ranking } = loadConfig(flags.db);
  // Read-write: every decision is stored as it is made.
  const { store, runId } = openRanked(flags.db, { write: true });
  try {
    const summary = await runReviewSession(store, runId, io, {
      dbFlag: dbFlag(flags.db, io.env), input, open: deps.open ?? systemOpener(), clock, limit: flags.limit, again: flags.again ?? false, includeKnown: flags.includeKnown ?? false,
      as: flags.as ?? osUserName(io.env), includeDecided: flags.includeDecided ?? false,
      explain: { edgeWeights: ranking.edgeWeights, relevanceWeight: ranking.relevanceWeight },
    });
    return summary.ended === 'interrupt' ? INTERRUPTED : 0;
  } finally {
    store.close();
  }
}

/** Register `review`. */
export const registerReview: RegisterCommand = (program, ctx) => {
  program
    .command('review')
    .description('hand-pick candidates at the keyboard: pick, reject or skip each, best first; resumes where you stopped')
    .addOption(dbOption(ctx.io.env))
    .option('--limit <n>', 'most candidates to show this time', number('--limit', { integer: true, min: 1 }), 25)
    .option('--again', 'also show the candidates skipped earlier')
    .option('--include-known', 'also show people you already follow (see `linernotes known`)')
    .addOption(asOption())
    .option('--include-decided', 'also show candidates teammates already picked or rejected (your decision replaces theirs; a skip keeps it)')
    .addHelpText('after', `
Keys: p pick, r reject, s skip, o open in the browser, w why (the full explanation), q quit.
Each decision is saved at once; quit any time and the next review goes on from there.
On a shared database each decision records who made it (--as, default your OS user name);
what teammates picked or rejected is left out, what they only skipped is shown.

Examples:
  $ linernotes review --db niche.db
  $ linernotes review --db niche.db --again --limit 10
  $ linernotes review --db team.db --as ana
  $ linernotes rank --db niche.db --status picked      # what you picked`)
    .action(async (flags: ReviewFlags) => ctx.setExit(await runReview(flags, ctx.io, ctx.clock)));
};
