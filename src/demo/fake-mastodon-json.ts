// The answers of the fake fediverse servers, shaped like the real ones: Mastodon's Account and
// Status entities (ids as strings, `acct` relative to the answering server, HTML content,
// mentions, tags, cards, boosts), NodeInfo per server software, WebFinger JRDs, and a small
// profile page. Rendering only; routing, paging and rate limits live in fake-mastodon.ts.
import type { MastoAccountSpec, MastoInstanceSpec, MastoStatusSpec, SocialWorld } from './social-world.js';

type Json = Record<string, unknown>;
type Software = NonNullable<MastoInstanceSpec['software']>;

/** An account of the world with where it lives. */
export interface WorldAccount {
  instance: MastoInstanceSpec;
  account: MastoAccountSpec;
  /** `user@host`, lower-case. */
  acct: string;
  /** Position in the whole world; remote ids derive from it. */
  ordinal: number;
}

// Ids other servers give an account or status they know from federation: far from local ids.
const REMOTE_ID_BASE = 1_000_000;
const STUB_ID_BASE = 2_000_000;
const CREATED_AT = '2023-01-01T00:00:00.000Z';

const VERSIONS: Record<Software, string> = { mastodon: '4.3.2', gotosocial: '0.17.3', pleroma: '2.7.0', akkoma: '3.13.2', misskey: '2024.11.0' };

/** Every account of a world, findable by acct from any server's point of view. */
export class WorldIndex {
  private readonly byAcct = new Map<string, WorldAccount>();
  private readonly stubs = new Map<string, number>();
  private readonly followers = new Map<string, number>();

  constructor(readonly world: NonNullable<SocialWorld['mastodon']>) {
    let ordinal = 0;
    for (const instance of world.instances) {
      for (const account of instance.accounts) {
        const acct = `${account.username}@${instance.host}`.toLowerCase();
        this.byAcct.set(acct, { instance, account, acct, ordinal: ordinal++ });
      }
    }
    const unknown = new Set<string>();
    for (const { account } of this.byAcct.values()) {
      for (const f of account.following ?? []) {
        const key = f.toLowerCase().replace(/^@/, '');
        this.followers.set(key, (this.followers.get(key) ?? 0) + 1);
        if (!this.byAcct.has(key)) unknown.add(key);
      }
    }
    [...unknown].sort().forEach((acct, i) => this.stubs.set(acct, STUB_ID_BASE + i));
  }

  /** The instance serving `host`, if any. */
  instance(host: string): MastoInstanceSpec | undefined {
    return this.world.instances.find((i) => i.host === host);
  }

  /** Find `user` (local to `host`) or `user@domain`. */
  find(acct: string, host: string): WorldAccount | undefined {
    const bare = acct.toLowerCase().replace(/^@/, '');
    return this.byAcct.get(bare.includes('@') ? bare : `${bare}@${host}`);
  }

  /** The id `viewHost` gives an account. */
  idOn(e: WorldAccount, viewHost: string): string {
    return e.instance.host === viewHost ? e.account.id : String(REMOTE_ID_BASE + e.ordinal);
  }

  /** An account of `viewHost`'s view by id: its own, or one it knows from elsewhere. */
  byId(id: string, viewHost: string): WorldAccount | undefined {
    const inst = this.instance(viewHost);
    const local = inst?.accounts.find((a) => a.id === id);
    if (inst && local) return this.find(local.username, viewHost);
    return [...this.byAcct.values()].find((e) => e.instance.host !== viewHost && String(REMOTE_ID_BASE + e.ordinal) === id);
  }

  /** Id of an account outside the world (followed, mentioned or boosted). */
  stubId(acct: string): string {
    return String(this.stubs.get(acct.toLowerCase()) ?? STUB_ID_BASE + 999_999);
  }

  /** How many world accounts follow `acct`. */
  followersOf(acct: string): number {
    return this.followers.get(acct) ?? 0;
  }
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Profile URL style per software: Pleroma and Akkoma show /users/NAME, the others /@NAME. */
export function profilePath(instance: MastoInstanceSpec, username: string): string {
  return instance.software === 'pleroma' || instance.software === 'akkoma' ? `/users/${username}` : `/@${username}`;
}

/** Status page per software: GoToSocial shows /@NAME/statuses/ID (its own test fixtures), the others the profile path + /ID. */
function statusPath(instance: MastoInstanceSpec, username: string, id: string): string {
  return instance.software === 'gotosocial' ? `/@${username}/statuses/${id}` : `${profilePath(instance, username)}/${id}`;
}

/** A field value as Mastodon renders it: URLs become rel="me" links with invisible scheme. */
function fieldValue(value: string): string {
  const m = /^(https?:\/\/(?:www\.)?)(\S+)$/.exec(value.trim());
  if (!m) return escapeHtml(value);
  return `<a href="${escapeHtml(value.trim())}" target="_blank" rel="nofollow noopener me" translate="no"><span class="invisible">${m[1]}</span><span class="">${escapeHtml(m[2] ?? '')}</span><span class="invisible"></span></a>`;
}

/** An Account entity as `viewHost` shows it. */
export function accountJson(e: WorldAccount, viewHost: string, index: WorldIndex): Json {
  const { instance, account } = e;
  const base = `http://${instance.host}`;
  const local = instance.host === viewHost;
  const suspended = account.suspended === true;
  return {
    id: index.idOn(e, viewHost),
    username: account.username,
    acct: local ? account.username : `${account.username}@${instance.host}`,
    display_name: suspended ? '' : (account.displayName ?? ''),
    locked: account.locked === true,
    bot: false,
    discoverable: !suspended,
    indexable: !suspended,
    group: false,
    created_at: CREATED_AT,
    note: suspended ? '' : (account.note ?? ''),
    url: `${base}${profilePath(instance, account.username)}`,
    uri: `${base}/users/${account.username}`,
    avatar: `${base}/avatars/original/missing.png`,
    avatar_static: `${base}/avatars/original/missing.png`,
    header: `${base}/headers/original/missing.png`,
    header_static: `${base}/headers/original/missing.png`,
    followers_count: suspended ? 0 : index.followersOf(e.acct),
    following_count: suspended ? 0 : (account.following ?? []).length,
    statuses_count: suspended ? 0 : account.statuses.length,
    last_status_at: suspended ? null : (account.statuses[0]?.createdAt.slice(0, 10) ?? null),
    hide_collections: false,
    noindex: account.noindex === true,
    ...(suspended ? { suspended: true } : {}),
    emojis: [],
    roles: [],
    fields: suspended ? [] : (account.fields ?? []).map((f) => ({ name: f.name, value: fieldValue(f.value), verified_at: f.verifiedAt ?? null })),
    // Pleroma and Akkoma add a `pleroma` object (their "Differences in Mastodon API responses").
    ...(instance.software === 'pleroma' || instance.software === 'akkoma'
      ? { pleroma: { ap_id: `${base}/users/${account.username}`, tags: [], is_admin: false, is_moderator: false, deactivated: false, hide_followers: false, hide_follows: false } }
      : {}),
  };
}

/** A minimal Account for someone outside the world. */
export function stubAccountJson(acct: string, index: WorldIndex): Json {
  const [username = 'unknown', host = 'unknown.invalid'] = acct.replace(/^@/, '').split('@');
  return {
    id: index.stubId(acct), username, acct: `${username}@${host}`, display_name: '', locked: false, bot: false, discoverable: null,
    group: false, created_at: CREATED_AT, note: '', url: `http://${host}/@${username}`, uri: `http://${host}/users/${username}`,
    avatar: '', avatar_static: '', header: '', header_static: '', followers_count: 0, following_count: 0, statuses_count: 0,
    last_status_at: null, emojis: [], fields: [],
  };
}

/** Hashtags of rendered content: `<a href=".../tags/NAME" class="mention hashtag" rel="tag">`. */
function tagsOf(content: string, viewHost: string): Json[] {
  const names = [...content.matchAll(/href="[^"]*\/tags\/([^"/?#]+)"/g)].map((m) => decodeURIComponent(m[1] ?? '').toLowerCase());
  return [...new Set(names)].map((name) => ({ name, url: `http://${viewHost}/tags/${encodeURIComponent(name)}` }));
}

function cardJson(card: NonNullable<MastoStatusSpec['card']>): Json {
  return {
    url: card.url, title: card.title, description: '', language: null, type: 'link', author_name: '', author_url: '',
    provider_name: '', provider_url: '', html: '', width: 0, height: 0, image: null, image_description: '', embed_url: '',
    blurhash: null, published_at: null, authors: [],
  };
}

/** The common part of every Status entity. */
function statusBase(id: string, createdAt: string, uri: string, url: string, account: Json): Json {
  return {
    id, created_at: createdAt, in_reply_to_id: null, in_reply_to_account_id: null, sensitive: false, spoiler_text: '',
    visibility: 'public', language: 'en', uri, url, replies_count: 0, reblogs_count: 0, favourites_count: 0, edited_at: null,
    content: '', reblog: null, account, media_attachments: [], mentions: [], tags: [], emojis: [], card: null, poll: null,
  };
}

/** A Status entity as `viewHost` shows it (a boost wraps the boosted status). */
export function statusJson(e: WorldAccount, s: MastoStatusSpec, viewHost: string, index: WorldIndex): Json {
  const base = `http://${e.instance.host}`;
  const name = e.account.username;
  const account = accountJson(e, viewHost, index);
  if (s.reblogOf) {
    const uri = `${base}/users/${name}/statuses/${s.id}/activity`;
    const target = index.find(s.reblogOf.acct, e.instance.host);
    const original = target?.account.statuses.find((x) => x.id === s.reblogOf?.id);
    const reblog = target && original
      ? statusJson(target, original, viewHost, index)
      : stubStatusJson(s.reblogOf.acct.includes('@') ? s.reblogOf.acct : `${s.reblogOf.acct}@${e.instance.host}`, s.reblogOf.id, s.createdAt, index);
    return { ...statusBase(s.id, s.createdAt, uri, uri, account), language: null, reblog };
  }
  const mentions = (s.mentions ?? []).map((m) => {
    const who = index.find(m.acct, e.instance.host);
    const full = who ? who.acct : m.acct.toLowerCase();
    const acct = who && who.instance.host === viewHost ? who.account.username : (full.includes('@') ? full : `${full}@${e.instance.host}`);
    return { id: who ? index.idOn(who, viewHost) : index.stubId(full), username: m.username, url: m.url, acct };
  });
  return {
    ...statusBase(s.id, s.createdAt, `${base}/users/${name}/statuses/${s.id}`, `${base}${statusPath(e.instance, name, s.id)}`, account),
    content: s.content,
    mentions,
    tags: tagsOf(s.content, viewHost),
    card: s.card ? cardJson(s.card) : null,
  };
}

/** A boosted status whose author is outside the world: the shape, without content. */
function stubStatusJson(acct: string, id: string, createdAt: string, index: WorldIndex): Json {
  const account = stubAccountJson(acct, index);
  const [username, host] = acct.split('@');
  return statusBase(id, createdAt, `http://${host}/users/${username}/statuses/${id}`, `http://${host}/@${username}/${id}`, account);
}

/** `/.well-known/nodeinfo` links, with the paths each software really uses. */
export function nodeInfoIndex(instance: MastoInstanceSpec): Json {
  const base = `http://${instance.host}`;
  const rel = (v: string) => `http://nodeinfo.diaspora.software/ns/schema/${v}`;
  switch (instance.software ?? 'mastodon') {
    case 'pleroma':
    case 'akkoma':
      return { links: [{ rel: rel('2.0'), href: `${base}/nodeinfo/2.0.json` }, { rel: rel('2.1'), href: `${base}/nodeinfo/2.1.json` }] };
    case 'misskey':
      return { links: [{ rel: rel('2.1'), href: `${base}/nodeinfo/2.1` }, { rel: rel('2.0'), href: `${base}/nodeinfo/2.0` }] };
    default:
      return { links: [{ rel: rel('2.0'), href: `${base}/nodeinfo/2.0` }] };
  }
}

/** The NodeInfo document of `version` ('2.0' or '2.1'). */
export function nodeInfoDocument(instance: MastoInstanceSpec, version: '2.0' | '2.1'): Json {
  const software = instance.software ?? 'mastodon';
  const repository: Record<Software, string> = {
    mastodon: 'https://github.com/mastodon/mastodon', gotosocial: 'https://codeberg.org/superseriousbusiness/gotosocial',
    pleroma: 'https://git.pleroma.social/pleroma/pleroma', akkoma: 'https://akkoma.dev/AkkomaGang/akkoma', misskey: 'https://github.com/misskey-dev/misskey',
  };
  const users = instance.accounts.filter((a) => !a.suspended).length;
  return {
    version,
    software: { name: software, version: VERSIONS[software], ...(version === '2.1' ? { repository: repository[software] } : {}) },
    protocols: ['activitypub'],
    services: { outbound: [], inbound: [] },
    usage: { users: { total: users, activeMonth: users, activeHalfyear: users }, localPosts: instance.accounts.reduce((n, a) => n + (a.suspended ? 0 : a.statuses.length), 0) },
    openRegistrations: false,
    metadata: software === 'pleroma' || software === 'akkoma' ? { nodeName: instance.host, features: ['mastodon_api', 'mastodon_api_streaming', 'polls'] } : { nodeName: instance.host, nodeDescription: '' },
  };
}

/** A WebFinger JRD for a local account. */
export function webFingerJson(e: WorldAccount): Json {
  const base = `http://${e.instance.host}`;
  const name = e.account.username;
  return {
    subject: `acct:${name}@${e.instance.host}`,
    aliases: [`${base}${profilePath(e.instance, name)}`, `${base}/users/${name}`],
    links: [
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: `${base}${profilePath(e.instance, name)}` },
      { rel: 'self', type: 'application/activity+json', href: `${base}/users/${name}` },
      { rel: 'http://ostatus.org/schema/1.0/subscribe', template: `${base}/authorize_interaction?uri={uri}` },
    ],
  };
}

/** A small profile page: bio, and the field links with rel="me" as Mastodon renders them. */
export function profileHtml(e: WorldAccount): string {
  const { account } = e;
  const title = escapeHtml(account.displayName || account.username);
  const fields = (account.fields ?? []).map((f) => `<dt>${escapeHtml(f.name)}</dt><dd>${fieldValue(f.value)}</dd>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title} (@${escapeHtml(account.username)}@${e.instance.host})</title>
<link rel="alternate" type="application/activity+json" href="http://${e.instance.host}/users/${escapeHtml(account.username)}"></head>
<body><h1>${title}</h1><div class="note">${account.suspended ? '' : (account.note ?? '')}</div><dl>${account.suspended ? '' : fields}</dl></body></html>\n`;
}
