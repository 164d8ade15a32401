// robots.txt parsed and matched by RFC 9309, with the leniency the RFC asks of crawlers (and
// Google's parser shows): a UTF-8 BOM, CR, LF or CRLF line ends, a missing colon, common
// misspellings of the keys. Groups are matched on the product token, case-insensitively;
// matching groups are merged; the longest matching rule wins and Allow wins a tie; `*` matches
// any run of characters and a final `$` anchors the end; both sides are percent-normalised.
// Pure: text in, answers out. Matching is O(pattern × path), never a backtracking regex.

/** The product token robots.txt is matched on when the User-Agent gives none. */
export const DEFAULT_PRODUCT_TOKEN = 'linernotes';

/**
 * The product token of a User-Agent: its first token of letters, `-` and `_` (RFC 9309 2.2.1),
 * `AcmeBot` from `AcmeBot/1.0 (+https://acme.example/bot)`.
 */
export function productTokenOf(userAgent: string): string {
  return /^\s*([A-Za-z_-]+)/.exec(userAgent)?.[1] ?? DEFAULT_PRODUCT_TOKEN;
}

interface Rule {
  allow: boolean;
  /** Percent-normalised pattern. */
  pattern: string;
}

interface Group {
  /** Lower-case product tokens; '*' for the catch-all group. */
  agents: string[];
  rules: Rule[];
  crawlDelay: number | null;
}

/** A parsed robots.txt. */
export interface RobotsTxt {
  /** Whether `token` may fetch `pathAndQuery` (the URL's path plus `?query`, as sent). */
  isAllowed(pathAndQuery: string, token: string): boolean;
  /** Crawl-delay in seconds for `token`'s groups (not in RFC 9309; widely used), or null. */
  crawlDelay(token: string): number | null;
}

const KEYS: Record<string, 'user-agent' | 'allow' | 'disallow' | 'crawl-delay' | 'sitemap'> = {
  'user-agent': 'user-agent', useragent: 'user-agent', 'user agent': 'user-agent', 'user-agents': 'user-agent',
  allow: 'allow',
  disallow: 'disallow', dissallow: 'disallow', dissalow: 'disallow', disalow: 'disallow', diasllow: 'disallow', disallaw: 'disallow',
  'crawl-delay': 'crawl-delay', crawldelay: 'crawl-delay', 'crawl delay': 'crawl-delay',
  sitemap: 'sitemap', 'site-map': 'sitemap',
};

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * RFC 3986 normal form for comparison: `%XX` of an unreserved character decoded, every other
 * `%xx` upper-cased, non-ASCII, controls and spaces percent-encoded as UTF-8. Reserved
 * characters stay as written on both sides, so `/a/b` still means a path with two segments.
 */
export function normalisePercent(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      const byte = parseInt(text.slice(i + 1, i + 3), 16);
      const decoded = String.fromCharCode(byte);
      out += byte < 0x80 && UNRESERVED.test(decoded) ? decoded : `%${text.slice(i + 1, i + 3).toUpperCase()}`;
      i += 2;
      continue;
    }
    const code = ch.charCodeAt(0);
    if (code > 0x20 && code < 0x7f) {
      out += ch;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Whether `pattern` (with `*` and a final `$`) matches `path` from its start. */
export function patternMatches(pattern: string, path: string): boolean {
  // Positions in `path` the pattern so far can end at, ascending (Google's robotstxt algorithm).
  let positions = [0];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '$' && i === pattern.length - 1) return positions.at(-1) === path.length;
    if (p === '*') {
      const from = positions[0]!;
      positions = [];
      for (let j = from; j <= path.length; j++) positions.push(j);
      continue;
    }
    const next: number[] = [];
    for (const pos of positions) if (pos < path.length && path[pos] === p) next.push(pos + 1);
    if (next.length === 0) return false;
    positions = next;
  }
  return true;
}

/**
 * `text` without its last line when that line has no line end: what is left of a file cut at
 * the size cap. (A `/[^\r\n]*$/` would rescan every line to its end: quadratic on 500 KiB.)
 */
export function withoutPartialLastLine(text: string): string {
  const end = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return text.slice(0, end + 1);
}

/** Split one line into key and value, or null for a line that is neither. */
function keyValue(line: string): [string, string] | null {
  const hash = line.indexOf('#');
  const text = (hash === -1 ? line : line.slice(0, hash)).trim();
  if (text === '') return null;
  const colon = text.indexOf(':');
  if (colon !== -1) return [text.slice(0, colon).trim().toLowerCase().replace(/\s+/g, ' '), text.slice(colon + 1).trim()];
  // A forgotten colon: `Disallow /private` (key, whitespace, one value).
  const parts = /^(\S+)\s+(\S+)$/.exec(text);
  return parts ? [parts[1]!.toLowerCase(), parts[2]!] : null;
}

/** The agent a `User-agent:` value names: '*' or its product token, lower-case. */
function agentOf(value: string): string | null {
  if (/^\*(\s|$)/.test(value)) return '*';
  return /^[A-Za-z_-]+/.exec(value)?.[0].toLowerCase() ?? null;
}

/** Parse robots.txt text (already decoded; the first 500 KiB at least). */
export function parseRobotsTxt(text: string): RobotsTxt {
  const body = text.replace(/^(\uFEFF|\uFFFD+|\u00EF\u00BB\u00BF)/, '');
  const groups: Group[] = [];
  let current: Group | null = null;
  let inRules = false;
  for (const line of body.split(/\r\n|\r|\n/)) {
    const kv = keyValue(line);
    if (!kv) continue;
    const key = KEYS[kv[0]];
    const value = kv[1];
    if (key === 'user-agent') {
      // Consecutive user-agent lines share a group; one after a rule starts the next group.
      if (!current || inRules) {
        current = { agents: [], rules: [], crawlDelay: null };
        groups.push(current);
        inRules = false;
      }
      const agent = agentOf(value);
      if (agent) current.agents.push(agent);
    } else if (key === 'allow' || key === 'disallow') {
      if (!current) continue; // rules before any user-agent line belong to no group
      inRules = true;
      // An empty value is no rule at all (`Disallow:` allows everything).
      if (value !== '') current.rules.push({ allow: key === 'allow', pattern: normalisePercent(value) });
    } else if (key === 'crawl-delay') {
      if (!current) continue;
      inRules = true;
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0 && current.crawlDelay === null) current.crawlDelay = seconds;
    }
    // sitemap and unknown keys: not part of any group, and they do not end one.
  }
  return compile(groups);
}

function compile(groups: Group[]): RobotsTxt {
  const forToken = (token: string): Group[] => {
    const t = token.toLowerCase();
    const own = groups.filter((g) => g.agents.includes(t));
    return own.length > 0 ? own : groups.filter((g) => g.agents.includes('*'));
  };
  return {
    isAllowed(pathAndQuery, token) {
      const path = normalisePercent(pathAndQuery === '' ? '/' : pathAndQuery);
      if (path === '/robots.txt') return true; // RFC 9309 2.2.2: always allowed
      let best: Rule | null = null;
      for (const group of forToken(token)) {
        for (const rule of group.rules) {
          if (!patternMatches(rule.pattern, path)) continue;
          const longer = best === null || rule.pattern.length > best.pattern.length;
          const tieToAllow = best !== null && rule.pattern.length === best.pattern.length && rule.allow && !best.allow;
          if (longer || tieToAllow) best = rule;
        }
      }
      return best === null || best.allow;
    },
    crawlDelay(token) {
      for (const group of forToken(token)) if (group.crawlDelay !== null) return group.crawlDelay;
      return null;
    },
  };
}
