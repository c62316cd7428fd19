// CI cross-check: the project's optimal totals on small seeded instances against scipy's
// linear_sum_assignment when python3 + scipy are importable, else against totals stored in
// matching-crosscheck-totals.json (computed with scipy for complete cases and LEMON for sparse ones).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { solve } from '../src/core/matching/solvers/index.ts';
import { type BenchCase, generate, writeInstance } from './matching-instances.ts';

const here = dirname(fileURLToPath(import.meta.url));
const stored = JSON.parse(readFileSync(join(here, 'matching-crosscheck-totals.json'), 'utf8')) as Record<
  string,
  number
>;

const crosscheckCases: BenchCase[] = [
  { name: 'dense-tight-200', mentees: 200, mentors: 40, capacity: 5, seed: 11 },
  { name: 'dense-loose-300', mentees: 300, mentors: 80, capacity: 5, seed: 12 },
  { name: 'one-to-one-150', mentees: 150, mentors: 150, capacity: 1, seed: 13 },
  { name: 'sparse-tight-300', mentees: 300, mentors: 60, capacity: 5, candidates: 8, seed: 14 },
];

const scipyAvailable =
  spawnSync('python3', ['-c', 'import scipy.optimize'], { encoding: 'utf8' }).status === 0;

describe('optimal totals match the reference solvers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-crosscheck-'));
  for (const bench of crosscheckCases) {
    it(`${bench.name} (${bench.candidates === undefined && scipyAvailable ? 'scipy' : 'stored total'})`, () => {
      const instance = generate(bench);
      let expected = stored[bench.name];
      if (bench.candidates === undefined && scipyAvailable) {
        const file = join(dir, `${bench.name}.bin`);
        writeInstance(file, instance);
        const child = spawnSync('python3', [join(here, 'scipy_lsa.py'), file], { encoding: 'utf8' });
        assert.equal(child.status, 0, child.stderr);
        expected = JSON.parse(child.stdout).total;
        assert.equal(expected, stored[bench.name], 'stored total is up to date');
      }
      for (const variant of ['dense', 'sparse'] as const) {
        assert.equal(solve(instance, 'optimal', { variant, candidates: 0 }).total, expected, variant);
      }
      // The paths large instances take: candidates certified by the dual, and searches from the mentors' side.
      for (const orientation of ['mentees', 'mentors'] as const) {
        assert.equal(solve(instance, 'optimal', { candidates: 3, orientation }).total, expected, orientation);
        assert.equal(
          solve(instance, 'optimal', { candidates: 0, orientation }).total,
          expected,
          `${orientation}, all arcs`,
        );
      }
    });
  }
});
