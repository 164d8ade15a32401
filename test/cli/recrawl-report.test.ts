// What the recrawl report says in the three situations that used to mislead: a site that moved
// (reported in the run that saw it move, not in every recrawl after), an unchanged world
// ("nothing changed"), and a recrawl where every seed failed ("nothing could be compared").
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/cli/commands/recrawl.js';
import { chalkFor } from '../../src/cli/output.js';
import type { ChangeReport } from '../../src/rank/changes.js';
import { makeWorld, page, type TestWorld } from '../helpers/world.js';

let world: TestWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

const spec = () => ({
  'a.example': { 'index.html': page('Alpha', 'gardening compost', ['http://b.example/', 'http://c.example/']) },
  'b.example': { 'index.html': page('Beta', 'compost soil gardening') },
  'c.example': { 'index.html': page('Gamma', 'soil and compost') },
  'b2.example': { 'index.html': page('Beta Moved', 'compost soil gardening') },
});
const run = (w: TestWorld, args: string[]) => w.cli([...args, '--db', w.db, '-q', ...(args[0] === 'discover' ? ['--delay', '0'] : [])]);

describe('recrawl report', () => {
  it('says "nothing changed" when a recrawl of an unchanged world changes nothing', async () => {
    world = await makeWorld(spec());
    expect((await run(world, ['discover', world.seeds(['http://a.example/'])])).code).toBe(0);
    const res = await run(world, ['recrawl']);
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n').slice(1).join('\n')).toBe('changes since run 1:\n  nothing changed\n');
  });

  it('reports a move in the recrawl that first sees it, and not again in the next one', async () => {
    let moved = false;
    world = await makeWorld(spec(), {
      handle: (host, urlPath, _req, res) => {
        if (!moved || host !== 'b.example' || urlPath === '/robots.txt') return false;
        res.writeHead(301, { location: `http://b2.example${urlPath}` }).end();
        return true;
      },
    });
    expect((await run(world, ['discover', world.seeds(['http://a.example/'])])).code).toBe(0);
    moved = true;
    const first = await run(world, ['recrawl']);
    expect(first.stdout).toContain('moved (1)\n  http://b.example/ → http://b2.example/\n');
    const second = await run(world, ['recrawl']);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('moved');
    expect(second.stdout).toContain('changes since run 2:\n');
  });

  it('says nothing could be compared when every seed failed, and points to runs --errors', async () => {
    world = await makeWorld(spec());
    expect((await run(world, ['discover', world.seeds(['http://a.example/', 'http://c.example/'])])).code).toBe(0);
    for (const host of ['a.example', 'c.example']) rmSync(join(world.dir, `sites/${host}/index.html`));
    const res = await run(world, ['recrawl']);
    expect(res.code).toBe(4);
    expect(res.stdout.split('\n').slice(1).join('\n')).toBe(`nothing could be compared: 2 of 2 seeds failed (\`linernotes runs --errors 2 --db ${world.db}\` says why)\n`);
  });
});

describe('formatReport', () => {
  const c = chalkFor({ write: () => true, isTTY: false }, { NO_COLOR: '1' });
  const empty: ChangeReport = { runId: 2, baseRunId: 1, newCandidates: [], risers: [], fallers: [], silent: [], dead: [], moved: [], belowThreshold: 0 };

  it('tells "nothing changed" from "nothing beyond the threshold"', () => {
    expect(formatReport(empty, c)).toBe('changes since run 1:\n  nothing changed\n');
    expect(formatReport({ ...empty, belowThreshold: 3 }, c)).toBe('changes since run 1:\n  nothing changed beyond the threshold (3 candidates moved by less; --threshold 0 lists them)\n');
  });

  it('warns when some seeds failed, and gives up when all did', () => {
    expect(formatReport(empty, c, { failed: 1, total: 4 })).toBe('changes since run 1:\n  1 of 4 seeds failed: what they link to may show as fallen or gone\n  nothing changed\n');
    expect(formatReport(empty, c, { failed: 6, total: 6, db: ' --db x.db' })).toBe('nothing could be compared: 6 of 6 seeds failed (`linernotes runs --errors 2 --db x.db` says why)\n');
  });
});
