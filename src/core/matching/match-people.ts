import { AppError } from '../errors.ts';
import type { Criteria } from './criteria.ts';
import { explainPair, type PairExplanation, type UnmatchedReason, unmatchedReason } from './explain.ts';
import { instanceFromDense, type SolveMode } from './instance.ts';
import type { MenteeProfile, MentorProfile } from './profiles.ts';
import { buildScoringContext, type ScoreMatrix, type ScoringContext, scoreAll } from './scoring.ts';
import { solve } from './solvers/index.ts';

export interface MatchPeopleOptions {
  /** Seed passed to the solver; same input and seed give the same result. */
  seed?: number;
  /** Instant whose time-zone offsets are used (default: now). */
  at?: Date;
  /** Pairs the admin fixed, by person id: always kept, counted against capacity. */
  locked?: ReadonlyArray<readonly [menteeId: string, mentorId: string]>;
  /** Explain every pair (default true); off saves time when only the assignment is wanted. */
  explain?: boolean;
  onProgress?: (phase: 'scoring' | 'solving', done: number, total: number) => void;
}

export interface MatchedPair {
  menteeIndex: number;
  mentorIndex: number;
  menteeId: string;
  mentorId: string;
  /** 0–10000 (shown as 0–100.00). */
  score: number;
  locked: boolean;
  explanation: PairExplanation | null;
}

export interface UnmatchedMentee {
  menteeIndex: number;
  menteeId: string;
  reason: UnmatchedReason;
}

export interface MatchStatistics {
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
  const instance = instanceFromDense(mentees.length, capacities, matrix.scores, locked);
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
