import { AppError } from '../../../core/errors.ts';
import { describeRule, explainPair, explanationText, unmatchedText } from '../../../core/matching/explain.ts';
import type { RuleKey } from '../../../core/matching/rules.ts';
import { buildScoringContext } from '../../../core/matching/scoring-context.ts';
import { evaluatePair } from '../../../core/matching/scoring-reference.ts';
import type { Db } from '../../db/client.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { identityRuleBroken, loadInput, runCriteriaOf } from './match-run-criteria.ts';
import { shown } from './match-run-views.ts';
import type { MatchRunPairRow, MatchRunRow } from './match-runs.repository.ts';

/** A run's pairs scored again over the program as it stands now: for explanations and for edits. */

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

/** The pair's score, or a 409 naming the identity rule it breaks. */
export function checkedScore(scoring: RunScoring, i: number, j: number) {
  const mentee = scoring.mentees[i]!;
  const mentor = scoring.mentors[j]!;
  const broken = identityRuleBroken(scoring.context, mentee, mentor);
  if (broken)
    throw new AppError(
      'conflict',
      `${mentor.name ?? 'This mentor'} cannot mentor ${mentee.name ?? 'this mentee'}: ${describeRule(broken)}`,
      { rule: broken },
    );
  return evaluatePair(scoring.context, i, j).score;
}

/** Why a pair of the run was made (its criteria, scored again now) or why its mentee has no mentor. */
export async function explainPairOfRun(
  db: Db,
  program: ProgramRow,
  run: MatchRunRow,
  pair: MatchRunPairRow,
  at: Date,
) {
  const { menteeEnrolmentId } = pair;
  if (!pair.mentorEnrolmentId) {
    const reason = (pair.reason ?? { code: 'unknown', eligibleMentors: 0, removed: [] }) as {
      code: string;
      eligibleMentors: number;
      removed: { rule: RuleKey; removed: number }[];
    };
    const text =
      reason.code === 'unmatched_by_edit'
        ? 'unmatched by an edit'
        : unmatchedText(reason as Parameters<typeof unmatchedText>[0]);
    return {
      menteeEnrolmentId,
      mentorEnrolmentId: null,
      matched: false,
      score: null,
      text,
      criteria: [],
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
  const scoring = await runScoring(db, program, run, at, [menteeEnrolmentId]);
  const { i, j } = scoring.find(menteeEnrolmentId, pair.mentorEnrolmentId);
  if (i === undefined || j === undefined)
    throw new AppError('conflict', 'One of the pair is no longer enrolled in the program');
  const explanation = explainPair(scoring.context, i, j);
  return {
    menteeEnrolmentId,
    mentorEnrolmentId: pair.mentorEnrolmentId,
    matched: true,
    score: shown(pair.score),
    text: explanationText(explanation),
    criteria: explanation.criteria.map((c) => ({
      criterion: c.criterion,
      value: c.value,
      weight: c.weight,
      points: c.points / 100,
      detail: c.detail,
    })),
    unmatched: null,
  };
}
