// Aggregated edges as integer columns instead of one object per edge: a million edges are four
// typed arrays, not a million objects for the garbage collector to trace. Owns the column
// shapes the ranker passes around, a growable builder, and conversion to and from RankEdge[].
import { EDGE_TYPES, type EdgeType, type RankEdge } from './types.js';

/** (from, to, type, count) edges as columns; `type` is an index into EDGE_TYPES. */
export interface RankEdgeColumns {
  length: number;
  from: Int32Array;
  to: Int32Array;
  type: Uint8Array;
  count: Float64Array;
}

/** Weighted edges between node indices as columns (what PageRank and endorsement read). */
export interface WeightedColumns {
  length: number;
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
}

/** Appends edges to growable columns. */
export class RankEdgeColumnsBuilder {
  private n = 0;
  private from: Int32Array;
  private to: Int32Array;
  private type: Uint8Array;
  private count: Float64Array;

  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
    this.from = new Int32Array(c);
    this.to = new Int32Array(c);
    this.type = new Uint8Array(c);
    this.count = new Float64Array(c);
  }

  /** Append one edge; returns its position. */
  push(from: number, to: number, type: number, count: number): number {
    if (this.n === this.from.length) this.grow();
    const at = this.n++;
    this.from[at] = from;
    this.to[at] = to;
    this.type[at] = type;
    this.count[at] = count;
    return at;
  }

  /** Overwrite the count of the edge at `at`. */
  setCount(at: number, count: number): void {
    this.count[at] = count;
  }

  /** The columns, trimmed to length. */
  done(): RankEdgeColumns {
    const n = this.n;
    return { length: n, from: this.from.slice(0, n), to: this.to.slice(0, n), type: this.type.slice(0, n), count: this.count.slice(0, n) };
  }

  private grow(): void {
    const c = this.from.length * 2;
    const from = new Int32Array(c);
    from.set(this.from);
    const to = new Int32Array(c);
    to.set(this.to);
    const type = new Uint8Array(c);
    type.set(this.type);
    const count = new Float64Array(c);
    count.set(this.count);
    Object.assign(this, { from, to, type, count });
  }
}

const TYPE_INDEX = new Map<string, number>(EDGE_TYPES.map((t, i) => [t, i]));

/**
 * RankEdge[] as columns, in the same order. An edge of a type the ranker does not know gets
 * type 255, which weighs nothing (as an unknown type always did).
 */
export function toColumns(edges: readonly RankEdge[]): RankEdgeColumns {
  const out = new RankEdgeColumnsBuilder(edges.length);
  // An end that is not an integer id, or a count that is not a number, makes the edge unusable
  // (count NaN) rather than being coerced into another id or number.
  const isId = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= -0x80000000 && (x as number) <= 0x7fffffff;
  for (const e of edges) {
    const usable = isId(e.from) && isId(e.to) && typeof e.count === 'number';
    out.push(usable ? e.from : 0, usable ? e.to : 0, TYPE_INDEX.get(e.type) ?? UNKNOWN_TYPE, usable ? e.count : NaN);
  }
  return out.done();
}

/** Type index of an edge type outside EDGE_TYPES. */
export const UNKNOWN_TYPE = 255;

/** Columns back to RankEdge[] (for exports and tests), same order. */
export function fromColumns(c: RankEdgeColumns): RankEdge[] {
  const out: RankEdge[] = new Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = { from: c.from[i]!, to: c.to[i]!, type: EDGE_TYPES[c.type[i]!] as EdgeType, count: c.count[i]! };
  return out;
}
