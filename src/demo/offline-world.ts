// A whole offline world in one call: the web sites under `<dir>/sites/` and, when
// `<dir>/social.json` exists, its Bluesky AppView and fediverse instances, all behind one
// world proxy. `npm run demo`, the benchmarks and the end-to-end tests start worlds this way.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fakeBluesky } from './fake-bluesky.js';
import { fakeMastodon } from './fake-mastodon.js';
import type { SocialWorld } from './social-world.js';
import { startWorldProxy, type WorldProxy } from './world-proxy.js';

/** A running offline world. */
export interface OfflineWorld {
  proxy: WorldProxy;
  /** Pass as --bluesky-api when the world has a Bluesky AppView, else null. */
  blueskyApi: string | null;
  /** Environment for a linernotes process that should see only this world. */
  env: Record<string, string>;
  close(): Promise<void>;
}

type Handler = (host: string, urlPath: string, req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** Start the world in `dir`. */
export async function startOfflineWorld(dir: string): Promise<OfflineWorld> {
  const socialFile = path.join(dir, 'social.json');
  const social: SocialWorld = existsSync(socialFile) ? (JSON.parse(readFileSync(socialFile, 'utf8')) as SocialWorld) : {};
  const handlers: Handler[] = [];
  if (social.bluesky) handlers.push(fakeBluesky(social.bluesky));
  if (social.mastodon) handlers.push(fakeMastodon(social.mastodon));
  const proxy = await startWorldProxy({
    root: dir,
    handle: async (host, urlPath, req, res) => {
      for (const h of handlers) if (await h(host, urlPath, req, res)) return true;
      return false;
    },
  });
  // Lower-case variables win over upper-case ones in most tools, so set both: a proxy from the
  // user's shell must not capture the world's made-up hostnames.
  const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '', http_proxy: proxy.url, https_proxy: proxy.url, no_proxy: '' };
  return { proxy, blueskyApi: social.bluesky ? `http://${social.bluesky.host}` : null, env, close: () => proxy.close() };
}
