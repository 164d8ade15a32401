// `linernotes pick|reject|unmark CANDIDATE...`: hand-picking from scripts. A candidate is a rank
// number, URL, handle or name (see rank/resolve-candidate.ts). All names are resolved before
// anything is written, so one typo changes nothing. Each pick or rejection records who made it
// (`--as`, default the OS user); changing a teammate's decision says whose it was.
import { resolveCandidate, type ResolveContext } from '../../rank/resolve-candidate.js';
import { personOf } from '../../rank/compute.js';
import { openStore } from '../../store/open.js';
import { isOwnMark, marksByPerson, type Mark, type MarkStatus } from '../../store/marks.js';
import type { Clock } from '../../clock.js';
import { dbFlag } from '../hint.js';
import { dbOption, type RegisterCommand } from '../options.js';
import { safe, type Io } from '../output.js';
import { asOption, osUserName } from '../who.js';

/** Flags of `pick`, `reject` and `unmark`. */
export interface MarkFlags {
  db: string;
  /** Why, kept with the mark. */
  note?: string;
  /** Who decides. @default the OS user (see cli/who.ts) */
  as?: string;
}

/** ` by ana` for a teammate's mark; '' for one's own or an unnamed one (one person needs no names). */
function byWhom(m: Mark, as: string): string {
  return isOwnMark(m, as) ? '' : ` by ${safe(m.by!)}`;
}

/** Mark (or, with null, unmark) each named candidate; returns the exit code. */
export function runMark(status: Exclude<MarkStatus, 'skipped'> | null, names: string[], flags: MarkFlags, io: Io, clock: Clock): number {
  const as = flags.as ?? osUserName(io.env);
  const store = openStore(flags.db);
  try {
    const entities = store.graph.entities();
    const ctx: ResolveContext = { store, runId: store.runs.latestFinished()?.id ?? null, entities, personOf: personOf(store, entities), dbFlag: dbFlag(flags.db, io.env) };
    const resolved = names.map((n) => resolveCandidate(ctx, n));
    const seeds = store.seeds.activeEntityIds();
    const marks = marksByPerson(store.marks.all(), ctx.personOf);
    const now = clock.now();
    const lines: string[] = [];
    store.tx(() => {
      for (const r of resolved) {
        const members = entities.filter((e) => (ctx.personOf.get(e.id) ?? e.id) === r.entityId).map((e) => e.id);
        const label = safe(r.label);
        // A no-op says so: scripts and people should not read "picked" when nothing changed.
        if (status && members.some((id) => seeds.has(id))) {
          lines.push(`${label} is a seed; seeds are not candidates (nothing to ${status === 'picked' ? 'pick' : 'reject'})`);
          continue;
        }
        const prev = marks.get(r.entityId);
        const before = prev?.status;
        if (!status && prev === undefined) {
          lines.push(`${label} has no pick or rejection; nothing to unmark`);
          continue;
        }
        if (status && prev && before === status) {
          // The same decision with a new note keeps the decision and replaces its reason.
          if (flags.note !== undefined && flags.note !== prev.note) {
            store.marks.clear(members);
            store.marks.set(r.entityId, status, now, flags.note, as);
            lines.push(`note updated: ${label}${byWhom(prev, as) ? ` (was ${status}${byWhom(prev, as)})` : ''}`);
          } else lines.push(`already ${status}${byWhom(prev, as)}: ${label}`);
          continue;
        }
        // The mark goes on the person: clear marks left on its other identities first.
        store.marks.clear(members);
        if (status) store.marks.set(r.entityId, status, now, flags.note ?? null, as);
        if (!status) lines.push(`unmarked (was ${before}${byWhom(prev!, as)}): ${label}`);
        // Overruling a teammate is allowed, and said, so nobody wonders where their pick went.
        else lines.push(`${status}: ${label}${prev && byWhom(prev, as) ? ` (was ${prev.status}${byWhom(prev, as)})` : ''}`);
      }
    });
    for (const l of lines) io.stderr.write(`${l}\n`);
    return 0;
  } finally {
    store.close();
  }
}

function register(name: 'pick' | 'reject' | 'unmark', description: string, status: 'picked' | 'rejected' | null, extra: string): RegisterCommand {
  return (program, ctx) => {
    const cmd = program
      .command(name)
      .description(description)
      .argument('<candidate...>', 'rank number, URL, handle or name')
      .addOption(dbOption(ctx.io.env));
    if (status) cmd.option('--note <text>', 'why, kept with the decision (shown by why, review and exports)');
    // unmark takes --as too: whose decision it undoes is said relative to who is asking.
    cmd.addOption(asOption());
    cmd
      .addHelpText('after', `
Examples:
  $ linernotes ${name} --db niche.db 3 7
  $ linernotes ${name} --db niche.db "Content Strategy Weekly" https://example.org/ @dana@toot.example${status ? `
  $ linernotes ${name} --db team.db --as ana 12` : ''}
${extra}`)
      .action((names: string[], flags) => ctx.setExit(runMark(status, names, flags, ctx.io, ctx.clock)));
  };
}

/** Register `pick`. */
export const registerPick = register('pick', 'pick candidates: export them with --status picked; the next discover crawls from them', 'picked',
  'Picked candidates are crawled from hop 0 by the next `discover` (turn off with --no-expand-picks).');
/** Register `reject`. */
export const registerReject = register('reject', 'reject candidates: they no longer appear in rank or export unless asked', 'rejected',
  'Rejected candidates come back with `rank --status rejected` or `--status all`.');
/** Register `unmark`. */
export const registerUnmark = register('unmark', 'forget picks and rejections of candidates', null, '');
