// What `linernotes unmerge` works out before it writes anything: which one identity of a person
// the user named (a URL or a handle names one; a rank number or a name names the whole person),
// the other identities it is to be kept apart from, and the recorded evidence that had merged
// them, so the user sees what is being overruled.
import { UsageError } from '../errors.js';
import { identify } from '../crawl/identify.js';
import { normalizeUrl } from '../extract/url.js';
import type { EntityRow } from '../store/graph.js';
import { displayName } from './liner-notes.js';
import { resolveCandidate, type ResolveContext } from './resolve-candidate.js';

/** One recorded piece of identity evidence between two entities. */
export interface ClaimEvidence {
  kind: string;
  from: EntityRow;
  to: EntityRow;
  /** The page or profile that says it. */
  evidenceUrl: string;
  /** The link or field value it points at. */
  targetUrl: string;
  /** When the crawl first saw it (ms since the epoch). */
  firstSeenAt: number;
}

/** An identity to split from the person it is merged into. */
export interface SplitPlan {
  /** The identity the user named (never an alias: a moved site's old name means its new one). */
  entity: EntityRow;
  /** The entity that stands for the person now. */
  person: EntityRow;
  /** The person's other identities; one veto per pair (entity, other). */
  others: EntityRow[];
  /** Evidence between `entity` and `others` that merged them. */
  evidence: ClaimEvidence[];
}

/** How a user types an identity back: a site by its URL, an account by its @handle. */
export function identityLabel(e: EntityRow): string {
  return e.kind === 'site' && e.homeUrl ? e.homeUrl : displayName(e);
}

/**
 * The entity a URL or handle names, among `members` (aliases lead to what they stand for);
 * null when the query is a rank number or a name, which name a person, not one identity.
 */
export function memberNamed(ctx: ResolveContext, query: string, members: readonly EntityRow[]): EntityRow | null {
  const q = query.trim();
  const byId = new Map(ctx.entities.map((e) => [e.id, e]));
  const live = (e: EntityRow | undefined): EntityRow | null => {
    let cur = e;
    const seen = new Set<number>();
    while (cur && cur.aliasOf !== null && !seen.has(cur.id)) {
      seen.add(cur.id);
      const next = byId.get(cur.aliasOf);
      if (!next) break;
      cur = next;
    }
    return cur && members.some((m) => m.id === cur.id) ? cur : null;
  };
  if (/^https?:\/\//i.test(q)) {
    const url = normalizeUrl(q);
    if (!url) return null;
    const direct = ctx.entities.find((e) => e.homeUrl === url || e.feedUrl === url || e.profileUrl === url);
    if (direct) return live(direct);
    try {
      return live(ctx.entities.find((e) => e.key === identify(url).key));
    } catch {
      return null;
    }
  }
  const h = q.replace(/^@/, '').toLowerCase();
  if (/^#?\d+$/.test(q) || !/^[a-z0-9._:%@-]+$/.test(h) || !h.includes('.')) return null;
  const keys = h.includes('@') ? [`fedi:${h}`] : [`bsky:${h}`, `site:${h}`];
  for (const key of keys) {
    const e = live(ctx.entities.find((x) => x.key === key));
    if (e) return e;
  }
  return live(ctx.entities.find((e) => e.handle?.toLowerCase() === h));
}

/**
 * Plan splitting `query` off its person. Throws UsageError (naming what to type instead) when
 * the query names nothing, names a whole person of several identities, or an identity that is
 * not merged with anything.
 */
export function planSplit(ctx: ResolveContext, query: string): SplitPlan {
  const who = resolveCandidate(ctx, query);
  const members = ctx.entities.filter((e) => (ctx.personOf.get(e.id) ?? e.id) === who.entityId);
  const live = members.filter((e) => e.aliasOf === null || e.id === who.entityId);
  const entity = memberNamed(ctx, query, live) ?? (live.length === 1 ? live[0]! : null);
  if (!entity) {
    const names = live.map(identityLabel);
    throw new UsageError(
      `"${query}" is one person with ${live.length} identities (${names.join(', ')}); name the one to split off, e.g. \`linernotes unmerge ${names.at(-1)}${ctx.dbFlag ?? ''}\``,
      'LN_UNMERGE_WHICH',
    );
  }
  const others = live.filter((e) => e.id !== entity.id);
  if (others.length === 0) throw new UsageError(`${identityLabel(entity)} is not merged with anything`, 'LN_NOT_MERGED');
  const person = ctx.entities.find((e) => e.id === who.entityId) ?? entity;
  // Claims may have been recorded on an alias (a site's old domain): count them for what it became.
  const aliasesOf = (id: number) => members.filter((m) => m.id === id || m.aliasOf === id).map((m) => m.id);
  const mine = new Set(aliasesOf(entity.id));
  const theirs = new Set(others.flatMap((o) => aliasesOf(o.id)));
  const byId = new Map(ctx.entities.map((e) => [e.id, e]));
  const found = claimsBetween(ctx, mine, theirs).map((c) => ({ ...c, from: byId.get(c.from)!, to: byId.get(c.to)! }));
  return { entity, person, others, evidence: found };
}

/** Identity claims recorded between the two sets of entities, in either direction, oldest first. */
function claimsBetween(ctx: ResolveContext, a: ReadonlySet<number>, b: ReadonlySet<number>): (Omit<ClaimEvidence, 'from' | 'to'> & { from: number; to: number })[] {
  return ctx.store.graph.claimsByAge().filter((c) => (a.has(c.from) && b.has(c.to)) || (b.has(c.from) && a.has(c.to)));
}
