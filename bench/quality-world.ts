// The planted world of `npm run bench:quality`: a made-up web about sustainable gardening whose
// right answer is known. Owns the plan (who is a seed, influencer, distractor, who links whom)
// and rendering it to `sites/<host>/` files the world proxy serves. Deterministic: one seeded
// PRNG (mulberry32) drives every choice, so the same options always give the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mulberry32 } from '../src/prng.js';

/** What a generated site is planted as. */
export type Role = 'seed' | 'influencer' | 'obscure' | 'hub' | 'gateway' | 'farm' | 'noise';

/** Knobs of the planted world. */
export interface QualityWorldOptions {
  /** PRNG seed; another seed is another world of the same shape. @default 1 */
  seed?: number;
  /** Generated sites in all (platforms not counted); what the planted roles leave is noise. @default 120 */
  sites?: number;
  /** Seed blogs. @default 5 */
  seeds?: number;
  /** Planted influencers. @default 15 */
  influencers?: number;
  /** Link-farm sites. @default 10 */
  farm?: number;
}

/** The answer key: which host plays which part. */
export interface PlantedRoles {
  seeds: string[];
  influencers: string[];
  obscure: string;
  hub: string;
  gateway: string;
  farm: string[];
  noise: string[];
  /** Linked but never served (the proxy refuses https), and never candidates. */
  platforms: string[];
}

/** A generated world: files relative to its root, the seeds file's lines and the answer key. */
export interface QualityWorld {
  topic: string;
  roles: PlantedRoles;
  /** `sites/<host>/<path>` -> content, plus `seeds.txt` and `world.json`. */
  files: Map<string, string>;
}

/** The topic passed as --topic; the seeds write about it too. */
export const QUALITY_TOPIC = 'sustainable gardening';
const PLATFORM_LINKS = ['https://en.wikipedia.org/wiki/Compost', 'https://www.youtube.com/watch?v=peatfree', 'https://en.wikipedia.org/wiki/Pollinator'];

export type Theme = 'garden' | 'houseplants' | 'landscaping' | 'birding' | 'cooking' | 'news' | 'weather' | 'recipes' | 'tech' | 'finance' | 'travel' | 'sport' | 'deals';
// Per theme: nouns | verbs (past tense) | adjectives, '|'-separated. Shared glue lives in TEMPLATES.
export const LEX: Record<Theme, [string, string, string]> = {
  garden: ['compost|mulch|soil|cover crop|rainwater|water butt|pollinator|bumblebee|native plant|seed swap|heirloom tomato|worm bin|leaf mould|green manure|raised bed|hedgerow|wildflower meadow|allotment|crop rotation|comfrey|nettle tea|bokashi|polytunnel|seedling|mycorrhizal fungi|clover|gardening|kitchen garden', 'mulched|composted|sowed|harvested|watered|planted|pruned|saved|rotated|weeded|transplanted|grew', 'organic|peat-free|no-dig|drought-tolerant|native|perennial|heirloom|wildlife-friendly|regenerative|sustainable|water-wise|chemical-free'],
  houseplants: ['monstera|fern|repotting|pothos|grow light|succulent|potting mix|terrarium|humidity tray|cutting', 'repotted|misted|propagated|watered|rotated|moved', 'leggy|variegated|indoor|tropical|rootbound|thirsty'],
  landscaping: ['patio|paving|decking|lawn|fence|pergola|gravel path|retaining wall|outdoor lighting|planter', 'laid|levelled|stained|installed|edged|mowed', 'modern|low-maintenance|porcelain|composite|tidy|formal'],
  birding: ['feeder|robin|binoculars|nest box|warbler|field guide|hide|migration|wren|birdsong', 'spotted|ringed|counted|logged|heard|photographed', 'rare|migratory|early|dawn|elusive|resident'],
  cooking: ['courgette glut|chutney|pesto|preserving jar|soup|harvest supper|pickle|jam|salad|tart', 'pickled|roasted|preserved|simmered|blanched|froze', 'seasonal|homemade|tangy|rustic|fresh|spiced'],
  news: ['council|election|minister|budget|parliament|strike|court ruling|headline|protest|inflation|tariff|bypass', 'announced|debated|delayed|approved|challenged|reported', 'controversial|local|national|urgent|disputed|official'],
  weather: ['forecast|storm|rainfall|temperature|heatwave|cold front|pressure|wind gust|drizzle|outlook|fog', 'predicted|issued|recorded|tracked|upgraded|measured', 'humid|blustery|overcast|record|mild|freezing'],
  recipes: ['recipe|oven|pastry|butter|sauce|noodles|roast chicken|dough|dessert|cupcake|casserole|brownie', 'baked|whisked|fried|glazed|stirred|kneaded', 'crispy|creamy|quick|cheesy|sweet|gooey'],
  tech: ['smartphone|laptop|battery|firmware|app|benchmark|processor|charger|headphones|tablet', 'updated|tested|reviewed|benchmarked|unboxed|flashed', 'wireless|flagship|budget|refurbished|faster|foldable'],
  finance: ['mortgage|savings|stock|dividend|pension|interest rate|portfolio|loan|index fund|tax return', 'invested|saved|refinanced|rebalanced|borrowed|filed', 'fixed|passive|volatile|tax-free|monthly|risky'],
  travel: ['flight|hotel|beach|itinerary|passport|museum|airport|backpack|cruise|resort|train pass', 'booked|visited|packed|toured|missed|explored', 'cheap|scenic|crowded|luxury|overnight|coastal'],
  sport: ['match|goal|league|striker|coach|transfer|season|fixture|referee|stadium', 'scored|signed|sacked|defended|won|lost', 'injured|unbeaten|promoted|relegated|late|decisive'],
  deals: ['coupon|voucher|discount code|flash sale|cashback|bundle|clearance|promo|gift card|free delivery', 'saved|claimed|stacked|redeemed|grabbed|snapped up', 'exclusive|limited|half-price|unmissable|daily|bargain'],
};
export const TEMPLATES = [
  'I {v} the {n} before the {a} {n} came in.', 'A {a} {n} is worth more than any {n}.', 'Most people skip the {n}, but the {n} depends on it.',
  'This month we {v} every {n} by hand, and the {a} {n} showed the difference.', 'The {a} approach to {n} starts with the {n}.',
  'Nobody talks about {n} and {n} together, which is a shame.', 'After years of {n} I finally {v} a {a} {n}.', 'Ask anyone who has {v} a {n}: the {n} matters most.',
];
export const PEOPLE = 'ada|bram|cleo|dev|esme|finn|gus|hana|ivo|jun|kit|lena|milo|nia|oskar|pia|quinn|rafa|sol|tove|uma|vik|wes|yara|zeb|alba|bo|cass|dora|eli|fen|greta|hugo|iris|joss|kai|luz|mo|nell|tam'.split('|');
const NOISE_THEMES: Theme[] = ['houseplants', 'landscaping', 'birding', 'cooking', 'news', 'recipes', 'tech', 'finance', 'travel', 'sport'];
const ADJACENT = new Set<Theme>(['houseplants', 'landscaping', 'birding', 'cooking']);
// Sales words the farm wraps around the topic's own words, so its text is all keywords.
const HYPE = ['best', 'cheap', 'buy', 'top', 'discount', 'guaranteed'];

export const prng = mulberry32;

export type Rand = () => number;
export const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
/** `k` distinct elements of `list` (all of them if k >= length), in draw order. */
export const sample = <T>(rand: Rand, list: readonly T[], k: number): T[] => {
  const bag = [...list];
  const out: T[] = [];
  while (out.length < k && bag.length > 0) out.push(bag.splice(Math.floor(rand() * bag.length), 1)[0]!);
  return out;
};
export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const title = (s: string): string => s.replace(/(^|[\s-])([a-z])/g, (_m, p: string, c: string) => `${p === '-' ? ' ' : p}${c.toUpperCase()}`);

/**
 * The page shell every generated site uses: its name in the header, Home and Feed in the nav (and a
 * link to the off-topic hub when `hub` is given), the feed declared in the head.
 */
export function sitePage(name: string, hub: string | undefined, t: string, main: string): string {
  const nav = hub ? ` <a href="http://${hub}/">Local news and weather</a>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(t)}</title>
<link rel="alternate" type="application/rss+xml" title="${esc(name)}" href="/feed.xml"></head>
<body><header><a href="/">${esc(name)}</a><nav><a href="/">Home</a> <a href="/feed.xml">Feed</a>${nav}</nav></header>
<main>
${main}
</main></body></html>
`;
}

/** One outbound link a page carries: where it points and what it says. */
interface Link { href: string; anchor: string }
/** A site before rendering: its voice and the links on its pages. */
interface SitePlan {
  host: string;
  role: Role;
  themes: Theme[];
  /** Share of sentences drawn from the garden lexicon instead of `themes`. */
  garden: number;
  posts: Link[][];
  blogroll: Link[];
  /** An "elsewhere" list on the home page. */
  index: Link[];
  /** Links to the hub in the <nav> of every page (the "almost every page" hub). */
  nav: boolean;
  /** Feed items carry the posts' full HTML (and so their links); false = summaries only. */
  fullFeed: boolean;
}

/** Plan and render the whole world in memory. Pure: options in, files out. */
export function generateQualityWorld(opts: QualityWorldOptions = {}): QualityWorld {
  const seed = opts.seed ?? 1;
  const nSeeds = opts.seeds ?? 5;
  const nInfluencers = opts.influencers ?? 15;
  const nFarm = opts.farm ?? 10;
  const total = opts.sites ?? 120;
  const nNoise = total - nSeeds - nInfluencers - nFarm - 3;
  for (const [name, v, min] of [['seed', seed, 0], ['seeds', nSeeds, 2], ['influencers', nInfluencers, 3], ['farm', nFarm, 2]] as const) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`Expected \`${name}\` to be an integer >= ${min}, got \`${v}\``);
  }
  if (!Number.isInteger(total) || nNoise < 4) throw new RangeError(`Expected \`sites\` to be an integer >= ${total - nNoise + 4}, got \`${total}\``);
  const rand = prng(seed);
  const used = new Set<string>();
  const host = (parts: string[][]): string => {
    const base = parts.map((p) => pick(rand, p)).join('-');
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}${i}`;
    used.add(name);
    return `${name}.example`;
  };
  // Everyone but the farm and the hub is named after a person, drawn from one pool for all roles,
  // so a name's words say nothing about its role (seeds' blogrolls put names in the topic text).
  const GN = ['compost', 'allotment', 'seedling', 'plot', 'meadow', 'orchard', 'potager', 'garden', 'beds', 'roots', 'furrow', 'soil'];
  const roles: PlantedRoles = {
    seeds: Array.from({ length: nSeeds }, () => host([PEOPLE, GN])),
    influencers: Array.from({ length: nInfluencers }, () => host([PEOPLE, GN])),
    obscure: host([PEOPLE, GN]),
    hub: host([['daily', 'metro', 'county'], ['bulletin']]),
    gateway: host([['coupon', 'deal', 'bargain'], ['corner']]),
    farm: Array.from({ length: nFarm }, () => host([['best', 'top', 'cheap', 'pro', 'eco'], ['gardening', 'compost', 'garden'], ['tips', 'guide', 'deals', 'experts']])),
    noise: [],
    platforms: [...new Set(PLATFORM_LINKS.map((u) => new URL(u).hostname))],
  };
  const noiseThemes = Array.from({ length: nNoise }, () => pick(rand, NOISE_THEMES));
  roles.noise = noiseThemes.map((t) => host([PEOPLE, [t], ['notes', 'life', 'corner', 'journal']]));

  const home = (h: string): string => `http://${h}/`;
  // In-text anchors are generic, as they mostly are; only blogroll entries carry names. (Names
  // in anchors would leak into the seeds' text and make the topic about who is linked.)
  const ANCHORS = ['this post', 'a good write-up', 'their notes', 'worth reading', 'this piece', 'more here', 'a fine example'];
  const to = (h: string, anchor = pick(rand, ANCHORS)): Link => ({ href: home(h), anchor });
  const named = (h: string): Link => to(h, title(h.replace('.example', '')));
  const plans = new Map<string, SitePlan>();
  const plan = (h: string, role: Role, themes: Theme[], garden: number, posts: number): SitePlan => {
    const p: SitePlan = { host: h, role, themes, garden, posts: Array.from({ length: posts }, () => []), blogroll: [], index: [], nav: role !== 'farm', fullFeed: role !== 'gateway' };
    plans.set(h, p);
    return p;
  };
  const inPost = (p: SitePlan, link: Link): void => void pick(rand, p.posts).push(link);
  // On-topic writers still have a life: a share of their sentences comes from a second theme.
  const SIDE: Theme[] = [...ADJACENT, 'travel', 'tech', 'recipes'];
  const seeds = roles.seeds.map((h) => plan(h, 'seed', [pick(rand, SIDE)], 0.85 + 0.15 * rand(), 4));
  const infl = roles.influencers.map((h) => plan(h, 'influencer', [pick(rand, SIDE)], 0.55 + 0.35 * rand(), 4));
  const obscure = plan(roles.obscure, 'obscure', [pick(rand, SIDE)], 0.85, 3);
  const hub = plan(roles.hub, 'hub', ['news', 'weather', 'recipes'], 0, 4);
  const gateway = plan(roles.gateway, 'gateway', ['deals'], 0, 3);
  const farm = roles.farm.map((h) => plan(h, 'farm', ['garden'], 1, 3));
  const noise = roles.noise.map((h, i) => {
    const t = noiseThemes[i]!;
    return plan(h, 'noise', [t], ADJACENT.has(t) ? 0.15 + 0.4 * rand() : 0.1 * rand(), 3);
  });

  // Seeds: each influencer is linked by 2-4 seeds (mostly in posts, sometimes a blogroll entry);
  // each seed's blogroll holds two other seeds; a few noise sites and platforms in posts.
  for (const i of infl) {
    for (const s of sample(rand, seeds, 2 + Math.floor(rand() * 3))) {
      if (rand() < 0.2) s.blogroll.push(named(i.host));
      else inPost(s, to(i.host));
    }
  }
  for (const s of seeds) {
    for (const other of sample(rand, seeds.filter((x) => x !== s), 2)) s.blogroll.push(named(other.host));
    for (const n of sample(rand, noise, 3)) inPost(s, to(n.host));
    inPost(s, { href: pick(rand, PLATFORM_LINKS), anchor: 'background reading' });
    if (rand() < 0.5) inPost(s, to(hub.host, 'the forecast'));
  }
  // The obscure author: one link, in one post of one seed. The gateway: one link from one seed
  // to the one off-topic page that holds the farm's only way in.
  inPost(pick(rand, seeds), to(obscure.host));
  const dealPage = `http://${gateway.host}/posts/post-1.html`;
  inPost(pick(rand, seeds), { href: dealPage, anchor: 'a seed tray discount' });
  gateway.posts[0]!.push(to(farm[0]!.host, 'gardening tips'));
  // Influencers cite each other and some noise; noise links noise (blogrolls too, so having a
  // blogroll is no sign of a role), now and then an influencer.
  for (const i of infl) {
    for (const other of sample(rand, infl.filter((x) => x !== i), 3)) {
      if (rand() < 0.3) i.blogroll.push(named(other.host));
      else inPost(i, to(other.host));
    }
    for (const n of sample(rand, noise, 2)) inPost(i, to(n.host));
    if (rand() < 0.5) inPost(i, { href: pick(rand, PLATFORM_LINKS), anchor: 'video' });
    if (rand() < 0.3) inPost(i, to(pick(rand, seeds).host));
  }
  for (const n of noise) {
    for (const other of sample(rand, noise.filter((x) => x !== n), 2 + Math.floor(rand() * 4))) {
      if (rand() < 0.25) n.blogroll.push(named(other.host));
      else inPost(n, to(other.host));
    }
    if (rand() < 0.3) inPost(n, to(pick(rand, infl).host));
    if (rand() < 0.2) inPost(n, { href: pick(rand, PLATFORM_LINKS), anchor: 'source' });
    if (rand() < 0.3) inPost(n, to(hub.host, 'the news'));
  }
  for (const n of sample(rand, noise.filter((x) => !ADJACENT.has(x.themes[0]!)), 3)) inPost(hub, to(n.host));
  inPost(obscure, { href: pick(rand, PLATFORM_LINKS), anchor: 'reference' });
  // The farm: every page links every other farm site.
  for (const f of farm) {
    for (const other of farm) if (other !== f) for (const p of [f.index, ...f.posts]) p.push(to(other.host, `${pick(rand, HYPE)} ${QUALITY_TOPIC}`));
  }

  const files = new Map<string, string>();
  for (const p of plans.values()) renderSite(p, seed, roles.hub, files);
  files.set('seeds.txt', roles.seeds.map((h, i) => `${home(h)}   # seed ${i + 1}`).join('\n') + '\n');
  files.set('world.json', JSON.stringify({ seed, sites: total, topic: QUALITY_TOPIC, roles }, null, 2) + '\n');
  return { topic: QUALITY_TOPIC, roles, files };
}

/** Render one site's robots.txt, home page, RSS feed and posts into `files`. */
function renderSite(p: SitePlan, worldSeed: number, hub: string, files: Map<string, string>): void {
  let h = worldSeed >>> 0;
  for (const ch of p.host) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const rand = prng(h);
  const name = title(p.host.replace('.example', ''));
  const [gn, , ga] = LEX.garden.map((part) => part.split('|')) as [string[], string[], string[]];
  const stuffed = (): string => `${pick(rand, HYPE)} ${pick(rand, ga)} ${pick(rand, gn)}`;
  const sentence = (): string => {
    if (p.role === 'farm') return `${stuffed()}. ${title(QUALITY_TOPIC)}, ${stuffed()}, ${QUALITY_TOPIC}, ${stuffed()} and ${QUALITY_TOPIC} now.`;
    const lex = LEX[rand() < p.garden ? 'garden' : pick(rand, p.themes)].map((part) => part.split('|'));
    const s = pick(rand, TEMPLATES).replace(/\{([nva])\}/g, (_m, k: string) => pick(rand, lex['nva'.indexOf(k)]!));
    return s[0]!.toUpperCase() + s.slice(1);
  };
  const para = (n: number): string => `<p>${Array.from({ length: n }, sentence).join(' ')}</p>`;
  const a = (l: Link): string => `<a href="${esc(l.href)}">${esc(l.anchor)}</a>`;
  const page = (t: string, main: string): string => sitePage(name, p.nav ? hub : undefined, t, main);
  const posts = p.posts.map((links, i) => {
    const date = new Date(Date.UTC(2026, 2, 28) - (i * 9 + Math.floor(rand() * 7)) * 86_400_000);
    const heading = title(sentence().replace(/[.:,]/g, '').split(' ').slice(0, 6).join(' '));
    const body = [para(3), links.length > 0 ? `<p>${links.map((l) => `See ${a(l)}.`).join(' ')} ${sentence()}</p>` : para(1), para(2)].join('\n');
    return { path: `/posts/post-${i + 1}.html`, heading, date, body };
  });
  const roll = p.blogroll.length > 0 ? `\n<aside id="blogroll"><h2>Blogroll</h2><ul>${p.blogroll.map((l) => `<li>${a(l)}</li>`).join('')}</ul></aside>` : '';
  const elsewhere = p.index.length > 0 ? `\n<h2>Elsewhere</h2><ul>${p.index.map((l) => `<li>${a(l)}</li>`).join('')}</ul>` : '';
  const list = posts.map((x) => `<li><a href="${x.path}">${esc(x.heading)}</a></li>`).join('');
  const dir = `sites/${p.host}`;
  files.set(`${dir}/robots.txt`, 'User-agent: *\nAllow: /\n');
  files.set(`${dir}/index.html`, page(name, `<h1>${esc(name)}</h1>\n${para(3)}\n${para(2)}\n<h2>Recent posts</h2><ul>${list}</ul>${elsewhere}${roll}`));
  for (const x of posts) files.set(`${dir}${x.path}`, page(x.heading, `<h1>${esc(x.heading)}</h1>\n${x.body}`));
  const items = posts.map((x) => `<item><title>${esc(x.heading)}</title><link>http://${p.host}${x.path}</link><guid>http://${p.host}${x.path}</guid>
<pubDate>${x.date.toUTCString()}</pubDate><description>${esc(x.body.replace(/<[^>]+>/g, '').slice(0, 160))}</description>${p.fullFeed ? `<content:encoded><![CDATA[${x.body}]]></content:encoded>` : ''}</item>`);
  files.set(`${dir}/feed.xml`, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${esc(name)}</title><link>http://${p.host}/</link><description>${esc(name)}</description>
${items.join('\n')}
</channel></rss>
`);
}

/** Write a generated world under `root` (created if needed). */
export function writeQualityWorld(root: string, world: Pick<QualityWorld, 'files'>): void {
  for (const [rel, content] of world.files) {
    const file = join(root, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
