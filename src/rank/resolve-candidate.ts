// Turn what a user types after `why`, `pick` or `reject` into one person: a rank number, a URL
// (site, feed or profile), a handle (@dana.bsky.social, @dana@toot.example, dana.example) or a
// name. Ambiguity is an error that lists the matches, never a guess.
import { UsageError } from '../errors.js';
import { identify } from '../crawl/identify.js';
import { normalizeUrl } from '../extract/url.js';
import type { EntityRow } from '../store/graph.js';
import type { Store } from '../store/store.js';
import { displayName } from './liner-notes.js';

/** Why an account is never shown, in the user's words. */
const HIDDEN_WORDS: Record<NonNullable<EntityRow['hidden']>, string> = {
  'opted-out': 'the account asks not to be shown to logged-out viewers',
  deactivated: 'the account is deactivated',
  'taken-down': 'the account was taken down',
  'not-found': 'the account no longer exists',
};

/** A person the user named. */
export interface ResolvedCandidate {
  /** The entity that stands for the person (see rank/identity.ts). */
  entityId: number;
  /** How to name it back to the user. */
  label: string;
}

/** Context shared by several lookups in one command (entities and people loaded once). */
export interface ResolveContext {
  store: Store;
  runId: number | null;
  entities: EntityRow[];
  personOf: ReadonlyMap<number, number>;
  /** ` --db PATH` for the commands the messages suggest (see cli/hint.ts); empty for the default db. */
  dbFlag?: string;
}

/** Resolve `query`; throws UsageError naming the query when nothing or several things match. */
export function resolveCandidate(ctx: ResolveContext, query: string): ResolvedCandidate {
  const q = query.trim();
  const person = (e: EntityRow): ResolvedCandidate => {
    const id = ctx.personOf.get(e.id) ?? e.id;
    const rep = ctx.entities.find((x) => x.id === id) ?? e;
    if (rep.hidden !== null) throw new UsageError(`"${q}" is never shown: ${HIDDEN_WORDS[rep.hidden]}`, 'LN_HIDDEN');
    return { entityId: id, label: rep.name ?? displayName(rep) };
  };
  if (/^#?\d+$/.test(q)) {
    const rank = Number(q.replace('#', ''));
    const row = ctx.runId === null ? undefined : ctx.store.scores.forRun(ctx.runId).find((s) => s.rank === rank);
    const e = row ? ctx.entities.find((x) => x.id === row.entityId) : undefined;
    if (!e) throw new UsageError(`no candidate at rank ${rank}; \`linernotes rank${ctx.dbFlag ?? ''}\` shows the current numbers`, 'LN_NO_CANDIDATE');
    return person(e);
  }
  const byUrl = /^https?:\/\//i.test(q) ? fromUrl(ctx, q) : null;
  if (byUrl) return person(byUrl);
  const byHandle = fromHandle(ctx, q);
  if (byHandle) return person(byHandle);
  const matches = byName(ctx, q).filter((e) => e.hidden === null);
  const people = [...new Map(matches.map((e) => [ctx.personOf.get(e.id) ?? e.id, e])).values()];
  if (people.length === 1) return person(people[0]!);
  if (people.length > 1) {
    const ranks = rankOf(ctx);
    const listed = people
      .map((e) => ({ e, rank: ranks.get(ctx.personOf.get(e.id) ?? e.id) ?? null }))
      .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
    const seeds = ctx.store.seeds.activeEntityIds();
    const tag = (e: EntityRow, rank: number | null) => (rank !== null ? `#${rank}` : seeds.has(e.id) ? 'seed' : 'not ranked');
    const names = listed.slice(0, 5).map(({ e, rank }) => `${tag(e, rank)} "${e.name ?? displayName(e)}"`).join(', ');
    throw new UsageError(`"${q}" matches ${people.length} candidates (${names}${people.length > 5 ? ', …' : ''}); use the rank number or the URL`, 'LN_AMBIGUOUS');
  }
  throw new UsageError(`no candidate matches "${q}"; \`linernotes rank${ctx.dbFlag ?? ''}\` shows names, numbers and URLs`, 'LN_NO_CANDIDATE');
}

function fromUrl(ctx: ResolveContext, raw: string): EntityRow | null {
  const url = normalizeUrl(raw);
  if (!url) return null;
  const direct = ctx.entities.find((e) => e.homeUrl === url || e.feedUrl === url || e.profileUrl === url);
  if (direct) return direct;
  try {
    return ctx.store.graph.entityByKey(identify(url).key);
  } catch {
    return null;
  }
}

function fromHandle(ctx: ResolveContext, raw: string): EntityRow | null {
  const h = raw.replace(/^@/, '').toLowerCase();
  if (!/^[a-z0-9._:%@-]+$/.test(h) || !h.includes('.')) return null;
  const keys = h.includes('@') ? [`fedi:${h}`] : [`bsky:${h}`, `site:${h}`];
  for (const key of keys) {
    const e = ctx.store.graph.entityByKey(key);
    if (e) return e;
  }
  return ctx.entities.find((e) => e.handle?.toLowerCase() === h) ?? null;
}

/** Person id → rank in the run (persons without a score are left out). */
function rankOf(ctx: ResolveContext): Map<number, number> {
  return new Map(ctx.runId === null ? [] : ctx.store.scores.forRun(ctx.runId).map((s) => [s.entityId, s.rank]));
}

/** Exact names first, then names containing the query as whole words, then as a substring. */
function byName(ctx: ResolveContext, name: string): EntityRow[] {
  const n = name.toLowerCase();
  const exact = ctx.entities.filter((e) => e.name?.toLowerCase() === n);
  if (exact.length > 0) return exact;
  const named = ctx.entities.filter((e) => e.name && !e.isPlatform);
  const word = new RegExp(`(?<![\\p{L}\\p{N}])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u');
  const whole = named.filter((e) => word.test(e.name!.toLowerCase()));
  if (whole.length > 0) return whole;
  return named.filter((e) => e.name!.toLowerCase().includes(n));
}
