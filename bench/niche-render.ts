// Rendering a planned niche world (bench/niche-world.ts) to what the offline world serves:
// `sites/<host>/` pages and RSS feeds (a podcast feed with guests for the show), `social.json`
// for the fake Bluesky AppView and Mastodon servers, and `seeds.txt`. Deterministic: each site
// and account draws its prose from its own PRNG seeded by the world seed and its name.
import { createHash } from 'node:crypto';
import type { BskyAccountSpec, MastoAccountSpec, SocialWorld } from '../src/demo/social-world.js';
import { HYPE, themeLex } from './niche-lexicon.js';
import type { AccountPlan, Link, NichePlan, SitePlan } from './niche-world.js';
import { esc, pick, prng, sitePage, TEMPLATES, title, type Rand } from './quality-world.js';

/** Host of the fake Bluesky AppView (pass `--bluesky-api http://HOST`). */
export const BSKY_API_HOST = 'bsky-api.example';

type Lex = [string[], string[], string[]];
const split = (lex: [string, string, string]): Lex => lex.map((part) => part.split('|')) as Lex;

/** A PRNG for one named thing of one world. */
function randFor(worldSeed: number, name: string): Rand {
  let h = worldSeed >>> 0;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return prng(h);
}

/** A sentence writer: `topicShare` of sentences from the niche, the rest from `side`. */
function voice(rand: Rand, plan: NichePlan, who: { role: string; topicShare: number; side: SitePlan['side'] }): () => string {
  const niche = split(plan.niche.lex);
  const other = split(themeLex(who.side));
  const topic = plan.niche.topic;
  if (who.role === 'farm') {
    const stuffed = (): string => `${pick(rand, HYPE)} ${pick(rand, niche[2])} ${pick(rand, niche[0])}`;
    return () => `${title(stuffed())}. ${title(topic)}, ${stuffed()}, ${topic}, ${stuffed()} and ${topic} now.`;
  }
  return () => {
    const lex = rand() < who.topicShare ? niche : other;
    const s = pick(rand, TEMPLATES).replace(/\{([nva])\}/g, (_m, k: string) => pick(rand, lex['nva'.indexOf(k)]!));
    return s[0]!.toUpperCase() + s.slice(1);
  };
}

/** Every file of the world. */
export function renderNicheWorld(plan: NichePlan): Map<string, string> {
  const files = new Map<string, string>();
  for (const s of plan.sites) renderSite(plan, s, files);
  files.set('social.json', JSON.stringify(socialWorld(plan), null, 1) + '\n');
  files.set('seeds.txt', `# ${plan.niche.topic}: generated niche world ${plan.seed}\n${plan.seedLines.join('\n')}\n`);
  return files;
}

const day = (i: number): Date => new Date(Date.UTC(2026, 10, 20) - i * 86_400_000);

function renderSite(plan: NichePlan, p: SitePlan, files: Map<string, string>): void {
  const rand = randFor(plan.seed, p.host);
  const sentence = voice(rand, plan, p);
  const name = title(p.host.replace('.example', ''));
  const para = (n: number): string => `<p>${Array.from({ length: n }, sentence).join(' ')}</p>`;
  const a = (l: Link): string => `<a href="${esc(l.href)}">${esc(l.anchor)}</a>`;
  const page = (t: string, main: string): string => sitePage(name, p.nav ? plan.hub : undefined, t, main);
  const posts = p.posts.map((links, i) => {
    const heading = title(sentence().replace(/[.:,]/g, '').split(' ').slice(0, 6).join(' '));
    const body = [para(3), links.length > 0 ? `<p>${links.map((l) => `See ${a(l)}.`).join(' ')} ${sentence()}</p>` : para(1), para(2)].join('\n');
    const comments = i === 0 && p.comments.length > 0 ? `\n<section class="comments"><h2>Comments</h2>${p.comments.map((l) => `<p>Great post! ${a(l)}</p>`).join('')}</section>` : '';
    return { path: `/posts/post-${i + 1}.html`, heading, date: day(i * 6 + Math.floor(rand() * 5)), body, comments };
  });
  const roll = p.blogroll.length > 0 ? `\n<aside id="blogroll"><h2>Blogroll</h2><ul>${p.blogroll.map((l) => `<li>${a(l)}</li>`).join('')}</ul></aside>` : '';
  const list = posts.map((x) => `<li><a href="${x.path}">${esc(x.heading)}</a></li>`).join('');
  const dir = `sites/${p.host}`;
  files.set(`${dir}/robots.txt`, 'User-agent: *\nAllow: /\n');
  files.set(`${dir}/index.html`, page(name, `<h1>${esc(name)}</h1>\n${para(3)}\n${para(2)}\n<h2>Recent posts</h2><ul>${list}</ul>${roll}`));
  for (const x of posts) files.set(`${dir}${x.path}`, page(x.heading, `<h1>${esc(x.heading)}</h1>\n${x.body}${x.comments}`));
  const items = posts.map((x, i) => {
    const guests = (p.guests?.[i] ?? []).map((href) => `<podcast:person role="guest" href="${esc(href)}">${esc(title(new URL(href).hostname.split('.')[0]!))}</podcast:person>`).join('');
    const audio = p.guests ? `<enclosure url="http://${p.host}/audio/${i + 1}.mp3" length="30000000" type="audio/mpeg"/>` : '';
    return `<item><title>${esc(x.heading)}</title><link>http://${p.host}${x.path}</link><guid>http://${p.host}${x.path}</guid>
<pubDate>${x.date.toUTCString()}</pubDate><description>${esc(x.body.replace(/<[^>]+>/g, '').slice(0, 160))}</description><content:encoded><![CDATA[${x.body}]]></content:encoded>${audio}${guests}</item>`;
  });
  files.set(`${dir}/feed.xml`, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>${esc(name)}</title><link>http://${p.host}/</link><description>${esc(name)}</description>
${items.join('\n')}
</channel></rss>
`);
}

/** A stable did:plc for a handle. */
function didOf(handle: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = createHash('sha256').update(handle).digest();
  return `did:plc:${Array.from(bytes.subarray(0, 24), (b) => alphabet[b & 31]).join('')}`;
}

const rkey = (i: number): string => `3lpost${String(100 - i).padStart(7, '0')}`;

function socialWorld(plan: NichePlan): SocialWorld {
  const bsky = plan.accounts.filter((a) => a.network === 'bluesky');
  const masto = plan.accounts.filter((a) => a.network === 'mastodon');
  const world: SocialWorld = {};
  if (bsky.length > 0) world.bluesky = { host: BSKY_API_HOST, accounts: bsky.map((a) => blueskyAccount(plan, a)) };
  const instances = [...new Set(masto.map((a) => a.handle.split('@')[1]!))];
  world.mastodon = {
    instances: instances.map((host) => ({ host, accounts: masto.filter((a) => a.handle.endsWith(`@${host}`)).map((a) => mastodonAccount(plan, a, masto)) })),
  };
  return world;
}

/** Own posts newest first, some carrying a link; then one repost per shared account. */
function blueskyAccount(plan: NichePlan, a: AccountPlan): BskyAccountSpec {
  const rand = randFor(plan.seed, a.handle);
  const sentence = voice(rand, plan, a);
  const posts: BskyAccountSpec['posts'] = a.shares.map((handle, i) => ({
    rkey: `3lshare${String(90 - i).padStart(6, '0')}`, text: '', createdAt: day(i).toISOString(), repostOf: { did: didOf(handle), rkey: rkey(0) },
  }));
  const own = Math.max(a.posts, a.links.length);
  for (let i = 0; i < own; i++) {
    const link = a.links[i];
    const text = link ? `${sentence()} ${link.anchor}.` : sentence();
    posts.push({ rkey: rkey(i), text, createdAt: day(a.shares.length + i).toISOString(), ...(link ? { links: [{ uri: link.href, text: link.anchor }] } : {}) });
  }
  return { did: didOf(a.handle), handle: a.handle, displayName: a.name, description: sentence(), posts };
}

/** Statuses newest first: boosts of the shared accounts, then own statuses with links. */
function mastodonAccount(plan: NichePlan, a: AccountPlan, all: readonly AccountPlan[]): MastoAccountSpec {
  const rand = randFor(plan.seed, a.handle);
  const sentence = voice(rand, plan, a);
  // Ids unique across the world: account n's boosts are n990, n989, ...; its own statuses n500, n499, ...
  const idOf = (handle: string): number => all.findIndex((x) => x.handle === handle) + 1;
  const id = idOf(a.handle);
  const statuses: MastoAccountSpec['statuses'] = a.shares.map((handle, i) => ({
    id: String(id * 1000 + 990 - i), createdAt: day(i).toISOString(), content: '', reblogOf: { acct: handle, id: String(idOf(handle) * 1000 + 500) },
  }));
  let next = 500;
  const own = Math.max(a.posts, a.links.length);
  for (let i = 0; i < own; i++) {
    const link = a.links[i];
    const content = `<p>${esc(sentence())}${link ? ` <a href="${esc(link.href)}" rel="nofollow noopener" target="_blank">${esc(link.anchor)}</a>` : ''}</p>`;
    statuses.push({ id: String(id * 1000 + next--), createdAt: day(a.shares.length + i).toISOString(), content });
  }
  return { id: String(id), username: a.handle.split('@')[0]!, displayName: a.name, note: `<p>${esc(sentence())}</p>`, statuses };
}
