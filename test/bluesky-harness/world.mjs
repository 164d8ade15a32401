// The small Bluesky world the real-AppView suite crawls, written into a real PDS through
// @atproto/dev-env's SeedClient so the reference AppView indexes it like any other repo.
// Every post shape linernotes reads is here: a #link facet, a link card, #mention facets, a
// quote (embed.record), a quote with media (embed.recordWithMedia), a repost, a reply, a quote
// of a post deleted afterwards, an account deactivated afterwards, an account self-labelled
// `!no-unauthenticated`, two handles under one registrable domain (gina.pds.test, hank.pds.test),
// domain handles, display names and profile websites (one https, one http that the AppView drops).
//
// `PLANTED` lists the edges the crawl must find, as [from, type, to] with `to` an account name or
// `site:KEY`; the test asserts each one.

/** UTF-8 byte range of `needle` in `text` (facets index bytes, not UTF-16 units). */
function byteRange(text, needle) {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not in "${text}"`);
  const start = Buffer.byteLength(text.slice(0, at));
  return { byteStart: start, byteEnd: start + Buffer.byteLength(needle) };
}
const mention = (text, needle, did) => ({ index: byteRange(text, needle), features: [{ $type: 'app.bsky.richtext.facet#mention', did }] });
const link = (text, needle, uri) => ({ index: byteRange(text, needle), features: [{ $type: 'app.bsky.richtext.facet#link', uri }] });

/** The accounts: short name -> handle, display name, profile fields. */
export const ACCOUNTS = {
  alice: { handle: 'alice.test', displayName: 'Alice Able', description: 'Seed one. Notes on liner notes.', website: 'https://alice.example/' },
  bob: { handle: 'bob.test', displayName: 'Bob Baker', description: 'Seed two.', website: 'http://bob.example/' },
  carol: { handle: 'carol.test', displayName: 'Carol Cole', description: 'Mentioned by Alice.' },
  dave: { handle: 'dave.test', displayName: 'Dave Dunn', description: 'Quoted by Alice.' },
  erin: { handle: 'erin.test', displayName: 'Erin Eaves', description: 'Quoted with media by Alice.' },
  frank: { handle: 'frank.test', displayName: 'Frank Fox', description: 'Reposted by Alice.' },
  gina: { handle: 'gina.pds.test', displayName: 'Gina Gold', description: 'A subdomain handle.' },
  hank: { handle: 'hank.pds.test', displayName: 'Hank Hill', description: 'Another subdomain handle on the same domain.' },
  ivan: { handle: 'ivan.test', displayName: 'Ivan Ivey', description: 'Only reposted in the recrawl.' },
  olive: { handle: 'olive.test', displayName: 'Olive Opt', description: 'Asked not to be shown to logged-out viewers.', labels: ['!no-unauthenticated'] },
  dora: { handle: 'dora.test', displayName: 'Dora Dormant', description: 'Deactivated after posting.' },
};

/** Edges the first crawl must find: [from, type, to]. */
export const PLANTED = [
  ['alice', 'link', 'site:linked.example'],
  ['alice', 'link', 'site:card.example'],
  ['alice', 'mention', 'carol'],
  ['alice', 'quote', 'dave'],
  ['alice', 'quote', 'erin'],
  ['alice', 'link', 'site:media.example'],
  ['alice', 'repost', 'frank'],
  ['alice', 'mention', 'gina'],
  ['alice', 'quote', 'hank'], // a quote of a post hank deleted: the at-URI still names him
  ['bob', 'repost', 'gina'],
  ['bob', 'mention', 'hank'],
  ['bob', 'mention', 'carol'],
  ['bob', 'quote', 'dave'],
  ['bob', 'link', 'site:bob-links.example'],
  ['carol', 'mention', 'alice'], // by DID: alice must not be read a second time
  ['carol', 'link', 'site:carol.example'],
  ['dave', 'mention', 'bob'],
  ['erin', 'repost', 'carol'],
  ['frank', 'mention', 'erin'],
  ['gina', 'link', 'site:gina-links.example'],
  ['hank', 'quote', 'gina'],
];

/**
 * Create the accounts, profiles and posts; then delete hank's first post and deactivate dora.
 * Returns short name -> DID, and a function that adds the recrawl's new posts.
 */
export async function buildWorld(network) {
  const sc = network.getSeedClient();
  const did = {};
  for (const [name, a] of Object.entries(ACCOUNTS)) {
    const acct = await sc.createAccount(name, { handle: a.handle, email: `${name}@mail.test`, password: `${name}-pass` });
    did[name] = acct.did;
    await sc.updateProfile(acct.did, {
      $type: 'app.bsky.actor.profile', displayName: a.displayName, description: a.description,
      ...(a.website ? { website: a.website } : {}),
      ...(a.labels ? { labels: { $type: 'com.atproto.label.defs#selfLabels', values: a.labels.map((val) => ({ val })) } } : {}),
      createdAt: new Date().toISOString(),
    });
  }
  const post = (name, text, facets, quote, overrides) => sc.post(did[name], text, facets, undefined, quote, overrides);
  const ext = (uri, title) => ({ $type: 'app.bsky.embed.external', external: { uri, title, description: `${title}, described` } });

  // Posts that others quote or repost come first.
  const daveP = await post('dave', 'Dave on sleeve credits, thanks @bob.test', [mention('Dave on sleeve credits, thanks @bob.test', '@bob.test', did.bob)]);
  const erinP = await post('erin', 'Erin on session players');
  const frankT = 'Frank on producers and @erin.test';
  const frankP = await post('frank', frankT, [mention(frankT, '@erin.test', did.erin)]);
  const ginaT = 'Gina on mastering https://gina-links.example/a';
  const ginaP = await post('gina', ginaT, [link(ginaT, 'https://gina-links.example/a', 'https://gina-links.example/a')]);
  const hankGone = await post('hank', 'Hank: a post to be deleted');
  await post('hank', 'Hank quotes Gina', undefined, ginaP.ref);
  const carolT = 'Carol on arrangers, with @alice.test, see https://carol.example/notes';
  const carolP = await post('carol', carolT, [mention(carolT, '@alice.test', did.alice), link(carolT, 'https://carol.example/notes', 'https://carol.example/notes')]);
  await sc.repost(did.erin, carolP.ref);
  const oliveP = await post('olive', 'Olive would rather not be seen logged-out');
  const doraT = 'Dora, before she left';
  await post('dora', doraT);

  // Seed one: every post shape.
  const t1 = 'Read https://linked.example/post about credits';
  await post('alice', t1, [link(t1, 'https://linked.example/post', 'https://linked.example/post')]);
  await post('alice', 'A card for you', undefined, undefined, { embed: ext('https://card.example/', 'Card Example') });
  const t3 = 'Hello @carol.test and @gina.pds.test';
  await post('alice', t3, [mention(t3, '@carol.test', did.carol), mention(t3, '@gina.pds.test', did.gina)]);
  await post('alice', 'Quoting Dave', undefined, daveP.ref);
  await post('alice', 'Quoting Erin with a card', undefined, undefined, {
    embed: { $type: 'app.bsky.embed.recordWithMedia', record: { $type: 'app.bsky.embed.record', record: erinP.ref.raw }, media: ext('https://media.example/', 'Media Example') },
  });
  await sc.repost(did.alice, frankP.ref);
  await sc.reply(did.alice, daveP.ref, daveP.ref, 'A reply to Dave');
  await post('alice', 'Quoting a post that will be gone', undefined, hankGone.ref);
  const t9 = 'Waving at @olive.test and @dora.test';
  await post('alice', t9, [mention(t9, '@olive.test', did.olive), mention(t9, '@dora.test', did.dora)]);
  await post('alice', 'Quoting Olive', undefined, oliveP.ref);

  // Seed two.
  await sc.repost(did.bob, ginaP.ref);
  const b2 = 'Hi @hank.pds.test and @carol.test, links at https://bob-links.example/';
  await post('bob', b2, [mention(b2, '@hank.pds.test', did.hank), mention(b2, '@carol.test', did.carol), link(b2, 'https://bob-links.example/', 'https://bob-links.example/')]);
  await post('bob', 'Bob quotes Dave too', undefined, daveP.ref);
  await sc.repost(did.bob, oliveP.ref);

  await sc.deletePost(did.hank, hankGone.ref.uri);
  await network.processAll();
  await sc.agent.com.atproto.server.deactivateAccount({}, { encoding: 'application/json', headers: sc.getHeaders(did.dora) });
  await network.processAll();

  /** After the first crawl: a hop-1 account (frank) reposts ivan, who nobody linked before. */
  const addRecrawlPosts = async () => {
    const ivanP = await post('ivan', 'Ivan on liner notes');
    await sc.repost(did.frank, ivanP.ref);
    await network.processAll();
  };
  return { did, addRecrawlPosts };
}
