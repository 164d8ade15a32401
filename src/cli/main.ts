// The commander program: registers the commands, wires the real clock and streams, and turns
// every failure into one line on stderr and a meaningful exit code (stacks only with --debug).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { systemClock, type Clock } from '../clock.js';
import { ExitCode, LinernotesError, oneLine } from '../errors.js';
import { runDiscover } from './commands/discover.js';
import { runExport } from './commands/export.js';
import { runRank } from './commands/rank.js';
import type { Io } from './output.js';

/** Default database path: --db, then LINERNOTES_DB, then ./linernotes.db. */
function dbOption(env: NodeJS.ProcessEnv): Option {
  return new Option('--db <path>', 'SQLite database file (env LINERNOTES_DB)').default(env.LINERNOTES_DB || './linernotes.db');
}

function number(flag: string, { integer, min }: { integer: boolean; min: number }) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
      throw new InvalidArgumentError(`${flag} must be ${integer ? 'a whole number' : 'a number'} >= ${min}, got "${value}"`);
    }
    return n;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Build the program; `io` and `clock` are injected for tests. */
export function buildProgram(io: Io, clock: Clock, setExit: (code: number) => void): Command {
  const program = new Command('linernotes')
    .description('Find the influencers of a niche by reading the liner notes: crawl what trusted seeds link to and share, rank what they lead to by relevance and link authority, and show why each one is there.')
    .version('0.1.0')
    .option('--debug', 'show stack traces on errors')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText('after', `
Examples:
  $ linernotes discover seeds.txt --db niche.db --topic "content marketing"
  $ linernotes rank --db niche.db --limit 25
  $ linernotes export --db niche.db --format csv > influencers.csv

Exit codes: 0 done, 1 failed, 2 usage error, 3 database locked, 4 partial (some seeds failed), 130 interrupted.`);

  program
    .command('discover')
    .description('crawl outward from the seeds, store the graph, rank what was found')
    .argument('<seeds-file>', 'one seed per line: site or feed URL, bsky:HANDLE, @user@instance; # comments')
    .addOption(dbOption(io.env))
    .option('--topic <words>', 'topic terms that define relevance, besides the seeds\' own writing')
    .option('--depth <n>', 'hops from the seeds to visit (default 2)', number('--depth', { integer: true, min: 0 }))
    .option('--max-pages <n>', 'pages and feeds to fetch at most (default 2000)', number('--max-pages', { integer: true, min: 1 }))
    .option('--per-site <n>', 'URLs at most per site (default 25)', number('--per-site', { integer: true, min: 1 }))
    .option('--concurrency <n>', 'requests in flight across hosts (default 16)', number('--concurrency', { integer: true, min: 1 }))
    .option('--delay <seconds>', 'minimum gap between requests to one host; a larger Crawl-delay wins (default 1)', number('--delay', { integer: false, min: 0 }))
    .option('--items-per-feed <n>', 'recent feed items read per feed (default 10)', number('--items-per-feed', { integer: true, min: 1 }))
    .option('--posts-per-site <n>', 'recent posts fetched in full per feed (default 3)', number('--posts-per-site', { integer: true, min: 0 }))
    .option('--posts-per-account <n>', 'recent posts read per Bluesky or fediverse account (default 100)', number('--posts-per-account', { integer: true, min: 0 }))
    .addOption(new Option('--bluesky-api <url>', 'Bluesky AppView to read profiles and posts from (env LINERNOTES_BLUESKY_API; default https://public.api.bsky.app)').default(io.env.LINERNOTES_BLUESKY_API || undefined))
    .option('--max-bytes <n>', 'response size cap after decompression (default 5242880)', number('--max-bytes', { integer: true, min: 1024 }))
    .option('--timeout <seconds>', 'total deadline per request (default 30)', number('--timeout', { integer: false, min: 0.1 }))
    .option('--user-agent <ua>', 'User-Agent header (keep a contact URL in it)')
    .option('--platform <domain>', 'treat a domain as a platform: kept in the graph, never crawled or ranked (repeatable)', collect)
    .option('--restart', 'abandon an unfinished run instead of resuming it')
    .option('-q, --quiet', 'no progress or notes on stderr')
    .option('--json', 'print the run summary as JSON')
    .addHelpText('after', `
Examples:
  $ linernotes discover seeds.txt --topic "content marketing"
  $ linernotes discover seeds.txt --db niche.db --depth 1 --max-pages 300 --delay 2
  $ HTTPS_PROXY=http://proxy.corp:3128 linernotes discover seeds.txt

Seeds file:
  https://blog.example.com/          # a blog (its feed is found from the page)
  https://example.org/feed.xml       # a feed
  bsky:someone.bsky.social           # a Bluesky account (its reposts, quotes, mentions, links)
  @someone@mastodon.social           # a fediverse account (its boosts, mentions, links)
  mastodon:https://example.social/@x # a fediverse profile URL

A run that is interrupted (Ctrl-C, kill, power loss) resumes when you run the same command again.`)
    .action(async (seedsFile: string, flags) => setExit(await runDiscover(seedsFile, flags, io, clock)));

  program
    .command('rank')
    .description('show the ranked candidates of the last finished run')
    .addOption(dbOption(io.env))
    .option('--limit <n>', 'how many rows', number('--limit', { integer: true, min: 1 }), 25)
    .option('--json', 'JSON array instead of a table')
    .addHelpText('after', `
Examples:
  $ linernotes rank --db niche.db
  $ linernotes rank --db niche.db --limit 100 --json | jq '.[].url'`)
    .action((flags) => setExit(runRank(flags, io)));

  program
    .command('export')
    .description('write the ranked candidates as CSV or JSON')
    .addOption(dbOption(io.env))
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--out <file>', 'write to a file (atomically) instead of stdout')
    .option('--limit <n>', 'only the top n', number('--limit', { integer: true, min: 1 }))
    .addHelpText('after', `
Examples:
  $ linernotes export --db niche.db --format csv > influencers.csv
  $ linernotes export --db niche.db --format json --out influencers.json`)
    .action((flags) => setExit(runExport(flags, io)));

  return program;
}

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: Io, clock: Clock = systemClock): Promise<number> {
  let code: number = ExitCode.ok;
  const program = buildProgram(io, clock, (c) => { code = c; });
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are exits with code 0; parse errors were already printed.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (debug && err instanceof Error) io.stderr.write(`${err.stack ?? err.message}\n`);
    const message = oneLine(err);
    io.stderr.write(`linernotes: ${message}\n`);
    return err instanceof LinernotesError ? err.exitCode : ExitCode.failed;
  }
}
