// JSON output: pretty, keys in the order the caller built them, newline at the end, and no raw
// control characters that could reach a terminal.

/**
 * Characters JSON.stringify leaves raw that a terminal or editor may act on: DEL, C1 controls
 * (e.g. U+009B, a one-byte CSI), line/paragraph separators and bidi overrides. Escaping them as
 * \uXXXX is lossless: a JSON parser reads back the same string.
 */
const UNSAFE = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** Replace what JSON cannot hold: bigint -> string, Map -> object, Set -> array, cycles -> "[Circular]". */
function plain(value: unknown, ancestors: object[]): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.includes(value)) return '[Circular]';
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return plain(toJSON.call(value), ancestors);
  ancestors.push(value);
  try {
    if (Array.isArray(value)) return value.map((v) => plain(v, ancestors));
    if (value instanceof Set) return [...value].map((v) => plain(v, ancestors));
    if (value instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value) out[String(k)] = plain(v, ancestors);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v, ancestors);
    return out;
  } finally {
    ancestors.pop();
  }
}

/**
 * Pretty JSON (2-space indent) ending with a newline. Keys keep the order they were inserted
 * in (JavaScript puts integer-like keys first; name keys so that does not matter). Cycles
 * become "[Circular]", bigints strings, Maps objects, Sets arrays, a bare undefined `null`.
 */
export function toJson(value: unknown): string {
  // JSON.stringify returns undefined for a bare undefined or function.
  const text = JSON.stringify(plain(value, []), null, 2) ?? 'null';
  return text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
