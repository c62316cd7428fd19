import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSolve, SolveInputError } from './solve.ts';

const problem = {
  mentees: 3,
  mentors: [{ capacity: 1 }, { capacity: 2 }],
  arcs: [
    [0, 0, 90],
    [0, 1, 40],
    [1, 0, 80],
    [2, 1, 10],
  ],
  locked: [[1, 1]],
};

describe('trellis solve', () => {
  it('prints total, pairs and unmatched; keeps locked pairs (score 0 when not an arc)', () => {
    assert.deepEqual(runSolve(problem, 'optimal'), {
      total: 100,
      pairs: [
        [0, 0],
        [1, 1],
        [2, 1],
      ],
      unmatched: [],
    });
  });

  it('ranks both sides by score in stable mode', () => {
    const output = runSolve({ ...problem, locked: [] }, 'stable');
    // Mentee 0 proposes to mentor 0 (90) and is kept over mentee 1 (80), who has no other arc.
    assert.deepEqual(output.unmatched, [1]);
    assert.deepEqual(output.pairs, [
      [0, 0],
      [2, 1],
    ]);
  });

  it('names the bad entry', () => {
    const bad = { ...problem, arcs: [...problem.arcs, [0, 9, 5]] };
    assert.throws(() => runSolve(bad, 'optimal'), { message: 'arcs[4][1]: mentor index 9 out of range' });
    assert.throws(
      () => runSolve({ ...problem, mentors: [{ capacity: -1 }] }, 'optimal'),
      /mentors\[0\]\.capacity/,
    );
    assert.throws(() => runSolve(problem, 'greedy'), SolveInputError);
    assert.throws(
      () =>
        runSolve(
          {
            ...problem,
            locked: [
              [0, 0],
              [1, 0],
            ],
          },
          'fair',
        ),
      /locked\[1\]: mentor 0/,
    );
  });

  it('exits with code 2 and a message on stderr for bad input (spawned CLI)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-solve-'));
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(good, JSON.stringify(problem));
    writeFileSync(bad, JSON.stringify({ ...problem, arcs: [[0, 9, 5]] }));
    const script = `import { Command } from 'commander';
      import { registerSolveCommand } from ${JSON.stringify(new URL('./solve.ts', import.meta.url).pathname)};
      const program = new Command(); registerSolveCommand(program); await program.parseAsync(process.argv);`;
    const run = (file: string) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, 'x', 'solve', file, '--mode', 'fair'],
        {
          encoding: 'utf8',
        },
      );
    const ok = run(good);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).total, 100);
    const failed = run(bad);
    assert.equal(failed.status, 2);
    assert.match(failed.stderr, /arcs\[0\]\[1\]: mentor index 9 out of range/);
    assert.equal(failed.stdout, '');
  });
});
