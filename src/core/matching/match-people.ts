import { AppError } from '../errors.ts';
import type { Criteria } from './criteria.ts';
import { explainPair, type PairExplanation, type UnmatchedReason, unmatchedReason } from './explain.ts';
import { instanceFromDense, type MatchingInstance, type SolveMode, validateLocks } from './instance.ts';
import type { MenteeProfile, MentorProfile } from './profiles.ts';
import { buildScoringContext, type ScoringContext } from './scoring-context.ts';
import { type ScoreMatrix, scoreAll } from './scoring-fast-path.ts';
import { solve } from './solvers/index.ts';

interface MatchPeopleOptions {
  /** Seed passed to the solver; same input and seed give the same result. */
  seed?: number;
  /** Instant whose time-zone offsets are used (default: now). */
  at?: Date;
  /** Pairs the admin fixed, by person id: always kept, counted against capacity. */
  locked?: ReadonlyArray<readonly [menteeId: string, mentorId: string]>;
  /**
   * Keep only each mentee's best N eligible mentors (ties: lower mentor index) before solving; the result is then
   * optimal for the candidate pairs only. Default: all pairs, which is exact and, for large programs, about as fast:
   * the solver itself starts from candidates and widens until the dual proves optimality on every pair.
   */
  candidatesPerMentee?: number;
  /** Explain every pair (default true); off saves time when only the assignment is wanted. */
  explain?: boolean;
  onProgress?: (phase: 'scoring' | 'solving', done: number, total: number) => void;
}

interface MatchedPair {
  menteeIndex: number;
  mentorIndex: number;
  menteeId: string;
  mentorId: string;
  /** 0–10000 (shown as 0–100.00). */
  score: number;
  locked: boolean;
  explanation: PairExplanation | null;
}

interface UnmatchedMentee {
  menteeIndex: number;
  menteeId: string;
  reason: UnmatchedReason;
}

interface MatchStatistics {
  mentees: number;
  mentors: number;
  matched: number;
  /** Share of mentees matched, 0–1. */
  matchedShare: number;
  meanScore: number;
  /** Lowest pair score, -1 when nothing is matched. */
  minScore: number;
  totalScore: number;
  eligiblePairs: number;
  milliseconds: { scoring: number; solving: number; explaining: number };
}

export interface MatchPeopleResult {
  pairs: MatchedPair[];
  unmatched: UnmatchedMentee[];
  statistics: MatchStatistics;
  /** For callers that explain more pairs or suggest afterwards without rebuilding indexes. */
  context: ScoringContext;
  matrix: ScoreMatrix;
}

/** Scores all pairs, applies the hard rules, solves in `mode`, and explains the pairs and the unmatched. */
export function matchPeople(
  mentors: readonly MentorProfile[],
  mentees: readonly MenteeProfile[],
  criteria: Criteria,
  mode: SolveMode,
  options: MatchPeopleOptions = {},
): MatchPeopleResult {
  const started = performance.now();
  const context = buildScoringContext(mentors, mentees, criteria, { at: options.at });
  const locked = (options.locked ?? []).map(([menteeId, mentorId], index): [number, number] => {
    const i = context.menteeIndexById.get(menteeId);
    const j = context.mentorIndexById.get(mentorId);
    if (i === undefined)
      throw new AppError('validation_failed', `locked[${index}]: unknown mentee ${menteeId}`);
    if (j === undefined)
      throw new AppError('validation_failed', `locked[${index}]: unknown mentor ${mentorId}`);
    return [i, j];
  });
  const matrix = scoreAll(context, {
    onProgress: options.onProgress && ((done, total) => options.onProgress?.('scoring', done, total)),
  });
  const scored = performance.now();

  const capacities = Array.from(context.mentorRemaining);
  const instance =
    options.candidatesPerMentee === undefined
      ? instanceFromDense(mentees.length, capacities, matrix.scores, locked)
      : candidateInstance(matrix, context.mentorRemaining, options.candidatesPerMentee, locked);
  const result = solve(instance, mode, {
    seed: options.seed,
    onProgress: options.onProgress && ((done, total) => options.onProgress?.('solving', done, total)),
  });
  const solved = performance.now();

  const lockedSet = new Set(locked.map(([i, j]) => i * mentors.length + j));
  const pairs: MatchedPair[] = [];
  const unmatched: UnmatchedMentee[] = [];
  let totalScore = 0;
  let minScore = -1;
  for (let i = 0; i < mentees.length; i++) {
    const j = result.mentorOf[i];
    if (j < 0) {
      unmatched.push({ menteeIndex: i, menteeId: mentees[i].id, reason: unmatchedReason(matrix, i) });
      continue;
    }
    const explanation = options.explain === false ? null : explainPair(context, i, j);
    // A locked pair may break a rule; its score is still the criteria's verdict.
    const score =
      matrix.scores[i * mentors.length + j] >= 0
        ? matrix.scores[i * mentors.length + j]
        : (explanation?.score ?? 0);
    totalScore += score;
    minScore = minScore < 0 ? score : Math.min(minScore, score);
    pairs.push({
      menteeIndex: i,
      mentorIndex: j,
      menteeId: mentees[i].id,
      mentorId: mentors[j].id,
      score,
      locked: lockedSet.has(i * mentors.length + j),
      explanation,
    });
  }
  const eligiblePairs = matrix.eligibleCount.reduce((sum, count) => sum + count, 0);
  return {
    pairs,
    unmatched,
    statistics: {
      mentees: mentees.length,
      mentors: mentors.length,
      matched: pairs.length,
      matchedShare: mentees.length === 0 ? 0 : pairs.length / mentees.length,
      meanScore: pairs.length === 0 ? 0 : totalScore / pairs.length,
      minScore,
      totalScore,
      eligiblePairs,
      milliseconds: {
        scoring: scored - started,
        solving: solved - scored,
        explaining: performance.now() - solved,
      },
    },
    context,
    matrix,
  };
}

/** k-th largest value of `values[0..count)` (1-based k ≤ count); reorders `values`. Iterative quickselect. */
function kthLargest(values: Int32Array, count: number, k: number): number {
  let lo = 0;
  let hi = count - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target];
  }
  return values[target];
}

/**
 * A solver instance holding, per mentee, only the `perMentee` best eligible mentors (ties broken by lower mentor
 * index, so it is deterministic), plus any locked pair that is eligible. Arcs are sorted by mentor per mentee.
 */
export function candidateInstance(
  matrix: ScoreMatrix,
  capacities: Int32Array,
  perMentee: number,
  locked: ReadonlyArray<readonly [number, number]> = [],
): MatchingInstance {
  if (!Number.isInteger(perMentee) || perMentee < 1) {
    throw new AppError('validation_failed', 'candidatesPerMentee: must be a whole number >= 1');
  }
  const { menteeCount: n, mentorCount: m, scores } = matrix;
  const lockedMentor = new Int32Array(n).fill(-1);
  for (const [i, j] of locked) lockedMentor[i] = j;
  const arcStart = new Int32Array(n + 1);
  const mentorList: number[] = [];
  const scoreList: number[] = [];
  const buffer = new Int32Array(m);
  for (let i = 0; i < n; i++) {
    arcStart[i] = mentorList.length;
    const row = i * m;
    let count = 0;
    for (let j = 0; j < m; j++) if (scores[row + j] >= 0) buffer[count++] = scores[row + j];
    let threshold = 0;
    let tiesLeft = m;
    if (count > perMentee) {
      threshold = kthLargest(buffer, count, perMentee);
      let above = 0;
      for (let j = 0; j < m; j++) if (scores[row + j] > threshold) above++;
      tiesLeft = perMentee - above;
    }
    for (let j = 0; j < m; j++) {
      const s = scores[row + j];
      if (s < 0) continue;
      let keep = s > threshold || j === lockedMentor[i];
      if (!keep && s === threshold && tiesLeft > 0) {
        keep = true;
        tiesLeft--;
      }
      if (keep) {
        mentorList.push(j);
        scoreList.push(s);
      }
    }
  }
  arcStart[n] = mentorList.length;
  const mentorCapacity = Int32Array.from(capacities);
  validateLocks(n, mentorCapacity, locked);
  return {
    menteeCount: n,
    mentorCapacity,
    arcStart,
    arcMentor: Int32Array.from(mentorList),
    arcScore: Int32Array.from(scoreList),
    locked: locked.length > 0 ? locked : undefined,
  };
}
