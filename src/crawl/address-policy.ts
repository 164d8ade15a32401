// Which addresses and host names a crawl of the open web must never reach: loopback, private
// (RFC 1918), link-local (cloud metadata at 169.254.169.254), CGNAT, multicast, unspecified,
// broadcast and reserved IPv4; loopback, unique-local, link-local, multicast and reserved IPv6;
// and IPv4 addresses wrapped in IPv6 (IPv4-mapped, IPv4-compatible, NAT64, 6to4), judged by the
// address inside. Range tables come from ipaddr.js; only its `unicast` range is public. Pure (host
// verdicts are memoised).
import ipaddr from 'ipaddr.js';

/** A refused destination: the address (or name) as shown to the user, and why. */
export interface BlockedDestination {
  /** The normalised address or host name, e.g. `10.0.0.5`, `::1`, `localhost`. */
  address: string;
  /** The range it is in: `private`, `loopback`, `linkLocal`, `local name`, ... */
  range: string;
}

// IPv6 ranges that carry an IPv4 address in their last 32 bits.
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);

/** The range `ip` is in when it is not a public unicast address, else null. Throws on a non-IP. */
export function blockedRange(ip: string): string | null {
  const addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv4') {
    const range = addr.range();
    return range === 'unicast' ? null : range;
  }
  const v6 = addr as ipaddr.IPv6;
  const range = v6.range();
  const parts = v6.parts;
  const embedded = (hi: number, lo: number): string | null => blockedRange(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  if (EMBEDS_IPV4.has(range)) return embedded(parts[6]!, parts[7]!);
  // 6to4: 2002:AABB:CCDD::/48 routes to the IPv4 address AA.BB.CC.DD.
  if (range === '6to4') return embedded(parts[1]!, parts[2]!);
  // IPv4-compatible ::a.b.c.d (deprecated); ipaddr.js calls most of ::/96 unicast.
  if (parts.slice(0, 6).every((p) => p === 0)) return range === 'unicast' ? embedded(parts[6]!, parts[7]!) ?? 'ipv4Compatible' : range;
  return range === 'unicast' ? null : range;
}

/**
 * Host names that name this machine or a private network by convention, never a public site:
 * `localhost` and `*.localhost` (RFC 6761), `.local` (mDNS), `.internal`, `.home.arpa`, and
 * single-label names (`router`, `intranet`), which only a local resolver or search domain can
 * answer. Behind a proxy the proxy resolves names, so these are all that can be judged.
 */
export function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  if (name === '' || !name.includes('.')) return true;
  return /(^|\.)(localhost|local|internal|home\.arpa)$/.test(name);
}

/** Strip the brackets WHATWG URL keeps around IPv6 literals. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Judge a URL's host as written (after WHATWG URL parsing, which already turns `2130706433`,
 * `0177.0.0.1`, `127.1` and `0x7f.1` into `127.0.0.1`): a literal IP in a refused range, or a
 * local name. A public-looking name passes here; its resolved address is checked at connect.
 */
export function blockedHost(hostname: string): BlockedDestination | null {
  // Pure, asked for every request, and ipaddr.js's parsers were 6% of a crawl's CPU.
  const known = judged.get(hostname);
  if (known !== undefined) return known;
  const verdict = judgeHost(hostname);
  if (judged.size >= JUDGED_MAX) judged.clear();
  judged.set(hostname, verdict);
  return verdict;
}

/** Verdicts of recent host names (a crawl asks about the same few thousand hosts again and again). */
const judged = new Map<string, BlockedDestination | null>();
const JUDGED_MAX = 10_000;

function judgeHost(hostname: string): BlockedDestination | null {
  const host = bareHost(hostname).toLowerCase();
  if (ipaddr.isValid(host) && (host.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(host))) {
    const range = blockedRange(host);
    return range === null ? null : { address: ipaddr.parse(host).toString(), range };
  }
  // Any other spelling that still parses as an IPv4 number (WHATWG URL normalises these; this is
  // for hosts that reach us some other way).
  if (ipaddr.IPv4.isValid(host) && /^[0-9a-fx.]+$/.test(host)) {
    const addr = ipaddr.parse(host).toString();
    const range = blockedRange(addr);
    return range === null ? null : { address: addr, range };
  }
  return isLocalName(host) ? { address: host.replace(/\.+$/, ''), range: 'local name' } : null;
}

/** The message recorded for a refused URL: `blocked: private address (10.0.0.5)`. */
export function blockedReason(dest: BlockedDestination): string {
  return dest.range === 'local name' ? `blocked: local host name (${dest.address})` : `blocked: private address (${dest.address})`;
}
