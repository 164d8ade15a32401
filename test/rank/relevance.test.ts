import { describe, expect, it } from 'vitest';
import { EntityTerms, relevanceScores, stem, tokenize } from '../../src/rank/relevance.js';
import { STOP_WORDS, isStopWord } from '../../src/rank/stopwords.js';
import type { RankEntity } from '../../src/rank/types.js';
import { mulberry32 } from '../../src/prng.js';

const entity = (id: number, text: string, isSeed = false): RankEntity => ({
  id, key: `e${id}.example`, name: `E${id}`, isSeed, isPlatform: false, text,
});

const SEED_TEXT = [
  'Content marketing strategy for B2B brands: editorial calendars, newsletters and SEO.',
  'How we grew our newsletter with content marketing, storytelling and audience research.',
  'Editorial strategy, content distribution and measuring content marketing ROI.',
].join('\n');

const corpus = (): RankEntity[] => [
  entity(1, SEED_TEXT, true),
  entity(2, 'A content marketing blog about editorial calendars, newsletter growth and content strategy.'),
  entity(3, 'Slow cooker recipes: chicken stew, lentil soup, banana bread and weeknight dinners.'),
  entity(4, 'Weather forecast, radar maps and storm warnings for your city.'),
  entity(5, ''),
  entity(6, 'The and of it is was were to from, they would have been there.'),
  entity(7, 'Podcast episodes about audio production, microphones and interviews.'),
  entity(8, 'Newsletter tools: email lists, open rates and subscriber growth.'),
];

describe('tokenize', () => {
  it('lower-cases, splits on non-letters and drops stop words, numbers and short tokens', () => {
    expect(tokenize('The BEST of 2024: a Content-Marketing guide, x 42 times!')).toEqual(['content', 'marketing', 'guide', 'time']);
  });

  it('keeps unicode letters and digits mixed into words', () => {
    expect(tokenize('Café crème für Großstädte — 東京 блог web3')).toEqual(['café', 'crème', 'für', 'großstädte', '東京', 'блог', 'web3']);
    // A single astral letter is one character (dropped); two are a word.
    expect(tokenize('\u{20000} \u{20000}\u{20001}')).toEqual(['\u{20000}\u{20001}']);
  });

  it('handles possessives and contractions', () => {
    expect(tokenize("Ada's newsletter isn't what you’d expect; don't")).toEqual(['ada', 'newsletter', 'expect']);
  });

  it('stems plurals lightly and consistently', () => {
    expect(stem('strategies')).toBe('strategy');
    expect(stem('newsletters')).toBe('newsletter');
    expect(stem('businesses')).toBe(stem('business'));
    expect(stem('boxes')).toBe('box');
    expect(stem('status')).toBe('status');
    expect(stem('analysis')).toBe('analysis');
    expect(stem('news')).toBe('news');
    expect(stem('gas')).toBe('gas');
    expect(stem('блоги')).toBe('блоги');
  });

  it('never throws on hostile input and drops junk tokens', () => {
    const junk = '\u0000\u001b[31m ' + 'a'.repeat(500) + ' \uD800 ' + '\u202Eevil';
    expect(tokenize(junk)).toEqual(['31m', 'evil']);
    expect(tokenize('')).toEqual([]);
  });
});

describe('stop words', () => {
  it('is a solid English list without topic words', () => {
    expect(STOP_WORDS.size).toBeGreaterThan(300);
    for (const w of ['the', 'and', 'because', 'themselves', 'dont', 'youre', 'https']) expect(isStopWord(w)).toBe(true);
    for (const w of ['content', 'marketing', 'privacy', 'cookies', 'home', 'value']) expect(isStopWord(w)).toBe(false);
  });
});

describe('relevanceScores', () => {
  it('scores on-topic text above off-topic text, within 0..1', () => {
    const scores = relevanceScores(corpus(), SEED_TEXT, []);
    const on = scores.get(2)!.score;
    expect(on).toBeGreaterThan(0.2);
    expect(on).toBeLessThanOrEqual(1);
    expect(scores.get(3)!.score).toBe(0);
    expect(scores.get(4)!.score).toBe(0);
    expect(on).toBeGreaterThan(scores.get(8)!.score);
    expect(scores.get(8)!.score).toBeGreaterThan(0);
  });

  it('gives 0 to empty text and to text made only of stop words', () => {
    const scores = relevanceScores(corpus(), SEED_TEXT, []);
    expect(scores.get(5)).toEqual({ score: 0, topTerms: [] });
    expect(scores.get(6)).toEqual({ score: 0, topTerms: [] });
  });

  it('ignores stop words when comparing texts', () => {
    const entities = [entity(1, 'the of and to with marketing'), entity(2, 'the of and to with gardening'), entity(3, 'banana')];
    const scores = relevanceScores(entities, 'the of and to with it was', []);
    expect(scores.get(1)!.score).toBe(0);
    expect(scores.get(2)!.score).toBe(0);
  });

  it('lets explicit topic terms move the ranking', () => {
    const entities = [
      entity(1, 'Our show covers podcast interviews and newsletter growth.', true),
      entity(2, 'Podcast interviews, podcast gear and podcast hosting tips.'),
      entity(3, 'Newsletter growth, newsletter design and newsletter tools.'),
      entity(4, 'Gardening in small spaces.'),
    ];
    const plain = relevanceScores(entities, entities[0]!.text, []);
    const podcast = relevanceScores(entities, entities[0]!.text, ['podcasts']);
    const letters = relevanceScores(entities, entities[0]!.text, ['newsletters']);
    expect(podcast.get(2)!.score).toBeGreaterThan(plain.get(2)!.score);
    expect(podcast.get(2)!.score).toBeGreaterThan(podcast.get(3)!.score);
    expect(letters.get(3)!.score).toBeGreaterThan(letters.get(2)!.score);
  });

  it('works from topic terms alone when the seeds have no text', () => {
    const entities = [entity(1, 'content marketing playbook'), entity(2, 'sourdough baking')];
    const scores = relevanceScores(entities, '', ['content marketing']);
    expect(scores.get(1)!.score).toBeGreaterThan(0.5);
    expect(scores.get(2)!.score).toBe(0);
    expect(relevanceScores(entities, '', []).get(1)!.score).toBe(0);
  });

  it('saturates repetition: keyword stuffing barely beats normal use', () => {
    const filler = 'editorial calendar audience research distribution';
    const entities = [
      entity(1, SEED_TEXT, true),
      entity(2, `marketing marketing ${filler}`),
      entity(3, `${'marketing '.repeat(60)}${filler}`),
      entity(4, 'unrelated words about trains'),
    ];
    const scores = relevanceScores(entities, SEED_TEXT, []);
    expect(scores.get(3)!.score).toBeLessThan(scores.get(2)!.score * 1.5);
  });

  it('reports up to 5 top terms, most contributing first, in their written form', () => {
    const scores = relevanceScores(corpus(), SEED_TEXT, ['content marketing']);
    const top = scores.get(2)!.topTerms;
    expect(top.length).toBeGreaterThan(0);
    expect(top.length).toBeLessThanOrEqual(5);
    expect(top.slice(0, 2)).toEqual(expect.arrayContaining(['content', 'marketing']));
    expect(top).toContain('calendars');
    expect(scores.get(3)!.topTerms).toEqual([]);
  });
});

describe('keyword stuffing', () => {
  const words = (n: number, w: string) => Array.from({ length: n }, () => w).join(' ');
  const natural = `${words(3, 'sustainable gardening')} compost beds mulch seedlings watering rainwater pollinators clover nettles soil structure worms leaves hedges ponds birds bees tomatoes beans squash onions garlic potatoes carrots meadow orchard fruit trees pruning autumn spring summer winter frost shade sunlight`;
  const stuffed = `${words(30, 'sustainable gardening')} compost beds mulch seedlings watering rainwater pollinators clover nettles soil`;

  it('scales down a text made mostly of the --topic words, and leaves natural writing alone', () => {
    const entities = [entity(1, natural), entity(2, stuffed), entity(3, 'weather forecast rain sun wind')];
    const withTopic = relevanceScores(entities, natural, ['sustainable gardening']);
    const withoutPenalty = relevanceScores(entities, natural, []);
    expect(withTopic.get(2)!.score).toBeLessThan(withTopic.get(1)!.score);
    // the natural text's density is under the threshold: only the stuffed one is scaled
    expect(withTopic.get(1)!.score).toBeGreaterThan(0.3);
    expect(withoutPenalty.get(2)!.score).toBeGreaterThan(withTopic.get(2)!.score);
  });
});

describe('EntityTerms', () => {
  // Texts whose edges meet at a line break: final sigma, "'s", apostrophes, combining marks,
  // a cut surrogate pair, plural stems, stop words, numbers.
  const pieces = [
    'Content marketing strategies ΟΔΟΣ', "Ada's newsletters don'", "'s editorial calendars", '\u0301combining café',
    'ΣΟΦΙΑ writes', 'half \ud83d', '\ude00 emoji 2024 the of', 'Newsletter growth: audience research', '', '   ',
    'marketing marketing marketing marketing content', 'Audience NEWSLETTERS and strategies',
  ];
  it('gives the scores and top terms of the texts joined with a line break', () => {
    // Entity ids 1..12; people: 1 = {1, 2, 3}, 4 = {4}, 5 = {5, 6, 7}, 8 = {8, 9, 10}, 11 = {11}, 12 = {12}.
    const people: [number, number[]][] = [[1, [1, 2, 3]], [4, [4]], [5, [7, 6, 5]], [8, [9, 8, 10]], [11, [11]], [12, [12]]];
    const terms = new EntityTerms();
    pieces.forEach((p, i) => terms.add(i + 1, p));
    const joined = (members: number[]): string => members.map((m) => pieces[m - 1]!).filter((t) => t).join('\n');
    for (const [id, members] of people) terms.join(id, members);
    const seedText = (id: number): string => joined(people.find(([p]) => p === id)![1]);
    const asText = people.map(([id, members]) => entity(id, joined(members), id === 11));
    const asTerms = people.map(([id]) => entity(id, id === 11 ? seedText(11) : '', id === 11));
    const feedback = new Map([[1, 0.5], [5, 0.25]]);
    const expected = relevanceScores(asText, [seedText(11)], ['content marketing'], feedback);
    expect(relevanceScores(asTerms, [seedText(11)], ['content marketing'], feedback, terms)).toEqual(expected);
    expect([...expected.values()].some((r) => r.score > 0 && r.topTerms.length > 1)).toBe(true);
    expect(people.map(([id]) => terms.hasText(id))).toEqual(asText.map((e) => e.text.length > 0));
  });

  it('tokenizes a text joined with line breaks as its parts one after the other', () => {
    for (let i = 0; i < pieces.length; i++) {
      for (let j = 0; j < pieces.length; j++) {
        expect(tokenize(`${pieces[i]}\n${pieces[j]}`)).toEqual([...tokenize(pieces[i]!), ...tokenize(pieces[j]!)]);
      }
    }
  });
});

describe('EntityTerms reading plain ASCII in place', () => {
  // The definition: the word pattern over the prepared text, each word judged by tokenize.
  const words = (text: string): string[] => {
    const prepared = text.normalize('NFKC').toLowerCase().replace(/(\p{L})['’]s(?![\p{L}\p{N}])/gu, '$1').replace(/['’]/g, '');
    return prepared.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? [];
  };
  const vocabulary = [
    'Content', 'marketing', 'STRATEGIES', 'strategy', 'newsletters', 'news', 'the', 'of', "Ada's", "don't", "it's", '2024', 'x',
    'a1b2', 'k9s', '1990s', 'classes', 'boxes', 'analytics', 'a'.repeat(41), 'b'.repeat(40), 'café', 'ΟΔΟΣ', 'naïve', 'co-op', 'e-mail:', '(growth)', "writers'",
  ];
  it('counts the same terms, lengths and spellings as the word pattern, ASCII or not', () => {
    const rand = mulberry32(9);
    const texts = Array.from({ length: 400 }, () => Array.from({ length: Math.floor(rand() * 30) }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(rand() < 0.5 ? ' ' : '\n'));
    const terms = new EntityTerms();
    texts.forEach((t, i) => terms.add(i, t));
    const corpus = terms.corpusOf(texts.map((_, i) => i));
    const spellings = new Map<string, Map<string, number>>();
    texts.forEach((text, d) => {
      const expected = new Map<string, number>();
      let length = 0;
      for (const surface of words(text)) {
        const term = tokenize(surface)[0];
        if (term === undefined) continue;
        expected.set(term, (expected.get(term) ?? 0) + 1);
        length++;
        if (term !== surface) {
          const forms = spellings.get(term) ?? new Map<string, number>();
          spellings.set(term, forms.set(surface, (forms.get(surface) ?? 0) + 1));
        }
      }
      const got = new Map<string, number>();
      for (let k = corpus.start[d]!; k < corpus.start[d + 1]!; k++) got.set(corpus.termOf[corpus.terms[k]!]!, corpus.counts[k]!);
      expect([...got]).toEqual([...expected]);
      expect(corpus.lengths[d]).toBe(length);
      expect(tokenize(text)).toEqual(words(text).flatMap((w) => tokenize(w)));
    });
    expect(terms.variants).toEqual(spellings);
    expect(texts.filter((t) => /[^\x00-\x7f]/.test(t)).length).toBeGreaterThan(50);
  });
});
