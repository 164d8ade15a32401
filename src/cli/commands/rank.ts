// `linernotes rank`: the ranked candidates as a table (people) or JSON (scripts).
import { CONFIG_FILE, loadConfig } from '../../config.js';
import { computeAndStoreScores } from '../../rank/compute.js';
import { candidateList, hiddenKnownNote, type CandidateRow, type CandidateStatus } from '../../export/candidates.js';
import { toJson } from '../../export/json.js';
import { chalkFor, safe, table, type Io } from '../output.js';
import { openRanked } from './open-ranked.js';
import { dbOption, number, statusList, type RegisterCommand } from '../options.js';

/** Flags of `rank`. */
export interface RankFlags {
  db: string;
  limit: number;
  json?: boolean;
  status?: CandidateStatus[];
  rescore?: boolean;
  config?: string;
  includeKnown?: boolean;
}

/**
 * A person's home and handles, compactly, with its show and guest spots:
 * `dana.example/ @dana.example @dana@toot.example (podcast: Dana Talks) (guest on: The Content Hour)`.
 */
function where(r: CandidateRow): string {
  const handles = [r.bluesky, r.mastodon].flatMap((h) => h.split(' ')).filter(Boolean).map((h) => `@${h}`);
  const mark = r.status === 'picked' ? '[picked]' : r.status === 'rejected' ? '[rejected]' : '';
  const show = r.podcast ? (r.podcast_title ? `(podcast: ${r.podcast_title})` : '(podcast)') : '';
  const guest = r.guest_on ? `(guest on: ${r.guest_on})` : '';
  return [mark, r.known ? '[known]' : '', r.url, ...handles, show, guest].filter(Boolean).join(' ');
}

/** Score the latest run again with the current settings file (after editing weights). */
function rescore(db: string, configFile: string | undefined, io: Io): void {
  const config = loadConfig(db, configFile);
  const { store, runId } = openRanked(db, { write: true });
  try {
    const run = store.runs.get(runId);
    const topic = (run?.settings as { topic?: string[] } | undefined)?.topic ?? [];
    const n = computeAndStoreScores(store, runId, { ...config.ranking, topic });
    io.stderr.write(`rescored run ${runId}: ${n} candidates with ${config.source ?? 'the default settings'}\n`);
  } finally {
    store.close();
  }
}

/** Run `rank`; returns the exit code. */
export function runRank(flags: RankFlags, io: Io): number {
  if (flags.rescore) rescore(flags.db, flags.config, io);
  const { store, runId } = openRanked(flags.db);
  try {
    const { rows, hiddenKnown } = candidateList(store, runId, { limit: flags.limit, statuses: flags.status, includeKnown: flags.includeKnown });
    io.stderr.write(hiddenKnownNote(hiddenKnown));
    if (flags.json) {
      io.stdout.write(toJson(rows));
      return 0;
    }
    if (rows.length === 0) {
      if (hiddenKnown > 0) return 0;
      io.stderr.write(flags.status ? `no candidates with status ${flags.status.join(', ')}\n` : 'no candidates yet: the crawl found no sites beyond the seeds\n');
      return 0;
    }
    const c = chalkFor(io.stdout, io.env);
    const width = io.stdout.isTTY ? (io.stdout.columns || 120) : 200;
    const lines = table(
      ['#', 'name', 'score', 'rel', 'auth', 'seeds', 'where'],
      rows.map((r) => [
        String(r.rank), safe(r.name).slice(0, 40), r.score.toFixed(3), r.relevance.toFixed(3),
        r.authority.toFixed(3), String(r.seeds_reaching), safe(where(r)),
      ]),
      width,
      ['r', 'l', 'r', 'r', 'r', 'r', 'l'],
    );
    io.stdout.write(`${c.bold(lines[0]!)}\n${lines.slice(1).join('\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** Register `rank`. */
export const registerRank: RegisterCommand = (program, ctx) => {
  program
    .command('rank')
    .description('show the ranked candidates of the last finished run')
    .addOption(dbOption(ctx.io.env))
    .option('--limit <n>', 'how many rows', number('--limit', { integer: true, min: 1 }), 25)
    .option('--json', 'JSON array instead of a table')
    .option('--rescore', 'score the last run again with the current settings file first')
    .option('--config <file>', `ranking settings for --rescore (default: ${CONFIG_FILE} next to the database)`)
    .option('--status <list>', 'only these: picked, rejected, skipped, new, or all (default: all but rejected)', statusList)
    .option('--include-known', 'also show people you already follow (see `linernotes known`)')
    .addHelpText('after', `
Examples:
  $ linernotes rank --db niche.db
  $ linernotes rank --db niche.db --status picked
  $ linernotes rank --db niche.db --limit 100 --json | jq '.[].url'`)
    .action((flags) => ctx.setExit(runRank(flags, ctx.io)));
};
