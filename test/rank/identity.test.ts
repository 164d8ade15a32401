import { describe, expect, it } from 'vitest';
import { identityGroups, type IdentityNode } from '../../src/rank/identity.js';

const node = (id: number, key: string, extra: Partial<IdentityNode> = {}): IdentityNode => ({
  id, key, kind: key.startsWith('site:') ? 'site' : 'account', isPlatform: false, aliasOf: null, ...extra,
});

describe('identityGroups', () => {
  const nodes = [
    node(1, 'site:dana.example'),
    node(2, 'bsky:did:plc:dana'),
    node(3, 'fedi:dana@toot.example'),
    node(4, 'site:other.example'),
    node(5, 'site:github.com', { isPlatform: true }),
  ];

  it('merges on a proof alone: a domain handle, a verified field', () => {
    const groups = identityGroups(nodes, [
      { from: 2, to: 1, kind: 'domain-handle' },
      { from: 3, to: 1, kind: 'verified-field' },
    ]);
    expect([groups.get(1), groups.get(2), groups.get(3)]).toEqual([1, 1, 1]);
    expect(groups.get(4)).toBe(4);
  });

  it('merges two-way claims and leaves one-way claims apart', () => {
    const twoWay = identityGroups(nodes, [
      { from: 1, to: 3, kind: 'rel-me' },
      { from: 3, to: 1, kind: 'profile-link' },
    ]);
    expect(twoWay.get(3)).toBe(1);
    const oneWay = identityGroups(nodes, [{ from: 1, to: 4, kind: 'rel-me' }]);
    expect(oneWay.get(4)).toBe(4);
    expect(oneWay.get(1)).toBe(1);
  });

  it('never merges through a platform', () => {
    const groups = identityGroups(nodes, [
      { from: 1, to: 5, kind: 'rel-me' },
      { from: 5, to: 1, kind: 'rel-me' },
      { from: 4, to: 5, kind: 'verified-field' },
    ]);
    expect(new Set([groups.get(1), groups.get(4), groups.get(5)]).size).toBe(3);
  });

  it('stands the group for its site, or its smallest key, whatever the order', () => {
    const claims = [
      { from: 3, to: 2, kind: 'rel-me' },
      { from: 2, to: 3, kind: 'profile-link' },
    ];
    expect(identityGroups(nodes, claims).get(3)).toBe(2); // bsky: < fedi:
    expect(identityGroups([...nodes].reverse(), [...claims].reverse()).get(3)).toBe(2);
  });

  it('follows aliases: a moved site keeps its claims', () => {
    const moved = [...nodes, node(6, 'site:old-dana.example', { aliasOf: 1 })];
    const groups = identityGroups(moved, [{ from: 2, to: 6, kind: 'domain-handle' }]);
    expect(groups.get(2)).toBe(1);
    expect(groups.get(6)).toBe(1);
  });
});

describe('identityGroups: what a domain handle proves', () => {
  const nodes = [
    node(1, 'site:pds.example'),
    node(2, 'bsky:did:plc:gina'),
    node(3, 'bsky:did:plc:hank'),
    node(4, 'site:alice.example'),
    node(5, 'bsky:did:plc:alice'),
  ];

  it('merges a domain handle with the site keyed by that exact host', () => {
    const groups = identityGroups(nodes, [{ from: 5, to: 4, kind: 'domain-handle', targetUrl: 'https://alice.example/' }]);
    expect(groups.get(5)).toBe(4);
  });

  it('never merges subdomain handles with the registrable domain (claims stored before the rule)', () => {
    const groups = identityGroups(nodes, [
      { from: 2, to: 1, kind: 'domain-handle', targetUrl: 'https://gina.pds.example/' },
      { from: 3, to: 1, kind: 'domain-handle', targetUrl: 'https://hank.pds.example/' },
    ]);
    expect([groups.get(1), groups.get(2), groups.get(3)]).toEqual([1, 2, 3]);
  });

  it('merges nothing into an account that is never shown (opted out, deactivated)', () => {
    const hidden = nodes.map((n) => (n.id === 5 ? { ...n, hidden: 'opted-out' } : n));
    const groups = identityGroups(hidden, [
      { from: 5, to: 4, kind: 'domain-handle', targetUrl: 'https://alice.example/' },
      { from: 4, to: 5, kind: 'rel-me' },
      { from: 5, to: 4, kind: 'profile-link' },
    ]);
    expect(groups.get(5)).toBe(5);
  });
});
