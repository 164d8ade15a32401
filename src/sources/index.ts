// The networks linernotes reads. Adding one is a new file in this folder and a line here;
// the crawler, store and ranking do not change.
import { blueskySource } from './bluesky.js';
import { mastodonSource } from './mastodon.js';
import type { Source } from './source.js';
import { webSource } from './web.js';

/** Every source, asked in order which one handles a frontier row. */
export const SOURCES: readonly Source[] = [webSource, blueskySource, mastodonSource];
