// Vocabulary of the generated niche worlds of `npm run bench:quality`: the niches (a topic and
// its words) and the other subjects people write about. Kept apart from the plan so the plan
// reads as structure. Each lexicon is nouns | verbs (past tense) | adjectives, '|'-separated.
import { LEX } from './quality-world.js';

/** One niche a world can be about. */
export interface Niche {
  /** What is passed as --topic. */
  topic: string;
  /** Words host names are made of. */
  hostWords: string[];
  lex: [string, string, string];
}

/** The niches; a world draws one. */
export const NICHES: readonly Niche[] = [
  { topic: 'sustainable gardening', hostWords: ['garden', 'plot', 'soil', 'compost'], lex: LEX.garden },
  {
    topic: 'amateur astronomy', hostWords: ['stars', 'sky', 'orbit', 'scope'],
    lex: [
      'telescope|eyepiece|nebula|star chart|dark site|planisphere|light pollution|comet|meteor shower|galaxy|star party|equatorial mount|finder scope|aperture|observing log|constellation|double star|moon phase|astrophotography|observatory|astronomy',
      'observed|tracked|collimated|aligned|sketched|imaged|spotted|logged|focused|stacked',
      'faint|bright|dark-sky|deep-sky|clear|steady|wide-field|dobsonian|refracting|naked-eye|amateur',
    ],
  },
  {
    topic: 'hand tool woodworking', hostWords: ['wood', 'bench', 'joint', 'plane'],
    lex: [
      'dovetail|mortise|tenon|chisel|hand plane|workbench|joinery|oak board|walnut|sharpening stone|marking gauge|cabinet|glue-up|shellac|spokeshave|try square|drawbore|hardwood|woodworking|tool chest',
      'planed|chiseled|glued|sanded|sawed|fitted|finished|sharpened|clamped|jointed',
      'hand-cut|flush|square|quartersawn|hand-tool|sturdy|oiled|seasoned|tight|reclaimed',
    ],
  },
  {
    topic: 'urban cycling', hostWords: ['bike', 'wheel', 'pedal', 'lane'],
    lex: [
      'bike lane|commute|cargo bike|pannier|saddle|chain|inner tube|cycleway|junction|bike rack|puncture|bike lock|crossing|route|mudguard|dynamo|cadence|cycling|bicycle|cycle network',
      'rode|commuted|patched|locked|oiled|tuned|cycled|routed|signalled|pedalled',
      'protected|car-free|safe|steep|upright|electric|rainy|busy|quiet|segregated|urban',
    ],
  },
];

/** The rest of an on-topic writer's life: a share of their sentences come from one of these. */
export const SIDE_THEMES = ['houseplants', 'birding', 'travel', 'tech', 'recipes', 'finance'] as const;
/** Whole sites about something else: cooks, weather, news, sport, deals. */
export const OFF_TOPIC_THEMES = ['cooking', 'recipes', 'weather', 'news', 'sport', 'deals', 'travel'] as const;
/** Sales words a farm wraps around the niche's own words. */
export const HYPE = ['best', 'cheap', 'buy', 'top', 'discount', 'guaranteed'];
/** Platform pages everyone links now and then; never candidates. */
export const PLATFORM_LINKS = ['https://en.wikipedia.org/wiki/Main_Page', 'https://www.youtube.com/watch?v=niche', 'https://github.com/niche/notes'];

/** The lexicon of a theme name (a side or off-topic theme). */
export function themeLex(theme: keyof typeof LEX): [string, string, string] {
  return LEX[theme];
}
