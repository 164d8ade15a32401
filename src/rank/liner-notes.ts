// The liner notes: the chain of links and re-shares from a seed to a candidate, rebuilt from
// each entity's stored discovery step, and its one-line rendering for tables and CSV.
import type { EntityRow, GraphStore } from '../store/graph.js';

/** One hop of a discovery path: `from` pointed at the next entity with `edgeType`. */
export interface PathStep {
  fromName: string;
  edgeType: string;
  /** The URL the link pointed at (or the moved-to URL). */
  targetUrl: string | null;
  /** The page or post where the link was seen. */
  evidenceUrl: string | null;
  /** The entity this step reached, as written in a note; accounts are named, sites shown by URL. */
  toAccount: string | null;
}

/** A path from a seed (first) to the entity (last). */
export interface DiscoveryPath {
  seed: string | null;
  steps: PathStep[];
  entity: string;
}

/** Guards against a corrupted parent chain. */
const MAX_STEPS = 32;

/** Walk parent pointers from `entityId` back to a seed. */
export function discoveryPath(graph: GraphStore, entityId: number): DiscoveryPath {
  const target = graph.entity(entityId);
  const entityName = target ? displayName(target) : String(entityId);
  const steps: PathStep[] = [];
  let cur = graph.discovery(entityId);
  const seen = new Set<number>();
  let seed: string | null = null;
  while (cur && !seen.has(cur.entityId) && steps.length < MAX_STEPS) {
    seen.add(cur.entityId);
    if (cur.parentEntity === null) {
      const e = graph.entity(cur.entityId);
      seed = e ? displayName(e) : '';
      break;
    }
    const parent = graph.entity(cur.parentEntity);
    const child = graph.entity(cur.entityId);
    steps.unshift({
      toAccount: child?.kind === 'account' ? displayName(child) : null,
      fromName: parent ? displayName(parent) : '',
      edgeType: cur.edgeType ?? 'link',
      targetUrl: cur.targetUrl,
      evidenceUrl: cur.evidenceUrl,
    });
    cur = graph.discovery(cur.parentEntity);
  }
  return { seed, steps, entity: entityName };
}

/** The verb a liner note uses for each edge type. */
export const VERBS: Readonly<Record<string, string>> = {
  link: 'linked',
  'feed-item': 'linked',
  blogroll: 'blogrolled',
  repost: 'reposted',
  boost: 'boosted',
  quote: 'quoted',
  mention: 'mentioned',
  guest: 'had as guest',
  moved: 'moved to',
  'same-as': 'names as its own',
};

/**
 * Render a path as the liner note, e.g.
 * `seed blog.a.example → linked b.example/post → linked c.example` or
 * `seed @ada.bsky.social → reposted @x.bsky.social → linked x.example/post`.
 * A path with no seed (the seed was removed) starts at its oldest known step.
 */
export function formatVia(path: DiscoveryPath): string {
  if (path.steps.length === 0) return path.seed !== null ? `seed ${path.seed}` : '';
  const parts: string[] = [path.seed !== null ? `seed ${path.seed}` : path.steps[0]!.fromName];
  for (const step of path.steps) {
    const what = step.toAccount ?? (step.targetUrl ? displayUrl(step.targetUrl) : '?');
    parts.push(`${VERBS[step.edgeType] ?? step.edgeType} ${what}`);
  }
  return parts.join(' → ');
}

/** A URL without scheme, `www.` or trailing slash: how people write links in prose. */
export function displayUrl(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '');
}

/** How an entity is written in a liner note: a site by its address, an account as @handle. */
export function displayName(e: Pick<EntityRow, 'kind' | 'key' | 'homeUrl' | 'handle'>): string {
  if (e.kind === 'account') return `@${e.handle ?? e.key.replace(/^[a-z]+:/, '')}`;
  return e.homeUrl ? displayUrl(e.homeUrl) : e.key.replace(/^site:/, '');
}

/**
 * Which of a person's identities its liner note starts from: the one reached in the fewest hops,
 * preferring one reached through somebody else over one reached only as "is also"; ties keep
 * `fallback` (the person's own entity).
 */
export function bestStart(graph: GraphStore, group: readonly Pick<EntityRow, 'id'>[], fallback: number): number {
  let best = fallback;
  let bestKey: [number, number] = [Infinity, 1];
  for (const m of [...group].sort((a, b) => Number(b.id === fallback) - Number(a.id === fallback))) {
    const d = graph.discovery(m.id);
    const key: [number, number] = d ? [d.depth, d.edgeType === 'same-as' ? 1 : 0] : [Infinity, 1];
    if (key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) [best, bestKey] = [m.id, key];
  }
  return best;
}
