// Single keypresses from a terminal in raw mode, as an async pull: `await keys.next()` gives the
// next key or null at end of input. Node's own readline decodes the bytes (escape sequences,
// Ctrl combinations); no dependency needed. Closing restores cooked mode and pauses the stream,
// so the process can exit.
import { emitKeypressEvents } from 'node:readline';

/** A keyboard stream: a TTY stdin, or a PassThrough dressed as one in tests. */
export type KeyInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

/** One keypress. `name` is lower-case for letters (`p`), or a key name (`return`, `up`). */
export interface Key {
  name: string;
  ctrl: boolean;
  sequence: string;
}

/** Pull-style reader of keypresses. */
export interface KeyReader {
  /** The next key, or null when the input ended. */
  next(): Promise<Key | null>;
  /** Stop listening, leave raw mode, let the stream go. Safe to call twice. */
  close(): void;
}

/** Start reading single keys from `input` (raw mode while open). */
export function readKeys(input: KeyInput): KeyReader {
  emitKeypressEvents(input);
  input.setRawMode?.(true);
  const queue: (Key | null)[] = [];
  let waiting: ((key: Key | null) => void) | null = null;
  let ended = false;
  let closed = false;
  const push = (key: Key | null) => {
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(key);
    } else {
      queue.push(key);
    }
  };
  const onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean; sequence?: string } | undefined) => {
    push({ name: (key?.name ?? str ?? '').toLowerCase(), ctrl: key?.ctrl === true, sequence: key?.sequence ?? str ?? '' });
  };
  const onEnd = () => {
    if (ended) return;
    ended = true;
    push(null);
  };
  input.on('keypress', onKey);
  input.on('end', onEnd);
  input.on('close', onEnd);
  input.resume();
  return {
    next() {
      if (queue.length > 0) return Promise.resolve(queue.shift()!);
      if (ended || closed) return Promise.resolve(null);
      return new Promise((resolve) => (waiting = resolve));
    },
    close() {
      if (closed) return;
      closed = true;
      input.removeListener('keypress', onKey);
      input.removeListener('end', onEnd);
      input.removeListener('close', onEnd);
      input.setRawMode?.(false);
      input.pause();
      push(null);
    },
  };
}
