import { describe, expect, it } from 'vitest';
import { identityGroups, type ClaimEdge, type IdentityNode } from '../../src/rank/identity.js';

const node = (id: number, key: string, extra: Partial<IdentityNode> = {}): IdentityNode => ({
  id, key, kind: key.startsWith('site:') ? 'site' : 'account', isPlatform: false, aliasOf: null, ...extra,
});

const nodes = [
  node(1, 'site:dana.example'),
  node(2, 'bsky:did:plc:dana'),
  node(3, 'fedi:dana@toot.example'),
  node(4, 'site:other.example'),
];
const twoWay = (a: number, b: number, kind = 'rel-me'): ClaimEdge[] => [{ from: a, to: b, kind }, { from: b, to: a, kind: 'profile-link' }];

describe('identityGroups with vetoes', () => {
  it('ignores a proof or a two-way claim between vetoed keys', () => {
    const claims = [{ from: 3, to: 1, kind: 'verified-field' }, ...twoWay(1, 2)];
    expect(identityGroups(nodes, claims).get(3)).toBe(1);
    const split = identityGroups(nodes, claims, [{ aKey: 'fedi:dana@toot.example', bKey: 'site:dana.example' }]);
    expect(split.get(3)).toBe(3);
    expect(split.get(2)).toBe(1); // the rest of the person stays together
  });

  it('keeps vetoed keys apart even when a third identity links them', () => {
    // 3 proves 1 and 2 claims 3 back and forth: without a veto, all three are one person.
    const claims = [{ from: 3, to: 1, kind: 'verified-field' }, ...twoWay(2, 3)];
    expect(new Set([1, 2, 3].map((id) => identityGroups(nodes, claims).get(id))).size).toBe(1);
    const groups = identityGroups(nodes, claims, [{ aKey: 'site:dana.example', bKey: 'bsky:did:plc:dana' }]);
    expect(groups.get(1)).not.toBe(groups.get(2));
    // Proofs merge before claims, so the fediverse account stays with the site it proved.
    expect(groups.get(3)).toBe(groups.get(1));
  });

  it('gives the same groups whatever the order of nodes, claims and vetoes', () => {
    const claims = [...twoWay(1, 2), ...twoWay(2, 3), ...twoWay(3, 4), { from: 2, to: 4, kind: 'domain-handle' }];
    const vetoes = [{ aKey: 'site:dana.example', bKey: 'fedi:dana@toot.example' }, { aKey: 'site:other.example', bKey: 'site:dana.example' }];
    const a = identityGroups(nodes, claims, vetoes);
    const b = identityGroups([...nodes].reverse(), [...claims].reverse(), [...vetoes].reverse());
    expect([...b].sort(([x], [y]) => x - y)).toEqual([...a].sort(([x], [y]) => x - y));
    expect(a.get(1)).not.toBe(a.get(3));
    expect(a.get(1)).not.toBe(a.get(4));
  });

  it('applies a veto on an old key to what the key stands for now (a moved site)', () => {
    const moved = [...nodes, node(6, 'site:old-dana.example', { aliasOf: 1 })];
    const claims = [{ from: 2, to: 1, kind: 'domain-handle' }];
    expect(identityGroups(moved, claims, [{ aKey: 'site:old-dana.example', bKey: 'bsky:did:plc:dana' }]).get(2)).toBe(2);
  });

  it('ignores vetoes naming unknown keys or one entity twice', () => {
    const claims = twoWay(1, 3);
    const groups = identityGroups(nodes, claims, [{ aKey: 'site:gone.example', bKey: 'site:dana.example' }, { aKey: 'site:dana.example', bKey: 'site:dana.example' }]);
    expect(groups.get(3)).toBe(1);
  });

  it('leaves a one-way claim a claim, veto or not', () => {
    expect(identityGroups(nodes, [{ from: 4, to: 1, kind: 'profile-link' }]).get(4)).toBe(4);
  });
});

describe('identityGroups: the site a person is shown under', () => {
  it('prefers a site that is not a podcast over the person\'s show', () => {
    const people = [node(1, 'site:zoe.example'), node(2, 'site:a-show.example', { isPodcast: true }), node(3, 'bsky:did:plc:zoe')];
    const claims = [...twoWay(2, 1), { from: 3, to: 1, kind: 'domain-handle' }];
    const groups = identityGroups(people, claims);
    expect([groups.get(1), groups.get(2), groups.get(3)]).toEqual([1, 1, 1]);
    // A show alone with an account still stands for the person: sites before accounts.
    expect(identityGroups([people[1]!, people[2]!], twoWay(2, 3)).get(3)).toBe(2);
  });
});
