// Split a V8 CPU profile (`node --cpu-prof`) of a crawl into the stages the benchmark reports:
// each sample goes to the deepest frame on its stack that belongs to a stage (store code that
// calls better-sqlite3 is store; a source calling the HTML parser is parse), by file path.

/** The stages of a crawl, plus where the rest of the process time went. */
export const STAGES = ['fetch', 'parse', 'extract', 'store', 'dispatch', 'rank', 'gc', 'startup', 'other'] as const;
export type Stage = (typeof STAGES)[number];
/** Share of the busy (non-idle) samples per stage, 0..1. */
export type StageShares = Record<Stage, number>;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const RULES: [RegExp, Stage][] = [
  [/\/src\/store\/|\/crawl\/outcome-writer|better-sqlite3/, 'store'],
  [/\/crawl\/crawler\.|\/crawl\/politeness|\/crawl\/dispatch|p-queue|eventemitter3/, 'dispatch'],
  [/\/crawl\/(fetcher|http-dispatcher|polite-fetch|read-body|decode-body|response-headers|robots|rate-limit|fetch-errors)|undici|robots-parser/, 'fetch'],
  [/htmlparser2|domhandler|entities|feedsmith|fast-xml-parser|encoding-sniffer|iconv-lite|whatwg-encoding/, 'parse'],
  [/\/src\/extract\/|\/src\/sources\/|\/crawl\/identify|\/crawl\/plant|tldts/, 'extract'],
  [/\/src\/rank\//, 'rank'],
];

function stageOfUrl(url: string): Stage | null {
  for (const [re, stage] of RULES) if (re.test(url)) return stage;
  return null;
}

/** Busy-time shares per stage. */
export function stageShares(profile: CpuProfile): StageShares {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const stageOf = new Map<number, Stage>();
  // Walk from the root so a node inherits its nearest classified ancestor.
  const root = profile.nodes[0]!;
  const stack: [ProfileNode, Stage | null][] = [[root, null]];
  while (stack.length > 0) {
    const [node, inherited] = stack.pop()!;
    const name = node.callFrame.functionName;
    let stage: Stage | null = stageOfUrl(node.callFrame.url) ?? inherited;
    if (name === '(garbage collector)') stage = 'gc';
    else if (stage === null && /node:internal\/modules|^node:internal\/main/.test(node.callFrame.url)) stage = 'startup';
    if (stage !== null) stageOf.set(node.id, stage);
    for (const c of node.children ?? []) stack.push([byId.get(c)!, stage]);
  }
  const time: Record<Stage, number> = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)' || name === '(root)') return;
    const dt = profile.timeDeltas[i] ?? 0;
    busy += dt;
    time[stageOf.get(id) ?? 'other'] += dt;
  });
  return Object.fromEntries(STAGES.map((s) => [s, busy > 0 ? time[s] / busy : 0])) as StageShares;
}
