// The crawler's ready queue: the frontier's queued rows in memory, handed out in commit order
// (lowest hop depth, then oldest id: the order the crawler stores outcomes in, see
// crawl/commit-order.ts) among the hosts that can take a row now, with at most `perHost` rows of
// one host out at a time. Fetching in the order outcomes are stored keeps the answers that wait
// for their turn few; the per-host cap keeps a host with a 600-row backlog from holding back a
// host with 5 (it never has more than `perHost` rows out, the others take every other slot).
// It mirrors the `frontier` table (which stays the truth for a resumed run), so choosing the next
// row costs no query. The crawler sees it through {@link ReadyQueue}, the seam a shared
// (PostgreSQL) frontier can stand behind.
import { MinHeap } from './min-heap.js';

/** What the queue needs of a row. */
export interface QueueRow {
  id: number;
  url: string;
  depth: number;
}

/** Where the crawler takes its next fetch from: the dispatch seam. */
export interface ReadyQueue<T extends QueueRow> {
  /** Rows waiting. */
  readonly size: number;
  /** Add a row, or move a waiting one to a lower depth. */
  add(row: T): void;
  /** The next row a host can take now, in commit order; null if none. */
  takeLowest(): T | null;
  /** Whether row `id` is waiting. */
  has(id: number): boolean;
  /** Take waiting row `id` out of turn. */
  remove(id: number): T | null;
  /** A handed-out row is finished with the network. */
  release(row: T): void;
}

/** Options for {@link DispatchQueue}. */
export interface DispatchQueueOptions {
  /** Rows of one host handed out at once; the rest wait so other hosts get turns. @default 2 */
  perHost?: number;
  /** The host a row's requests go to. @default the URL's host */
  hostOf?: (url: string) => string;
}

const before = (a: { depth: number; id: number }, b: { depth: number; id: number }): boolean => a.depth < b.depth || (a.depth === b.depth && a.id < b.id);

/** A host that may take a row, keyed by its earliest waiting row when it was pushed. */
interface ReadyHost {
  host: string;
  depth: number;
  id: number;
}

/** Queued rows by host, handed out in commit order, fairly. */
export class DispatchQueue<T extends QueueRow> implements ReadyQueue<T> {
  /** The live entry of each waiting row: a row moved to a lower depth leaves a stale copy behind. */
  private readonly live = new Map<number, T>();
  /** Each host's waiting rows, earliest first (stale copies are dropped when met). */
  private readonly lines = new Map<string, MinHeap<T>>();
  /** Hosts below their limit with rows waiting; an entry is stale once its key is no longer the host's earliest. */
  private readonly ready = new MinHeap<ReadyHost>(before);
  private readonly load = new Map<string, number>();
  private readonly hostOfRow = new Map<number, string>();
  private readonly perHost: number;
  private readonly hostOf: (url: string) => string;

  constructor(opts: DispatchQueueOptions = {}) {
    this.perHost = opts.perHost ?? 2;
    if (!Number.isInteger(this.perHost) || this.perHost < 1) throw new RangeError(`Expected perHost to be an integer >= 1, got ${this.perHost}`);
    this.hostOf = opts.hostOf ?? urlHost;
  }

  /** Rows waiting (not handed out). */
  get size(): number {
    return this.live.size;
  }

  /** Rows of `host` handed out and not yet released. */
  busy(host: string): number {
    return this.load.get(host) ?? 0;
  }

  /** Whether row `id` is waiting here. */
  has(id: number): boolean {
    return this.live.has(id);
  }

  /**
   * Add a queued row, or move a waiting row to the lower depth it was found at again (a row at
   * the same or a greater depth than its live entry is ignored, as the table ignores it).
   */
  add(row: T): void {
    const current = this.live.get(row.id);
    if (current && row.depth >= current.depth) return;
    this.live.set(row.id, row);
    const host = this.hostOfRow.get(row.id) ?? this.hostOf(row.url);
    this.hostOfRow.set(row.id, host);
    let line = this.lines.get(host);
    if (!line) {
      line = new MinHeap<T>(before);
      this.lines.set(host, line);
    }
    line.push(row);
    // A new earliest row: the host's place in the ready order moves up.
    if (this.busy(host) < this.perHost && this.earliest(host) === row) this.ready.push({ host, depth: row.depth, id: row.id });
  }

  /**
   * The earliest waiting row (by depth, then id) among hosts below `perHost` rows out, or null
   * when every host with rows waiting is at its limit (or none has rows). The row counts against
   * its host until {@link release}.
   */
  takeLowest(): T | null {
    for (let entry = this.ready.pop(); entry; entry = this.ready.pop()) {
      const { host } = entry;
      if (this.busy(host) >= this.perHost) continue; // pushed again on release
      const first = this.earliest(host);
      if (!first) continue;
      if (first.id !== entry.id || first.depth !== entry.depth) {
        // Stale: the host's earliest row changed since; it takes its place under that one.
        this.ready.push({ host, depth: first.depth, id: first.id });
        continue;
      }
      this.lines.get(host)!.pop();
      this.handOut(first, host);
      return first;
    }
    return null;
  }

  /**
   * Take waiting row `id` out of turn, even past its host's limit (the crawl needs that row
   * next; the host scheduler still sends one request at a time per host). Counts against its
   * host until {@link release}, like {@link takeLowest}.
   */
  remove(id: number): T | null {
    const row = this.live.get(id);
    if (!row) return null;
    // Its copy in the host line is now stale and is skipped when met.
    this.handOut(row, this.hostOfRow.get(id)!);
    return row;
  }

  /** A handed-out row is finished: its host may take another. */
  release(row: T): void {
    const host = this.hostOfRow.get(row.id) ?? this.hostOf(row.url);
    this.hostOfRow.delete(row.id);
    const n = this.busy(host) - 1;
    if (n > 0) this.load.set(host, n);
    else this.load.delete(host);
    if (n === this.perHost - 1) this.readyHost(host);
  }

  private handOut(row: T, host: string): void {
    this.live.delete(row.id);
    this.load.set(host, this.busy(host) + 1);
    if (this.busy(host) < this.perHost) this.readyHost(host);
  }

  /** Put `host` in the ready order under its earliest waiting row, if it has one. */
  private readyHost(host: string): void {
    const first = this.earliest(host);
    if (first) this.ready.push({ host, depth: first.depth, id: first.id });
  }

  /** The host's earliest live row; stale copies on top are dropped, an empty line is forgotten. */
  private earliest(host: string): T | null {
    const line = this.lines.get(host);
    if (!line) return null;
    for (let top = line.peek(); top; top = line.peek()) {
      if (this.live.get(top.id) === top) return top;
      line.pop();
    }
    this.lines.delete(host);
    return null;
  }
}

function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
