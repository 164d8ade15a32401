// What the crawl does over time, for whoever wants to look (the benchmark does): published on
// node:diagnostics_channel, which costs one `hasSubscribers` check per event when nobody listens.
// The host scheduler reports each request slot it held; the crawler reports each row's way from
// dispatch to store and the size of what waits in memory after each flush.
import diagnostics from 'node:diagnostics_channel';

/** A request slot (one of --concurrency) was held from `startedAt` to `endedAt` (performance.now() ms). */
export interface SlotEvent {
  host: string;
  /** The host's turn came (its delay passed): the task asked for a slot. */
  readyAt: number;
  startedAt: number;
  endedAt: number;
}

/** One row's way through the crawler (performance.now() ms). */
export type RowEvent =
  | { type: 'dispatched'; id: number; at: number }
  /** The source is done with it; `bytes` estimates what its outcome holds while it waits. */
  | { type: 'answered'; id: number; at: number; bytes: number }
  | { type: 'stored'; id: number; at: number };

/** The crawler's memory-holding state after a flush. */
export interface StateEvent {
  at: number;
  /** Answers waiting for their commit turn (their bytes: the 'answered' row events). */
  held: number;
  /** Rows out (being fetched or processed). */
  inFlight: number;
  /** Rows waiting in the ready queue (and gated ones). */
  queued: number;
  /** Rows not yet stored: waiting, out, or held. */
  unstored: number;
}

/** Channel of {@link SlotEvent}s. */
export const slotChannel = diagnostics.channel('linernotes:crawl:slot');
/** Channel of {@link RowEvent}s. */
export const rowChannel = diagnostics.channel('linernotes:crawl:row');
/** Channel of {@link StateEvent}s. */
export const stateChannel = diagnostics.channel('linernotes:crawl:state');
