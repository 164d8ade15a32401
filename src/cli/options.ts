// Option helpers shared by the commands: the database flag, number parsers with one-line
// errors naming the flag, repeatable flags, and what every command gets from main.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Clock } from '../clock.js';
import type { Io } from './output.js';

/** What a command's registration receives from main. */
export interface CommandContext {
  io: Io;
  clock: Clock;
  /** Set the process exit code of this run. */
  setExit: (code: number) => void;
}

/** A command file's entry point: add the command to the program. */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

/** Default database path: --db, then LINERNOTES_DB, then ./linernotes.db. */
export function dbOption(env: NodeJS.ProcessEnv): Option {
  return new Option('--db <path>', 'SQLite database file or postgres:// URL (env LINERNOTES_DB)').default(env.LINERNOTES_DB || './linernotes.db');
}

/** A commander parser for a number flag that fails with the flag and the bad value. */
export function number(flag: string, { integer, min }: { integer: boolean; min: number }) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
      throw new InvalidArgumentError(`${flag} must be ${integer ? 'a whole number' : 'a number'} >= ${min}, got "${value}"`);
    }
    return n;
  };
}

/** Collect a repeatable flag into an array. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const STATUSES = ['picked', 'rejected', 'skipped', 'new'] as const;

/** `--status picked,new` (or `all`) as a list of candidate states; one-line error on a typo. */
export function statusList(value: string): ('picked' | 'rejected' | 'skipped' | 'new')[] {
  const parts = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (parts.includes('all')) return [...STATUSES];
  for (const p of parts) {
    if (!(STATUSES as readonly string[]).includes(p)) {
      throw new InvalidArgumentError(`--status takes ${STATUSES.join(', ')} or all (comma-separated), got "${p}"`);
    }
  }
  return parts as ('picked' | 'rejected' | 'skipped' | 'new')[];
}
