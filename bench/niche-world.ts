// The generated niche worlds of `npm run bench:quality`: one seeded PRNG per world decides the
// niche, how many seeds of which kinds (blog, feed, Bluesky, Mastodon), writers, authorities,
// farm sites and noise sites there are, and who links whom. Owns the plan and the answer key;
// bench/niche-render.ts turns the plan into files. Everyone on topic draws their prose from the
// same distribution, so authorities can only win on who points at them.
import { NICHES, OFF_TOPIC_THEMES, PLATFORM_LINKS, SIDE_THEMES, type Niche } from './niche-lexicon.js';
import { renderNicheWorld } from './niche-render.js';
import { PEOPLE, pick, prng, sample, title, type Rand, type Theme } from './quality-world.js';

/** What a generated site or account is planted as. */
export type NicheRole = 'seed' | 'friend' | 'writer' | 'authority' | 'show' | 'guest' | 'boost-only' | 'farm' | 'hub' | 'noise';

/** One outbound link: where it points and what it says. */
export interface Link { href: string; anchor: string }

/** A web site before rendering. */
export interface SitePlan {
  host: string;
  role: NicheRole;
  /** Share of sentences from the niche's lexicon; the rest from `side`. */
  topicShare: number;
  side: Theme;
  posts: Link[][];
  blogroll: Link[];
  /** Links to the hub in the nav of every page. */
  nav: boolean;
  /** A comment under the first post (where the farm's spam link sits). */
  comments: Link[];
  /** A podcast: per episode, the guests' sites. */
  guests: string[][] | null;
}

/** A social account before rendering: its posts' links, reposts/boosts of other accounts. */
export interface AccountPlan {
  network: 'bluesky' | 'mastodon';
  /** `name.bsky.social` or `name@instance`. */
  handle: string;
  name: string;
  role: NicheRole;
  topicShare: number;
  side: Theme;
  links: Link[];
  /** Accounts (handles) whose latest post this one reposts or boosts. */
  shares: string[];
  posts: number;
}

/** The answer key. Sites are named by host, accounts as `acct:HANDLE`. */
export interface NicheAnswer {
  topic: string;
  authorities: string[];
  friends: string[];
  writers: string[];
  farm: string[];
  hub: string[];
  noise: string[];
  platforms: string[];
  /** Reachable only through the Mastodon seed's boost. */
  boostOnly: string | null;
  /** Reachable only as a guest of the show. */
  guestOnly: string | null;
  /** The Mastodon seed's handle, where the boost-only person's `via` must start. */
  mastodonSeed: string | null;
  /**
   * Whether the key is right by the plan's own links: the weakest authority's distinct referrers
   * on the niche (sites and accounts linking, reposting, boosting or having it as a guest; the
   * farm, noise and the hub lend nothing) against the most referred non-authority's. Absent for
   * the old world.
   */
  planned?: PlannedBreadth;
}

/** The planned breadth of endorsement that decides whether a world's answer key is unambiguous. */
export interface PlannedBreadth {
  weakestAuthority: number;
  strongestOther: { key: string; role: NicheRole; referrers: number };
}

/** A generated world: files relative to its root, and the answer key. */
export interface NicheWorld {
  topic: string;
  answer: NicheAnswer;
  /** `sites/<host>/<path>`, `social.json`, `seeds.txt`, `world.json`. */
  files: Map<string, string>;
}

/** The whole plan, handed to the renderer. */
export interface NichePlan {
  seed: number;
  niche: Niche;
  sites: SitePlan[];
  accounts: AccountPlan[];
  hub: string;
  seedLines: string[];
}

const between = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

/** Plan and render niche world number `seed`. Pure: the same seed gives the same bytes. */
export function generateNicheWorld(seed: number): NicheWorld {
  const rand = prng(seed * 7919 + 13);
  const niche = pick(rand, NICHES);
  const nSeeds = between(rand, 2, 5);
  const nWriters = between(rand, 15, 40);
  const nAuth = between(rand, 5, 10);
  const nFarm = between(rand, 5, 10);
  const nNoise = between(rand, 3, 8);
  const withBluesky = nSeeds >= 3;
  const nBlogSeeds = nSeeds - 1 - (withBluesky ? 1 : 0);
  const nBskyWriters = withBluesky ? between(rand, 2, 4) : 0;

  const used = new Set<string>();
  const name = (words: readonly string[]): string => {
    for (;;) {
      const n = `${pick(rand, PEOPLE)}-${pick(rand, words)}`;
      if (!used.has(n)) return used.add(n), n;
    }
  };
  const onTopic = (): number => 0.5 + 0.4 * rand();
  const side = (): Theme => pick(rand, SIDE_THEMES);
  const sites: SitePlan[] = [];
  const site = (role: NicheRole, words: readonly string[], posts = 4): SitePlan => {
    const s: SitePlan = { host: `${name(words)}.example`, role, topicShare: onTopic(), side: side(), posts: Array.from({ length: posts }, () => []), blogroll: [], nav: rand() < 0.8, comments: [], guests: null };
    sites.push(s);
    return s;
  };
  const words = [...niche.hostWords, 'notes', 'journal', 'log', 'desk'];
  const seeds = Array.from({ length: nBlogSeeds }, () => site('seed', words, 5));
  const writers = Array.from({ length: nWriters - nBskyWriters }, () => site('writer', words));
  const friends = writers.slice(0, 3);
  for (const f of friends) f.role = 'friend';
  const authorities = Array.from({ length: nAuth }, () => site('authority', words));
  const show = site('show', ['radio', 'podcast', 'show']);
  show.guests = show.posts.map(() => []);
  const guest = site('guest', words);
  const farm = Array.from({ length: nFarm }, () => site('farm', ['best', 'top', 'cheap', 'pro']));
  for (const f of farm) [f.topicShare, f.nav] = [1, false];
  const noise = Array.from({ length: nNoise }, () => site('noise', ['kitchen', 'forecast', 'sports', 'deals', 'daily']));
  for (const n of noise) [n.topicShare, n.side] = [0.03 * rand(), pick(rand, OFF_TOPIC_THEMES)];
  const hub = site('hub', ['bulletin', 'gazette']);
  [hub.topicShare, hub.side, hub.nav] = [0, 'weather', false];

  const home = (h: string): string => `http://${h}/`;
  const ANCHORS = ['this post', 'a good write-up', 'their notes', 'worth reading', 'this piece', 'more here'];
  const to = (h: string): Link => ({ href: home(h), anchor: pick(rand, ANCHORS) });
  const inPost = (p: SitePlan, link: Link): void => void pick(rand, p.posts).push(link);

  // Social accounts: the Mastodon seed boosts the boost-only person; a Bluesky seed reposts
  // the Bluesky-only writers. Accounts post text from the same distribution as the blogs.
  const accounts: AccountPlan[] = [];
  const account = (network: AccountPlan['network'], role: NicheRole, instance = 'toot.example'): AccountPlan => {
    const n = name(['sky', 'posts', 'toots', 'social']).replace('-', '');
    const a: AccountPlan = { network, handle: network === 'bluesky' ? `${n}.bsky.social` : `${n}@${instance}`, name: title(n), role, topicShare: onTopic(), side: side(), links: [], shares: [], posts: 6 };
    accounts.push(a);
    return a;
  };
  const mastoSeed = account('mastodon', 'seed');
  const boostOnly = account('mastodon', 'boost-only', 'fedi.example');
  mastoSeed.shares.push(boostOnly.handle);
  const bskySeed = withBluesky ? account('bluesky', 'seed') : null;
  const bskyWriters = Array.from({ length: nBskyWriters }, () => account('bluesky', 'writer'));
  for (const w of bskyWriters) bskySeed!.shares.push(w.handle);

  // Seeds: every blog seed keeps the three friends in its blogroll and links them in posts;
  // each seed links a few other writers; one seed links the show.
  const linked = new Set<SitePlan>(friends);
  for (const s of seeds) {
    for (const f of friends) (rand() < 0.5 ? s.blogroll : s.posts[between(rand, 0, s.posts.length - 1)]!).push(to(f.host));
    for (const f of friends) inPost(s, to(f.host));
    for (const w of sample(rand, writers.slice(3), between(rand, 3, 5))) (inPost(s, to(w.host)), linked.add(w));
  }
  for (const w of sample(rand, writers.slice(3), between(rand, 2, 4))) (mastoSeed.links.push(to(w.host)), linked.add(w));
  for (const f of friends) mastoSeed.links.push(to(f.host));
  if (bskySeed) for (const w of [...friends, ...sample(rand, writers.slice(3), 2)]) (bskySeed.links.push(to(w.host)), linked.add(w));
  inPost(seeds.length > 0 ? pick(rand, seeds) : pick(rand, friends), to(show.host));
  // Every writer not linked by a seed is linked by one that is, so all are read by hop 2.
  const first = [...linked];
  for (const w of writers) if (!linked.has(w)) inPost(pick(rand, first), to(w.host));
  // Writers (blogs, the show and Bluesky-only accounts) cite authorities, each authority with its
  // own popularity; a few other writers; now and then a noise site or a platform. A citer cites
  // an authority with probability base × popularity, 0.49 – 0.9: an authority is a site most of
  // the niche keeps citing. (With the earlier floor of 0.36 the weakest authority of a small
  // world had no more referrers than a seed's close friend, so the key was wrong there; README
  // "Ranking quality".)
  const base = 0.65 + 0.25 * rand();
  const popularity = authorities.map(() => 0.75 + 0.25 * rand());
  const citers: (SitePlan | AccountPlan)[] = [...seeds, ...writers, show, ...bskyWriters, mastoSeed, ...(bskySeed ? [bskySeed] : [])];
  for (const c of citers) {
    authorities.forEach((a, i) => {
      if (rand() >= base * popularity[i]!) return;
      if ('network' in c) c.links.push(to(a.host));
      else (rand() < 0.2 ? c.blogroll : pick(rand, c.posts)).push(to(a.host));
    });
  }
  for (const w of [...writers, show, ...authorities]) {
    for (const other of sample(rand, writers.filter((x) => x !== w), between(rand, 1, 2))) inPost(w, to(other.host));
    if (rand() < 0.25) inPost(w, to(pick(rand, noise).host));
    if (rand() < 0.4) inPost(w, { href: pick(rand, PLATFORM_LINKS), anchor: 'background' });
  }
  for (const a of authorities) for (const other of sample(rand, authorities.filter((x) => x !== a), between(rand, 1, 2))) inPost(a, to(other.host));
  // The show's guest appears nowhere else; the farm's one way in is a spam comment on a writer
  // read at hop 1; the farm links itself on every page; noise links noise and the hub.
  show.guests[between(rand, 0, show.posts.length - 1)]!.push(home(guest.host));
  pick(rand, first.filter((w) => w.role === 'writer')).comments.push({ href: home(farm[0]!.host), anchor: `${niche.topic} tips` });
  for (const f of farm) for (const other of farm) if (other !== f) for (const p of f.posts) p.push({ href: home(other.host), anchor: `cheap ${niche.topic}` });
  for (const n of noise) for (const other of sample(rand, noise.filter((x) => x !== n), 2)) inPost(n, to(other.host));
  for (const n of sample(rand, noise, 2)) inPost(hub, to(n.host));

  const seedLines = [
    ...seeds.map((s, i) => (i === 1 && rand() < 0.6 ? `http://${s.host}/feed.xml   # a seed given as its feed` : `${home(s.host)}   # blog seed`)),
    `${mastodonProfile(mastoSeed.handle, rand() < 0.3)}   # Mastodon seed as a profile URL`,
    ...(bskySeed ? [rand() < 0.5 ? `https://bsky.app/profile/${bskySeed.handle}   # Bluesky seed` : `bsky:${bskySeed.handle}   # Bluesky seed`] : []),
  ];
  const plan: NichePlan = { seed, niche, sites, accounts, hub: hub.host, seedLines };
  const hosts = (role: NicheRole): string[] => sites.filter((s) => s.role === role).map((s) => s.host);
  const answer: NicheAnswer = {
    topic: niche.topic,
    authorities: hosts('authority'),
    friends: hosts('friend'),
    writers: [...hosts('writer'), ...bskyWriters.map((a) => `acct:${a.handle}`)],
    farm: hosts('farm'),
    hub: [hub.host],
    noise: hosts('noise'),
    platforms: [...new Set(PLATFORM_LINKS.map((u) => new URL(u).hostname))],
    boostOnly: `acct:${boostOnly.handle}`,
    guestOnly: guest.host,
    mastodonSeed: mastoSeed.handle,
    planned: plannedBreadth(sites, accounts),
  };
  const files = renderNicheWorld(plan);
  files.set('world.json', JSON.stringify({ seed, topic: niche.topic, seeds: seedLines, answer }, null, 2) + '\n');
  return { topic: niche.topic, answer, files };
}

/** Distinct planned referrers of every site (by host) and account (`acct:HANDLE`), and the breadth check of the key. */
function plannedBreadth(sites: readonly SitePlan[], accounts: readonly AccountPlan[]): PlannedBreadth {
  // Only the niche lends endorsement: links from the farm's ring, noise sites and the hub are
  // not counted (the farm's members link each other on every page).
  const lends = new Set<NicheRole>(['seed', 'friend', 'writer', 'authority', 'show', 'guest', 'boost-only']);
  const roles = new Map<string, NicheRole>([...sites.map((s) => [s.host, s.role] as const), ...accounts.map((a) => [`acct:${a.handle}`, a.role] as const)]);
  const referrers = new Map<string, Set<string>>();
  const add = (from: string, to: string): void => {
    if (to === from || !lends.has(roles.get(from)!)) return;
    const set = referrers.get(to) ?? new Set<string>();
    referrers.set(to, set.add(from));
  };
  const hostOf = (href: string): string => new URL(href).hostname;
  for (const s of sites) {
    for (const l of [...s.posts.flat(), ...s.blogroll, ...s.comments]) add(s.host, hostOf(l.href));
    for (const g of s.guests?.flat() ?? []) add(s.host, hostOf(g));
  }
  for (const a of accounts) {
    for (const l of a.links) add(`acct:${a.handle}`, hostOf(l.href));
    for (const h of a.shares) add(`acct:${a.handle}`, `acct:${h}`);
  }
  const breadth = (key: string): number => referrers.get(key)?.size ?? 0;
  const authorities = sites.filter((s) => s.role === 'authority').map((s) => breadth(s.host));
  let strongestOther: PlannedBreadth['strongestOther'] = { key: '', role: 'writer', referrers: 0 };
  for (const [key, role] of roles) {
    if (role === 'authority' || role === 'seed') continue;
    if (breadth(key) > strongestOther.referrers) strongestOther = { key, role, referrers: breadth(key) };
  }
  return { weakestAuthority: authorities.length > 0 ? Math.min(...authorities) : 0, strongestOther };
}

/** The Mastodon seed's profile URL, `/@user` or (Pleroma-style) `/users/user`. http: the offline world has no TLS. */
function mastodonProfile(handle: string, usersPath: boolean): string {
  const [user, host] = handle.split('@') as [string, string];
  return usersPath ? `http://${host}/users/${user}` : `http://${host}/@${user}`;
}
