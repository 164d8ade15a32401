// The digest in the format asked for; what `digest` and `recrawl --digest` share.
import { UsageError } from '../errors.js';
import type { Store } from '../store/store.js';
import { digestData, isEmptyDigest, type DigestOptions } from './digest-data.js';
import { digestHtml } from './render-html.js';
import { digestMarkdown } from './render-markdown.js';
import { digestText } from './render-text.js';

/** The digest's output formats. */
export const DIGEST_FORMATS = ['text', 'md', 'html'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** The format for `--format`, else the file's extension (.md, .html), else text. */
export function digestFormat(format: string | undefined, out: string | undefined): DigestFormat {
  if (format !== undefined) {
    const f = format.toLowerCase() === 'markdown' ? 'md' : format.toLowerCase() === 'txt' ? 'text' : format.toLowerCase();
    if (!(DIGEST_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${DIGEST_FORMATS.join(', ')}, got "${format}"`);
    return f as DigestFormat;
  }
  if (out && /\.(md|markdown)$/i.test(out)) return 'md';
  if (out && /\.html?$/i.test(out)) return 'html';
  return 'text';
}

/** Build and render the digest of `runId`. */
export function renderDigest(store: Store, runId: number, format: DigestFormat, opts: DigestOptions): { text: string; posts: number; people: number; empty: boolean } {
  const d = digestData(store, runId, opts);
  const text = format === 'md' ? digestMarkdown(d) : format === 'html' ? digestHtml(d) : digestText(d);
  return { text, posts: d.people.reduce((n, p) => n + p.posts.length, 0), people: d.people.length, empty: isEmptyDigest(d) };
}

/** What a written digest holds, for the CLI's one-line note: `3 posts from 2 people`, `nothing new`. */
export function digestNote(made: { posts: number; people: number; empty: boolean }): string {
  if (made.empty) return 'nothing new';
  if (made.posts === 0) return 'no posts, only movers';
  return `${made.posts} post${made.posts === 1 ? '' : 's'} from ${made.people} ${made.people === 1 ? 'person' : 'people'}`;
}
