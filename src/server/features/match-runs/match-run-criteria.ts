import type { CriteriaInput, CriteriaView } from '../../../contracts/match-runs.contracts.ts';
import { type Criteria, defaultLevelGap, parseCriteria } from '../../../core/matching/criteria.ts';
import { describeRule, unmatchedReason } from '../../../core/matching/explain.ts';
import { defaultCohesionWeight } from '../../../core/matching/groups/cohesion.ts';
import type { MenteeProfile, MentorProfile } from '../../../core/matching/profiles.ts';
import { levelAllowed, type RuleKey } from '../../../core/matching/rules.ts';
import { buildScoringContext, type ScoringContext } from '../../../core/matching/scoring-context.ts';
import { scoreAll } from '../../../core/matching/scoring-fast-path.ts';
import type { Db } from '../../db/client.ts';
import { loadMatchingProfiles } from '../enrolments/enrolment-profiles.service.ts';
import type { ProgramRow } from '../programs/program-access.ts';
import { programCriteria, programType } from '../programs/programs.service.ts';
import type { MatchRunRow } from './match-runs.repository.ts';
import * as repo from './match-runs.repository.ts';

/**
 * What a match run is computed from: the program's criteria as staff see and edit them, the engine's input (the
 * program's profiles and previous pairs), and the identity rules no criteria setting turns off.
 */

export function criteriaView(criteria: Criteria): CriteriaView {
  return {
    weights: { ...criteria.weights },
    levelRule: { type: criteria.levelRule.type, gap: criteria.levelRule.gap ?? defaultLevelGap },
    minimumScore: criteria.minimumScore === undefined ? null : criteria.minimumScore / 100,
    cohesion: criteria.cohesion ?? defaultCohesionWeight,
  };
}

export function applyCriteriaInput(program: ProgramRow, input: CriteriaInput): Criteria {
  const current = programCriteria(program);
  return {
    ...current,
    weights: { ...current.weights, ...(input.weights as Partial<Criteria['weights']>) },
    levelRule: { type: programType(program), gap: input.levelRule?.gap ?? current.levelRule.gap },
    minimumScore:
      input.minimumScore === undefined
        ? current.minimumScore
        : input.minimumScore === null
          ? undefined
          : Math.round(input.minimumScore * 100),
    cohesion: input.cohesion ?? current.cohesion,
  };
}

/** What is stored in `programs.criteria`: what `parseCriteria` reads back (previous pairs are never stored). */
export function storedCriteria(criteria: Criteria) {
  return {
    weights: criteria.weights,
    levelRule: criteria.levelRule,
    ...(criteria.minimumScore === undefined ? {} : { minimumScore: criteria.minimumScore }),
    ...(criteria.mustThresholds ? { mustThresholds: criteria.mustThresholds } : {}),
    ...(criteria.cohesion === undefined ? {} : { cohesion: criteria.cohesion }),
  };
}

/** The criteria a run was made with (the program's when they no longer parse), under the program's level rule type. */
export function runCriteriaOf(run: MatchRunRow, program: ProgramRow): Criteria {
  const parsed = parseCriteria(run.criteria ?? undefined);
  const criteria = parsed.ok ? parsed.value : programCriteria(program);
  return { ...criteria, levelRule: { ...criteria.levelRule, type: programType(program) } };
}

/**
 * The engine's input for a program as it stands: profiles of approved enrolments, without the mentees already paired
 * except those in `keepMenteeEnrolmentIds` (a pair being explained or edited).
 */
export async function loadInput(
  db: Db,
  program: ProgramRow,
  criteria: Criteria,
  keepMenteeEnrolmentIds: readonly string[] = [],
) {
  const [profiles, previousPairs, paired, matchingQuestions] = await Promise.all([
    loadMatchingProfiles(db, program.organisationId, program.id),
    repo.listPreviousPersonPairs(db, program.organisationId, program.id),
    repo.listPairedMenteeEnrolments(db, program.organisationId, program.id),
    repo.listMatchingQuestionIds(db, program.id),
  ]);
  return {
    mentors: profiles.mentors,
    mentees: profiles.mentees.filter(
      (mentee) => !paired.has(mentee.enrolmentId) || keepMenteeEnrolmentIds.includes(mentee.enrolmentId),
    ),
    criteria: { ...criteria, previousPairs, matchingQuestions } satisfies Criteria,
  };
}

/**
 * The engine's input as a run saw it, as near as the program's rows allow: the run's own mentees (not the ones still
 * unpaired today) and the previous pairs that existed before it was solved (not the pairs it started itself). For
 * explaining pairs scored before explanations were stored with the run.
 */
export async function loadRunSnapshotInput(db: Db, program: ProgramRow, run: MatchRunRow, solvedAt: Date) {
  const [profiles, previousPairs, runPairs, matchingQuestions] = await Promise.all([
    loadMatchingProfiles(db, program.organisationId, program.id),
    repo.listPreviousPersonPairs(db, program.organisationId, program.id, solvedAt),
    repo.listAllPairs(db, run.id),
    repo.listMatchingQuestionIds(db, program.id),
  ]);
  const inRun = new Set(runPairs.map((pair) => pair.menteeEnrolmentId));
  return {
    mentors: profiles.mentors,
    mentees: profiles.mentees.filter((mentee) => inRun.has(mentee.enrolmentId)),
    criteria: { ...runCriteriaOf(run, program), previousPairs, matchingQuestions } satisfies Criteria,
  };
}

/** How many mentees without an eligible mentor the preview names. */
const namedWithoutEligible = 20;

/** Score distribution and who would have no eligible mentor under some criteria, and why, in words. */
export function criteriaPreview(input: Awaited<ReturnType<typeof loadInput>>, at: Date) {
  const { mentors, mentees, criteria } = input;
  const context = buildScoringContext(mentors, mentees, criteria, { at });
  const matrix = scoreAll(context);
  const buckets = new Array<number>(10).fill(0);
  for (const score of matrix.scores) if (score >= 0) buckets[Math.min(9, Math.floor(score / 1000))]++;
  const byRule: Record<string, number> = {};
  const ruleReasons: Record<string, string> = {};
  const without: { menteeEnrolmentId: string; name: string; reason: string }[] = [];
  for (let i = 0; i < mentees.length; i++) {
    if (matrix.eligibleCount[i] > 0) continue;
    // No rule removed anyone when there is no mentor at all.
    const first = unmatchedReason(matrix, i).removed.at(0);
    const top = first ? first.rule : 'no_mentors';
    byRule[top] = (byRule[top] ?? 0) + 1;
    const reason = top === 'no_mentors' ? 'no mentor has enrolled' : describeRule(top);
    ruleReasons[top] = reason;
    const mentee = mentees[i]!;
    without.push({
      menteeEnrolmentId: mentee.enrolmentId,
      name: mentee.name ?? 'A mentee',
      reason,
    });
  }
  without.sort((a, b) => a.name.localeCompare(b.name));
  return {
    mentees: mentees.length,
    mentors: mentors.length,
    eligiblePairs: matrix.eligibleCount.reduce((sum, n) => sum + n, 0),
    histogram: buckets.map((pairs, k) => ({ from: k * 10, to: k * 10 + 10, pairs })),
    menteesWithoutEligibleMentor: without.length,
    withoutEligibleByRule: byRule,
    ruleReasons,
    withoutEligible: without.slice(0, namedWithoutEligible),
  };
}

/**
 * The first identity rule the pair breaks, or null: the reporting line, avoid lists, previous pairs and the level
 * rule of the program type, checked from the profiles whatever the weights say. No edit or lock overrides these and
 * publishing re-checks them; `must` criteria and the minimum score are the admin's own settings, so a deliberate
 * edit may go below them.
 */
export function identityRuleBroken(
  context: Pick<ScoringContext, 'previousPairKeys' | 'criteria'>,
  mentee: MenteeProfile,
  mentor: MentorProfile,
): RuleKey | null {
  if (mentee.id === mentor.id) return 'self';
  if (mentee.managerChain.includes(mentor.id)) return 'manager_chain';
  if (mentee.avoidIds.includes(mentor.id)) return 'mentee_avoids';
  if (mentor.avoidIds.includes(mentee.id)) return 'mentor_declines';
  if (context.previousPairKeys.has(`${mentee.id}\u0000${mentor.id}`)) return 'previous_pair';
  if (!levelAllowed(context.criteria.levelRule, mentee.level, mentor.level)) return 'level';
  return null;
}
