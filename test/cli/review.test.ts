// `linernotes review` with a fake keyboard: a PassThrough dressed as a TTY, keys written up
// front, stdout captured, the opener injected. Decisions land in the marks table at once.
import { Command } from 'commander';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { registerReview, runReview } from '../../src/cli/commands/review.js';
import type { KeyInput } from '../../src/cli/keys.js';
import { REVIEW_PROMPT } from '../../src/cli/review-session.js';
import { UsageError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore } from '../../src/store/store.js';
import { makeWorld, page, type TestWorld } from '../helpers/world.js';

/** A keyboard that says it is a terminal; records raw-mode switches. */
function fakeTty(keys: string, { end = false } = {}) {
  const input = Object.assign(new PassThrough(), { isTTY: true, rawModes: [] as boolean[], setRawMode(mode: boolean) { input.rawModes.push(mode); return input; } });
  input.write(keys);
  if (end) input.end();
  return input;
}

function capture(stdin?: KeyInput) {
  const io = {
    out: '',
    err: '',
    stdout: { write: (s: string) => ((io.out += s), true), isTTY: false },
    stderr: { write: (s: string) => ((io.err += s), true), isTTY: false },
    env: { NO_COLOR: '1' } as NodeJS.ProcessEnv,
    ...(stdin ? { stdin } : {}),
  };
  return io;
}

let world: TestWorld;
/** Candidates best first: [entity id, display URL]. */
let ranked: { id: number; url: string; name: string }[];

function marks(): Map<number, string> {
  const store = createStore(openDatabase(world.db, { readonly: true }));
  try {
    return new Map(store.marks.all().map((m) => [m.entityId, m.status]));
  } finally {
    store.close();
  }
}

async function review(keys: string, opts: { again?: boolean; limit?: number; end?: boolean; columns?: number; as?: string; includeDecided?: boolean } = {}) {
  const input = fakeTty(keys, { end: opts.end });
  const io = capture();
  if (opts.columns !== undefined) Object.assign(io.stdout, { isTTY: true, columns: opts.columns });
  const opened: string[] = [];
  const code = await runReview({ db: world.db, limit: opts.limit ?? 25, again: opts.again, as: opts.as ?? 'tess', includeDecided: opts.includeDecided }, io, new ManualClock(), { input, open: (url) => void opened.push(url) });
  return { code, out: io.out, err: io.err, opened, input };
}

beforeAll(async () => {
  const sites = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
  world = await makeWorld({
    's.example': { 'index.html': page('Seed', 'content strategy', sites.map((h) => `http://${h}.example/`)) },
    ...Object.fromEntries(sites.map((h, i) => [`${h}.example`, { 'index.html': page(`${h[0]!.toUpperCase()}${h.slice(1)} blog`, 'content strategy '.repeat(i + 1)) }])),
  });
  const res = await world.cli(['discover', world.seeds(['http://s.example/']), '--db', world.db, '--delay', '0', '-q']);
  expect(res.code).toBe(0);
  const store = createStore(openDatabase(world.db, { readonly: true }));
  try {
    ranked = store.scores.forRun(store.runs.latestFinished()!.id).map((s) => {
      const e = store.graph.entity(s.entityId)!;
      return { id: e.id, url: e.homeUrl!, name: e.name! };
    });
  } finally {
    store.close();
  }
  expect(ranked).toHaveLength(5);
});

afterAll(async () => {
  await world?.close();
});

describe('linernotes review', () => {
  it('stores p, r and s at once and ends on q with a summary', async () => {
    const res = await review('prsq');
    expect(res.code).toBe(0);
    expect(marks()).toEqual(new Map([[ranked[0]!.id, 'picked'], [ranked[1]!.id, 'rejected'], [ranked[2]!.id, 'skipped']]));
    expect(res.out).toContain(`[1/5] #1 ${ranked[0]!.name}`);
    expect(res.out).toContain(`[4/5] #4 ${ranked[3]!.name}`);
    expect(res.out).toContain(REVIEW_PROMPT);
    expect(res.out).toContain(`  via seed s.example → linked ${new URL(ranked[0]!.url).host}\n`);
    expect(res.out).toContain('Seed (seed) linked it once');
    expect(res.out.trimEnd().split('\n').at(-1)).toBe('picked 1, rejected 1, skipped 1; 2 left');
    expect(res.input.rawModes).toEqual([true, false]);
  });

  it('resumes after the reviewed ones in the next session', async () => {
    const res = await review('q');
    expect(res.out).toContain(`[1/2] #4 ${ranked[3]!.name}`);
    expect(res.out).not.toContain(ranked[2]!.name);
    expect(res.out.trimEnd().split('\n').at(-1)).toBe('picked 0, rejected 0, skipped 0; 2 left');
  });

  it('shows the skipped ones again with --again', async () => {
    const res = await review('pq', { again: true });
    expect(res.out).toContain(`[1/3] #3 ${ranked[2]!.name} (skipped by tess)`);
    expect(marks().get(ranked[2]!.id)).toBe('picked');
    expect(res.out.trimEnd().split('\n').at(-1)).toBe('picked 1, rejected 0, skipped 0; 2 left');
  });

  it('opens the URL with the injected opener, prints it, and shows the full explanation on w', async () => {
    const res = await review('owq');
    expect(res.opened).toEqual([ranked[3]!.url]);
    expect(res.out).toContain(`opening ${ranked[3]!.url}`);
    expect(res.out).toContain('\nWhy it is here\n');
    expect(res.out).toContain('\nScore\n');
    expect(marks().has(ranked[3]!.id)).toBe(false);
  });

  it('honours --limit, and ends with the summary at end of input or on Ctrl-C (exit 130)', async () => {
    const limited = await review('s', { limit: 1, end: true });
    expect(limited.code).toBe(0);
    expect(limited.out).toContain('[1/1]');
    expect(limited.out.trimEnd().split('\n').at(-1)).toBe('picked 0, rejected 0, skipped 1; 1 left');
    const eof = await review('', { end: true });
    expect(eof.code).toBe(0);
    expect(eof.out.trimEnd().split('\n').at(-1)).toBe('picked 0, rejected 0, skipped 0; 1 left');
    const interrupted = await review('\u0003');
    expect(interrupted.code).toBe(130);
    expect(interrupted.out.trimEnd().split('\n').at(-1)).toBe('picked 0, rejected 0, skipped 0; 1 left');
    expect(interrupted.input.rawModes).toEqual([true, false]);
  });

  it('fits cards to the terminal, and copes with one that reports 0 columns', async () => {
    const narrow = await review('q', { columns: 50 });
    const card = narrow.out.split(REVIEW_PROMPT)[0]!.split('\n').filter(Boolean);
    expect(card[0]).toBe(`[1/1] #5 ${ranked[4]!.name}`);
    expect(Math.max(...card.map((l) => [...l].length))).toBeLessThanOrEqual(50);
    expect(card.some((l) => l.endsWith('…'))).toBe(true);
    const sizeless = await review('q', { columns: 0 });
    expect(sizeless.out).toContain(`[1/1] #5 ${ranked[4]!.name}\n  score `);
  });

  it('says so when nothing is left to review', async () => {
    await review('r');
    const res = await review('q');
    expect(res.code).toBe(0);
    expect(res.out).toBe('');
    // The db is not the default one, so the suggested command carries --db and works when pasted.
    expect(res.err).toBe(`nothing to review: every candidate has a mark; \`linernotes review --again --db ${world.db}\` shows the skipped ones\n`);
  });

  it('refuses without a terminal: one line, exit 2, nothing written', async () => {
    const before = marks();
    const notTty = Object.assign(new PassThrough(), { isTTY: false, setRawMode: () => undefined });
    for (const stdin of [undefined, notTty]) {
      const io = capture(stdin);
      await expect(runReview({ db: world.db, limit: 25 }, io, new ManualClock(), { open: () => undefined })).rejects.toThrow(UsageError);
    }
    // Through the registered command: the error is the CLI's one line and exit 2.
    const io = capture();
    const program = new Command('linernotes').exitOverride();
    registerReview(program, { io, clock: new ManualClock(), setExit: () => undefined });
    const err = await program.parseAsync(['review', '--db', world.db], { from: 'user' }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).message).toBe('review needs an interactive terminal; use `linernotes pick|reject` in scripts');
    expect(marks()).toEqual(before);
  });
});
