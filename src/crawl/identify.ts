// Which entity a URL belongs to. Today every web URL belongs to its site (registrable
// domain); social profile URLs will map to accounts here, and nowhere else needs to change.
import { siteKeyOf } from '../extract/site.js';
import { isPlatform } from '../rank/platforms.js';
import type { EntityKind } from '../store/graph.js';

/** The entity a URL is evidence of. */
export interface Identity {
  key: string;
  kind: EntityKind;
  /** Big platforms stay in the graph but are never crawled or ranked. */
  isPlatform: boolean;
  /** The site part of the key, for per-site budgets and same-site tests. */
  site: string;
}

/** Identify the entity behind `url`; `extraPlatforms` comes from --platform. */
export function identify(url: string, extraPlatforms: readonly string[] = []): Identity {
  const site = siteKeyOf(url);
  return { key: `site:${site}`, kind: 'site', isPlatform: isPlatform(site, extraPlatforms), site };
}
