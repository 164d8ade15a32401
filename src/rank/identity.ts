// One candidate per person: which entities (a blog, a Bluesky account, a fediverse account)
// are the same person, from the identity claims the crawl recorded. Pure.
//
// Proofs merge on their own: a Bluesky handle that is a domain (only the domain's owner can set
// it) and a Mastodon profile field with `verified_at` (the server fetched the page and found
// the rel=me backlink). Everything else (rel=me on a page, a website field, a link in a bio)
// is a claim, and merges only when the other side claims back. One-way claims stay claims.
// Platforms never merge: a rel=me to github.com would otherwise make everyone one person.

/** What identity merging needs to know of an entity. */
export interface IdentityNode {
  id: number;
  key: string;
  kind: string;
  isPlatform: boolean;
  /** A moved site or a re-keyed account points at the entity that replaced it. */
  aliasOf: number | null;
}

/** "`from` says it is also `to`". */
export interface ClaimEdge {
  from: number;
  to: number;
  kind: string;
}

/** Claim kinds that prove an identity by themselves. */
export const PROOF_KINDS: ReadonlySet<string> = new Set(['verified-field', 'domain-handle']);

/**
 * Map every entity id to the id of the entity that stands for its person: the group's site if
 * it has one (the smallest key among sites), else its smallest key. Deterministic.
 */
export function identityGroups(nodes: readonly IdentityNode[], claims: readonly ClaimEdge[]): Map<number, number> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const canon = new Map<number, number>();
  for (const n of nodes) canon.set(n.id, followAliases(n, byId));

  const parent = new Map<number, number>();
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
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };

  const said = new Set<string>();
  const pairs: [number, number][] = [];
  for (const c of claims) {
    const from = canon.get(c.from);
    const to = canon.get(c.to);
    if (from === undefined || to === undefined || from === to) continue;
    if (byId.get(from)?.isPlatform || byId.get(to)?.isPlatform) continue;
    if (PROOF_KINDS.has(c.kind)) union(from, to);
    said.add(`${from}>${to}`);
    pairs.push([from, to]);
  }
  for (const [from, to] of pairs) if (said.has(`${to}>${from}`)) union(from, to);

  const members = new Map<number, IdentityNode[]>();
  for (const n of nodes) {
    const c = canon.get(n.id)!;
    if (c !== n.id) continue;
    const root = find(c);
    members.set(root, [...(members.get(root) ?? []), n]);
  }
  const representative = new Map<number, number>();
  for (const [root, group] of members) {
    const best = [...group].sort((a, b) => Number(b.kind === 'site') - Number(a.kind === 'site') || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))[0]!;
    representative.set(root, best.id);
  }
  const result = new Map<number, number>();
  for (const n of nodes) result.set(n.id, representative.get(find(canon.get(n.id)!))!);
  return result;
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
