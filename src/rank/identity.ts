// One candidate per person: which entities (a blog, a Bluesky account, a fediverse account)
// are the same person, from the identity claims the crawl recorded. Pure.
//
// Proofs merge on their own: a Bluesky handle that is a domain (only the domain's owner can set
// it) and a Mastodon profile field with `verified_at` (the server fetched the page and found
// the rel=me backlink). Everything else (rel=me on a page, a website field, a link in a bio)
// is a claim, and merges only when the other side claims back. One-way claims stay claims.
// Platforms never merge: a rel=me to github.com would otherwise make everyone one person.
// A domain handle proves control of that exact host name only: it is a proof for a site keyed
// by that host (alice.example), never for the registrable domain's site when the handle is a
// subdomain (gina.pds.test and hank.pds.test are two people, neither owns site:pds.test).
// Accounts never to be shown (opted out, deactivated) merge with nothing.
// A user's veto (`linernotes unmerge`) keeps two identities apart whatever the crawl records
// later: a merge that would put vetoed keys into one person is skipped.

/** What identity merging needs to know of an entity. */
export interface IdentityNode {
  id: number;
  key: string;
  kind: string;
  isPlatform: boolean;
  /** A moved site or a re-keyed account points at the entity that replaced it. */
  aliasOf: number | null;
  /** A podcast's site: the person is shown under another site of theirs when they have one. */
  isPodcast?: boolean;
  /** Why the entity is never shown (opted out, deactivated), or null: it then merges with nothing. */
  hidden?: string | null;
}

/** "`from` says it is also `to`". */
export interface ClaimEdge {
  from: number;
  to: number;
  kind: string;
  /** The URL claimed (for a domain handle, `https://HOST/`); checked against the target's key. */
  targetUrl?: string;
}

/** A user's decision that the entities keyed `aKey` and `bKey` are not one person. */
export interface MergeVeto {
  aKey: string;
  bKey: string;
}

/** Claim kinds that prove an identity by themselves. */
export const PROOF_KINDS: ReadonlySet<string> = new Set(['verified-field', 'domain-handle']);

/**
 * Map every entity id to the id of the entity that stands for its person: the group's site if
 * it has one (a site that is not a podcast first, then the smallest key), else its smallest key.
 * Vetoed pairs never end up in one group. Deterministic: the result does not depend on the
 * order of `nodes`, `claims` or `vetoes`.
 */
export function identityGroups(nodes: readonly IdentityNode[], claims: readonly ClaimEdge[], vetoes: readonly MergeVeto[] = []): Map<number, number> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const canon = new Map<number, number>();
  for (const n of nodes) canon.set(n.id, followAliases(n, byId));
  const keyOf = (id: number) => byId.get(id)!.key;

  // Vetoes are kept by key (entity ids are per database) and apply to what the key stands for now.
  const idByKey = new Map(nodes.map((n) => [n.key, n.id]));
  const apart = new Map<number, Set<number>>();
  for (const v of vetoes) {
    const a = canon.get(idByKey.get(v.aKey) ?? NaN);
    const b = canon.get(idByKey.get(v.bKey) ?? NaN);
    if (a === undefined || b === undefined || a === b) continue;
    for (const [x, y] of [[a, b], [b, a]] as const) apart.set(x, (apart.get(x) ?? new Set()).add(y));
  }

  const parent = new Map<number, number>();
  const groupOf = new Map<number, number[]>();
  const find = (x: number): number => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    let cur = x;
    while (cur !== root) {
      const next = parent.get(cur) ?? root;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const ga = groupOf.get(ra) ?? [ra];
    const gb = groupOf.get(rb) ?? [rb];
    if (apart.size > 0 && ga.some((x) => gb.some((y) => apart.get(x)?.has(y)))) return;
    const [keep, drop] = [Math.min(ra, rb), Math.max(ra, rb)];
    parent.set(drop, keep);
    groupOf.set(keep, [...ga, ...gb]);
    groupOf.delete(drop);
  };

  const said = new Set<string>();
  const proofs: [number, number][] = [];
  const pairs: [number, number][] = [];
  for (const c of claims) {
    const from = canon.get(c.from);
    const to = canon.get(c.to);
    if (from === undefined || to === undefined || from === to) continue;
    if (byId.get(from)?.isPlatform || byId.get(to)?.isPlatform) continue;
    if (byId.get(from)?.hidden || byId.get(to)?.hidden) continue;
    if (c.kind === 'domain-handle' && !handleProvesSite(c, byId.get(c.to))) continue;
    if (PROOF_KINDS.has(c.kind)) proofs.push([from, to]);
    said.add(`${from}>${to}`);
    pairs.push([from, to]);
  }
  const twoWay = pairs.filter(([from, to]) => said.has(`${to}>${from}`));
  // With vetoes the order of merges decides which side of a veto an identity lands on, so merge
  // in an order fixed by the entities' keys: proofs first, then two-way claims.
  const byKeys = ([a1, b1]: [number, number], [a2, b2]: [number, number]) => {
    const x = [keyOf(a1), keyOf(b1)].sort();
    const y = [keyOf(a2), keyOf(b2)].sort();
    return compare(x[0]!, y[0]!) || compare(x[1]!, y[1]!);
  };
  for (const [from, to] of [...proofs].sort(byKeys)) union(from, to);
  for (const [from, to] of [...twoWay].sort(byKeys)) union(from, to);

  const members = new Map<number, IdentityNode[]>();
  for (const n of nodes) {
    const c = canon.get(n.id)!;
    if (c !== n.id) continue;
    const root = find(c);
    members.set(root, [...(members.get(root) ?? []), n]);
  }
  const representative = new Map<number, number>();
  for (const [root, group] of members) {
    const rank = (n: IdentityNode) => (n.kind === 'site' ? (n.isPodcast ? 1 : 0) : 2);
    const best = [...group].sort((a, b) => rank(a) - rank(b) || compare(a.key, b.key))[0]!;
    representative.set(root, best.id);
  }
  const result = new Map<number, number>();
  for (const n of nodes) result.set(n.id, representative.get(find(canon.get(n.id)!))!);
  return result;
}

/**
 * Whether a domain-handle claim names the very site it points at: the claimed host is the
 * site's key. Claims recorded before this rule (to `site:pds.test` from `gina.pds.test`) fail.
 */
function handleProvesSite(c: ClaimEdge, target: IdentityNode | undefined): boolean {
  if (c.targetUrl === undefined || target?.kind !== 'site') return true;
  let host: string;
  try {
    host = new URL(c.targetUrl).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return false;
  }
  return target.key === `site:${host}` || target.key === `site:${host.replace(/^www\./, '')}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function followAliases(n: IdentityNode, byId: Map<number, IdentityNode>): number {
  let cur = n;
  const seen = new Set<number>();
  while (cur.aliasOf !== null && !seen.has(cur.id)) {
    seen.add(cur.id);
    const next = byId.get(cur.aliasOf);
    if (!next) break;
    cur = next;
  }
  return cur.id;
}
