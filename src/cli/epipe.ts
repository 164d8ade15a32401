// A reader that goes away early (`linernotes export | head -3`) is not an error: once stdout or
// stderr reports EPIPE, nothing more can be said to anyone, so the process exits at once and
// quietly, with code 0, as ripgrep and gh do. Any other stream error still surfaces.

/** The part of a stream this needs. */
export interface ErrorEmitter {
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
}

/** Exit with `code` on the first EPIPE of any of `streams`; rethrow other stream errors. */
export function exitQuietlyOnBrokenPipe(streams: ErrorEmitter[], exit: (code: number) => void, code = 0): void {
  for (const stream of streams) {
    stream.on('error', (err) => {
      if (err.code === 'EPIPE') exit(code);
      else throw err;
    });
  }
}
