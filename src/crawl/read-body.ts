// Reading a response body to bytes: undoes Content-Encoding while streaming and counts the
// DECODED bytes as they arrive, so a small gzip bomb is stopped at the cap instead of being
// inflated fully. Owns the zlib plumbing; knows nothing about HTTP status or charsets.

import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { FetchTooLargeError } from '../errors.js';

/** Thrown when a body's bytes cannot be decompressed; the fetcher reports it as a network error. */
export class ContentDecodingError extends Error {
  constructor(coding: string, cause: unknown) {
    super(`corrupt ${coding} body`, { cause });
    this.name = 'ContentDecodingError';
  }
}

// Truncated compressed bodies are common on the web; flushing instead of finishing yields
// what arrived rather than an "unexpected end of file" error.
const zlibOptions = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const brotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/**
 * "deflate" should mean zlib-wrapped data, but many servers send raw deflate. Decide from the
 * first two bytes (a zlib header has CM=8 and a 16-bit value divisible by 31).
 */
class AutoInflate extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;
  private head: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.inner) {
      this.inner.write(chunk, () => done());
      return;
    }
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < 2) return done();
    this.start();
    this.inner!.write(this.head, () => done());
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) {
      if (this.head.length === 0) return done();
      this.start();
      this.inner!.write(this.head);
    }
    this.inner!.once('end', () => done());
    this.inner!.end();
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy();
    done(err);
  }

  private start(): void {
    const [b0 = 0, b1 = 0] = this.head;
    const wrapped = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
    const inner = wrapped ? zlib.createInflate(zlibOptions) : zlib.createInflateRaw(zlibOptions);
    inner.on('data', (d: Buffer) => this.push(d));
    inner.on('error', (e) => this.destroy(e));
    this.inner = inner;
  }
}

/** Content-Encoding tokens we can undo, mapped to a fresh decoder stream. */
const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(zlibOptions),
  'x-gzip': () => zlib.createGunzip(zlibOptions),
  deflate: () => new AutoInflate(),
  br: () => zlib.createBrotliDecompress(brotliOptions),
};

/**
 * The codings of a Content-Encoding header in the order to undo them (last applied first),
 * without `identity`; null when one of them is unknown (e.g. zstd, compress) and the body
 * therefore cannot be read.
 */
export function contentCodings(header: string | undefined): string[] | null {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  // hasOwn, not `in`: a hostile `Content-Encoding: constructor` must not reach Object.prototype.
  if (codings.some((c) => !Object.hasOwn(DECODERS, c))) return null;
  return codings.reverse();
}

/**
 * Read `body` to the end through the decoders for `codings`, throwing FetchTooLargeError as
 * soon as more than `maxBytes` decoded bytes arrive (or, with `truncate`, returning the first
 * `maxBytes` and closing the connection). Every stream is destroyed on every exit that is not a
 * clean end, which also closes the connection under an unfinished body.
 */
export async function readBody(body: Readable, codings: string[], maxBytes: number, url: string, truncate = false): Promise<{ bytes: Buffer; truncated: boolean }> {
  const decoders = codings.map((c) => ({ coding: c, stream: DECODERS[c]!() }));
  const streams: (Readable | Transform)[] = [body, ...decoders.map((d) => d.stream)];
  const out: Readable =
    decoders.length === 0
      ? body
      : (pipeline(streams as [Readable, ...Transform[]], () => {
          // Errors surface through the iterator below; this callback only keeps pipeline quiet.
        }) as unknown as Readable);

  // Who failed first decides the error: pipeline re-emits one stream's error on all the others.
  let corrupt: { coding: string; err: unknown } | null = null;
  let sourceFailed = false;
  body.once('error', () => {
    sourceFailed ||= corrupt === null;
  });
  for (const d of decoders) {
    d.stream.once('error', (err) => {
      if (!sourceFailed) corrupt ??= { coding: d.coding, err };
    });
  }

  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of out) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      if (total + buf.length > maxBytes) {
        if (!truncate) throw new FetchTooLargeError(url, maxBytes);
        chunks.push(buf.subarray(0, maxBytes - total));
        for (const s of streams) s.destroy();
        return { bytes: Buffer.concat(chunks, maxBytes), truncated: true };
      }
      total += buf.length;
      chunks.push(buf);
    }
  } catch (err) {
    for (const s of streams) s.destroy();
    if (err instanceof FetchTooLargeError) throw err;
    const c = corrupt as { coding: string; err: unknown } | null;
    throw c && !sourceFailed ? new ContentDecodingError(c.coding, c.err) : err;
  }
  return { bytes: Buffer.concat(chunks, total), truncated: false };
}
