import { describe, expect, it } from 'vitest';
import { personName, personUrl, personWebsite } from '../../src/rank/person-view.js';
import type { EntityRow } from '../../src/store/graph.js';

const entity = (id: number, key: string, extra: Partial<EntityRow> = {}): EntityRow => ({
  id, key, kind: key.startsWith('site:') ? 'site' : 'account', name: null, homeUrl: key.startsWith('site:') ? `https://${key.slice(5)}/` : null,
  feedUrl: null, isPodcast: false, isSeed: false, isPlatform: false, aliasOf: null, handle: null, profileUrl: null, hidden: null,
  firstSeenRun: 1, firstSeenAt: 0, lastSeenAt: 0, ...extra,
});

describe('personName, personWebsite, personUrl', () => {
  // Erin: her domain handle proves erin.example is hers, but nobody ever read a page there.
  const handleSite = entity(1, 'site:erin.example');
  const account = entity(2, 'bsky:did:plc:erin', { name: 'Erin Eaves', handle: 'erin.example', profileUrl: 'https://bsky.app/profile/did:plc:erin' });
  const blog = entity(3, 'site:erin-blog.example', { name: 'Erin writes' });

  it('names the person by the display name when the representative site was never read', () => {
    expect(personName(handleSite, [handleSite, account], new Set())).toBe('Erin Eaves');
  });

  it('prefers the name of a site that was read, and falls back to the host', () => {
    expect(personName(handleSite, [handleSite, account, blog], new Set([3]))).toBe('Erin writes');
    expect(personName(handleSite, [handleSite], new Set())).toBe('erin.example');
  });

  it('shows only a site that was read as the website, else the profile as the address', () => {
    expect(personWebsite([handleSite, account], new Set())).toBeNull();
    expect(personUrl(handleSite, [handleSite, account], new Set())).toBe('https://bsky.app/profile/did:plc:erin');
    expect(personWebsite([handleSite, account, blog], new Set([3]))).toBe('https://erin-blog.example/');
    expect(personUrl(handleSite, [handleSite, account, blog], new Set([3]))).toBe('https://erin-blog.example/');
  });
});
