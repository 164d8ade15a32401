// `linernotes recrawl`: the weekly job. Crawl again from the stored seeds (and picks) with the
// settings of the last run, fetching only what changed, then report what moved since the
// previous run: new candidates, risers and fallers, who went silent, dead and moved sites.
import type { Clock } from '../../clock.js';
import { CONFIG_FILE, loadConfig } from '../../config.js';
import { UsageError } from '../../errors.js';
import { resolveSettings, type CrawlSettings } from '../../crawl/settings.js';
import { digestFormat, digestNote, renderDigest } from '../../digest/render.js';
import { changesSince, type ChangeReport, type ChangedCandidate } from '../../rank/changes.js';
import { writeFileAtomic } from '../../report/write-file.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/store.js';
import { dbFlag, hint } from '../hint.js';
import { dbOption, number, type RegisterCommand } from '../options.js';
import { chalkFor, safe, type Io } from '../output.js';
import { executeRun } from '../run-crawl.js';
import { printSummary } from './discover.js';

/** Flags of `recrawl`. */
export interface RecrawlFlags {
  db: string;
  since?: number;
  threshold: number;
  silentDays: number;
  restart?: boolean;
  expandPicks?: boolean;
  keepRuns?: number;
  config?: string;
  quiet?: boolean;
  json?: boolean;
  allowPrivate?: boolean;
  /** Write the digest of this run (see `digest`) to this file; the extension picks the format. */
  digest?: string;
}

/** Run `recrawl`; returns the exit code. */
export async function runRecrawl(flags: RecrawlFlags, io: Io, clock: Clock): Promise<number> {
  const config = loadConfig(flags.db, flags.config);
  const store = openStore(flags.db, { readonly: true });
  const last = store.runs.latest();
  store.close();
  if (!last) throw new UsageError(`${flags.db}: nothing to recrawl yet; run \`linernotes discover SEEDS --db ${flags.db}\` first`, 'LN_NO_RUNS');
  const settings = resolveSettings(last.settings as Partial<CrawlSettings>);
  const rw = openStore(flags.db);
  try {
    if (flags.since !== undefined && !rw.runs.get(flags.since)) throw new UsageError(`--since ${flags.since}: no such run; \`${hint('runs', flags.db, io.env)}\` lists them`, 'LN_NO_RUN');
    const run = await executeRun(rw, {
      command: 'recrawl', dbPath: flags.db, fileSeeds: [], seedsFile: null, settings, config,
      restart: flags.restart ?? false, expandPicks: flags.expandPicks !== false, keepRuns: flags.keepRuns ?? 12, quiet: flags.quiet ?? false,
      allowPrivate: flags.allowPrivate === true || config.network.allowPrivate,
    }, io, clock);
    if (run.status === 'interrupted') return run.exitCode;
    const base = flags.since ?? previousRun(rw, run.runId);
    const report = changesSince(rw, run.runId, base, flags.threshold, flags.silentDays);
    const seeds = { failed: run.seedFailures.length, total: run.seeds, db: dbFlag(flags.db, io.env) };
    if (flags.json) printSummary(io, flags, run, { changes: report, comparable: seeds.failed < seeds.total });
    else {
      printSummary(io, flags, run);
      io.stdout.write(formatReport(report, chalkFor(io.stdout, io.env), seeds));
    }
    if (flags.digest) {
      const made = renderDigest(rw, run.runId, digestFormat(undefined, flags.digest), { since: flags.since === undefined ? undefined : String(flags.since), now: clock.now() });
      writeFileAtomic(flags.digest, made.text);
      if (!flags.quiet) io.stderr.write(`wrote the digest (${digestNote(made)}) to ${flags.digest}\n`);
    }
    return run.exitCode;
  } finally {
    rw.close();
  }
}

/** The newest finished run before `runId`. */
function previousRun(store: Store, runId: number): number | null {
  return store.runs.finishedBefore(runId);
}

function line(c: ChangedCandidate): string {
  const move = c.previousRank !== null && c.rank !== null ? ` (#${c.previousRank} → #${c.rank})` : c.rank !== null ? ` (#${c.rank})` : '';
  return `  ${safe(c.name)}${move}  ${safe(c.url)}`;
}

/** The report as text, section by section; empty sections are left out. */
export function formatReport(r: ChangeReport, c: ReturnType<typeof chalkFor>, seeds: { failed: number; total: number; db?: string } = { failed: 0, total: 0 }): string {
  const s = (n: number) => (n === 1 ? '' : 's');
  if (seeds.total > 0 && seeds.failed === seeds.total) {
    return `nothing could be compared: ${seeds.failed} of ${seeds.total} seed${s(seeds.total)} failed (\`linernotes runs --errors ${r.runId}${seeds.db ?? ''}\` says why)\n`;
  }
  const out: string[] = [r.baseRunId === null ? 'first run: everything is new' : `changes since run ${r.baseRunId}:`];
  const header = out.length;
  if (seeds.failed > 0) out.push(c.yellow(`  ${seeds.failed} of ${seeds.total} seed${s(seeds.total)} failed: what they link to may show as fallen or gone`));
  const section = (title: string, lines: string[]) => {
    if (lines.length > 0) out.push(c.bold(`${title} (${lines.length})`), ...lines);
  };
  if (r.baseRunId !== null) section('new', r.newCandidates.map(line));
  section('rising', r.risers.map(line));
  section('falling', r.fallers.map(line));
  section('went silent', r.silent.map((s) => `${line(s)}  last post ${s.lastPost}`));
  section('dead (404/410 twice)', r.dead.map((d) => `  ${safe(d.name)}  ${safe(d.url)} (${d.status})`));
  section('moved', r.moved.map((m) => `  ${safe(m.from)} → ${safe(m.to)}`));
  if (out.length === header + (seeds.failed > 0 ? 1 : 0) && r.baseRunId !== null) {
    out.push(r.belowThreshold === 0
      ? '  nothing changed'
      : `  nothing changed beyond the threshold (${r.belowThreshold} candidate${s(r.belowThreshold)} moved by less; --threshold 0 lists them)`);
  }
  return `${out.join('\n')}\n`;
}

/** Register `recrawl`. */
export const registerRecrawl: RegisterCommand = (program, ctx) => {
  program
    .command('recrawl')
    .description('crawl again from the stored seeds and picks, fetching only what changed, and report what moved')
    .addOption(dbOption(ctx.io.env))
    .option('--since <run>', 'compare with this run instead of the previous one', number('--since', { integer: true, min: 1 }))
    .option('--threshold <score>', 'report candidates whose score moved more than this', number('--threshold', { integer: false, min: 0 }), 0.05)
    .option('--silent-days <n>', 'report candidates who were posting and have not posted for this many days', number('--silent-days', { integer: true, min: 1 }), 60)
    .option('--restart', 'abandon an unfinished run instead of resuming it')
    .option('--allow-private', 'let the crawl reach loopback, private and link-local addresses (an intranet; refused by default)')
    .option('--no-expand-picks', 'do not crawl from picked candidates')
    .option('--keep-runs <n>', 'keep stored page bodies of this many recent runs (default 12)', number('--keep-runs', { integer: true, min: 1 }))
    .option('--config <file>', `ranking settings (default: ${CONFIG_FILE} next to the database)`)
    .option('-q, --quiet', 'no progress or notes on stderr')
    .option('--json', 'summary and changes as JSON')
    .option('--digest <file>', 'also write the digest of this run (.txt, .md or .html) to this file, for mail')
    .addHelpText('after', `
Examples:
  $ linernotes recrawl --db niche.db
  $ linernotes recrawl --db niche.db --since 3 --threshold 0.1 --json
  # every Monday at 06:00 (see the README for a systemd timer):
  0 6 * * 1  linernotes recrawl --db /var/lib/linernotes/niche.db --quiet
  # ... and mail the digest:
  0 6 * * 1  linernotes recrawl --db niche.db --quiet --digest digest.txt && mail -s "niche digest" me@example.org < digest.txt`)
    .action(async (flags) => ctx.setExit(await runRecrawl(flags, ctx.io, ctx.clock)));
};
