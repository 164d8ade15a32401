// URL normalization: the one place that decides when two spellings of a link are the same page.
// Everything stored in the graph goes through normalizeUrl, so it must be total (never throws)
// and conservative (only drops what cannot change the page: fragments, default ports, trackers).

/** Longer URLs are refused: no real page needs them and they bloat the graph (browsers cap near 8K too). */
export const MAX_URL_LENGTH = 8192;

/** Query parameters that only identify a campaign or click, never the page itself. */
const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'igshid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'epik',
  'srsltid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  '__hssc',
  '__hstc',
  '__hsfp',
  'hsctatracking',
  'mkt_tok',
  'ref_src',
  'ref_url',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'vero_conv',
  'rb_clickid',
  's_cid',
]);

/** Whether a query parameter name (any case) is a known tracker. */
export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/** Decode a query key for comparison; a malformed escape just compares as written. */
function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/**
 * Filter the raw query string by hand instead of via URLSearchParams, which would re-encode
 * every remaining parameter (`%20` -> `+`) and so change URLs we otherwise keep byte-for-byte.
 */
function stripTrackingParams(search: string): string {
  if (search.length <= 1) return '';
  const kept = search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParam(decodeKey(pair.split('=', 1)[0] ?? '')));
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}

/**
 * Resolve `raw` against `base`, keep only http(s), lowercase scheme+host, drop default ports,
 * the fragment, user:password, known tracking params (utm_*, fbclid, gclid, ...) and an empty
 * '?'; keep path case and other params in order. Returns null for unparsable, javascript:,
 * mailto:, data:, etc., and for results longer than MAX_URL_LENGTH. Never throws. IDN hosts
 * come out as punycode; an empty `raw` with a base means the base itself.
 */
export function normalizeUrl(raw: string, base?: string): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  if (trimmed === '') return base === undefined ? null : normalizeUrl(base);
  let url: URL;
  try {
    url = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  // A trailing dot names the same host; keeping it would split one site into two keys.
  if (url.hostname.endsWith('.') && !url.hostname.startsWith('[')) {
    const host = url.hostname.replace(/\.+$/, '');
    if (host === '') return null;
    url.hostname = host;
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  url.search = stripTrackingParams(url.search);
  return url.href.length > MAX_URL_LENGTH ? null : url.href;
}

/** The site root of a URL: `${scheme}//${host}/` (host keeps a non-default port); '' if unparsable. */
export function originRoot(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/`;
  } catch {
    return '';
  }
}
