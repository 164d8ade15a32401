import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { podcastInfo } from '../../src/export/podcast-info.js';
import { personOf } from '../../src/rank/compute.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore, type Store } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'ln-podcast-info-'));
let n = 0;
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const RSS = (title: string, podcast: boolean) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://x.example/</link><description>d</description>
<item><title>one</title><link>https://x.example/1</link>${podcast ? '<enclosure url="https://x.example/1.mp3" length="1" type="audio/mpeg"/>' : ''}</item></channel></rss>`;

/** A small crawled graph: two shows, their guests, a host who claims a show back, a host who does not. */
function world() {
  const s = createStore(openDatabase(join(dir, `t${n++}.db`)));
  open.push(s);
  const run = s.runs.create('discover', {}, null, 1);
  const site = (key: string, name: string) => {
    const id = s.graph.ensureEntity(`site:${key}`, 'site', { homeUrl: `https://${key}/` }, run, 1);
    s.graph.describe(id, { name, nameIsAuthoritative: true });
    return id;
  };
  const feed = (entity: number, url: string, title: string, podcast: boolean, body?: string) => {
    s.graph.describe(entity, { feedUrl: url, isPodcast: podcast });
    s.documents.save({ url, kind: 'feed', finalUrl: url, entityId: entity, status: 200, contentType: 'application/rss+xml', title, publishedAt: null, etag: null, lastModified: null, textExcerpt: null, error: null, body }, run, 1);
  };
  const hour = site('content-hour.example', 'The Content Hour');
  feed(hour, 'https://content-hour.example/podcast.xml', 'The Content Hour (feed title)', true);
  const talks = site('dana.example', 'Dana Writes');
  // Dana's site has a blog feed (read first) and a podcast feed.
  feed(talks, 'https://dana.example/feed.xml', 'Dana Writes', false, RSS('Dana Writes', false));
  feed(talks, 'https://dana.example/podcast.xml', 'Dana Talks', true, RSS('Dana Talks', true));
  const guest = site('guest.example', 'Guest Blog');
  const bsky = s.graph.ensureEntity('bsky:did:plc:guest', 'account', {}, run, 1);
  const priya = site('priya.example', 'Priya');
  const guestEdge = (from: number, to: number, episode: string) =>
    s.graph.addEdge({ from, to, type: 'guest', evidenceUrl: episode, targetUrl: 'https://guest.example/', anchorText: 'Guest' }, run, 1);
  guestEdge(hour, guest, 'https://content-hour.example/ep-1/');
  guestEdge(talks, guest, 'https://dana.example/ep-7/');
  guestEdge(talks, bsky, 'https://dana.example/ep-8/'); // the guest's Bluesky account, same person
  s.graph.addEdge({ from: hour, to: priya, type: 'link', evidenceUrl: 'https://content-hour.example/', targetUrl: 'https://priya.example/', anchorText: 'host' }, run, 1);
  s.graph.addClaim({ from: bsky, to: guest, kind: 'domain-handle', evidenceUrl: 'https://bsky.app/profile/did:plc:guest', targetUrl: 'https://guest.example/' }, run, 1);
  // The Content Hour names Priya as its host; Priya never claims the show back.
  s.graph.addClaim({ from: hour, to: priya, kind: 'profile-link', evidenceUrl: 'https://content-hour.example/podcast.xml', targetUrl: 'https://priya.example/' }, run, 1);
  return { s, hour, talks, guest, bsky, priya };
}

describe('podcastInfo', () => {
  it('gives a show its title (from the feed) and feed', () => {
    const { s, hour } = world();
    expect(podcastInfo(s, personOf(s)).get(hour)?.podcast).toEqual({ title: 'The Content Hour (feed title)', feed: 'https://content-hour.example/podcast.xml' });
  });

  it('finds the podcast among a site\'s feeds when its blog feed was read first', () => {
    const { s, talks } = world();
    expect(podcastInfo(s, personOf(s)).get(talks)?.podcast).toEqual({ title: 'Dana Talks', feed: 'https://dana.example/podcast.xml' });
  });

  it('lists the shows a person was a guest on, most episodes first, across its identities', () => {
    const { s, guest, bsky } = world();
    const people = personOf(s);
    expect(people.get(bsky)).toBe(guest);
    expect(podcastInfo(s, people).get(guest)).toEqual({ podcast: null, guestOn: ['Dana Talks', 'The Content Hour (feed title)'] });
  });

  it('leaves out people without a show or an appearance, and a host the show claims one-way', () => {
    const { s, priya } = world();
    const info = podcastInfo(s, personOf(s));
    expect(info.has(priya)).toBe(false);
    expect(info.size).toBe(3);
  });

  it('gives the host the show once the host claims it back', () => {
    const { s, hour, priya } = world();
    s.graph.addClaim({ from: priya, to: hour, kind: 'rel-me', evidenceUrl: 'https://priya.example/', targetUrl: 'https://content-hour.example/' }, 1, 2);
    const people = personOf(s);
    // Priya's own site stands for her, not the show's site (which sorts first by key).
    expect(people.get(hour)).toBe(priya);
    expect(podcastInfo(s, people).get(priya)?.podcast?.title).toBe('The Content Hour (feed title)');
  });
});
