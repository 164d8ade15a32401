// Ranking-quality figures for `npm run bench:quality`: given the ranked candidates and the
// planted answer key, how many planted influencers made the top k and where the obscure author
// and the distractors (off-topic hub, link farm, the farm's gateway) landed. Pure: no I/O.
import type { PlantedRoles, Role } from './quality-world.js';

/** One ranked candidate reduced to what the figures need. */
export interface RankedHost {
  /** 1-based rank in the full ranking. */
  rank: number;
  host: string;
  score: number;
  relevance: number;
  /** Normalized authority, 0..1. */
  authority: number;
}

/** Where a group of hosts landed. Ranks are 1-based; null when no member was ranked at all. */
export interface Placement {
  best: number | null;
  median: number | null;
  worst: number | null;
  /** Members that appear in the ranking. */
  ranked: number;
  /** Members planted. */
  total: number;
}

/** A ranked host together with its planted role. */
export interface RoleRank extends RankedHost {
  role: Role | 'unknown';
}

/** Every figure the benchmark reports. */
export interface QualityFigures {
  candidates: number;
  precisionAt10: number;
  precisionAt20: number;
  /** Best possible precision@20 (fewer influencers than 20 caps it). */
  maxPrecisionAt20: number;
  influencers: Placement;
  obscureRank: number | null;
  hubRank: number | null;
  gatewayRank: number | null;
  farm: Placement;
  /** Noise sites in the top 10 and top 20. */
  noiseInTop10: number;
  noiseInTop20: number;
  /** Planted influencers ranked below 20 or not at all, best first (unranked last). */
  sunkInfluencers: { host: string; rank: number | null }[];
  /** Non-influencers in the top 20, best first. */
  liftedIntoTop20: RoleRank[];
}

/** The hostname of a candidate's URL, lower-case; null for anything that is not an http(s) URL. */
export function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Sorted by rank, so positions are well defined whatever order the rows came in. */
function byRank(ranked: readonly RankedHost[]): RankedHost[] {
  return [...ranked].sort((a, b) => a.rank - b.rank);
}

/** Share of the first `k` positions held by `relevant` hosts; a ranking shorter than k counts its gaps as misses. */
export function precisionAtK(ranked: readonly RankedHost[], relevant: ReadonlySet<string>, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`Expected \`k\` to be an integer >= 1, got \`${k}\``);
  return byRank(ranked).slice(0, k).filter((r) => relevant.has(r.host)).length / k;
}

/** The rank of `host`, or null if it was not ranked. */
export function rankOf(ranked: readonly RankedHost[], host: string): number | null {
  return ranked.find((r) => r.host === host)?.rank ?? null;
}

/** Median of a list of numbers (mean of the middle two for even lengths); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Best, median and worst rank of the members of `hosts` that were ranked. */
export function placement(ranked: readonly RankedHost[], hosts: readonly string[]): Placement {
  const members = new Set(hosts);
  const ranks = ranked.filter((r) => members.has(r.host)).map((r) => r.rank);
  return {
    best: ranks.length > 0 ? Math.min(...ranks) : null,
    median: median(ranks),
    worst: ranks.length > 0 ? Math.max(...ranks) : null,
    ranked: ranks.length,
    total: members.size,
  };
}

/** Host -> planted role, for labelling. */
export function roleIndex(roles: PlantedRoles): Map<string, Role> {
  const index = new Map<string, Role>();
  const add = (role: Role, hosts: readonly string[]): void => hosts.forEach((h) => index.set(h, role));
  add('seed', roles.seeds);
  add('influencer', roles.influencers);
  add('obscure', [roles.obscure]);
  add('hub', [roles.hub]);
  add('gateway', [roles.gateway]);
  add('farm', roles.farm);
  add('noise', roles.noise);
  return index;
}

/** All the benchmark's figures for one ranking against the planted roles. */
export function qualityFigures(ranked: readonly RankedHost[], roles: PlantedRoles): QualityFigures {
  const sorted = byRank(ranked);
  const influencers = new Set(roles.influencers);
  const noise = new Set(roles.noise);
  const index = roleIndex(roles);
  const top = (k: number): RankedHost[] => sorted.slice(0, k);
  const sunk = roles.influencers
    .map((host) => ({ host, rank: rankOf(sorted, host) }))
    .filter((x) => x.rank === null || x.rank > 20)
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.host < b.host ? -1 : 1));
  return {
    candidates: sorted.length,
    precisionAt10: precisionAtK(sorted, influencers, 10),
    precisionAt20: precisionAtK(sorted, influencers, 20),
    maxPrecisionAt20: Math.min(20, influencers.size) / 20,
    influencers: placement(sorted, roles.influencers),
    obscureRank: rankOf(sorted, roles.obscure),
    hubRank: rankOf(sorted, roles.hub),
    gatewayRank: rankOf(sorted, roles.gateway),
    farm: placement(sorted, roles.farm),
    noiseInTop10: top(10).filter((r) => noise.has(r.host)).length,
    noiseInTop20: top(20).filter((r) => noise.has(r.host)).length,
    sunkInfluencers: sunk,
    liftedIntoTop20: top(20).filter((r) => !influencers.has(r.host)).map((r) => ({ ...r, role: index.get(r.host) ?? 'unknown' })),
  };
}
