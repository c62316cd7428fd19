import {
  arcScoreOf,
  MAX_PAIR_SCORE,
  type MatchingInstance,
  type MatchingResult,
  type SolveMode,
  validateLocks,
} from '../instance.ts';
import {
  type AssignmentProblem,
  type AssignmentSolution,
  prefersDense,
  solveAssignmentDense,
  solveAssignmentSparse,
} from './assignment.ts';
import { maximumMatchingSize } from './cardinality.ts';
import { DEFAULT_CANDIDATES, solveAssignmentCertified } from './certified.ts';
import { type StablePreferences, solveStable, validatePreferences } from './stable.ts';
import { prefersTransposed, solveTransposed } from './transposed.ts';

export interface SolveOptions {
  /** Accepted for a stable API; every solver is deterministic and the result does not depend on it. */
  seed?: number;
  /** Called now and then with (done, total) units of work of the current phase. */
  onProgress?: (done: number, total: number) => void;
  /** Explicit preference lists for `stable` (otherwise both sides rank by score). */
  preferences?: StablePreferences;
  /** Force a variant of the exact solver; `auto` = dense when arcs cover ≥ 25 % of all pairs. */
  variant?: 'auto' | 'dense' | 'sparse';
  /**
   * Which side the exact solver searches from: `mentees`, `mentors` (one row per remaining seat), or `auto` =
   * mentors when the remaining seats are fewer than the free mentees. Same optimum either way.
   */
  orientation?: 'auto' | 'mentees' | 'mentors';
  /**
   * Solve on each mentee's best N arcs, then check the dual against every arc and widen where it fails, until the
   * result is proven optimal for all arcs (exact, like solving on all arcs). Default: chosen by `autoCandidates`
   * (up to 30 for large tight or mentor-scarce instances, else 0); 0 = solve on all arcs at once. `variant`
   * applies to solves on all arcs (the candidate instances are always sparse).
   */
  candidates?: number;
}

/** The problem left once locked pairs are placed: which mentees to assign and the mentors' remaining room. */
interface ResidualProblem {
  mentorOf: Int32Array;
  capacity: Int32Array;
  rows: Int32Array;
}

/** Places locked pairs (validated) and returns the free mentees and the remaining capacities. */
export function residualProblem(instance: MatchingInstance): ResidualProblem {
  validateLocks(instance.menteeCount, instance.mentorCapacity, instance.locked);
  const mentorOf = new Int32Array(instance.menteeCount).fill(-1);
  const capacity = instance.mentorCapacity.slice();
  for (const [i, j] of instance.locked ?? []) {
    mentorOf[i] = j;
    capacity[j]--;
  }
  const rows: number[] = [];
  for (let i = 0; i < instance.menteeCount; i++) if (mentorOf[i] < 0) rows.push(i);
  return { mentorOf, capacity, rows: Int32Array.from(rows) };
}

/** Runs the exact assignment solver with the variant chosen by `variant` (auto: by density). */
function solveAssignment(
  problem: AssignmentProblem,
  variant: SolveOptions['variant'] = 'auto',
): AssignmentSolution {
  const dense = variant === 'dense' || (variant === 'auto' && prefersDense(problem.instance));
  return dense ? solveAssignmentDense(problem) : solveAssignmentSparse(problem);
}

/** Mentor of each row of an exact solve, searching from the side chosen by `orientation`. */
function solveAssignmentOriented(
  problem: AssignmentProblem,
  variant: SolveOptions['variant'] = 'auto',
  orientation: SolveOptions['orientation'] = 'auto',
): Int32Array {
  const fromMentors = orientation === 'mentors' || (orientation === 'auto' && prefersTransposed(problem));
  return fromMentors
    ? solveTransposed(problem, variant).mentorOf
    : solveAssignment(problem, variant).mentorOf;
}

/**
 * Candidates per mentee for the certified solve, or 0 to solve on all arcs at once. Certified when there are
 * ≥ 1,000 free mentees, no more seats than mentees (with more, the greedy start already places nearly everyone)
 * and ≥ 40 arcs per mentee; N = a quarter of the mean arcs per mentee, at most 30. Measured: ×4–5 faster on the
 * tight and one-to-one benchmarks, ×30 on the scoring bench's program, ×1.1–2.4 on sparse tight instances with
 * 50 arcs per mentee; slower on loose instances.
 */
export function autoCandidates(problem: AssignmentProblem): number {
  const { instance, rows, capacity } = problem;
  if (rows.length < 1000) return 0;
  const perMentee = Math.floor(instance.arcScore.length / rows.length);
  if (perMentee < 40) return 0;
  let seats = 0;
  for (let j = 0; j < capacity.length; j++) seats += capacity[j];
  return seats <= rows.length ? Math.min(DEFAULT_CANDIDATES, Math.floor(perMentee / 4)) : 0;
}

/** Weights making the assignment solver maximise (total, then matched) or (matched, then total). */
export function modeWeights(mode: 'optimal' | 'participation', rowCount: number) {
  return mode === 'optimal'
    ? { scoreWeight: rowCount + 1, matchBonus: 1 }
    : { scoreWeight: 1, matchBonus: MAX_PAIR_SCORE * rowCount + 1 };
}

/** Highest score threshold that still lets as many mentees be matched as with all arcs (binary search on levels). */
function fairThreshold(instance: MatchingInstance, residual: ResidualProblem): number {
  const { capacity, rows } = residual;
  const best = maximumMatchingSize(instance, capacity, rows, 0);
  if (best === 0) return 0;
  const levelSet = new Set<number>();
  for (const i of rows) {
    for (let a = instance.arcStart[i]; a < instance.arcStart[i + 1]; a++) levelSet.add(instance.arcScore[a]);
  }
  const levels = Array.from(levelSet).sort((a, b) => a - b);
  // Invariant: levels[lo] keeps the best size; levels[hi + 1] (if any) does not.
  let lo = 0;
  let hi = levels.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (maximumMatchingSize(instance, capacity, rows, levels[mid]) === best) lo = mid;
    else hi = mid - 1;
  }
  return levels[lo];
}

/** Solves a matching instance in the given mode; locked pairs are always kept (score 0 if not an arc). */
export function solve(
  instance: MatchingInstance,
  mode: SolveMode,
  options: SolveOptions = {},
): MatchingResult {
  const residual = residualProblem(instance);
  const { mentorOf, capacity, rows } = residual;
  let assigned: Int32Array;
  if (mode === 'stable') {
    validatePreferences(instance, options.preferences);
    assigned = solveStable(instance, capacity, rows, options.preferences);
  } else {
    let minArcScore = 0;
    let weights = modeWeights(mode === 'optimal' ? 'optimal' : 'participation', rows.length);
    if (mode === 'fair') {
      minArcScore = fairThreshold(instance, residual);
      // A locked pair below the threshold already fixes the minimum; then only the total is left to maximise.
      for (const [i, j] of instance.locked ?? [])
        minArcScore = Math.min(minArcScore, Math.max(0, arcScoreOf(instance, i, j)));
      weights = modeWeights('participation', rows.length);
    } else if (mode !== 'optimal' && mode !== 'participation') {
      throw new RangeError(`mode: unknown solve mode ${String(mode)}`);
    }
    const problem: AssignmentProblem = {
      instance,
      capacity,
      rows,
      minArcScore,
      ...weights,
      onProgress: options.onProgress,
    };
    const candidates = options.candidates ?? autoCandidates(problem);
    assigned =
      candidates > 0
        ? solveAssignmentCertified(problem, candidates, options.orientation).mentorOf
        : solveAssignmentOriented(problem, options.variant, options.orientation);
  }
  for (const i of rows) mentorOf[i] = assigned[i];
  return summarise(instance, mentorOf);
}

/** Total, matched count and lowest score of an assignment (pairs that are not arcs count as score 0). */
function summarise(instance: MatchingInstance, mentorOf: Int32Array): MatchingResult {
  let total = 0;
  let matchedCount = 0;
  let minScore = -1;
  for (let i = 0; i < mentorOf.length; i++) {
    const j = mentorOf[i];
    if (j < 0) continue;
    const s = Math.max(0, arcScoreOf(instance, i, j));
    total += s;
    matchedCount++;
    if (minScore < 0 || s < minScore) minScore = s;
  }
  return { mentorOf, total, matchedCount, minScore };
}
