// Every failure linernotes expects carries a stable `code`, says whether trying again can help,
// and maps to an exit code. The CLI prints `message` as one line; stacks only with --debug.

/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  locked: 3,
  partial: 4,
  storage: 5,
  /** `linernotes worker`: the database has no unfinished run to join. */
  noRun: 6,
  /** PostgreSQL: the run this process crawled was abandoned (another process's `discover --restart`). */
  abandoned: 7,
} as const;

/** Base class for failures we anticipate and can explain in one line. */
export class LinernotesError extends Error {
  /** Stable machine-readable identifier, e.g. `LN_SEEDS_INVALID`. */
  readonly code: string;
  /** Whether the same operation may succeed if tried again later. */
  readonly retryable: boolean;
  /** Process exit code when this error ends a command. */
  readonly exitCode: number;

  constructor(message: string, opts: { code: string; retryable?: boolean; exitCode?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = opts.code;
    this.retryable = opts.retryable ?? false;
    this.exitCode = opts.exitCode ?? ExitCode.failed;
  }
}

/** Bad command-line input or input file: the user must change what they typed. */
export class UsageError extends LinernotesError {
  constructor(message: string, code = 'LN_USAGE') {
    super(message, { code, exitCode: ExitCode.usage });
  }
}

/** A seeds file line that is not a URL or a handle; message is `FILE:LINE: why`. */
export class SeedsError extends UsageError {
  constructor(message: string) {
    super(message, 'LN_SEEDS_INVALID');
  }
}

/** Another linernotes process holds the database. */
export class LockedError extends LinernotesError {
  constructor(message: string) {
    super(message, { code: 'LN_LOCKED', exitCode: ExitCode.locked });
  }
}

/**
 * The database could not be written: the disk is full (or a file size limit was hit). What was
 * committed before is intact; freeing space and running the command again carries on.
 */
export class StorageFullError extends LinernotesError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'LN_DISK_FULL', exitCode: ExitCode.storage, retryable: true, cause });
  }
}

/** Fetch failures. `retryable` says whether the crawler should try again with backoff. */
export class FetchError extends LinernotesError {
  readonly url: string;
  constructor(message: string, opts: { code: string; url: string; retryable: boolean; cause?: unknown }) {
    super(message, opts);
    this.url = opts.url;
  }
}

/** The connection, headers or body took too long, or the total deadline passed. */
export class FetchTimeoutError extends FetchError {
  constructor(url: string, what: string, cause?: unknown) {
    super(`${url}: timed out (${what})`, { code: 'LN_FETCH_TIMEOUT', url, retryable: true, cause });
  }
}

/** DNS, connection reset, refused, TLS: the network failed under us. */
export class FetchNetworkError extends FetchError {
  constructor(url: string, detail: string, cause?: unknown) {
    super(`${url}: network error (${detail})`, { code: 'LN_FETCH_NETWORK', url, retryable: true, cause });
  }
}

/** The decoded body grew past the size cap; never worth retrying. */
export class FetchTooLargeError extends FetchError {
  constructor(url: string, limit: number) {
    super(`${url}: response larger than ${limit} bytes, skipped`, { code: 'LN_FETCH_TOO_LARGE', url, retryable: false });
  }
}

/** Too many redirects, or a redirect back to a URL already visited in this chain. */
export class FetchRedirectError extends FetchError {
  constructor(url: string, detail: string) {
    super(`${url}: ${detail}`, { code: 'LN_FETCH_REDIRECT', url, retryable: false });
  }
}

/**
 * The network guard refused the URL: a private or local address (`blocked: private address
 * (10.0.0.5)`), or a redirect to a scheme other than http(s). Never retried; `--allow-private`
 * lifts the address part.
 */
export class FetchBlockedError extends FetchError {
  /** What was refused: an address, a host name or a scheme. */
  readonly blocked: string;
  /** The recorded reason: `blocked: private address (10.0.0.5)`. */
  readonly reason: string;
  /** The URL of the hop that was refused (the request's own, or a redirect's target). */
  hop: string;
  constructor(url: string, reason: string, blocked: string, hop = url) {
    super(`${url}: ${reason}`, { code: 'LN_FETCH_BLOCKED', url, retryable: false });
    this.reason = reason;
    this.blocked = blocked;
    this.hop = hop;
  }
}

/** Render any thrown value as one line for the terminal. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
