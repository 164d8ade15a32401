// The order in which a crawl stores outcomes: always the uncommitted row with the lowest
// (hop depth, row id). That is what a crawl fetching one row at a time, breadth-first, would
// do, and it depends on nothing but the stored frontier, so a resumed run continues it exactly.
// Fetches may run far ahead of it (hop h+1 while hop h is still in flight); their outcomes wait
// until their row is the lowest, so hop numbers, discovery paths, --per-site and --max-pages
// come out as that one-at-a-time crawl has them, whatever order the answers arrive in.

/** What the order needs of a row. */
export interface OrderedRow {
  id: number;
  depth: number;
}

/** Uncommitted rows, lowest (depth, id) first. A min-heap with lazy removal of moved rows. */
export class CommitOrder {
  private readonly depthOf = new Map<number, number>();
  private heapDepth: number[] = [];
  private heapId: number[] = [];

  /** Uncommitted rows. */
  get size(): number {
    return this.depthOf.size;
  }

  /** Whether row `id` is uncommitted. */
  has(id: number): boolean {
    return this.depthOf.has(id);
  }

  /** Add a row, or move it to a lower depth (a greater one is ignored). */
  add(row: OrderedRow): void {
    const current = this.depthOf.get(row.id);
    if (current !== undefined && current <= row.depth) return;
    this.depthOf.set(row.id, row.depth);
    this.push(row.depth, row.id);
  }

  /** The row to commit next, or null when none is left. */
  head(): { id: number; depth: number } | null {
    while (this.heapId.length > 0) {
      const id = this.heapId[0]!;
      const depth = this.heapDepth[0]!;
      if (this.depthOf.get(id) === depth) return { id, depth };
      this.pop(); // committed, or a stale copy of a row that moved up
    }
    return null;
  }

  /** The head was committed. */
  commit(id: number): void {
    this.depthOf.delete(id);
  }

  private less(i: number, j: number): boolean {
    const a = this.heapDepth[i]!;
    const b = this.heapDepth[j]!;
    return a < b || (a === b && this.heapId[i]! < this.heapId[j]!);
  }

  private swap(i: number, j: number): void {
    const d = this.heapDepth[i]!;
    this.heapDepth[i] = this.heapDepth[j]!;
    this.heapDepth[j] = d;
    const id = this.heapId[i]!;
    this.heapId[i] = this.heapId[j]!;
    this.heapId[j] = id;
  }

  private push(depth: number, id: number): void {
    this.heapDepth.push(depth);
    this.heapId.push(id);
    for (let i = this.heapId.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): void {
    const last = this.heapId.length - 1;
    this.swap(0, last);
    this.heapDepth.pop();
    this.heapId.pop();
    const n = this.heapId.length;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
