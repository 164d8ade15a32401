// Hop 0 of a run: the seeds (from a file and the seeds table) and, when asked, the user's
// picks. Each is stored as what it is and put on the frontier to be fetched first.
import { fediverseProfile } from '../extract/fediverse-url.js';
import type { Seed } from '../extract/seeds.js';
import { personOf } from '../rank/compute.js';
import { marksByPerson } from '../store/marks.js';
import { seedFromRow, seedIdentity } from '../store/seeds.js';
import type { Store } from '../store/store.js';
import { identify, identifyAccount } from './identify.js';
import type { CrawlSettings } from './settings.js';

/** Store the seeds and put each at hop 0 of the run: a web seed as a home page, an account as its profile. */
export function plantSeeds(store: Store, runId: number, seeds: Seed[], settings: CrawlSettings, now: number): void {
  store.tx(() => {
    for (const seed of seeds) {
      const seedId = store.seeds.upsert(seed, 'active', now);
      if (!seed.url) continue;
      // An account seed is the account its profile URL names, whatever the URL's shape
      // (`/users/x` is not a shape links on pages are trusted with); the profile is the claim.
      // (A web seed stored before profile URLs were read as accounts is read as one now.)
      const acct = seed.kind === 'mastodon' ? seed.handle : seed.kind === 'web' ? (fediverseProfile(seed.url, true)?.acct ?? null) : null;
      const id = acct
        ? identifyAccount({ network: 'fediverse', id: acct, handle: acct, profileUrl: seed.url })
        : identify(seed.url, settings.platforms);
      const entityId = store.graph.ensureEntity(id.key, id.kind, { homeUrl: id.homeUrl }, runId, now);
      if (id.handle || id.profileUrl) store.graph.describeIfBlank(entityId, { handle: id.handle, profileUrl: id.profileUrl });
      store.graph.markSeed(entityId);
      store.seeds.setEntity(seedId, entityId);
      store.graph.offerDiscovery({ entityId, runId, depth: 0, parentEntity: null, edgeType: null, evidenceUrl: null, targetUrl: seed.url }, now);
      const visits = seed.kind === 'web' && !acct ? [{ url: seed.url, role: 'home' as const }] : id.visits;
      for (const v of visits) {
        store.frontier.enqueue(runId, { url: v.url, depth: 0, role: v.role, entityId, foundFromUrl: null, foundEdge: 'seed' }, now);
      }
    }
  });
}

/** Seeds added with `linernotes seeds add` (and earlier files) that are still active. */
export function storedSeeds(store: Store, fromFile: Seed[]): Seed[] {
  const inFile = new Set(fromFile.map((s) => `${s.kind} ${seedIdentity(s)}`));
  return store.seeds.list().filter((r) => r.status === 'active' && !inFile.has(`${r.kind} ${r.identity}`)).map(seedFromRow);
}

/**
 * Picked candidates branch the liner notes outward: their identities are fetched at hop 0, like
 * seeds, but they stay candidates (they are not restart points of PageRank, so picking does
 * not reshape everyone else's authority). Returns how many people were planted.
 */
export function plantPicks(store: Store, runId: number, settings: CrawlSettings, now: number): number {
  const entities = store.graph.entities();
  const people = personOf(store, entities);
  const picked = [...marksByPerson(store.marks.all(), people)].filter(([, m]) => m.status === 'picked').map(([person]) => person);
  store.tx(() => {
    for (const person of picked) {
      for (const e of entities.filter((x) => people.get(x.id) === person && x.aliasOf === null)) {
        const url = e.kind === 'account' ? e.profileUrl : e.homeUrl;
        if (!url || e.isPlatform) continue;
        const visits = identify(url, settings.platforms).visits.slice(0, 1);
        for (const v of visits) store.frontier.enqueue(runId, { url: v.url, depth: 0, role: v.role, entityId: e.id, foundFromUrl: null, foundEdge: 'pick' }, now);
      }
    }
  });
  return picked.length;
}
