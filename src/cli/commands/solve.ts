import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { instanceFromArcs, type SolveMode } from '../../core/matching/instance.ts';
import { solve } from '../../core/matching/solvers/index.ts';

const MODES: readonly SolveMode[] = ['optimal', 'participation', 'fair', 'stable'];

/** Instances with more arcs than this show progress even when stderr is not a terminal. */
const LARGE_ARC_COUNT = 1_000_000;

/** Bad input: the message names the offending field; the command exits with code 2. */
export class SolveInputError extends Error {}

interface SolveOutput {
  total: number;
  pairs: [mentee: number, mentor: number][];
  unmatched: number[];
}

interface RunSolveOptions {
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** Called when a phase starts (parsing, solving). */
  onPhase?: (phase: string) => void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape of the JSON problem; value ranges are checked when the instance is built. */
function parseProblem(json: unknown) {
  if (!isRecord(json))
    throw new SolveInputError('input: expected an object { mentees, mentors, arcs, locked }');
  const { mentees, mentors, arcs, locked } = json;
  if (typeof mentees !== 'number') throw new SolveInputError('mentees: expected a number');
  if (!Array.isArray(mentors)) throw new SolveInputError('mentors: expected an array of { "capacity": c }');
  const capacities = mentors.map((mentor, j) => {
    if (!isRecord(mentor) || typeof mentor.capacity !== 'number') {
      throw new SolveInputError(`mentors[${j}].capacity: expected a number`);
    }
    return mentor.capacity;
  });
  if (!Array.isArray(arcs)) throw new SolveInputError('arcs: expected an array of [mentee, mentor, score]');
  arcs.forEach((arc, k) => {
    if (!Array.isArray(arc) || arc.length !== 3 || arc.some((x) => typeof x !== 'number')) {
      throw new SolveInputError(`arcs[${k}]: expected [mentee, mentor, score] numbers`);
    }
  });
  if (locked !== undefined && !Array.isArray(locked)) {
    throw new SolveInputError('locked: expected an array of [mentee, mentor]');
  }
  (locked ?? []).forEach((pair: unknown, k: number) => {
    if (!Array.isArray(pair) || pair.length !== 2 || pair.some((x) => typeof x !== 'number')) {
      throw new SolveInputError(`locked[${k}]: expected [mentee, mentor] numbers`);
    }
  });
  return {
    mentees,
    capacities,
    arcs: arcs as [number, number, number][],
    locked: (locked ?? []) as [number, number][],
  };
}

/** Solves a problem given as parsed JSON; throws SolveInputError naming the bad field. */
export function runSolve(json: unknown, mode: string, options: RunSolveOptions = {}): SolveOutput {
  if (!MODES.includes(mode as SolveMode)) {
    throw new SolveInputError(`--mode: expected one of ${MODES.join(', ')}, got ${mode}`);
  }
  const problem = parseProblem(json);
  let instance: ReturnType<typeof instanceFromArcs>;
  try {
    instance = instanceFromArcs(problem.mentees, problem.capacities, problem.arcs, problem.locked);
  } catch (error) {
    if (error instanceof RangeError) {
      // The core names entries by its own parameter names; the file calls capacities "mentors[j].capacity".
      throw new SolveInputError(error.message.replace(/^capacities\[(\d+)\]/, 'mentors[$1].capacity'));
    }
    throw error;
  }
  options.onPhase?.(`solving ${problem.mentees} mentees × ${problem.capacities.length} mentors (${mode})`);
  const result = solve(instance, mode as SolveMode, { seed: options.seed, onProgress: options.onProgress });
  const pairs: [number, number][] = [];
  const unmatched: number[] = [];
  result.mentorOf.forEach((mentor, mentee) => {
    if (mentor >= 0) pairs.push([mentee, mentor]);
    else unmatched.push(mentee);
  });
  return { total: result.total, pairs, unmatched };
}

/** Registers `trellis solve FILE.json [--mode …] [--seed N]`. */
export function registerSolveCommand(program: Command): void {
  program
    .command('solve')
    .description(
      'Solve a matching problem given as JSON (mentees, mentors with capacities, scored arcs, locks)',
    )
    .argument(
      '<file>',
      'problem file: { "mentees": n, "mentors": [{ "capacity": c }], "arcs": [[i, j, score]], "locked": [[i, j]] }',
    )
    .option('--mode <mode>', `objective: ${MODES.join(' | ')}`, 'optimal')
    .option('--seed <n>', 'seed (results are deterministic for a given input and seed)', '0')
    .action((file: string, options: { mode: string; seed: string }) => {
      process.exitCode = solveCommand(file, options, process.stdout, process.stderr);
    });
}

/** The command body, returning the exit code (0 ok, 2 bad input). */
function solveCommand(
  file: string,
  options: { mode: string; seed: string },
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream & { isTTY?: boolean },
): number {
  const seed = Number(options.seed);
  if (!Number.isInteger(seed)) {
    stderr.write(`--seed: expected an integer, got ${options.seed}\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    stderr.write(
      `${file}: ${error instanceof SyntaxError ? 'invalid JSON: ' : ''}${(error as Error).message}\n`,
    );
    return 2;
  }
  const large = isRecord(json) && Array.isArray(json.arcs) && json.arcs.length > LARGE_ARC_COUNT;
  const showProgress = Boolean(stderr.isTTY) || large;
  let bar: cliProgress.SingleBar | undefined;
  try {
    const output = runSolve(json, options.mode, {
      seed,
      onPhase: showProgress ? (phase) => stderr.write(`${phase}\n`) : undefined,
      onProgress: showProgress
        ? (done, total) => {
            if (!bar) {
              bar = new cliProgress.SingleBar(
                { stream: stderr, format: 'augmenting [{bar}] {value}/{total}', noTTYOutput: !stderr.isTTY },
                cliProgress.Presets.shades_classic,
              );
              bar.start(total, done);
            }
            bar.update(done);
          }
        : undefined,
    });
    bar?.stop();
    stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (error) {
    bar?.stop();
    if (error instanceof SolveInputError) {
      stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
