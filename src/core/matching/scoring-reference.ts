/*
 * The per-pair reference: reads the profiles directly, criterion by criterion. Explanations use it, and it is the
 * oracle the fast path (scoring-fast-path.ts) must equal on every pair.
 */
import { criterionCount, criterionIndex } from './criteria.ts';
import { answerTerms, distinctTerms, normaliseTerm } from './profiles.ts';
import { levelAllowed, mustRuleIndex, type RuleKey, ruleKeys } from './rules.ts';
import type { ScoringContext } from './scoring-context.ts';
import {
  fullScore,
  neutral,
  quantise,
  ratioQ,
  roundedScore,
  seniorityFit,
  timeZoneQ,
} from './scoring-scale.ts';
import { cosine } from './text-similarity.ts';

// Criterion positions by name, short because the row code reads them everywhere.
const C = criterionIndex;

function sameTerm(a: string | null, b: string | null): boolean | null {
  if (a === null || b === null) return null;
  const x = normaliseTerm(a);
  const y = normaliseTerm(b);
  if (x === '' || y === '') return null;
  return x === y;
}

function booleanQ(value: boolean | null): number {
  return value === null ? neutral : value ? fullScore : 0;
}

/**
 * Quantised value (0–10000) of every criterion for one pair, in `criterionKeys` order, and which of them are the
 * neutral value because data is missing on a side (or the mentee stated no preference); reads the profiles.
 */
function criterionValues(
  context: ScoringContext,
  menteeIndex: number,
  mentorIndex: number,
): { q: Int32Array; missing: Uint8Array } {
  const mentee = context.mentees[menteeIndex];
  const mentor = context.mentors[mentorIndex];
  const q = new Int32Array(criterionCount);
  const missing = new Uint8Array(criterionCount);

  const wanted = distinctTerms(mentee.skillsWanted);
  const offeredSet = new Set(distinctTerms(mentor.skillsOffered));
  missing[C.skills] = wanted.length === 0 ? 1 : 0;
  q[C.skills] =
    wanted.length === 0 ? neutral : ratioQ(wanted.filter((s) => offeredSet.has(s)).length, wanted.length);

  const menteeGoal = context.menteeGoals[menteeIndex];
  const mentorGoal = context.mentorGoals[mentorIndex];
  missing[C.goals] = menteeGoal.terms.length === 0 || mentorGoal.terms.length === 0 ? 1 : 0;
  q[C.goals] = missing[C.goals] ? neutral : quantise(cosine(menteeGoal, mentorGoal));

  const sameFunction = sameTerm(mentee.targetFunction, mentor.jobFunction);
  missing[C.function] = sameFunction === null ? 1 : 0;
  q[C.function] = booleanQ(sameFunction);
  missing[C.learningStyle] = mentee.learningStyle === null || mentor.learningStyle === null ? 1 : 0;
  q[C.learningStyle] = booleanQ(
    missing[C.learningStyle] ? null : mentee.learningStyle === mentor.learningStyle,
  );
  missing[C.seniority] = mentee.level === null || mentor.level === null ? 1 : 0;
  q[C.seniority] = missing[C.seniority]
    ? neutral
    : quantise(seniorityFit(context.criteria.levelRule, mentor.level! - mentee.level!));

  const offsetOf = (zone: string | null) =>
    zone === null || zone === '' ? null : (context.zoneOffsets.get(zone) ?? null);
  const menteeOffset = offsetOf(mentee.timeZone);
  const mentorOffset = offsetOf(mentor.timeZone);
  missing[C.timeZone] = menteeOffset === null || mentorOffset === null ? 1 : 0;
  q[C.timeZone] = timeZoneQ(menteeOffset, mentorOffset);

  const menteeLanguages = distinctTerms(mentee.languages);
  const mentorLanguages = new Set(distinctTerms(mentor.languages));
  missing[C.language] = menteeLanguages.length === 0 || mentorLanguages.size === 0 ? 1 : 0;
  q[C.language] = booleanQ(missing[C.language] ? null : menteeLanguages.some((l) => mentorLanguages.has(l)));

  const sameDepartment = sameTerm(mentee.department, mentor.department);
  missing[C.department] = mentee.departmentPreference === 'any' || sameDepartment === null ? 1 : 0;
  q[C.department] = missing[C.department]
    ? neutral
    : booleanQ(mentee.departmentPreference === 'same' ? sameDepartment! : !sameDepartment);

  let answered = 0;
  let sum = 0;
  for (const question of context.index.questions) {
    const mine = answerTerms(mentee.answers[question.id]);
    if (mine.length === 0) continue;
    const theirs = new Set(answerTerms(mentor.answers[question.id]));
    answered++;
    sum += mine.filter((a) => theirs.has(a)).length / mine.length;
  }
  missing[C.answers] = answered === 0 ? 1 : 0;
  q[C.answers] = answered === 0 ? neutral : Math.round(fullScore * (sum / answered));

  missing[C.preference] = mentee.preferredMentorIds.length === 0 ? 1 : 0;
  q[C.preference] = missing[C.preference]
    ? neutral
    : mentee.preferredMentorIds.includes(mentor.id)
      ? fullScore
      : 0;
  return { q, missing };
}

/** Weighted mean of quantised values, rounded: the pair score 0–10000. */
function scoreOf(context: ScoringContext, values: Int32Array): number {
  let total = 0;
  for (let c = 0; c < criterionCount; c++) total += context.weights[c] * values[c];
  return roundedScore(total, context.weightSum, context.inverseWeightSum);
}

interface PairEvaluation {
  values: Int32Array;
  /** 1 where the criterion scored the neutral value because its data is missing (see `neutralShare`). */
  missing: Uint8Array;
  score: number;
  /** The first hard rule that removes the pair, or `null` when the pair is eligible. */
  removedBy: RuleKey | null;
}

/** Scores one pair and checks every hard rule from the profiles; the reference the fast path must equal. */
export function evaluatePair(
  context: ScoringContext,
  menteeIndex: number,
  mentorIndex: number,
): PairEvaluation {
  const mentee = context.mentees[menteeIndex];
  const mentor = context.mentors[mentorIndex];
  const { q: values, missing } = criterionValues(context, menteeIndex, mentorIndex);
  const score = scoreOf(context, values);
  const removedBy = ((): RuleKey | null => {
    if (mentee.id === mentor.id) return 'self';
    if (mentee.managerChain.includes(mentor.id)) return 'manager_chain';
    if (mentee.avoidIds.includes(mentor.id)) return 'mentee_avoids';
    if (mentor.avoidIds.includes(mentee.id)) return 'mentor_declines';
    if (context.previousPairKeys.has(`${mentee.id}\u0000${mentor.id}`)) return 'previous_pair';
    if (mentor.capacity - (mentor.currentMentees ?? 0) <= 0) return 'mentor_full';
    if (!levelAllowed(context.criteria.levelRule, mentee.level, mentor.level)) return 'level';
    for (let c = 0; c < criterionCount; c++) {
      if (context.mustThreshold[c] >= 0 && values[c] < context.mustThreshold[c])
        return ruleKeys[mustRuleIndex(c)];
    }
    if (context.criteria.minimumScore !== undefined && score < context.criteria.minimumScore)
      return 'minimum_score';
    return null;
  })();
  return { values, missing, score, removedBy };
}
