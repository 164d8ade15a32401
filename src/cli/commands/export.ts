// `linernotes export`: the ranked candidates as CSV or JSON (with their liner notes and
// evidence), their feeds as OPML for a feed reader, or the person graph as GEXF/GraphML for
// Gephi; to stdout or to a file written atomically (a reader never sees half a file).
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import type { Clock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { UsageError } from '../../errors.js';
import { candidateList, CSV_COLUMNS, hiddenKnownNote, type CandidateRow, type CandidateStatus } from '../../export/candidates.js';
import { toCsv } from '../../export/csv.js';
import { gexfChunks } from '../../export/gexf.js';
import { personGraph } from '../../export/graph-model.js';
import { graphmlChunks } from '../../export/graphml.js';
import { toJson } from '../../export/json.js';
import { planOpml, toOpml } from '../../export/opml.js';
import { explainContext, explainWith } from '../../rank/explain.js';
import { renderReport } from '../../report/render.js';
import type { Store } from '../../store/store.js';
import { dbOption, number, statusList, type RegisterCommand } from '../options.js';
import { shellQuote } from '../hint.js';
import type { Io } from '../output.js';
import { openRanked } from './open-ranked.js';

/** Flags of `export`. */
export interface ExportFlags {
  db: string;
  format: string;
  out?: string;
  limit?: number;
  status?: CandidateStatus[];
  includeKnown?: boolean;
  /** Start the file with a UTF-8 byte order mark, so Excel reads accents and arrows right. */
  bom?: boolean;
}

/** The byte order mark Excel needs to read a CSV as UTF-8. */
const UTF8_BOM = '\uFEFF';

const FORMATS = ['csv', 'json', 'opml', 'gexf', 'graphml', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** OPML without picks and without --limit: the top this many. */
const OPML_DEFAULT_TOP = 50;

/** Run `export`; returns the exit code. */
export function runExport(flags: ExportFlags, io: Io, clock: Clock): number {
  const format = flags.format.toLowerCase() as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(flags.format)}`);
  const { store, runId } = openRanked(flags.db);
  let chunks: Iterable<string>;
  let note: string;
  let hidden = 0;
  try {
    // Everything is read here; the graph writers only walk arrays already in memory.
    ({ chunks, note, hidden = 0 } = render(format, store, runId, flags, clock));
  } finally {
    store.close();
  }
  io.stderr.write(hiddenKnownNote(hidden));
  const out = flags.out === '-' ? undefined : flags.out;
  write(flags.bom ? withBom(chunks) : chunks, out, io);
  if (out) io.stderr.write(`wrote ${note} to ${out}\n`);
  return 0;
}

function* withBom(chunks: Iterable<string>): Iterable<string> {
  yield UTF8_BOM;
  yield* chunks;
}

/** What one format renders to; `hidden` counts known candidates left out. */
function render(format: Format, store: Store, runId: number, flags: ExportFlags, clock: Clock): { chunks: Iterable<string>; note: string; hidden?: number } {
  const includeKnown = flags.includeKnown ?? false;
  switch (format) {
    case 'csv':
    case 'json': {
      const { rows, hiddenKnown } = candidateList(store, runId, { limit: flags.limit, statuses: flags.status, includeKnown });
      // `known` is always false without --include-known, so the column comes only with it.
      const columns = CSV_COLUMNS.filter((c) => c !== 'known' || includeKnown);
      const text = format === 'csv' ? toCsv([...columns], rows as unknown as Record<string, unknown>[]) : toJson(withLinerNotes(store, runId, rows, flags.db));
      return { chunks: [text], note: `${rows.length} candidates`, hidden: hiddenKnown };
    }
    case 'opml': {
      const pickedList = candidateList(store, runId, { statuses: ['picked'], includeKnown });
      const picked = pickedList.rows;
      // The feeds of what the user picked; without picks, of the top of the ranking.
      const { rows, hiddenKnown } = flags.status || flags.limit || picked.length === 0
        ? candidateList(store, runId, { limit: flags.limit ?? (flags.status ? undefined : OPML_DEFAULT_TOP), statuses: flags.status, includeKnown })
        : pickedList;
      const plan = planOpml(rows);
      const topic = ((store.runs.get(runId)?.settings as { topic?: string[] } | undefined)?.topic ?? []).join(' ');
      const text = toOpml(rows, { title: `linernotes${topic ? `: ${topic}` : ''} (${picked.length > 0 && !flags.status ? 'picked' : 'top'} candidates)`, dateCreated: new Date(clock.now()) });
      const feeds = plan.podcasts.length + plan.blogs.length + plan.social.length;
      return { chunks: [text], note: `${feeds} feeds (${plan.leftOut.length} of ${rows.length} candidates have none)`, hidden: hiddenKnown };
    }
    case 'gexf':
    case 'graphml': {
      const graph = personGraph(store, runId);
      const keep = new Set(flags.status ?? ['picked', 'skipped', 'new']);
      graph.nodes = graph.nodes.filter((n) => n.isSeed || n.isPlatform || n.rank === null || keep.has(n.status as CandidateStatus));
      const chunks = format === 'gexf' ? gexfChunks(graph, { createdAt: new Date(clock.now()) }) : graphmlChunks(graph);
      return { chunks, note: `${graph.nodes.length} nodes and ${graph.edges.length} edges` };
    }
    case 'html': {
      // The same page as `linernotes report` (see src/report/).
      const made = renderReport(store, runId, { db: flags.db, limit: flags.limit, now: clock.now() });
      return { chunks: [made.html], note: `the report (${made.candidates} candidates, a graph of ${made.nodes} people)` };
    }
  }
}

/** JSON rows carry everything in the CSV plus the paths, the evidence and the identity claims. */
function withLinerNotes(store: Store, runId: number, rows: CandidateRow[], db: string): unknown[] {
  const { ranking } = loadConfig(db);
  const ctx = explainContext(store, runId);
  const byRank = new Map(store.scores.forRun(runId).map((s) => [s.rank, s.entityId]));
  return rows.map((row) => {
    const entityId = byRank.get(row.rank);
    if (entityId === undefined) return row;
    const ex = explainWith(ctx, entityId, { edgeWeights: ranking.edgeWeights, relevanceWeight: ranking.relevanceWeight });
    return { ...row, paths: ex.paths, evidence: ex.evidence, claims: ex.claims };
  });
}

/** Write chunks to stdout, or to `out` through a temporary file renamed into place. */
function write(chunks: Iterable<string>, out: string | undefined, io: Io): void {
  if (!out) {
    for (const c of chunks) io.stdout.write(c);
    return;
  }
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      let batch = '';
      for (const c of chunks) {
        batch += c;
        if (batch.length >= 64 * 1024) {
          writeSync(fd, batch);
          batch = '';
        }
      }
      if (batch) writeSync(fd, batch);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    const folder = path.dirname(out);
    if (code === 'ENOENT' && !existsSync(folder)) throw new UsageError(`${out}: the folder ${folder}/ does not exist; create it first (mkdir -p ${shellQuote(folder)})`, 'LN_EXPORT_NO_DIR');
    throw new UsageError(`${out}: cannot write (${code ?? (err as Error).message})`, 'LN_EXPORT_WRITE');
  }
}

/** Register `export`. */
export const registerExport: RegisterCommand = (program, ctx) => {
  program
    .command('export')
    .description('write the ranked candidates (CSV, JSON), their feeds (OPML), the graph (GEXF, GraphML) or the HTML report')
    .addOption(dbOption(ctx.io.env))
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('csv'))
    .option('--out <file>', 'write to a file (atomically) instead of stdout; - is stdout')
    .option('--bom', 'start with a UTF-8 byte order mark, for Excel (accents and arrows read right)')
    .option('--limit <n>', 'only the top n', number('--limit', { integer: true, min: 1 }))
    .option('--status <list>', 'only these: picked, rejected, skipped, new, or all (default: all but rejected)', statusList)
    .option('--include-known', 'also export people you already follow (see `linernotes known`); CSV/JSON mark them in `known`')
    .addHelpText('after', `
Examples:
  $ linernotes export --db niche.db --format csv > influencers.csv
  $ linernotes export --db niche.db --format json --out influencers.json   # with liner notes and evidence
  $ linernotes export --db niche.db --format opml --out follow.opml        # feeds of your picks (or the top ${OPML_DEFAULT_TOP})
  $ linernotes export --db niche.db --format gexf --out niche.gexf         # open in Gephi
  $ linernotes export --db niche.db --format html --out report.html        # same as \`linernotes report\``)
    .action((flags) => ctx.setExit(runExport(flags, ctx.io, ctx.clock)));
};
