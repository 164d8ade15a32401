// `linernotes why CANDIDATE`: why one person is in the ranking — the liner notes that lead to
// it, who links to it and how often, what makes it relevant, and how its score is made.
import { loadConfig } from '../../config.js';
import { toJson } from '../../export/json.js';
import { personOf } from '../../rank/compute.js';
import { explainCandidate } from '../../rank/explain.js';
import { resolveCandidate } from '../../rank/resolve-candidate.js';
import { renderExplanation } from '../explanation-text.js';
import { dbFlag } from '../hint.js';
import { dbOption, type RegisterCommand } from '../options.js';
import { chalkFor, type Io } from '../output.js';
import { openRanked } from './open-ranked.js';

/** Flags of `why`. */
export interface WhyFlags {
  db: string;
  json?: boolean;
}

/** Run `why`; returns the exit code. Unknown or ambiguous names throw the resolver's UsageError. */
export function runWhy(candidate: string, flags: WhyFlags, io: Io): number {
  // The ranking's own weights order the evidence and label the formula.
  const { ranking } = loadConfig(flags.db);
  const { store, runId } = openRanked(flags.db);
  try {
    const entities = store.graph.entities();
    const who = resolveCandidate({ store, runId, entities, personOf: personOf(store, entities), dbFlag: dbFlag(flags.db, io.env) }, candidate);
    const ex = explainCandidate(store, runId, who.entityId, { edgeWeights: ranking.edgeWeights, relevanceWeight: ranking.relevanceWeight });
    io.stdout.write(flags.json ? toJson(ex) : renderExplanation(ex, chalkFor(io.stdout, io.env)));
    return 0;
  } finally {
    store.close();
  }
}

/** Register `why`. */
export const registerWhy: RegisterCommand = (program, ctx) => {
  program
    .command('why')
    .description('explain one candidate: the paths that lead to it, who links to it, its topic terms and score')
    .argument('<candidate>', 'rank number, URL, handle or name')
    .addOption(dbOption(ctx.io.env))
    .option('--json', 'the explanation as JSON')
    .addHelpText('after', `
Examples:
  $ linernotes why 3 --db niche.db
  $ linernotes why https://dana.example/ --db niche.db
  $ linernotes why @dana@toot.example --db niche.db
  $ linernotes why "Content Strategy Weekly" --db niche.db --json | jq '.evidence[0]'`)
    .action((candidate: string, flags: WhyFlags) => ctx.setExit(runWhy(candidate, flags, ctx.io)));
};
