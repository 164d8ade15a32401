// The user's settings file, `linernotes.config.json` next to the database (or --config FILE):
// ranking weights, damping, the relevance/authority balance, extra platforms. Validated once,
// with errors that name the file and the setting.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';
import { DEFAULT_EDGE_WEIGHTS, DEFAULT_RELEVANCE_WEIGHT, EDGE_TYPES, type EdgeType, type RankOptions } from './rank/types.js';

/** The settings file's name, looked for next to the database. */
export const CONFIG_FILE = 'linernotes.config.json';

/** What a settings file can hold. */
export interface UserConfig {
  /** Where the settings came from, or null for the defaults. */
  source: string | null;
  /** Ranking knobs (documented defaults in README and rank/types.ts). */
  ranking: Required<Pick<RankOptions, 'damping' | 'relevanceWeight'>> & { edgeWeights: Record<EdgeType, number> };
  /** Site keys treated as platforms, besides the built-in list and --platform. */
  platforms: string[];
  /** Network guard: `allowPrivate` lets crawls reach private and local addresses (as --allow-private does). */
  network: { allowPrivate: boolean };
}

/** The defaults, as a settings file would spell them. */
export const DEFAULT_CONFIG: UserConfig = {
  source: null,
  ranking: { damping: 0.85, relevanceWeight: DEFAULT_RELEVANCE_WEIGHT, edgeWeights: { ...DEFAULT_EDGE_WEIGHTS } },
  platforms: [],
  network: { allowPrivate: false },
};

/** Load `explicit`, else `linernotes.config.json` beside `dbPath`, else the defaults. */
export function loadConfig(dbPath: string, explicit?: string): UserConfig {
  const file = explicit ?? path.join(path.dirname(path.resolve(dbPath)), CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit) throw new UsageError(`${explicit}: no such settings file`, 'LN_CONFIG');
    return DEFAULT_CONFIG;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); fix it or move it away`, 'LN_CONFIG');
  }
  return parseConfig(raw, file);
}

/** Validate a parsed settings object. Pure; `file` only names errors. */
export function parseConfig(raw: unknown, file: string): UserConfig {
  const fail = (what: string): never => {
    throw new UsageError(`${file}: ${what}`, 'LN_CONFIG');
  };
  if (!isObject(raw)) fail('must be a JSON object like {"ranking": {"damping": 0.85}}');
  const top = raw as Record<string, unknown>;
  unknownKeys(top, ['$comment', 'ranking', 'platforms', 'network'], '', fail);
  const config: UserConfig = { source: file, ranking: { ...DEFAULT_CONFIG.ranking, edgeWeights: { ...DEFAULT_EDGE_WEIGHTS } }, platforms: [], network: { allowPrivate: false } };
  if (top.ranking !== undefined) {
    if (!isObject(top.ranking)) fail('"ranking" must be an object');
    const r = top.ranking as Record<string, unknown>;
    unknownKeys(r, ['damping', 'relevanceWeight', 'edgeWeights'], 'ranking.', fail);
    if (r.damping !== undefined) config.ranking.damping = numberIn(r.damping, 'ranking.damping', 0, 1, false, fail);
    if (r.relevanceWeight !== undefined) config.ranking.relevanceWeight = numberIn(r.relevanceWeight, 'ranking.relevanceWeight', 0, 1, true, fail);
    if (r.edgeWeights !== undefined) {
      if (!isObject(r.edgeWeights)) fail('"ranking.edgeWeights" must be an object like {"link": 1, "repost": 2}');
      const w = r.edgeWeights as Record<string, unknown>;
      unknownKeys(w, EDGE_TYPES, 'ranking.edgeWeights.', fail);
      for (const [type, value] of Object.entries(w)) config.ranking.edgeWeights[type as EdgeType] = numberIn(value, `ranking.edgeWeights.${type}`, 0, 100, true, fail);
    }
  }
  if (top.platforms !== undefined) {
    if (!Array.isArray(top.platforms) || !top.platforms.every((p) => typeof p === 'string' && /^[a-z0-9.-]+\.[a-z0-9-]+$/i.test(p))) {
      fail('"platforms" must be a list of domains like ["example-news.com"]');
    }
    config.platforms = (top.platforms as string[]).map((p) => p.toLowerCase());
  }
  if (top.network !== undefined) {
    if (!isObject(top.network)) fail('"network" must be an object like {"allowPrivate": true}');
    const n = top.network as Record<string, unknown>;
    unknownKeys(n, ['allowPrivate'], 'network.', fail);
    if (n.allowPrivate !== undefined && typeof n.allowPrivate !== 'boolean') fail(`network.allowPrivate must be true or false, got ${JSON.stringify(n.allowPrivate)}`);
    config.network.allowPrivate = n.allowPrivate === true;
  }
  return config;
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(obj: Record<string, unknown>, known: readonly string[], prefix: string, fail: (w: string) => never): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) fail(`unknown setting "${prefix}${k}" (known: ${known.filter((x) => x !== '$comment').map((x) => prefix + x).join(', ')})`);
  }
}

function numberIn(v: unknown, name: string, min: number, max: number, inclusive: boolean, fail: (w: string) => never): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (inclusive ? v >= min && v <= max : v > min && v < max);
  if (!ok) fail(`${name} must be a number ${inclusive ? `from ${min} to ${max}` : `between ${min} and ${max}`}, got ${JSON.stringify(v)}`);
  return v as number;
}
