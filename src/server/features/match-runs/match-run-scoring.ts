import { AppError } from '../../../core/errors.ts';
import { type Criteria, criterionKeys } from '../../../core/matching/criteria.ts';
import {
  describeRule,
  explainPair,
  explanationText,
  neutralWarning,
  type PairExplanation,
  unmatchedText,
} from '../../../core/matching/explain.ts';
import { restsOnNeutral } from '../../../core/matching/neutral-share.ts';
import type { RuleKey } from '../../../core/matching/rules.ts';
import { buildScoringContext, type ScoringContext } from '../../../core/matching/scoring-context.ts';
import { fullScore } from '../../../core/matching/scoring-scale.ts';
import type { Db } from '../../db/client.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { identityRuleBroken, loadInput, loadRunSnapshotInput, runCriteriaOf } from './match-run-criteria.ts';
import { shown } from './match-run-views.ts';
import type { MatchRunPairRow, MatchRunRow } from './match-runs.repository.ts';
import * as repo from './match-runs.repository.ts';

/**
 * A run's pairs scored again over the program as it stands now (for edits of a draft), and the explanation each
 * matched pair keeps from the moment it was scored (decision 016).
 */

/**
 * What a pair keeps of its explanation, compact because a run keeps one per matched pair: per criterion, in
 * `criterionKeys` order, its value (0–10000), numeric weight (×1000), points and detail; the rule that removed the
 * pair, if any; and the score the points add up to (0–10000). The weight labels are the run's criteria.
 */
interface StoredExplanation {
  score: number;
  removedBy: RuleKey | null;
  values: number[];
  weights: number[];
  points: number[];
  details: string[];
  /**
   * 1 where the criterion scored neutral because data was missing, and the share of the score from those (0–10000);
   * absent from pairs stored before they were kept (issue 13 §4): read back as unknown, never guessed from values.
   */
  neutral?: number[];
  neutralShare?: number;
}

/** A stored share of neutral points (0–10000) as 0–1; null when the pair was stored without it. */
function neutralShareOf(stored: StoredExplanation): number | null {
  return typeof stored.neutralShare === 'number' ? stored.neutralShare / fullScore : null;
}

/** The explanation to store with a pair scored now (by the solver or an edit); its points add up to its score. */
export function storedExplanation(context: ScoringContext, i: number, j: number): StoredExplanation {
  const { score, removedBy, criteria, neutralShare } = explainPair(context, i, j);
  return {
    score,
    removedBy,
    values: criteria.map((c) => Math.round(c.value * fullScore)),
    weights: criteria.map((c) => Math.round(c.numericWeight * 1000)),
    points: criteria.map((c) => c.points),
    details: criteria.map((c) => c.detail),
    neutral: criteria.map((c) => (c.neutral ? 1 : 0)),
    neutralShare: Math.round(neutralShare * fullScore),
  };
}

/** A stored explanation read back, with the weight labels of the run's criteria. */
function restoredExplanation(
  stored: StoredExplanation,
  criteria: Criteria,
): Pick<PairExplanation, 'criteria' | 'removedBy'> & { neutralShare: number | null } {
  return {
    removedBy: stored.removedBy,
    neutralShare: neutralShareOf(stored),
    criteria: criterionKeys.map((criterion, c) => ({
      criterion,
      value: (stored.values[c] ?? 0) / fullScore,
      neutral: stored.neutral?.[c] === 1,
      weight: criteria.weights[criterion] ?? 'off',
      numericWeight: (stored.weights[c] ?? 0) / 1000,
      points: stored.points[c] ?? 0,
      detail: stored.details[c] ?? '',
    })),
  };
}

/**
 * The run's scoring context rebuilt over the program's current profiles (goal-text weights depend on everyone's
 * texts, so a pair is scored among all the others, as in the run). Mentees already paired are left out, as in a
 * run, except the ones asked about.
 */
export async function runScoring(
  db: Db,
  program: ProgramRow,
  run: MatchRunRow,
  at: Date,
  menteeEnrolmentIds: readonly string[],
) {
  const { mentors, mentees, criteria } = await loadInput(
    db,
    program,
    runCriteriaOf(run, program),
    menteeEnrolmentIds,
  );
  const context = buildScoringContext(mentors, mentees, criteria, { at });
  const menteeIndex = new Map(mentees.map((m, i) => [m.enrolmentId, i]));
  const mentorIndex = new Map(mentors.map((m, j) => [m.enrolmentId, j]));
  return {
    context,
    mentees,
    mentors,
    find(menteeEnrolmentId: string, mentorEnrolmentId: string) {
      const i = menteeIndex.get(menteeEnrolmentId);
      const j = mentorIndex.get(mentorEnrolmentId);
      return {
        i,
        j,
        mentee: i === undefined ? undefined : mentees[i],
        mentor: j === undefined ? undefined : mentors[j],
      };
    },
  };
}
type RunScoring = Awaited<ReturnType<typeof runScoring>>;

/** The pair's explanation (with its score) to store with an edit, or a 409 naming the identity rule it breaks. */
export function checkedExplanation(scoring: RunScoring, i: number, j: number) {
  const mentee = scoring.mentees[i]!;
  const mentor = scoring.mentors[j]!;
  const broken = identityRuleBroken(scoring.context, mentee, mentor);
  if (broken)
    throw new AppError(
      'conflict',
      `${mentor.name ?? 'This mentor'} cannot mentor ${mentee.name ?? 'this mentee'}: ${describeRule(broken)}`,
      { rule: broken },
    );
  return storedExplanation(scoring.context, i, j);
}

/**
 * Explanations for pairs made before explanations were stored: scored again over the run's snapshot (its own mentees,
 * the previous pairs that existed when it was solved, mentors with the room they had then), so the relationships the
 * run started itself do not count against it. Built once per run; null for a pair one of whom is no longer enrolled.
 */
async function snapshotExplainer(db: Db, program: ProgramRow, run: MatchRunRow) {
  const solvedAt = run.finishedAt ?? run.createdAt;
  const { mentors, mentees, criteria } = await loadRunSnapshotInput(db, program, run, solvedAt);
  // A pair the run made had a place with its mentor when it was solved; today's load includes the run's own pairs.
  const roomy = mentors.map((mentor) => ({ ...mentor, currentMentees: 0 }));
  const context = buildScoringContext(roomy, mentees, criteria, { at: solvedAt });
  const menteeIndex = new Map(mentees.map((mentee, i) => [mentee.enrolmentId, i]));
  const mentorIndex = new Map(roomy.map((mentor, j) => [mentor.enrolmentId, j]));
  return (menteeEnrolmentId: string, mentorEnrolmentId: string): StoredExplanation | null => {
    const i = menteeIndex.get(menteeEnrolmentId);
    const j = mentorIndex.get(mentorEnrolmentId);
    return i === undefined || j === undefined ? null : storedExplanation(context, i, j);
  };
}

type UnmatchedReason = {
  code: string;
  eligibleMentors: number;
  removed: { rule: RuleKey; removed: number }[];
};

function unmatchedReasonOf(pair: Pick<MatchRunPairRow, 'reason'>): UnmatchedReason {
  return (pair.reason ?? { code: 'unknown', eligibleMentors: 0, removed: [] }) as UnmatchedReason;
}

function unmatchedReasonText(reason: UnmatchedReason): string {
  return reason.code === 'unmatched_by_edit'
    ? 'unmatched by an edit'
    : unmatchedText(reason as Parameters<typeof unmatchedText>[0]);
}

/**
 * One line per pair of a run saying why, as it was solved: the explanation of a matched pair (stored, or over the
 * run's snapshot for older runs), or why a mentee has no mentor. For the pairs export.
 */
export async function whyLinesOfRun(
  db: Db,
  program: ProgramRow,
  run: MatchRunRow,
): Promise<
  (
    pair: Pick<MatchRunPairRow, 'menteeEnrolmentId' | 'mentorEnrolmentId' | 'reason' | 'explanation'>,
  ) => string
> {
  const criteria = runCriteriaOf(run, program);
  // Only a run solved before explanations were stored needs its snapshot rebuilt.
  const snapshot =
    (await repo.countPairsWithoutExplanation(db, run.id)) > 0
      ? await snapshotExplainer(db, program, run)
      : null;
  return (pair) => {
    if (!pair.mentorEnrolmentId) return unmatchedReasonText(unmatchedReasonOf(pair));
    const stored =
      (pair.explanation as StoredExplanation | null) ??
      snapshot?.(pair.menteeEnrolmentId, pair.mentorEnrolmentId);
    return stored
      ? explanationText(restoredExplanation(stored, criteria))
      : 'one of the pair is no longer enrolled';
  };
}

/**
 * The criteria of each matched pair of a run as it was scored (stored, or over the run's snapshot for older runs),
 * for the notices that tell the pair why they were matched; null for a pair that cannot be explained any more.
 */
export async function criteriaOfRun(
  db: Db,
  program: ProgramRow,
  run: MatchRunRow,
): Promise<
  (
    pair: Pick<MatchRunPairRow, 'menteeEnrolmentId' | 'mentorEnrolmentId' | 'explanation'>,
  ) => PairExplanation['criteria'] | null
> {
  const criteria = runCriteriaOf(run, program);
  const snapshot =
    (await repo.countPairsWithoutExplanation(db, run.id)) > 0
      ? await snapshotExplainer(db, program, run)
      : null;
  return (pair) => {
    if (!pair.mentorEnrolmentId) return null;
    const stored =
      (pair.explanation as StoredExplanation | null) ??
      snapshot?.(pair.menteeEnrolmentId, pair.mentorEnrolmentId);
    return stored ? restoredExplanation(stored, criteria).criteria.filter((c) => c.numericWeight > 0) : null;
  };
}

/**
 * Why a pair of the run was made, as it was scored (the explanation stored with the pair; for older runs, scored
 * again over the run's snapshot), or why its mentee has no mentor.
 */
export async function explainPairOfRun(db: Db, program: ProgramRow, run: MatchRunRow, pair: MatchRunPairRow) {
  const { menteeEnrolmentId } = pair;
  if (!pair.mentorEnrolmentId) {
    const reason = unmatchedReasonOf(pair);
    const text = unmatchedReasonText(reason);
    return {
      menteeEnrolmentId,
      mentorEnrolmentId: null,
      matched: false,
      score: null,
      text,
      criteria: [],
      neutralShare: null,
      restsOnNeutral: false,
      neutralWarning: null,
      unmatched: {
        code: reason.code,
        eligibleMentors: reason.eligibleMentors ?? 0,
        removed: (reason.removed ?? []).map((entry) => ({
          rule: entry.rule,
          description: describeRule(entry.rule),
          removed: entry.removed,
        })),
      },
    };
  }
  const stored =
    (pair.explanation as StoredExplanation | null) ??
    (await snapshotExplainer(db, program, run))(menteeEnrolmentId, pair.mentorEnrolmentId);
  if (!stored) throw new AppError('conflict', 'One of the pair is no longer enrolled in the program');
  const explanation = restoredExplanation(stored, runCriteriaOf(run, program));
  return {
    menteeEnrolmentId,
    mentorEnrolmentId: pair.mentorEnrolmentId,
    matched: true,
    score: shown(pair.score),
    text: explanationText(explanation),
    criteria: explanation.criteria.map((c) => ({
      criterion: c.criterion,
      value: c.value,
      neutral: stored.neutral ? c.neutral : null,
      weight: c.weight,
      points: c.points / 100,
      detail: c.detail,
    })),
    neutralShare: explanation.neutralShare,
    restsOnNeutral: explanation.neutralShare !== null && restsOnNeutral(explanation.neutralShare),
    neutralWarning:
      explanation.neutralShare !== null && restsOnNeutral(explanation.neutralShare)
        ? neutralWarning(explanation)
        : null,
    unmatched: null,
  };
}
