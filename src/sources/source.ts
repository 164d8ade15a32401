// The contract between the crawler and a network. A source turns one frontier row into an
// outcome (documents, facts about the entity, links, same-entity follow-ups); the crawler
// stores outcomes, turns links into edges and hops, and never parses anything itself.
import type { Clock } from '../clock.js';
import type { PoliteFetch } from '../crawl/polite-fetch.js';
import type { DocumentInput } from '../store/documents.js';
import type { EntityRow } from '../store/graph.js';
import type { FrontierRole, FrontierRow } from '../store/frontier.js';

import type { EdgeType } from '../rank/types.js';

export type { EdgeType };

/** A link from the row's entity to some URL, with the document that shows it. */
export interface FoundLink {
  targetUrl: string;
  type: EdgeType;
  evidenceUrl: string;
  anchorText: string | null;
  /** Whether the target may be visited at the next hop (false for sponsored/ugc links). */
  follow: boolean;
}

/** Another URL of the same entity to fetch at the same hop. */
export interface FollowUp {
  url: string;
  role: FrontierRole;
  probeIndex?: number;
}

/** What the crawler learned about the row's entity. */
export interface EntityFacts {
  name?: string | null;
  nameIsAuthoritative?: boolean;
  homeUrl?: string | null;
  feedUrl?: string | null;
  isPodcast?: boolean;
}

/** The result of processing one frontier row. */
export interface TaskOutcome {
  status: 'done' | 'failed' | 'skipped';
  /** Why it failed or was skipped, in words a user understands. */
  reason: string | null;
  /** Whether a network request was made (counts against --max-pages). */
  fetched: boolean;
  /** Documents to store; entityId null means the row's (or moved-to) entity. */
  documents: DocumentInput[];
  facts: EntityFacts | null;
  links: FoundLink[];
  followUps: FollowUp[];
  /** The entity's home answered from another site: the entity moved there. */
  movedTo: string | null;
}

/** What a source may use. */
export interface SourceContext {
  fetch: PoliteFetch;
  clock: Clock;
  settings: { itemsPerFeed: number; postsPerSite: number; maxBytes: number };
  /** Whether two URLs belong to the same entity. */
  sameEntity(a: string, b: string): boolean;
}

/** One network (web pages and feeds; later Bluesky, Mastodon). */
export interface Source {
  readonly name: string;
  /** Whether this source processes this row. */
  handles(row: FrontierRow): boolean;
  process(row: FrontierRow, entity: EntityRow, ctx: SourceContext): Promise<TaskOutcome>;
}

/** An outcome with nothing in it yet. */
export function emptyOutcome(status: TaskOutcome['status'], reason: string | null, fetched: boolean): TaskOutcome {
  return { status, reason, fetched, documents: [], facts: null, links: [], followUps: [], movedTo: null };
}
