// A reader that goes away early (`linernotes export | head -3`) is not an error. When stdout's
// reader is gone the data has nowhere to go, so the process exits at once and quietly, with
// code 0, as ripgrep and gh do. When only stderr's reader is gone (`2>&1 | head` once head has
// its lines), the work itself goes on — a crawl still finishes and stores its run — and the
// notes are dropped.

/** The part of a stream this needs. */
export interface ErrorEmitter {
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
}

/** Errors of a stream whose reader has gone: the first write fails with EPIPE, later ones as destroyed. */
const GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/** Exit with `code` when stdout's reader has gone; other stream errors still surface. */
export function exitQuietlyOnBrokenPipe(stdout: ErrorEmitter, exit: (code: number) => void, code = 0): void {
  stdout.on('error', (err) => {
    if (GONE.has(err.code ?? '')) exit(code);
    else throw err;
  });
}

/** Drop writes to a stream (stderr) whose reader has gone; other stream errors still surface. */
export function ignoreBrokenPipe(stream: ErrorEmitter): void {
  stream.on('error', (err) => {
    if (!GONE.has(err.code ?? '')) throw err;
  });
}
