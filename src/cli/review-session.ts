// The interactive loop of `linernotes review`: walk the best candidates that have no mark yet
// (with `again`, also the skipped ones), one card at a time, and store each decision at once in
// its own transaction, so quitting, Ctrl-C or a crash loses nothing and the next review resumes
// with the next undecided candidate. Decisions are recorded under the reviewer's name; what a
// teammate already picked or rejected is left out (a teammate's skip is no decision: it is shown).
import type { Clock } from '../clock.js';
import { hiddenKnownNote } from '../export/candidates.js';
import { knownPeople } from '../known/match.js';
import { explainContext, explainWith, type ExplainContext, type ExplainOptions } from '../rank/explain.js';
import { isOwnMark, marksByPerson, type MarkStatus } from '../store/marks.js';
import type { Store } from '../store/store.js';
import { renderCard, renderExplanation } from './explanation-text.js';
import { readKeys, type KeyInput } from './keys.js';
import { chalkFor, safe, type Io } from './output.js';

/** Knobs and dependencies of a review session. */
export interface ReviewSessionOptions {
  /** ` --db PATH` for the commands the session suggests; empty for the default db. @default '' */
  dbFlag?: string;
  /** The keyboard: a TTY (put in raw mode for the session). */
  input: KeyInput;
  /** Open a URL in the browser; injected so tests launch nothing. */
  open: (url: string) => void | Promise<void>;
  /** Timestamps of the marks. */
  clock: Clock;
  /** Most candidates to show in this session. @default 25 */
  limit?: number;
  /** Show candidates skipped in an earlier review too. @default false */
  again?: boolean;
  /** How evidence is weighed and the score labelled (the ranking's settings). @default {} */
  explain?: ExplainOptions;
  /** Also show people the user already follows (`linernotes known`). @default false */
  includeKnown?: boolean;
  /** Who is reviewing: decisions are stored under this name. */
  as: string;
  /** Also show candidates a teammate (anyone but `as`) already picked or rejected. @default false */
  includeDecided?: boolean;
}

/** How a session went. */
export interface ReviewSummary {
  picked: number;
  rejected: number;
  skipped: number;
  /** Candidates of this pass not reviewed yet (what the next review with the same flags would start with). */
  left: number;
  /** `quit` (q), `interrupt` (Ctrl-C), `eof` (input ended or Ctrl-D), `done` (nothing more to show). */
  ended: 'quit' | 'interrupt' | 'eof' | 'done';
}

/** The prompt under every card. */
export const REVIEW_PROMPT = '[p]ick  [r]eject  [s]kip  [o]pen  [w]hy (full explanation)  [q]uit';

const DECISIONS: Record<string, MarkStatus> = { p: 'picked', r: 'rejected', s: 'skipped' };

/** Which candidates a review shows. */
export interface QueueOptions {
  /** The reviewer: their own picks and rejections are done, their skips come back with `again`. */
  as: string;
  /** Also the candidates the reviewer skipped before. @default false */
  again?: boolean;
  /** Also the candidates a teammate picked or rejected. @default false */
  includeDecided?: boolean;
  /** People left out whatever their mark (those the user already follows). @default none */
  hide?: ReadonlySet<number>;
}

/**
 * The run's candidates to review, best first: unmarked ones and those a teammate only skipped;
 * with `again` also the reviewer's own skips, with `includeDecided` also what teammates picked
 * or rejected. Marks with no recorded author count as the reviewer's own (see isOwnMark).
 */
export function reviewQueue(ctx: ExplainContext, opts: QueueOptions): number[] {
  const marks = marksByPerson(ctx.store.marks.all(), ctx.personOf);
  const hide = opts.hide ?? new Set<number>();
  return [...ctx.scores.values()]
    .sort((a, b) => a.rank - b.rank)
    .filter((s) => {
      if (hide.has(s.entityId)) return false;
      const m = marks.get(s.entityId);
      if (!m) return true;
      const own = isOwnMark(m, opts.as);
      if (m.status === 'skipped') return !own || (opts.again ?? false);
      return !own && (opts.includeDecided ?? false);
    })
    .map((s) => s.entityId);
}

/** The stderr line saying how many teammates' decisions a review left out, or '' when none. */
export function decidedByOthersNote(n: number): string {
  return n > 0 ? `${n} candidate${n === 1 ? '' : 's'} already picked or rejected by teammates left out (--include-decided shows them)\n` : '';
}

/** The people of `ctx` the user already follows. */
function knownIn(ctx: ExplainContext): Set<number> {
  return knownPeople(ctx.store.known.list(), [...ctx.byId.values()], ctx.personOf);
}

/** Run a review session on `runId`; writes cards and the closing summary to stdout. */
export async function runReviewSession(store: Store, runId: number, io: Io, opts: ReviewSessionOptions): Promise<ReviewSummary> {
  const ctx = explainContext(store, runId);
  const known = opts.includeKnown ? new Set<number>() : knownIn(ctx);
  const q: QueueOptions = { as: opts.as, again: opts.again ?? false, includeDecided: opts.includeDecided ?? false, hide: known };
  const all = reviewQueue(ctx, q);
  io.stderr.write(hiddenKnownNote(reviewQueue(ctx, { ...q, hide: undefined }).length - all.length));
  if (!q.includeDecided) io.stderr.write(decidedByOthersNote(reviewQueue(ctx, { ...q, includeDecided: true }).length - all.length));
  const queue = all.slice(0, opts.limit ?? 25);
  const summary: ReviewSummary = { picked: 0, rejected: 0, skipped: 0, left: all.length, ended: 'done' };
  const out = (s: string) => io.stdout.write(s);
  if (queue.length === 0) {
    const skippedExist = !opts.again && reviewQueue(ctx, { ...q, again: true }).length > 0;
    io.stderr.write(`nothing to review: every candidate has a mark${skippedExist ? `; \`linernotes review --again${opts.dbFlag ?? ''}\` shows the skipped ones` : ''}\n`);
    return summary;
  }
  const c = chalkFor(io.stdout, io.env);
  // A terminal that reports no size (0 columns: `script`, some CI ptys) gets a sane width.
  const width = io.stdout.isTTY ? Math.max(40, io.stdout.columns || 100) : 200;
  const keys = readKeys(opts.input);
  try {
    for (let i = 0; i < queue.length && summary.ended === 'done'; i++) {
      const person = queue[i]!;
      const ex = explainWith(ctx, person, { ...opts.explain, maxPaths: 1, maxEvidence: 3 });
      out(`\n${renderCard(ex, c, { index: i + 1, total: queue.length }, width)}`);
      for (;;) {
        out(`${c.dim(REVIEW_PROMPT)} › `);
        const key = await keys.next();
        if (key === null || (key.ctrl && key.name === 'd')) {
          out('\n');
          summary.ended = 'eof';
          break;
        }
        if (key.ctrl && key.name === 'c') {
          out('^C\n');
          summary.ended = 'interrupt';
          break;
        }
        const decision = key.ctrl ? undefined : DECISIONS[key.name];
        if (decision) {
          mark(store, ctx, person, decision, opts.clock.now(), opts.as);
          summary[decision]++;
          summary.left--;
          out(`${decision}\n`);
          break;
        }
        if (key.name === 'q' && !key.ctrl) {
          out('quit\n');
          summary.ended = 'quit';
          break;
        }
        if (key.name === 'o' && !key.ctrl) await openIn(ctx, person, opts.open, out);
        else if (key.name === 'w' && !key.ctrl) out(`\n${renderExplanation(explainWith(ctx, person, opts.explain), c)}\n`);
        else if (key.sequence.length === 1 && key.sequence >= ' ') out(`press p, r, s, o, w or q\n`);
        else out('\n');
      }
    }
  } finally {
    keys.close();
  }
  out(`${formatSummary(summary)}\n`);
  return summary;
}

/** `picked 2, rejected 1, skipped 3; 14 left`. */
export function formatSummary(s: ReviewSummary): string {
  return `picked ${s.picked}, rejected ${s.rejected}, skipped ${s.skipped}; ${s.left} left`;
}

/** Store one decision by `as` on the person, replacing marks left on its other identities, in one transaction. */
function mark(store: Store, ctx: ExplainContext, person: number, status: MarkStatus, now: number, as: string): void {
  const members = (ctx.members.get(person) ?? []).map((m) => m.id);
  store.tx(() => {
    // A skip is no decision: it never replaces a pick or rejection (a teammate's, shown with --include-decided).
    const before = marksByPerson(store.marks.all(), ctx.personOf).get(person);
    if (status === 'skipped' && before && before.status !== 'skipped') return;
    store.marks.clear(members);
    store.marks.set(person, status, now, null, as);
  });
}

/** Open the person's main address (website, else profile): printed too, for terminals without a browser. */
async function openIn(ctx: ExplainContext, person: number, open: ReviewSessionOptions['open'], out: (s: string) => void): Promise<void> {
  const group = ctx.members.get(person) ?? [];
  const rep = ctx.byId.get(person);
  const site = group.find((m) => m.kind === 'site' && m.homeUrl && (m.aliasOf === null || m.id === person));
  const url = site?.homeUrl ?? rep?.profileUrl ?? rep?.homeUrl ?? null;
  // Only web addresses: a stored URL must never make the opener run a file or another scheme.
  if (!url || !/^https?:\/\//i.test(url)) {
    out('no web address to open\n');
    return;
  }
  out(`opening ${safe(url)}\n`);
  try {
    await open(url);
  } catch (err) {
    out(`could not open it (${safe((err as Error).message ?? String(err))})\n`);
  }
}
