// Terminal conventions in one place: data to stdout, talk to stderr, colour only on a TTY and
// never with NO_COLOR, every string from the web stripped of control characters.
import { Chalk, type ChalkInstance } from 'chalk';
import { cleanForTerminal } from '../extract/text.js';

/** A writable stream as the CLI sees it. */
export interface OutStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/** The process's streams and environment, injected so tests can capture them. */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  /** Keyboard input for interactive commands (`review`); absent means not interactive. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
}

/** Colour is for people: off when NO_COLOR is set (any value, per no-color.org) or not a TTY. */
export function colorEnabled(stream: OutStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** A chalk that colours only when `colorEnabled` says so (chalk alone ignores NO_COLOR). */
export function chalkFor(stream: OutStream, env: NodeJS.ProcessEnv): ChalkInstance {
  return new Chalk({ level: colorEnabled(stream, env) ? 1 : 0 });
}

/** Text from the web, safe to print: control characters and escapes removed. */
export function safe(text: string): string {
  return cleanForTerminal(text);
}

/** Cut `text` to `width` columns with an ellipsis. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** Render rows as an aligned table; the last column takes what width is left. */
export function table(header: string[], rows: string[][], maxWidth: number, align: ('l' | 'r')[]): string[] {
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  const last = widths.length - 1;
  widths[last] = Math.max(10, Math.min(widths[last]!, maxWidth - fixed));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const cell = fit(c, widths[i]!);
        const pad = ' '.repeat(Math.max(0, widths[i]! - [...cell].length));
        return align[i] === 'r' ? pad + cell : i === last ? cell : cell + pad;
      })
      .join('  ');
  return [line(header), ...rows.map(line)];
}
