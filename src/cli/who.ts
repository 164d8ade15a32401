// Who is deciding: the `--as NAME` of pick, reject, review and unmerge, by default the OS user.
// A team sharing one database sees whose pick, rejection or unmerge each one is, and `review`
// leaves out what teammates already decided.
import { userInfo } from 'node:os';
import { InvalidArgumentError, Option } from 'commander';

/** Longest name `--as` takes: a name, not a note. */
const MAX_NAME = 64;
/** Control characters (C0, DEL, C1) and bidi overrides: a name is printed in terminals and exports. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/**
 * The OS user running this: `os.userInfo().username`, else `$USER` (or `$USERNAME`, `$LOGNAME`)
 * when the system has no passwd entry for the uid (userInfo throws in some containers), else
 * `unknown`. `lookup` is injectable for tests.
 */
export function osUserName(env: NodeJS.ProcessEnv, lookup: () => { username: string } = userInfo): string {
  let name = '';
  try {
    name = lookup().username;
  } catch {
    name = env.USER || env.USERNAME || env.LOGNAME || '';
  }
  return name.replace(new RegExp(CONTROL, 'g'), '').trim().slice(0, MAX_NAME) || 'unknown';
}

/** Parse `--as NAME`: trimmed, 1 to 64 characters, no control characters; one-line error otherwise. */
export function actorName(value: string): string {
  const name = value.trim();
  if (name === '' || name.length > MAX_NAME || CONTROL.test(name)) {
    throw new InvalidArgumentError(`--as takes a name of 1 to ${MAX_NAME} characters without control characters, got ${JSON.stringify(value)}`);
  }
  return name;
}

/** The `--as NAME` option of the commands that record a decision. */
export function asOption(): Option {
  return new Option('--as <name>', 'record the decision under this name (default: your OS user name)').argParser(actorName);
}
