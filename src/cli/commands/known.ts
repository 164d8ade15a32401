// `linernotes known import|list|remove`: the people the user already follows, so rank, review
// and export stop suggesting them. Imports read a file (OPML, Mastodon's following CSV, a plain
// list; see known/parse-known.ts) or whom a Bluesky or fediverse account follows (known/follows.ts,
// through the crawl's polite fetch).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Clock } from '../../clock.js';
import { createFetcher } from '../../crawl/fetcher.js';
import { createDispatcher } from '../../crawl/http-dispatcher.js';
import { createPoliteFetch } from '../../crawl/polite-fetch.js';
import { productTokenOf } from '../../crawl/robots-txt.js';
import { loadConfig } from '../../config.js';
import { HostScheduler } from '../../crawl/politeness.js';
import { resolveSettings } from '../../crawl/settings.js';
import { ExitCode, LinernotesError, UsageError } from '../../errors.js';
import { toJson } from '../../export/json.js';
import { blueskyFollows, DEFAULT_MAX_FOLLOWS, mastodonFollows, type FollowsResult } from '../../known/follows.js';
import { entryFromLine, entryFromUrl, parseKnownFile, type KnownEntry } from '../../known/parse-known.js';
import { parseProfileUrl } from '../../sources/mastodon.js';
import { openStore } from '../../store/open.js';
import { KnownStore, type KnownRow } from '../../store/known.js';
import type { Store } from '../../store/store.js';
import { hint } from '../hint.js';
import { dbOption, number, type CommandContext, type RegisterCommand } from '../options.js';
import { safe, table, type Io } from '../output.js';

/** Flags of `known import`. */
export interface KnownImportFlags {
  db: string;
  bluesky?: string;
  mastodon?: string;
  blueskyApi?: string;
  allowPrivate?: boolean;
  max?: number;
  delay?: number;
  userAgent?: string;
}

/** Bad lines printed at most; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 50;
const FORMAT_NAMES = { opml: 'OPML', 'mastodon-csv': 'Mastodon following CSV', list: 'list' } as const;

function withStore<T>(db: string, fn: (store: Store, known: KnownStore) => T): T {
  const store = openStore(db);
  try {
    return fn(store, store.known);
  } finally {
    store.close();
  }
}

/** `FILE:LINE: why` lines, at most MAX_PROBLEMS_SHOWN, then how many more. */
function reportProblems(problems: readonly string[], io: Io): void {
  for (const p of problems.slice(0, MAX_PROBLEMS_SHOWN)) io.stderr.write(`${safe(p)}\n`);
  if (problems.length > MAX_PROBLEMS_SHOWN) io.stderr.write(`… and ${problems.length - MAX_PROBLEMS_SHOWN} more bad lines\n`);
}

function importFile(file: string, db: string, io: Io, now: number): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read'}`, 'LN_KNOWN_FILE');
  }
  const parsed = parseKnownFile(text, file);
  if (!parsed.ok) {
    throw new UsageError(`${file}: not an OPML subscription list, a Mastodon following CSV or a list of URLs and handles (${parsed.reason}); nothing imported`, 'LN_KNOWN_FORMAT');
  }
  reportProblems(parsed.problems, io);
  if (parsed.entries.length === 0) throw new UsageError(`${file}: no site, feed or account to import in this ${FORMAT_NAMES[parsed.format]}`, 'LN_KNOWN_EMPTY');
  const { added, existing } = withStore(db, (_s, known) => known.add(parsed.entries, `${parsed.format}:${basename(file)}`, now));
  const bad = parsed.problems.length > 0 ? `, ${parsed.problems.length} bad line${parsed.problems.length === 1 ? '' : 's'} skipped` : '';
  io.stderr.write(`known: ${added} added, ${existing} already known${bad} (${FORMAT_NAMES[parsed.format]} ${safe(file)})\n`);
  return 0;
}

/** The Bluesky actor of `--bluesky`: a handle, `@handle`, `bsky:handle`, a DID or a bsky.app profile URL. */
function blueskyActor(arg: string): string {
  const raw = arg.trim();
  const entry = entryFromLine(/^https?:/i.test(raw) ? raw : `bsky:${raw.replace(/^bsky:/i, '').replace(/^@/, '')}`);
  if (typeof entry === 'string' || entry.kind !== 'bluesky') throw new UsageError(`--bluesky takes a handle or DID (dana.bsky.social), got "${safe(arg)}"`);
  return entry.identity;
}

async function importFollows(flags: KnownImportFlags, io: Io, clock: Clock): Promise<number> {
  const settings = resolveSettings({ blueskyApi: flags.blueskyApi, delayMs: flags.delay === undefined ? undefined : flags.delay * 1000, userAgent: flags.userAgent });
  const max = flags.max ?? DEFAULT_MAX_FOLLOWS;
  const actor = flags.bluesky !== undefined ? blueskyActor(flags.bluesky) : null;
  const account = flags.mastodon?.trim() ?? '';
  if (actor === null && !/^@?[^@\s/]+@[^@\s/]+$/.test(account) && parseProfileUrl(account) === null) {
    throw new UsageError(`--mastodon takes @user@host or a profile URL (https://host/@user), got "${safe(account)}"`);
  }
  const who = actor ?? account.replace(/^@?(?=[^@\s/]+@)/, '@');
  const store = openStore(flags.db);
  const known = store.known;
  try {
    // The crawl's network: same dispatcher (proxies), fetcher limits, per-host pacing, robots and rate limits.
    const guard = { allowPrivate: flags.allowPrivate === true || loadConfig(flags.db).network.allowPrivate, endpoints: [settings.blueskyApi] };
    const fetcher = createFetcher(createDispatcher(io.env, { connectionsPerOrigin: 2, guard }), { userAgent: settings.userAgent, maxBytes: settings.maxBytes, totalTimeoutMs: settings.timeoutMs }, () => clock.now());
    const scheduler = new HostScheduler(clock, { concurrency: 1, delayMs: settings.delayMs });
    const fetch = createPoliteFetch(fetcher, scheduler, clock, { robotsStore: store.robots, productToken: productTokenOf(settings.userAgent) });
    let result: FollowsResult;
    try {
      result = actor !== null
        ? await blueskyFollows(actor, fetch, { max, blueskyApi: settings.blueskyApi, maxBytes: settings.maxBytes })
        : await mastodonFollows(account, fetch, { max, maxBytes: settings.maxBytes });
    } finally {
      await fetcher.close();
    }
    if (result.entries.length === 0 && result.problem !== null) {
      throw new LinernotesError(`${safe(who)}: could not read whom it follows (${safe(result.problem)}); nothing imported`, { code: 'LN_FOLLOWS_UNREADABLE' });
    }
    const source = `${actor !== null ? 'bluesky' : 'mastodon'}:${who.replace(/^@/, '')}`;
    const { added, existing } = known.add(result.entries, source, clock.now());
    const more = result.truncated ? ` (stopped at --max ${max})` : '';
    io.stderr.write(`known: ${result.accounts} accounts ${safe(who)} follows${more}: ${added} added, ${existing} already known\n`);
    if (result.accounts === 0) io.stderr.write(`${safe(who)} follows nobody, or hides whom it follows\n`);
    if (result.problem === null) return 0;
    io.stderr.write(`stopped early: ${safe(result.problem)}; run the import again to read the rest\n`);
    return ExitCode.partial;
  } finally {
    store.close();
  }
}

/** Run `known import`; returns the exit code. */
export async function runKnownImport(file: string | undefined, flags: KnownImportFlags, io: Io, clock: Clock): Promise<number> {
  const sources = [file !== undefined, flags.bluesky !== undefined, flags.mastodon !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('known import takes one of: FILE, --bluesky HANDLE, --mastodon @user@host');
  return file !== undefined ? importFile(file, flags.db, io, clock.now()) : importFollows(flags, io, clock);
}

function list(flags: { db: string; json?: boolean }, io: Io): number {
  const rows = withStore(flags.db, (_s, known) => known.list());
  if (flags.json) {
    io.stdout.write(toJson(rows.map((r) => ({ id: r.id, kind: r.kind, identity: r.identity, label: r.label, source: r.source, added_at: new Date(r.addedAt).toISOString() }))));
    return 0;
  }
  if (rows.length === 0) {
    io.stderr.write(`nobody known in ${flags.db}; import whom you follow with \`linernotes known import FILE --db ${flags.db}\`\n`);
    return 0;
  }
  const width = io.stdout.isTTY ? (io.stdout.columns || 120) : 200;
  const lines = table(['id', 'kind', 'identity', 'source', 'label'], rows.map((r) => [String(r.id), r.kind, safe(r.identity), safe(r.source), safe(r.label ?? '')]), width, ['r', 'l', 'l', 'l', 'l']);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** The rows an argument names: an id, or any identity a URL or handle stands for. */
function findKnown(rows: readonly KnownRow[], arg: string): KnownRow[] {
  if (/^\d+$/.test(arg)) return rows.filter((r) => String(r.id) === arg);
  const wanted: KnownEntry[] = [];
  const entry = entryFromLine(arg.trim());
  if (typeof entry !== 'string') wanted.push(entry);
  // A URL may have been imported as a site or as a feed.
  for (const asFeed of [true, false]) {
    const e = /^https?:\/\//i.test(arg.trim()) ? entryFromUrl(arg.trim(), asFeed, null) : null;
    if (e && typeof e !== 'string') wanted.push(e);
  }
  const found = rows.filter((r) => r.identity === arg.trim() || wanted.some((w) => w.kind === r.kind && w.identity === r.identity));
  // A Bluesky follow is stored twice (DID and handle, imported together): both go.
  const twins = rows.filter((r) => r.kind === 'bluesky' && found.some((f) => f.kind === 'bluesky' && f.id !== r.id && f.source === r.source && f.addedAt === r.addedAt && f.label === r.label));
  return [...new Set([...found, ...twins])];
}

function remove(args: string[], flags: { db: string }, io: Io): number {
  return withStore(flags.db, (_s, known) => {
    const rows = known.list();
    const found = args.map((a) => {
      const matched = findKnown(rows, a);
      if (matched.length === 0) throw new UsageError(`no known entry matches "${safe(a)}"; \`${hint('known list', flags.db, io.env)}\` shows ids`, 'LN_NO_KNOWN');
      return matched;
    });
    const unique = [...new Map(found.flat().map((r) => [r.id, r])).values()];
    known.remove(unique.map((r) => r.id));
    for (const r of unique) io.stderr.write(`removed known ${r.id}: ${r.kind} ${safe(r.identity)}\n`);
    return 0;
  });
}

/** Register `known` and its subcommands. */
export const registerKnown: RegisterCommand = (program: Command, ctx: CommandContext) => {
  const known = program.command('known').description('people you already follow: rank, review and export leave them out');
  known
    .command('import')
    .description('import whom you follow: an OPML file, a Mastodon following CSV or a list of URLs and handles; or an account\'s follows')
    .argument('[file]', 'OPML, Mastodon following CSV, or one site/feed URL or handle per line (recognised by content)')
    .addOption(dbOption(ctx.io.env))
    .option('--bluesky <handle>', 'import whom this Bluesky account follows (app.bsky.graph.getFollows)')
    .option('--mastodon <account>', 'import whom this fediverse account follows: @user@host or a profile URL')
    .addOption(new Option('--bluesky-api <url>', 'Bluesky AppView (env LINERNOTES_BLUESKY_API; default https://public.api.bsky.app)').default(ctx.io.env.LINERNOTES_BLUESKY_API || undefined))
    .option('--max <n>', `most followed accounts to read (default ${DEFAULT_MAX_FOLLOWS})`, number('--max', { integer: true, min: 1 }))
    .option('--delay <seconds>', 'minimum gap between requests to one host (default 1)', number('--delay', { integer: false, min: 0 }))
    .option('--user-agent <ua>', 'User-Agent header (keep a contact URL in it)')
    .option('--allow-private', 'let it reach loopback, private and link-local addresses (refused by default)')
    .addHelpText('after', `
Examples:
  $ linernotes known import feeds.opml --db niche.db              # a feed reader's export
  $ linernotes known import following_accounts.csv --db niche.db  # Mastodon: Preferences > Import and export
  $ linernotes known import --bluesky dana.bsky.social --db niche.db
  $ linernotes known import --mastodon @dana@toot.example --db niche.db`)
    .action(async (file: string | undefined, flags: KnownImportFlags) => ctx.setExit(await runKnownImport(file, flags, ctx.io, ctx.clock)));
  known
    .command('list')
    .description('show the people you already follow, one identity per row')
    .addOption(dbOption(ctx.io.env))
    .option('--json', 'JSON instead of a table')
    .action((flags) => ctx.setExit(list(flags, ctx.io)));
  known
    .command('remove')
    .description('forget known entries (by id, URL or handle); they become candidates again')
    .argument('<entry...>')
    .addOption(dbOption(ctx.io.env))
    .addHelpText('after', '\nExamples:\n  $ linernotes known remove --db niche.db 3\n  $ linernotes known remove --db niche.db https://blog.example.com/ @dana@toot.example')
    .action((args: string[], flags) => ctx.setExit(remove(args, flags, ctx.io)));
};
