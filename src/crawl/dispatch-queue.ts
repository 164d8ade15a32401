// The crawler's ready queue: the frontier's queued rows in memory, by hop depth, then by host,
// handed out round-robin across hosts with at most `perHost` rows of one host out at a time.
// It mirrors the `frontier` table (which stays the truth for a resumed run), so choosing the
// next row costs no query, and a host with a 600-row backlog cannot hold back a host with 5:
// every host with work gets a turn before any host gets a second one. It only decides which
// fetch goes out next; in what order outcomes are stored is the crawler's business
// (see crawl/commit-order.ts), so the seam a shared (PostgreSQL) frontier replaces is
// {@link ReadyQueue}.

/** What the queue needs of a row. */
export interface QueueRow {
  id: number;
  url: string;
  depth: number;
}

/** One host's rows at one depth, oldest first. */
interface HostLine<T> {
  host: string;
  rows: T[];
  head: number;
  /** In its level's ready ring right now. */
  ready: boolean;
}

/** The rows of one depth. */
interface Level<T> {
  lines: Map<string, HostLine<T>>;
  ready: HostLine<T>[];
  readyHead: number;
  /** Live (not superseded) rows waiting at this depth. */
  count: number;
}

/** Options for {@link DispatchQueue}. */
export interface DispatchQueueOptions {
  /** Rows of one host handed out at once; the rest wait so other hosts get turns. @default 2 */
  perHost?: number;
  /** The host a row's requests go to. @default the URL's host */
  hostOf?: (url: string) => string;
}

/** Where the crawler takes its next fetch from: the dispatch seam. */
export interface ReadyQueue<T extends QueueRow> {
  /** Rows waiting. */
  readonly size: number;
  /** Add a row, or move a waiting one to a lower depth. */
  add(row: T): void;
  /** The next row a host can take now, lowest depth first; null if none. */
  takeLowest(): T | null;
  /** Whether row `id` is waiting. */
  has(id: number): boolean;
  /** Take waiting row `id` out of turn. */
  remove(id: number): T | null;
  /** A handed-out row is finished with the network. */
  release(row: T): void;
}

/** Queued rows by depth and host, handed out fairly. */
export class DispatchQueue<T extends QueueRow> implements ReadyQueue<T> {
  private readonly levels = new Map<number, Level<T>>();
  /** The live entry of each queued row: a row moved to a lower depth leaves a stale copy behind. */
  private readonly live = new Map<number, T>();
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

  /**
   * Add a queued row, or move a waiting row to the lower depth it was found at again (a row at
   * the same or a greater depth than its live entry is ignored, as the table ignores it).
   */
  add(row: T): void {
    const current = this.live.get(row.id);
    if (current) {
      if (row.depth >= current.depth) return;
      this.levels.get(current.depth)!.count--;
    }
    this.live.set(row.id, row);
    const host = this.hostOfRow.get(row.id) ?? this.hostOf(row.url);
    this.hostOfRow.set(row.id, host);
    const level = this.level(row.depth);
    let line = level.lines.get(host);
    if (!line) {
      line = { host, rows: [], head: 0, ready: false };
      level.lines.set(host, line);
    }
    line.rows.push(row);
    level.count++;
    if (!line.ready && this.busy(host) < this.perHost) this.makeReady(level, line);
  }

  /** The lowest depth with rows waiting, or null. */
  lowestDepth(): number | null {
    let lowest: number | null = null;
    for (const [depth, level] of this.levels) if (level.count > 0 && (lowest === null || depth < lowest)) lowest = depth;
    return lowest;
  }

  /** Rows waiting at `depth`. */
  waitingAt(depth: number): number {
    return this.levels.get(depth)?.count ?? 0;
  }

  /**
   * The next row at `depth`: from the host whose turn it is, skipping hosts that already have
   * `perHost` rows out. Null when every host with rows there is at its limit (or none has rows).
   * The row counts against its host until {@link release}.
   */
  take(depth: number): T | null {
    const level = this.levels.get(depth);
    if (!level) return null;
    while (level.readyHead < level.ready.length) {
      const line = level.ready[level.readyHead++]!;
      line.ready = false;
      if (this.busy(line.host) >= this.perHost) continue; // re-readied on release
      const row = this.shift(line);
      if (!row) continue;
      this.live.delete(row.id);
      level.count--;
      this.load.set(line.host, this.busy(line.host) + 1);
      if (line.head < line.rows.length && this.busy(line.host) < this.perHost) this.makeReady(level, line);
      this.compact(level, depth);
      return row;
    }
    this.compact(level, depth);
    return null;
  }

  /**
   * The next row from the lowest depth that has one a host can take now (the breadth-first
   * preference), or null when every waiting row's host is at its limit.
   */
  takeLowest(): T | null {
    const depths = [...this.levels.keys()].sort((a, b) => a - b);
    for (const depth of depths) {
      const row = this.take(depth);
      if (row) return row;
    }
    return null;
  }

  /** Whether row `id` is waiting here. */
  has(id: number): boolean {
    return this.live.has(id);
  }

  /**
   * Take waiting row `id` out of turn, even past its host's limit (the crawl needs that row
   * next; the host scheduler still sends one request at a time per host). Counts against its
   * host until {@link release}, like {@link take}.
   */
  remove(id: number): T | null {
    const row = this.live.get(id);
    if (!row) return null;
    this.live.delete(id); // its copy in the host line is now stale and is skipped
    const level = this.levels.get(row.depth)!;
    level.count--;
    const host = this.hostOfRow.get(id)!;
    this.load.set(host, this.busy(host) + 1);
    this.compact(level, row.depth);
    return row;
  }

  /** A handed-out row is finished: its host may take another. */
  release(row: T): void {
    const host = this.hostOfRow.get(row.id) ?? this.hostOf(row.url);
    this.hostOfRow.delete(row.id);
    const n = this.busy(host) - 1;
    if (n > 0) this.load.set(host, n);
    else this.load.delete(host);
    for (const level of this.levels.values()) {
      const line = level.lines.get(host);
      if (line && !line.ready && line.head < line.rows.length) this.makeReady(level, line);
    }
  }

  private level(depth: number): Level<T> {
    let level = this.levels.get(depth);
    if (!level) {
      level = { lines: new Map(), ready: [], readyHead: 0, count: 0 };
      this.levels.set(depth, level);
    }
    return level;
  }

  private makeReady(level: Level<T>, line: HostLine<T>): void {
    line.ready = true;
    level.ready.push(line);
  }

  /** The oldest live row of a line; stale copies of moved rows are dropped on the way. */
  private shift(line: HostLine<T>): T | null {
    while (line.head < line.rows.length) {
      const row = line.rows[line.head]!;
      line.rows[line.head++] = undefined as unknown as T; // let it be collected
      if (this.live.get(row.id) === row) {
        if (line.head === line.rows.length) {
          line.rows.length = 0;
          line.head = 0;
        }
        return row;
      }
    }
    line.rows.length = 0;
    line.head = 0;
    return null;
  }

  /** Drop consumed ring slots and, once a level is empty, the level itself. */
  private compact(level: Level<T>, depth: number): void {
    if (level.readyHead > 1024 && level.readyHead * 2 > level.ready.length) {
      level.ready = level.ready.slice(level.readyHead);
      level.readyHead = 0;
    }
    if (level.count === 0 && level.ready.length === level.readyHead) {
      // Lines may still hold stale copies; nothing live is lost.
      this.levels.delete(depth);
    }
  }
}

function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
