// Matching solver benchmark: the project's solver against scipy's linear_sum_assignment and LEMON's
// NetworkSimplex / CostScaling, each in its own process, on seeded instances written to bench/.cache/.
// Usage: npm run bench:matching [-- --only <case>] [--quick] [--timeout <seconds>] [--skip <solver,…>]
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchCase, generate, writeInstance } from './matching-instances.ts';

const here = dirname(fileURLToPath(import.meta.url));
const cache = join(here, '.cache');
const resultsFile = join(here, 'results', 'matching.jsonl');

interface Target {
  bench: BenchCase;
  reference: 'scipy' | 'lemon-cost-scaling';
  /** Largest acceptable time / reference time. */
  maxRatio: number;
}

const targets: Target[] = [
  {
    bench: { name: 'dense-tight', mentees: 10_000, mentors: 2_000, capacity: 5, seed: 1 },
    reference: 'scipy',
    maxRatio: 0.5,
  },
  {
    bench: { name: 'dense-loose', mentees: 10_000, mentors: 2_500, capacity: 5, seed: 2 },
    reference: 'scipy',
    maxRatio: 1,
  },
  {
    bench: { name: 'one-to-one', mentees: 4_000, mentors: 4_000, capacity: 1, seed: 3 },
    reference: 'scipy',
    maxRatio: 1,
  },
  {
    bench: { name: 'sparse-tight', mentees: 100_000, mentors: 20_000, capacity: 5, candidates: 50, seed: 4 },
    reference: 'lemon-cost-scaling',
    maxRatio: 1,
  },
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const quick = args.includes('--quick');
const timeoutSeconds = args.includes('--timeout') ? Number(args[args.indexOf('--timeout') + 1]) : 600;
// --skip lemon-network-simplex,lemon-cost-scaling: leave slow references out of a run (e.g. LEMON on dense cases).
const skip = new Set(args.includes('--skip') ? args[args.indexOf('--skip') + 1].split(',') : []);

function shrink(c: BenchCase): BenchCase {
  // --quick: a tenth of the mentees and mentors, same shape (tight stays tight).
  return {
    ...c,
    name: `${c.name}-quick`,
    mentees: Math.ceil(c.mentees / 10),
    mentors: Math.ceil(c.mentors / 10),
    candidates: c.candidates === undefined ? undefined : Math.min(c.candidates, Math.ceil(c.mentors / 10)),
  };
}

const lemonInstall = 'apt-get install -y g++ liblemon-dev';
const scipyInstall = 'apt-get install -y python3-scipy (or pip install numpy scipy)';

/**
 * Compiles LEMON's runner unless an up-to-date binary is cached; without g++ or the LEMON headers, says in one
 * line what to install instead of failing with the compiler's output.
 */
function compileLemon(): { binary: string } | { problem: string } {
  const source = join(here, 'lemon_runner.cpp');
  const binary = join(cache, 'lemon_runner');
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return { binary };
  process.stderr.write('compiling bench/lemon_runner.cpp (g++ -O2) …\n');
  const child = spawnSync('g++', ['-O2', '-o', binary, source], { encoding: 'utf8' });
  if (child.error)
    return { problem: `no C++ compiler (g++: ${child.error.message}); on Debian/Ubuntu: ${lemonInstall}` };
  if (child.status !== 0) {
    if (/lemon\/[\w.]+: No such file/.test(child.stderr))
      return { problem: `the LEMON headers are not installed; on Debian/Ubuntu: ${lemonInstall}` };
    const firstError =
      child.stderr.split('\n').find((line) => /error/.test(line)) ?? `exit code ${child.status}`;
    return { problem: `g++ could not compile bench/lemon_runner.cpp (${firstError.trim()})` };
  }
  return { binary };
}
/** Null when python3 can import numpy and scipy, else one line saying what to install. */
function scipyProblem(): string | null {
  const probe = spawnSync('python3', ['-c', 'import numpy, scipy.optimize'], { encoding: 'utf8' });
  if (probe.error) return `python3 not found (${probe.error.message}); on Debian/Ubuntu: ${scipyInstall}`;
  if (probe.status !== 0) return `python3 cannot import numpy and scipy; on Debian/Ubuntu: ${scipyInstall}`;
  return null;
}
interface Run {
  solver: string;
  total?: number;
  matched?: number;
  ms?: number;
  error?: string;
}

function run(solver: string, command: string, commandArgs: string[]): Run {
  process.stderr.write(`  ${solver} …`);
  const child = spawnSync(command, commandArgs, {
    encoding: 'utf8',
    timeout: timeoutSeconds * 1000,
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) {
    const error =
      child.error?.message ??
      (child.signal ? `killed by ${child.signal}` : child.stderr.trim().split('\n').pop());
    process.stderr.write(` failed: ${error}\n`);
    return { solver, error };
  }
  const parsed = JSON.parse(child.stdout.trim().split('\n').pop()!) as Run;
  process.stderr.write(` ${parsed.ms!.toFixed(0)} ms\n`);
  return { ...parsed, solver };
}

mkdirSync(cache, { recursive: true });
mkdirSync(dirname(resultsFile), { recursive: true });
// The reference solvers are optional: a missing one is left out of every case with one line saying how to get it.
const selected = targets.filter((target) => !only || target.bench.name === only);
const lemonSolvers = ['lemon-network-simplex', 'lemon-cost-scaling'];
let lemonPath = '';
if (selected.length > 0 && lemonSolvers.some((solver) => !skip.has(solver))) {
  const lemon = compileLemon();
  if ('binary' in lemon) lemonPath = lemon.binary;
  else {
    process.stderr.write(`LEMON columns skipped: ${lemon.problem}.\n`);
    for (const solver of lemonSolvers) skip.add(solver);
  }
}
if (!skip.has('scipy') && selected.some((target) => target.bench.candidates === undefined)) {
  const problem = scipyProblem();
  if (problem) {
    process.stderr.write(`scipy column skipped: ${problem}.\n`);
    skip.add('scipy');
  }
}
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
let failures = 0;
for (const target of selected) {
  const bench = quick ? shrink(target.bench) : target.bench;
  const file = join(cache, `${bench.name}.bin`);
  process.stderr.write(
    `${bench.name}: ${bench.mentees} mentees × ${bench.mentors} mentors × ${bench.capacity}`,
  );
  process.stderr.write(`${bench.candidates ? `, ${bench.candidates} candidates each` : ', complete'}\n`);
  writeInstance(file, generate(bench));
  const runs: Run[] = [
    run('trellis', process.execPath, ['--import', 'tsx', join(here, 'matching-runner.ts'), file]),
  ];
  if (bench.candidates === undefined && !skip.has('scipy')) {
    runs.push(run('scipy', 'python3', [join(here, 'scipy_lsa.py'), file]));
  }
  if (!skip.has('lemon-network-simplex'))
    runs.push(run('lemon-network-simplex', lemonPath, [file, 'network-simplex']));
  if (!skip.has('lemon-cost-scaling'))
    runs.push(run('lemon-cost-scaling', lemonPath, [file, 'cost-scaling']));
  const reference = runs.find((r) => r.solver === target.reference);
  const ours = runs[0];
  const totals = new Set(runs.filter((r) => r.total !== undefined).map((r) => r.total));
  const totalsAgree = totals.size === 1;
  const ratio = ours.ms !== undefined && reference?.ms ? ours.ms / reference.ms : undefined;
  const met = ratio !== undefined && ratio <= target.maxRatio && totalsAgree;
  if (!totalsAgree || ours.error) failures++;
  console.log(`\n${bench.name} (reference ${target.reference}, target ratio ≤ ${target.maxRatio})`);
  for (const r of runs) {
    const time = r.ms === undefined ? r.error : `${r.ms.toFixed(0)} ms`;
    const rel = r.ms !== undefined && reference?.ms ? (r.ms / reference.ms).toFixed(2) : '-';
    console.log(
      `  ${r.solver.padEnd(22)} total ${String(r.total ?? '-').padStart(12)}  ${String(time).padStart(10)}  ×${rel}`,
    );
  }
  const verdict = skip.has(target.reference)
    ? `no reference (${target.reference} skipped)`
    : met
      ? 'target met'
      : 'target NOT met';
  console.log(`  totals ${totalsAgree ? 'agree' : 'DIFFER'}; ratio ${ratio?.toFixed(2) ?? '-'} → ${verdict}`);
  appendFileSync(
    resultsFile,
    `${JSON.stringify({ date: new Date().toISOString(), commit, case: bench, reference: target.reference, maxRatio: target.maxRatio, ratio, totalsAgree, runs })}\n`,
  );
}
process.exitCode = failures > 0 ? 1 : 0;
