// Commands printed for the user to run next must work when pasted: they carry `--db PATH`
// whenever the database is not the one the command would find by itself, quoted for a shell.

/** The database a command uses without `--db`: $LINERNOTES_DB, then ./linernotes.db. */
export function defaultDb(env: NodeJS.ProcessEnv): string {
  return env.LINERNOTES_DB || './linernotes.db';
}

/** `arg` quoted for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** ` --db PATH` when `db` is not the default, else the empty string. */
export function dbFlag(db: string, env: NodeJS.ProcessEnv): string {
  return db === defaultDb(env) ? '' : ` --db ${shellQuote(db)}`;
}

/** A command line to paste, e.g. hint('rank', 'x.db', env) → `linernotes rank --db x.db`. */
export function hint(command: string, db: string, env: NodeJS.ProcessEnv): string {
  return `linernotes ${command}${dbFlag(db, env)}`;
}
