// `linernotes unmerge IDENTITY`: undo a wrong merge. The named identity (a URL or a handle) is
// split from the person it was merged into and kept apart from each of that person's other
// identities by a stored veto, so recrawls that record the same claims again change nothing.
// `--undo` lifts the vetoes, `--list` shows them. The latest run is rescored at once, so
// `rank` and `export` show the split right away. Each split records who made it (`--as`).
import { CONFIG_FILE, loadConfig } from '../../config.js';
import { UsageError } from '../../errors.js';
import { computeAndStoreScores, personOf } from '../../rank/compute.js';
import { displayName } from '../../rank/liner-notes.js';
import { resolveCandidate, type ResolveContext } from '../../rank/resolve-candidate.js';
import { identityLabel, memberNamed, planSplit } from '../../rank/split-identity.js';
import type { Store } from '../../store/store.js';
import type { Clock } from '../../clock.js';
import { dbFlag, hint, shellQuote } from '../hint.js';
import { dbOption, type RegisterCommand } from '../options.js';
import { safe, type Io } from '../output.js';
import { asOption, osUserName } from '../who.js';
import { openRanked } from './open-ranked.js';

/** Flags of `unmerge`. */
export interface UnmergeFlags {
  db: string;
  /** Lift the vetoes on the identity instead. */
  undo?: boolean;
  /** List the vetoes in force. */
  list?: boolean;
  config?: string;
  /** Who splits. @default the OS user (see cli/who.ts) */
  as?: string;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Run `unmerge`; returns the exit code. Unknown or ambiguous names throw UsageError. */
export function runUnmerge(identity: string | undefined, flags: UnmergeFlags, io: Io, clock: Clock): number {
  if (flags.list) return listVetoes(flags.db, io);
  if (!identity) throw new UsageError('name the identity to split off (a URL or a handle), or pass --list', 'LN_USAGE');
  const { store, runId } = openRanked(flags.db, { write: true });
  try {
    const vetoes = store.vetoes;
    const entities = store.graph.entities();
    const ctx: ResolveContext = { store, runId, entities, personOf: personOf(store, entities), dbFlag: dbFlag(flags.db, io.env) };
    if (flags.undo) {
      const who = resolveCandidate(ctx, identity);
      const members = entities.filter((e) => ctx.personOf.get(e.id) === who.entityId);
      const entity = memberNamed(ctx, identity, members) ?? entities.find((e) => e.id === who.entityId)!;
      const lifted = store.tx(() => vetoes.removeAll(entity.key));
      if (lifted === 0) throw new UsageError(`${identityLabel(entity)} has no unmerge to undo (\`${hint('unmerge --list', flags.db, io.env)}\` shows them)`, 'LN_NO_VETO');
      rescore(store, runId, flags, io);
      const now = personOf(store);
      const person = store.graph.entity(now.get(entity.id) ?? entity.id)!;
      const where = person.id === entity.id ? 'it stands on its own until a crawl finds proof or a claim back' : `merged into ${safe(identityLabel(person))} again`;
      io.stderr.write(`lifted ${lifted} veto${lifted === 1 ? '' : 'es'} on ${safe(identityLabel(entity))}: ${where}\n`);
      return 0;
    }
    const plan = planSplit(ctx, identity);
    const now = clock.now();
    const as = flags.as ?? osUserName(io.env);
    store.tx(() => {
      for (const other of plan.others) vetoes.add(plan.entity.key, other.key, now, as);
    });
    rescore(store, runId, flags, io);
    const from = plan.others.map(identityLabel).join(', ');
    io.stderr.write(`unmerged ${safe(identityLabel(plan.entity))} from ${safe(from)}\n`);
    if (plan.evidence.length > 0) io.stderr.write('evidence now ignored:\n');
    for (const c of plan.evidence) {
      io.stderr.write(`  ${c.kind}: ${safe(displayName(c.from))} -> ${safe(c.targetUrl)} (in ${safe(c.evidenceUrl)}, first seen ${day(c.firstSeenAt)})\n`);
    }
    io.stderr.write(`undo with: ${hint(`unmerge --undo ${shellQuote(safe(identityLabel(plan.entity)))}`, flags.db, io.env)}\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** Score the latest run again so the split (or the merge) shows in rank and export at once. */
function rescore(store: Store, runId: number, flags: UnmergeFlags, io: Io): void {
  const config = loadConfig(flags.db, flags.config);
  const topic = (store.runs.get(runId)?.settings as { topic?: string[] } | undefined)?.topic ?? [];
  const n = computeAndStoreScores(store, runId, { ...config.ranking, topic });
  io.stderr.write(`rescored run ${runId}: ${n} candidates\n`);
}

function listVetoes(db: string, io: Io): number {
  const { store } = openRanked(db);
  try {
    const rows = store.vetoes.list();
    const name = (key: string) => {
      const e = store.graph.entityByKey(key);
      return e ? identityLabel(e) : key;
    };
    if (rows.length === 0) io.stderr.write('no unmerged identities\n');
    for (const v of rows) io.stdout.write(`${safe(name(v.aKey))}\t${safe(name(v.bKey))}\t${day(v.vetoedAt)}\t${safe(v.vetoedBy ?? 'unknown')}\n`);
    return 0;
  } finally {
    store.close();
  }
}

/** Register `unmerge`. */
export const registerUnmerge: RegisterCommand = (program, ctx) => {
  program
    .command('unmerge')
    .description('split a wrongly merged identity (a URL or handle) from the person it was merged into; recrawls keep it apart')
    .argument('[identity]', 'the site URL or @handle to split off')
    .addOption(dbOption(ctx.io.env))
    .option('--undo', 'lift the split: the identity may merge again')
    .option('--list', 'list the identities kept apart (tab-separated: identity, kept apart from, since, by whom)')
    .option('--config <file>', `ranking settings for rescoring (default: ${CONFIG_FILE} next to the database)`)
    .addOption(asOption())
    .addHelpText('after', `
Examples:
  $ linernotes unmerge @dana@toot.example --db niche.db
  $ linernotes unmerge https://dana.example/ --db niche.db
  $ linernotes unmerge --undo @dana@toot.example --db niche.db
  $ linernotes unmerge --list --db niche.db

Naming a person by rank number or name lists its identities, so you can pick the one to split off.`)
    .action((identity: string | undefined, flags: UnmergeFlags) => ctx.setExit(runUnmerge(identity, flags, ctx.io, ctx.clock)));
};
