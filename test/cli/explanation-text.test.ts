// How `why` reads: a post that both links a candidate and is the feed item that links it is
// listed once per referrer, a claim found on many pages is one line, and a candidate that could
// not be read says so.
import { describe, expect, it } from 'vitest';
import { evidenceLines, noTerms, renderExplanation } from '../../src/cli/explanation-text.js';
import { chalkFor } from '../../src/cli/output.js';
import type { EvidenceGroup, Explanation } from '../../src/rank/explain.js';

const c = chalkFor({ write: () => true, isTTY: false }, { NO_COLOR: '1' });
const post = (n: number) => ({ evidenceUrl: `http://ada.example/p${n}.html`, targetUrl: 'http://t.example/', date: `2026-11-0${n}` });
const group = (type: EvidenceGroup['type'], count: number, posts: number[], from = 'Ada', fromEntityId = 1): EvidenceGroup => ({
  from, fromEntityId, fromIsSeed: true, fromDepth: 0, type, count, examples: posts.map(post),
});

describe('evidence lines', () => {
  it('lists a post URL once per referrer across "linked it" and "linked it in its feed"', () => {
    expect(evidenceLines([group('feed-item', 4, [4, 3, 2]), group('link', 3, [4, 3, 2]), group('link', 1, [4], 'Bo', 2)])).toEqual([
      'Ada (seed) linked it in its feed 4 times — http://ada.example/p4.html (2026-11-04), http://ada.example/p3.html (2026-11-03), http://ada.example/p2.html (2026-11-02), …',
      'Ada (seed) linked it 3 times — the posts above',
      'Bo (seed) linked it once — http://ada.example/p4.html (2026-11-04)',
    ]);
  });

  it('shows the new URLs and counts the repeated ones when only some repeat', () => {
    expect(evidenceLines([group('link', 1, [1]), group('feed-item', 3, [3, 2, 1])])[1]).toBe(
      'Ada (seed) linked it in its feed 3 times — http://ada.example/p3.html (2026-11-03), http://ada.example/p2.html (2026-11-02) and a post above',
    );
  });
});

const explanation = (over: Partial<Explanation> = {}): Explanation => ({
  entityId: 5, name: 'Tess', rank: 3, status: 'new', pickedBy: null, note: null, identities: { website: 'http://t.example/', feed: null, bluesky: [], mastodon: [] },
  score: { score: 0.3, relevance: 0.1, topicality: 1, gate: 1, authority: 0.3, endorsement: 0.3, bestEndorsement: 1, pagerank: 0.01, referrers: 2, seedsReaching: 1, relevanceWeight: 0 },
  topTerms: [], reading: { state: 'read', url: 'http://t.example/', reason: null }, history: [], paths: [], evidence: [], evidenceTotal: 0, claims: [], ...over,
});

describe('why report', () => {
  it('collapses a claim found on several pages into one line', () => {
    const claim = { kind: 'rel-me', from: 't.example', to: '@t@toot.example', targetUrl: 'http://toot.example/@t', merged: true, vetoed: false };
    const out = renderExplanation(explanation({ claims: [
      { ...claim, evidenceUrl: 'http://t.example/', seen: '2026-11-02' },
      { ...claim, evidenceUrl: 'http://t.example/about', seen: '2026-11-01' },
      { ...claim, evidenceUrl: 'http://t.example/p1', seen: '2026-11-03' },
    ] }), c);
    expect(out).toContain('\nIdentity claims\n  rel-me: t.example → @t@toot.example via http://toot.example/@t on http://t.example/ and 2 more pages, seen 2026-11-01 — merged\n');
  });

  it('says why a candidate has no topic terms when it could not be read', () => {
    expect(noTerms({ state: 'failed', url: 'http://gone.example/', reason: 'HTTP 404' })).toBe('nothing: fetch failed: HTTP 404 (http://gone.example/)');
    expect(noTerms({ state: 'skipped', url: 'http://gts.example/@mira', reason: 'not readable without login (gotosocial)' })).toBe('nothing: not read: not readable without login (gotosocial) (http://gts.example/@mira)');
    expect(noTerms({ state: 'not-crawled', url: null, reason: null })).toBe('nothing: not crawled (beyond --depth); it ranks on the links to it alone');
    expect(noTerms({ state: 'read', url: 'http://t.example/', reason: null })).toBe('no distinctive topic terms');
    expect(renderExplanation(explanation({ reading: { state: 'failed', url: 'http://gone.example/', reason: 'HTTP 404' } }), c)).toContain('\nRelevant for\n  nothing: fetch failed: HTTP 404 (http://gone.example/)\n');
  });
});
