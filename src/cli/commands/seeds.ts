// `linernotes seeds list|add|remove`: manage the stored seeds without editing files. `discover`
// without a seeds file crawls from these.
import type { Command } from 'commander';
import { SeedsError, UsageError } from '../../errors.js';
import { parseSeeds, type Seed } from '../../extract/seeds.js';
import { toJson } from '../../export/json.js';
import { openStore } from '../../store/open.js';
import { seedIdentity, type SeedRow } from '../../store/seeds.js';
import type { Store } from '../../store/store.js';
import { normalizeUrl } from '../../extract/url.js';
import { hint } from '../hint.js';
import { dbOption, type CommandContext, type RegisterCommand } from '../options.js';
import { safe, table, type Io } from '../output.js';

/** Parse one seed typed on the command line; errors name the argument, not a line number. */
export function parseSeedArgument(arg: string, label?: string): Seed {
  try {
    const [seed] = parseSeeds(label ? `${arg} # ${label}` : arg, 'seed');
    return seed!;
  } catch (err) {
    if (err instanceof SeedsError) throw new UsageError(err.message.replace(/^seed:\d+: /, 'seeds add: '), 'LN_SEEDS_INVALID');
    throw err;
  }
}

function withStore<T>(db: string, fn: (store: Store) => T): T {
  const store = openStore(db);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

function list(flags: { db: string; json?: boolean; all?: boolean }, io: Io): number {
  const rows = withStore(flags.db, (s) => s.seeds.list()).filter((r) => flags.all || r.status !== 'removed');
  if (flags.json) {
    io.stdout.write(toJson(rows.map((r) => ({ id: r.id, kind: r.kind, seed: r.input, url: r.url, handle: r.handle, label: r.label, status: r.status }))));
    return 0;
  }
  if (rows.length === 0) {
    io.stderr.write(`no seeds in ${flags.db}; add some with \`linernotes seeds add URL --db ${flags.db}\`\n`);
    return 0;
  }
  const width = io.stdout.isTTY ? (io.stdout.columns || 120) : 200;
  const lines = table(['id', 'kind', 'status', 'seed', 'label'], rows.map((r) => [String(r.id), r.kind, r.status, safe(r.input), safe(r.label ?? '')]), width, ['r', 'l', 'l', 'l', 'l']);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function add(args: string[], flags: { db: string; label?: string }, io: Io, now: number): number {
  const seeds = args.map((a) => parseSeedArgument(a, flags.label));
  const lines = withStore(flags.db, (store) => store.tx(() => {
    const stored = store.seeds.list();
    return seeds.map((s) => {
      const before = stored.find((r) => r.kind === s.kind && r.identity === seedIdentity(s));
      store.seeds.upsert(s, 'active', now);
      if (before?.status === 'active') return `already a seed: ${safe(s.input)} (seed ${before.id})${flags.label ? '; label updated' : ''}`;
      return `${before ? 're-added' : 'added'} ${s.kind} seed: ${safe(s.input)}`;
    });
  }));
  for (const l of lines) io.stderr.write(`${l}\n`);
  return 0;
}

/** A seed named by id, as typed, or by its URL/handle. */
function findSeed(rows: SeedRow[], name: string): SeedRow | undefined {
  const url = /^https?:\/\//i.test(name) ? normalizeUrl(name) : null;
  return rows.find((r) => String(r.id) === name || r.input === name || (url !== null && r.url === url) || r.identity === name.replace(/^@/, ''))
    ?? (() => { try { const s = parseSeedArgument(name); return rows.find((r) => r.kind === s.kind && r.identity === seedIdentity(s)); } catch { return undefined; } })();
}

function remove(args: string[], flags: { db: string }, io: Io): number {
  return withStore(flags.db, (store) => {
    const rows = store.seeds.list();
    const found = args.map((a) => {
      const row = findSeed(rows, a);
      if (!row) throw new UsageError(`no stored seed matches "${a}"; \`${hint('seeds list', flags.db, io.env)}\` shows ids and seeds`, 'LN_NO_SEED');
      return row;
    });
    store.tx(() => found.forEach((r) => store.seeds.setStatus(r.id, 'removed')));
    for (const r of found) io.stderr.write(`removed seed ${r.id}: ${safe(r.input)} (its graph stays; the next discover does not start from it)\n`);
    return 0;
  });
}

/** Register `seeds` and its subcommands. */
export const registerSeeds: RegisterCommand = (program: Command, ctx: CommandContext) => {
  const seeds = program.command('seeds').description('list, add or remove the stored seeds (discover without a file uses them)');
  seeds
    .command('list')
    .description('show the stored seeds')
    .addOption(dbOption(ctx.io.env))
    .option('--all', 'include removed seeds')
    .option('--json', 'JSON instead of a table')
    .addHelpText('after', '\nExamples:\n  $ linernotes seeds list --db niche.db\n  $ linernotes seeds list --db niche.db --json')
    .action((flags) => ctx.setExit(list(flags, ctx.io)));
  seeds
    .command('add')
    .description('add seeds: site or feed URLs, bsky:HANDLE, @user@instance, mastodon:URL')
    .argument('<seed...>')
    .addOption(dbOption(ctx.io.env))
    .option('--label <text>', 'a note kept with the seeds')
    .addHelpText('after', '\nExamples:\n  $ linernotes seeds add --db niche.db https://blog.example.com/ bsky:someone.bsky.social\n  $ linernotes seeds add --db niche.db @dana@toot.example --label "met at the conference"')
    .action((args: string[], flags) => ctx.setExit(add(args, flags, ctx.io, ctx.clock.now())));
  seeds
    .command('remove')
    .description('stop starting crawls from seeds (by id, seed or URL); what was found stays')
    .argument('<seed...>')
    .addOption(dbOption(ctx.io.env))
    .addHelpText('after', '\nExamples:\n  $ linernotes seeds remove --db niche.db 3\n  $ linernotes seeds remove --db niche.db https://blog.example.com/')
    .action((args: string[], flags) => ctx.setExit(remove(args, flags, ctx.io)));
};
