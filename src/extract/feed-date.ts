// Feed dates: RFC 822 (RSS) and RFC 3339 (Atom, JSON Feed) plus their common sloppy variants.
// Date.parse alone is no good here: V8 reads "Episode 12" as 1 Dec 2001 and reads zone-less
// strings in the machine's local time zone, which would make parsing depend on where it runs.

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** RFC 822 zone names in minutes east of UTC; unknown letters (military zones) count as UTC. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360,
  pst: -480, pdt: -420, cet: 60, cest: 120, bst: 60, ist: 330, jst: 540, aest: 600, aedt: 660,
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC822 =
  /^(?:[a-z\u00c0-\u024f.]+,?\s+)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([a-z]{1,5}|[+-]\d{2}:?\d{2})?(?:\s*\([^)]*\))?$/i;

/** Earliest and latest instants we believe a blog post was published (epoch-0 dates are filler). */
const MIN_MS = Date.UTC(1980, 0, 1);
const MAX_MS = Date.UTC(2200, 0, 1);

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === '') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m !== null) {
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
    return m[1] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toLowerCase()] ?? 0;
}

/** Date.UTC with a check that nothing rolled over (31 Feb is not 3 Mar). */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, offsetMin: number): number | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, mo, d, h, mi, s);
  if (new Date(ms).getUTCDate() !== d && !(h === 24 && mi === 0)) return null;
  return ms - offsetMin * 60_000;
}

function parseIso(m: RegExpExecArray): number | null {
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = utc(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), zoneOffsetMinutes(zone) ?? 0);
  return ms === null ? null : ms + (frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
}

function parseRfc822(m: RegExpExecArray): number | null {
  const [, d, monthName, y, h, mi, s, zone] = m;
  const month = MONTHS[monthName!.slice(0, 3).toLowerCase()];
  if (month === undefined) return null;
  let year = Number(y);
  if (y!.length === 2) year += year < 50 ? 2000 : 1900;
  else if (y!.length !== 4) return null;
  return utc(year, month, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), zoneOffsetMinutes(zone) ?? 0);
}

/**
 * Milliseconds since the epoch for a feed date, or null when it does not parse or falls outside
 * 1980-2200. Zone-less times are read as UTC so the result never depends on the machine.
 * Pure; never throws.
 */
export function parseFeedDate(raw: unknown): number | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim().replace(/\s+/g, ' ');
  if (s === '' || s.length > 100) return null;
  const iso = ISO.exec(s);
  const rfc = iso === null ? RFC822.exec(s) : null;
  let ms = iso !== null ? parseIso(iso) : rfc !== null ? parseRfc822(rfc) : null;
  // Last resort for "Tue Jan 14 2025 09:30:00 GMT+0000"-style strings: only when the text names
  // a year, a time and an explicit zone, so V8's guesswork cannot invent a date.
  if (ms === null && iso === null && rfc === null && /\b(19|20|21)\d\d\b/.test(s) && /\d:\d\d/.test(s) && /(gmt|utc|z|[+-]\d{4})\b/i.test(s)) {
    const guess = Date.parse(s);
    ms = Number.isFinite(guess) ? guess : null;
  }
  return ms !== null && ms >= MIN_MS && ms < MAX_MS ? ms : null;
}
