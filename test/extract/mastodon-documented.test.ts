// The fediverse parsers against answers shaped as Mastodon, Pleroma/Akkoma and GoToSocial
// document them (fixtures/social/mastodon/documented/README.md names each source).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/crawl/identify.js';
import { parseAccount, parseStatuses } from '../../src/extract/mastodon.js';
import { parseWebFinger } from '../../src/sources/fediverse-discovery.js';

const doc = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/social/mastodon/documented/${name}`, import.meta.url), 'utf8'));

describe('Mastodon as documented', () => {
  it('reads the Account example: the verified http website is proof, mentions and hashtags are not claims', () => {
    const a = parseAccount(doc('account-mastodon.json'))!;
    expect(a).toMatchObject({ id: '23634', username: 'reedy', acct: 'reedy@reeds.example', displayName: 'reed section fan account', url: 'https://reeds.example/@reedy', suspended: false, deactivated: false });
    // The documented markup never closes its anchors (`</span}`): the link is still read.
    expect(a.claims).toEqual([{ kind: 'verified-field', targetUrl: 'http://reedy-notes.example/', evidenceUrl: 'https://reeds.example/@reedy' }]);
    // `</span}…>` is an end tag running to the next `>`, for a browser as for us: the words in
    // between are not text. (Real Mastodon sends `</span></a>`; the docs' rendering mangled it.)
    expect(a.bio).toBe(':sax: #jazz@penny');
  });

  it('reads the Status example: unclosed anchors, the link card, a reply without url, a boost', () => {
    const page = parseStatuses(doc('statuses-mastodon.json'), 'reeds.example', 'reedy@reeds.example');
    expect(page).toMatchObject({ count: 3, lastId: '103270115826048977' });
    expect(page.documents.map((d) => d.url)).toEqual([
      'https://reeds.example/@reedy/103270115826048975',
      'https://reeds.example/users/reedy/statuses/103270115826048976', // `url` is null: the `uri` stands in
      'https://reeds.example/users/reedy/statuses/103270115826048977/activity',
    ]);
    expect(page.documents[0]!.textExcerpt).toContain('the search for a session player');
    expect(page.links.map((l) => [l.type, l.targetUrl])).toEqual([
      ['link', 'https://www.sleeve-credits.example/2019/dec/07/who-played-the-bass-clarinet'], // content link and card: one edge
      ['mention', 'https://horns.example/@tess'],
      ['link', 'https://tess-notes.example/bari'],
      ['boost', 'https://horns.example/@tess'],
    ]);
  });

  it('reads a documented Link card inside a status', () => {
    const status = { ...(doc('statuses-mastodon.json') as Record<string, unknown>[])[1], card: doc('card-link-mastodon.json'), content: '' };
    const page = parseStatuses([status], 'reeds.example');
    expect(page.links.filter((l) => l.type === 'link').map((l) => [l.targetUrl, l.anchorText])).toEqual([
      ['https://www.sleeve-credits.example/2019/dec/07/who-played-the-bass-clarinet', '‘Who played the bass clarinet?’ – the search for a session player'],
    ]);
  });

  it('reads the WebFinger sample, and a self link typed ld+json with the ActivityStreams profile', () => {
    expect(parseWebFinger(doc('webfinger-mastodon.json'))).toEqual({
      subject: 'acct:reedy@reeds.example', selfUrl: 'https://reeds.example/users/Reedy', profileUrl: 'https://reeds.example/@Reedy',
    });
    expect(parseWebFinger(doc('webfinger-ld-json.json'))).toMatchObject({ subject: 'acct:tess@horns.example', selfUrl: 'https://ap.horns.example/actors/tess', profileUrl: null });
  });
});

describe('GoToSocial as its API model and test rig show it', () => {
  it('reads ULID statuses; their /@user/statuses/ULID pages belong to the account', () => {
    const page = parseStatuses(doc('statuses-gotosocial.json'), 'gts.example', 'mira@gts.example');
    expect(page.lastId).toBe('01F8MH75CBF9JFX4ZAD54N0W0R');
    expect(page.documents.map((d) => d.url)).toEqual(['https://gts.example/@mira/statuses/01F8MH75CBF9JFX4ZAD54N0W0R']);
    expect(page.links.map((l) => [l.type, l.targetUrl])).toEqual([['mention', 'https://gts.example/@lou'], ['link', 'https://reissue.example/notes']]);
    // A web page linking a GoToSocial post links its author, as with a Mastodon post.
    expect(identify('https://gts.example/@mira/statuses/01F8MH75CBF9JFX4ZAD54N0W0R')).toMatchObject({ key: 'fedi:mira@gts.example', kind: 'account' });
    expect(identify('https://toot.example/@kim/103270115826048975')).toMatchObject({ key: 'fedi:kim@toot.example' });
  });
});

describe('Pleroma and Akkoma as their API differences page documents them', () => {
  it('reads a deactivated account (pleroma.deactivated) as deactivated', () => {
    expect(parseAccount(doc('account-pleroma-deactivated.json'))).toMatchObject({ id: '9tKi3esbG7OQgZ2920', url: 'https://soy.example/users/lain', deactivated: true });
  });

  it('reads flake-id statuses with the pleroma object, local visibility and no card', () => {
    const page = parseStatuses(doc('statuses-pleroma.json'), 'soy.example', 'nika@soy.example');
    expect(page).toMatchObject({ count: 2, lastId: 'AEma9u0sTnBTNOf9Yd' });
    expect(page.links.map((l) => [l.type, l.targetUrl, l.account?.id ?? null])).toEqual([
      ['mention', 'https://toot.example/@kim', 'kim@toot.example'],
      ['link', 'https://liner.example/post', null],
    ]);
    expect(page.documents[0]!.textExcerpt).toBe('new liner notes by @kim');
  });
});
