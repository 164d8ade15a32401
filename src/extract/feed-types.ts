// The feed shapes linernotes works with, independent of RSS/Atom/RDF/JSON Feed differences.

/** One entry of a feed. */
export interface FeedItem {
  /** The item's page, normalized absolute; null when the item has no usable link. */
  url: string | null;
  title: string;
  /** Milliseconds since the epoch; null when missing or unparsable. */
  published: number | null;
  /** The item body as HTML (plain-text bodies are escaped). */
  contentHtml: string;
  /** Visible text of contentHtml, whitespace collapsed. */
  text: string;
  enclosures: { url: string; type: string | null }[];
  authors: string[];
  /** Normalized absolute links found in contentHtml. */
  links: string[];
}

/** A person named by podcast:person. */
export interface PodcastPerson {
  name: string;
  /** Lower-case; 'host' when absent (the podcast namespace default). */
  role: string;
  href: string | null;
  group: string | null;
  /** The episode's url, or null for a channel-level person. */
  itemUrl: string | null;
}

/** A parsed feed of any format. */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string;
  /** Channel link, normalized absolute. */
  homeUrl: string | null;
  description: string;
  /** Enclosures with audio/video type, or itunes:/podcast: namespace data. */
  isPodcast: boolean;
  /** Channel/itunes authors. */
  authors: string[];
  people: PodcastPerson[];
  /** Most recent first; undated items keep document order after dated ones. */
  items: FeedItem[];
}
