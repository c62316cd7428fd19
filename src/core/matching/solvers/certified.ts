import type { MatchingInstance } from '../instance.ts';
import {
  type AssignmentProblem,
  prefersDense,
  solveAssignmentDense,
  solveAssignmentSparse,
} from './assignment.ts';
import { prefersTransposed, solveTransposed } from './transposed.ts';

/** Arcs kept per mentee in the first round of the certified solve. */
export const DEFAULT_CANDIDATES = 30;

/** More rounds than this and the certified solve gives up pruning and solves on every arc. */
const MAX_ROUNDS = 6;

interface CertifiedSolution {
  mentorOf: Int32Array;
  /** Restricted solves run (1 = the first candidate set was already optimal). */
  rounds: number;
  /** Arcs in the last restricted instance. */
  arcs: number;
  /** True when the rounds ran out and the last solve used every arc. */
  fellBack: boolean;
}

/**
 * A solution in one orientation with a dual over mentees and mentors: every arc (i, j) with
 * -w(i, j) - menteePotential[i] - mentorPotential[j] ≥ 0 is dual-feasible. The other dual conditions (unmatched
 * options, mentors with room) do not depend on arcs, so they carry over from the restricted to the full instance.
 */
interface OrientedDual {
  mentorOf: Int32Array;
  menteePotential: Float64Array;
  mentorPotential: Float64Array;
}

function solveWithDual(problem: AssignmentProblem, fromMentors: boolean, dense: boolean): OrientedDual {
  if (fromMentors) {
    const solution = solveTransposed(problem, dense ? 'dense' : 'sparse');
    // A seat constraint -w - v(i) - u(s) ≥ 0 for every seat s of j is -w - v(i) ≥ max over seats of u(s).
    const m = problem.capacity.length;
    const mentorPotential = new Float64Array(m).fill(Number.NEGATIVE_INFINITY);
    for (let s = 0; s < solution.seatMentor.length; s++) {
      const j = solution.seatMentor[s];
      if (solution.seatPotential[s] > mentorPotential[j]) mentorPotential[j] = solution.seatPotential[s];
    }
    return { mentorOf: solution.mentorOf, menteePotential: solution.menteePotential, mentorPotential };
  }
  const solution = dense ? solveAssignmentDense(problem) : solveAssignmentSparse(problem);
  return {
    mentorOf: solution.mentorOf,
    menteePotential: solution.rowPotential,
    mentorPotential: solution.mentorPotential,
  };
}

/** Each row's best `perRow` usable arcs (score ≥ minArcScore; ties: lower mentor), sorted by mentor. */
function candidateArcs(problem: AssignmentProblem, perRow: number): MatchingInstance {
  const { instance, rows, minArcScore } = problem;
  const { arcStart, arcMentor, arcScore } = instance;
  const n = instance.menteeCount;
  const m = instance.mentorCapacity.length;
  let total = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    total += Math.min(perRow, arcStart[i + 1] - arcStart[i]);
  }
  const start = new Int32Array(n + 1);
  const mentor = new Int32Array(total);
  const score = new Int32Array(total);
  const isRow = new Uint8Array(n);
  for (let k = 0; k < rows.length; k++) isRow[rows[k]] = 1;
  // Min-heap of the best arcs so far, keyed score·(m + 1) + (m - mentor): a higher score wins, then a lower mentor.
  const heap = new Float64Array(perRow);
  const picked = new Int32Array(perRow);
  let out = 0;
  for (let i = 0; i < n; i++) {
    start[i] = out;
    if (!isRow[i]) continue;
    let size = 0;
    for (let a = arcStart[i]; a < arcStart[i + 1]; a++) {
      const s = arcScore[a];
      if (s < minArcScore) continue;
      const key = s * (m + 1) + (m - arcMentor[a]);
      if (size < perRow) {
        let p = size++;
        while (p > 0) {
          const parent = (p - 1) >> 1;
          if (heap[parent] <= key) break;
          heap[p] = heap[parent];
          p = parent;
        }
        heap[p] = key;
      } else if (key > heap[0]) {
        let p = 0;
        for (;;) {
          let child = 2 * p + 1;
          if (child >= size) break;
          if (child + 1 < size && heap[child + 1] < heap[child]) child++;
          if (heap[child] >= key) break;
          heap[p] = heap[child];
          p = child;
        }
        heap[p] = key;
      }
    }
    for (let k = 0; k < size; k++) picked[k] = m - (heap[k] % (m + 1));
    const kept = picked.subarray(0, size).sort();
    for (let k = 0; k < size; k++) mentor[out + k] = kept[k];
    // Scores back from the row (arcs are sorted by mentor): one merge walk.
    let k = 0;
    for (let a = arcStart[i]; a < arcStart[i + 1] && k < size; a++) {
      if (arcMentor[a] === kept[k]) score[out + k++] = arcScore[a];
    }
    out += size;
  }
  start[n] = out;
  return {
    menteeCount: n,
    mentorCapacity: instance.mentorCapacity,
    arcStart: start,
    arcMentor: out === total ? mentor : mentor.slice(0, out),
    arcScore: out === total ? score : score.slice(0, out),
  };
}

/**
 * The restricted instance plus every arc of the full instance that the dual prices below zero (a violated reduced
 * cost), or null when there is none: then the restricted optimum is optimal for every arc.
 */
function widen(
  problem: AssignmentProblem,
  restricted: MatchingInstance,
  dual: OrientedDual,
): MatchingInstance | null {
  const { instance, rows, minArcScore, scoreWeight: K, matchBonus: E } = problem;
  const { arcStart, arcMentor, arcScore } = instance;
  const { menteePotential: u, mentorPotential: v } = dual;
  const n = instance.menteeCount;
  const violated = new Uint8Array(arcScore.length);
  const extra = new Int32Array(n);
  let added = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const limit = -u[i] - E;
    for (let a = arcStart[i]; a < arcStart[i + 1]; a++) {
      const s = arcScore[a];
      // -(s·K + E) - u(i) - v(j) < 0; arcs already kept are feasible, so anything found here is new.
      if (s >= minArcScore && limit - s * K < v[arcMentor[a]]) {
        violated[a] = 1;
        extra[i]++;
        added++;
      }
    }
  }
  if (added === 0) return null;
  const start = new Int32Array(n + 1);
  const total = restricted.arcScore.length + added;
  const mentor = new Int32Array(total);
  const score = new Int32Array(total);
  let out = 0;
  for (let i = 0; i < n; i++) {
    start[i] = out;
    let p = restricted.arcStart[i];
    const pEnd = restricted.arcStart[i + 1];
    if (extra[i] === 0) {
      for (; p < pEnd; p++, out++) {
        mentor[out] = restricted.arcMentor[p];
        score[out] = restricted.arcScore[p];
      }
      continue;
    }
    // Merge two lists sorted by mentor.
    let a = arcStart[i];
    const aEnd = arcStart[i + 1];
    for (;;) {
      while (a < aEnd && !violated[a]) a++;
      const nextFull = a < aEnd ? arcMentor[a] : Number.POSITIVE_INFINITY;
      const nextKept = p < pEnd ? restricted.arcMentor[p] : Number.POSITIVE_INFINITY;
      if (nextFull === Number.POSITIVE_INFINITY && nextKept === Number.POSITIVE_INFINITY) break;
      if (nextKept <= nextFull) {
        // An arc already kept cannot be violated (the dual is feasible on it); never list it twice regardless.
        if (nextKept === nextFull) a++;
        mentor[out] = nextKept;
        score[out++] = restricted.arcScore[p++];
      } else {
        mentor[out] = nextFull;
        score[out++] = arcScore[a++];
      }
    }
  }
  start[n] = out;
  return {
    menteeCount: n,
    mentorCapacity: instance.mentorCapacity,
    arcStart: start,
    arcMentor: out === total ? mentor : mentor.slice(0, out),
    arcScore: out === total ? score : score.slice(0, out),
  };
}

/**
 * Exact solve of a large instance through small ones: solve on each mentee's best `candidates` arcs, then check the
 * restricted optimum's dual against every arc of the full instance. If no reduced cost is negative, the restricted
 * optimum is optimal for all arcs (same dual, same assignment: LP duality); otherwise the violated arcs are added
 * and the restricted instance solved again. Each round adds at least one arc, so it ends; after `maxRounds` it
 * solves on every arc.
 */
export function solveAssignmentCertified(
  problem: AssignmentProblem,
  candidates = DEFAULT_CANDIDATES,
  orientation: 'auto' | 'mentees' | 'mentors' = 'auto',
  maxRounds = MAX_ROUNDS,
): CertifiedSolution {
  if (!Number.isInteger(candidates) || candidates < 1)
    throw new RangeError(`candidates: ${candidates} is not a whole number ≥ 1`);
  const fromMentors = orientation === 'mentors' || (orientation === 'auto' && prefersTransposed(problem));
  // The restricted instances are small and sparse: the CSR variant solves them.
  let restricted = candidateArcs(problem, candidates);
  for (let round = 1; ; round++) {
    const dual = solveWithDual({ ...problem, instance: restricted }, fromMentors, false);
    const wider = widen(problem, restricted, dual);
    if (wider === null)
      return { mentorOf: dual.mentorOf, rounds: round, arcs: restricted.arcScore.length, fellBack: false };
    if (round >= maxRounds) {
      const full = solveWithDual(problem, fromMentors, prefersDense(problem.instance));
      return {
        mentorOf: full.mentorOf,
        rounds: round + 1,
        arcs: problem.instance.arcScore.length,
        fellBack: true,
      };
    }
    restricted = wider;
  }
}
