// Figures of the quality benchmark family: for one world, how many planted authorities made the
// top k (k = how many there are), precision@10, the best rank of any farm site, the off-topic
// hub and platforms, and whether the boost-only and guest-only people were found (the boost-only
// one with a `via` that starts at the Mastodon seed); for the family, min / median / max.
// Pure: rows and answer keys in, numbers out.
import type { NicheAnswer } from './niche-world.js';
import { median } from './quality-metrics.js';
import type { PlantedRoles } from './quality-world.js';

/** One exported candidate, reduced to what can name it in an answer key. */
export interface FamilyRow {
  rank: number;
  /** Hosts of its URLs and `acct:HANDLE` of its accounts. */
  keys: string[];
  via: string;
  /** Distinct entities pointing at it (export's `referrers`); absent in older exports. */
  referrers?: number;
}

/** A planted authority below the top k, and who holds the top-k places it missed. */
export interface Miss {
  key: string;
  rank: number | null;
  referrers: number | null;
  /** Non-authorities ranked in the top k: their planted role and distinct referrers. */
  above: { key: string; role: string; rank: number; referrers: number | null }[];
  /**
   * Whether one of `above` has at least as many distinct referrers as the missed authority: the
   * graph itself does not say the authority is more endorsed (see README "Ranking quality").
   */
  tiedOnBreadth: boolean;
}

/** What one world measured. */
export interface WorldFigures {
  world: string;
  topic: string;
  candidates: number;
  k: number;
  /** Planted authorities ranked 1..k. */
  authoritiesInTopK: number;
  /** authoritiesInTopK / k. */
  topKShare: number;
  precisionAt10: number;
  /** Best precision@10 possible (fewer than 10 authorities cap it). */
  maxPrecisionAt10: number;
  /** Best rank of any farm site, the hub, any platform; null when none was ranked. */
  farmBest: number | null;
  hubBest: number | null;
  platformBest: number | null;
  /** Rank of the boost-only / guest-only person; null when not found; undefined when the world has none. */
  boostOnlyRank?: number | null;
  /** Whether the boost-only person's `via` starts at the Mastodon seed. */
  boostOnlyViaSeed?: boolean;
  guestOnlyRank?: number | null;
  /** Whether the guest-only person's `via` ends with the show having it as a guest. */
  guestOnlyViaShow?: boolean;
  /** Each planted authority that missed the top k. */
  misses: Miss[];
  /**
   * The plan's breadth check (generated worlds only): the most referred non-authority has at
   * least as many planned referrers as the weakest authority, so no ranking by endorsement can
   * be expected to get this world's key right.
   */
  keyAmbiguous?: boolean;
}

/** The old single-topic world's roles in the family's terms. */
export function answerOfQualityWorld(topic: string, roles: PlantedRoles): NicheAnswer {
  return {
    topic, authorities: roles.influencers, friends: [], writers: [roles.obscure, ...roles.noise], farm: [...roles.farm, roles.gateway],
    hub: [roles.hub], noise: roles.noise, platforms: roles.platforms, boostOnly: null, guestOnly: null, mastodonSeed: null,
  };
}

/** Best (lowest) rank of a row holding any of `keys`. */
function bestRank(rows: readonly FamilyRow[], keys: readonly string[]): number | null {
  const wanted = new Set(keys);
  let best: number | null = null;
  for (const r of rows) if (r.keys.some((k) => wanted.has(k)) && (best === null || r.rank < best)) best = r.rank;
  return best;
}

/** All figures of one world's ranking. */
export function worldFigures(world: string, rows: readonly FamilyRow[], answer: NicheAnswer): WorldFigures {
  const sorted = [...rows].sort((a, b) => a.rank - b.rank);
  const authorities = new Set(answer.authorities);
  const isAuthority = (r: FamilyRow): boolean => r.keys.some((k) => authorities.has(k));
  const k = answer.authorities.length;
  const inTopK = sorted.slice(0, k).filter(isAuthority).length;
  const f: WorldFigures = {
    world, topic: answer.topic, candidates: sorted.length, k,
    authoritiesInTopK: inTopK, topKShare: k > 0 ? inTopK / k : 1,
    precisionAt10: sorted.slice(0, 10).filter(isAuthority).length / 10, maxPrecisionAt10: Math.min(10, k) / 10,
    farmBest: bestRank(sorted, answer.farm), hubBest: bestRank(sorted, answer.hub), platformBest: bestRank(sorted, answer.platforms),
    misses: missesOf(sorted, answer, k, isAuthority),
  };
  if (answer.planned) f.keyAmbiguous = answer.planned.strongestOther.referrers >= answer.planned.weakestAuthority;
  if (answer.boostOnly !== null) {
    f.boostOnlyRank = bestRank(sorted, [answer.boostOnly]);
    const row = sorted.find((r) => r.keys.includes(answer.boostOnly!));
    f.boostOnlyViaSeed = row !== undefined && answer.mastodonSeed !== null && viaStartsAt(row.via, answer.mastodonSeed);
  }
  if (answer.guestOnly !== null) {
    f.guestOnlyRank = bestRank(sorted, [answer.guestOnly]);
    const row = sorted.find((r) => r.keys.includes(answer.guestOnly!));
    f.guestOnlyViaShow = row !== undefined && / → had as guest [^→]+$/.test(row.via);
  }
  return f;
}

/** The planted role of a row, for labelling misses. */
function roleOf(r: FamilyRow, answer: NicheAnswer): string {
  const roles: [string, readonly string[]][] = [
    ['friend', answer.friends], ['writer', answer.writers], ['farm', answer.farm], ['hub', answer.hub], ['noise', answer.noise], ['platform', answer.platforms],
    ['boost-only', answer.boostOnly ? [answer.boostOnly] : []], ['guest-only', answer.guestOnly ? [answer.guestOnly] : []],
  ];
  return roles.find(([, keys]) => r.keys.some((k) => keys.includes(k)))?.[0] ?? 'other';
}

function missesOf(sorted: readonly FamilyRow[], answer: NicheAnswer, k: number, isAuthority: (r: FamilyRow) => boolean): Miss[] {
  const above = sorted.slice(0, k).filter((r) => !isAuthority(r))
    .map((r) => ({ key: r.keys[0] ?? '', role: roleOf(r, answer), rank: r.rank, referrers: r.referrers ?? null }));
  const inTop = new Set(sorted.slice(0, k).flatMap((r) => r.keys));
  return answer.authorities.filter((a) => !inTop.has(a)).map((key) => {
    const row = sorted.find((r) => r.keys.includes(key));
    const referrers = row?.referrers ?? null;
    const tiedOnBreadth = above.some((x) => x.referrers !== null && (referrers === null || x.referrers >= referrers));
    return { key, rank: row?.rank ?? null, referrers, above, tiedOnBreadth };
  });
}

/** Whether a `via` chain ("seed @user@host → boosted @x") starts at the seed with this handle. */
export function viaStartsAt(via: string, handle: string): boolean {
  const start = (via.split(' → ')[0] ?? '').toLowerCase();
  return start === `seed @${handle.toLowerCase()}` || start === `seed ${handle.toLowerCase()}`;
}

/** Smallest, median and largest of a list (null when empty). */
export interface Spread { min: number | null; median: number | null; max: number | null }

function spread(values: readonly number[]): Spread {
  return values.length === 0 ? { min: null, median: null, max: null } : { min: Math.min(...values), median: median(values), max: Math.max(...values) };
}

/** The family in a few numbers. */
export interface FamilySummary {
  worlds: number;
  topKShare: Spread;
  precisionAt10: Spread;
  /** Best rank any farm site / hub / platform reached in any world (null: never ranked). */
  farmBest: number | null;
  hubBest: number | null;
  platformBest: number | null;
  boostOnlyFound: string;
  guestOnlyFound: string;
  /** Worlds with every authority in the top k. */
  perfectWorlds: number;
  /** Missed authorities, and how many of them a non-authority above matched or beat on distinct referrers. */
  misses: number;
  missesTiedOnBreadth: number;
  /** Generated worlds whose key the plan's own breadth check calls ambiguous. */
  ambiguousKeys: number;
}

const lowest = (values: readonly (number | null)[]): number | null => {
  const ranked = values.filter((v): v is number => v !== null);
  return ranked.length > 0 ? Math.min(...ranked) : null;
};

/** Summarize the worlds of one benchmark run. */
export function familySummary(worlds: readonly WorldFigures[]): FamilySummary {
  const withBoost = worlds.filter((w) => w.boostOnlyRank !== undefined);
  const withGuest = worlds.filter((w) => w.guestOnlyRank !== undefined);
  return {
    worlds: worlds.length,
    topKShare: spread(worlds.map((w) => w.topKShare)),
    precisionAt10: spread(worlds.map((w) => w.precisionAt10)),
    farmBest: lowest(worlds.map((w) => w.farmBest)),
    hubBest: lowest(worlds.map((w) => w.hubBest)),
    platformBest: lowest(worlds.map((w) => w.platformBest)),
    boostOnlyFound: `${withBoost.filter((w) => w.boostOnlyRank !== null && w.boostOnlyViaSeed).length} of ${withBoost.length}`,
    guestOnlyFound: `${withGuest.filter((w) => w.guestOnlyRank !== null && w.guestOnlyViaShow).length} of ${withGuest.length}`,
    perfectWorlds: worlds.filter((w) => w.authoritiesInTopK === w.k).length,
    misses: worlds.reduce((n, w) => n + w.misses.length, 0),
    missesTiedOnBreadth: worlds.reduce((n, w) => n + w.misses.filter((m) => m.tiedOnBreadth).length, 0),
    ambiguousKeys: worlds.filter((w) => w.keyAmbiguous).length,
  };
}
