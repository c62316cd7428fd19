import { type CriterionKey, criterionCount, criterionKeys, type Weight } from './criteria.ts';
import { neutralShare, restsOnNeutral } from './neutral-share.ts';
import { normaliseTerm } from './profiles.ts';
import { type RuleKey, ruleKeys } from './rules.ts';
import type { ScoringContext } from './scoring-context.ts';
import type { ScoreMatrix } from './scoring-fast-path.ts';
import { evaluatePair } from './scoring-reference.ts';
import { fullScore, workingHoursOverlap } from './scoring-scale.ts';

/** One criterion's part in a pair's score. */
interface CriterionContribution {
  criterion: CriterionKey;
  /** Criterion value 0–1 (0.5 = unknown data, neutral). */
  value: number;
  /** The value is the neutral 0.5 because data is missing on a side (or the mentee stated no preference). */
  neutral: boolean;
  /** Weight as the admin set it, and as a number (0 when off). */
  weight: Weight;
  numericWeight: number;
  /** Points out of 10000 this criterion adds; the points of all criteria add up to the score exactly. */
  points: number;
  /** Short human-readable reason, e.g. "2 of 3 wanted skills: sql, negotiation". */
  detail: string;
}

export interface PairExplanation {
  menteeId: string;
  mentorId: string;
  /** 0–10000 (shown as 0–100.00), computed even when a rule removed the pair, so "why not" can be answered. */
  score: number;
  removedBy: RuleKey | null;
  criteria: CriterionContribution[];
  /** Share (0–1) of the score that comes from neutral criteria (`neutral-share.ts`). */
  neutralShare: number;
}

const listOf = (values: readonly string[]) =>
  values.slice(0, 5).join(', ') + (values.length > 5 ? ', …' : '');

function detailOf(
  context: ScoringContext,
  menteeIndex: number,
  mentorIndex: number,
  c: CriterionKey,
  q: number,
) {
  const mentee = context.mentees[menteeIndex];
  const mentor = context.mentors[mentorIndex];
  const unknown = 'not known for both';
  switch (c) {
    case 'skills': {
      const offered = new Set(mentor.skillsOffered.map(normaliseTerm));
      const wanted = [...new Set(mentee.skillsWanted.map(normaliseTerm))].filter((s) => s !== '');
      if (wanted.length === 0) return 'mentee wants no listed skill';
      const shared = wanted.filter((s) => offered.has(s));
      return `${shared.length} of ${wanted.length} wanted skills${shared.length ? `: ${listOf(shared)}` : ''}`;
    }
    case 'goals':
      return context.menteeGoals[menteeIndex].terms.length === 0 ||
        context.mentorGoals[mentorIndex].terms.length === 0
        ? 'goals not written on both sides'
        : `goal texts ${Math.round(q / 100)}% similar`;
    case 'function':
      if (!mentee.targetFunction) return 'mentee states no target function';
      if (!mentor.jobFunction) return 'mentor function unknown';
      return q === fullScore
        ? `mentor works in ${mentor.jobFunction}, the function the mentee targets`
        : `mentee targets ${mentee.targetFunction}, mentor works in ${mentor.jobFunction}`;
    case 'learningStyle':
      if (!mentee.learningStyle || !mentor.learningStyle) return unknown;
      return q === fullScore
        ? `both ${mentee.learningStyle}`
        : `${mentee.learningStyle} vs ${mentor.learningStyle}`;
    case 'seniority': {
      if (mentee.level === null || mentor.level === null) return 'levels ' + unknown;
      const gap = mentor.level - mentee.level;
      return gap === 0
        ? 'same level'
        : `mentor ${Math.abs(gap)} level${Math.abs(gap) === 1 ? '' : 's'} ${gap > 0 ? 'above' : 'below'}`;
    }
    case 'timeZone': {
      const a = mentee.timeZone ? context.zoneOffsets.get(mentee.timeZone) : null;
      const b = mentor.timeZone ? context.zoneOffsets.get(mentor.timeZone) : null;
      if (a === null || a === undefined || b === null || b === undefined) return 'time zones ' + unknown;
      const hours = workingHoursOverlap(a, b) / 60;
      return `${hours} h of 9–17 overlap (${mentee.timeZone} / ${mentor.timeZone})`;
    }
    case 'language': {
      if (mentee.languages.length === 0 || mentor.languages.length === 0) return 'languages ' + unknown;
      const theirs = new Set(mentor.languages.map(normaliseTerm));
      const shared = mentee.languages.map(normaliseTerm).filter((l) => theirs.has(l));
      return shared.length ? `shared: ${listOf(shared)}` : 'no shared language';
    }
    case 'department':
      if (mentee.departmentPreference === 'any') return 'mentee has no department preference';
      if (!mentee.department || !mentor.department) return 'departments ' + unknown;
      return `mentee prefers ${mentee.departmentPreference} department; mentor in ${mentor.department}`;
    case 'answers': {
      const questions = context.criteria.matchingQuestions ?? [];
      const asked = questions.filter((id) => mentee.answers[id] !== undefined);
      if (asked.length === 0) return 'no matching question answered';
      return `form answers ${Math.round(q / 100)}% alike over ${asked.length} question${asked.length === 1 ? '' : 's'}`;
    }
    case 'preference':
      if (mentee.preferredMentorIds.length === 0) return 'mentee named no preferred mentor';
      return q === fullScore ? 'mentee named this mentor' : 'not among the mentors the mentee named';
  }
}

/** Each criterion's value, weight and points for one pair; computed on demand from the profiles. */
export function explainPair(
  context: ScoringContext,
  menteeIndex: number,
  mentorIndex: number,
): PairExplanation {
  const { values, missing, score, removedBy } = evaluatePair(context, menteeIndex, mentorIndex);
  // Largest remainder, so the displayed points add up to the displayed score.
  const exact = criterionKeys.map((_, c) =>
    context.weightSum === 0 ? 0 : (context.weights[c] * values[c]) / context.weightSum,
  );
  const points = exact.map(Math.floor);
  let left = score - points.reduce((sum, p) => sum + p, 0);
  const order = criterionKeys
    .map((_, c) => c)
    .filter((c) => context.weights[c] > 0)
    .sort((a, b) => exact[b] - points[b] - (exact[a] - points[a]) || a - b);
  for (let k = 0; left > 0 && order.length > 0; k = (k + 1) % order.length, left--) points[order[k]]++;

  const criteria: CriterionContribution[] = [];
  for (let c = 0; c < criterionCount; c++) {
    const key = criterionKeys[c];
    criteria.push({
      criterion: key,
      value: values[c] / fullScore,
      neutral: missing[c] === 1,
      weight: context.criteria.weights[key],
      numericWeight: context.weights[c] / 1000,
      points: points[c],
      detail: detailOf(context, menteeIndex, mentorIndex, key, values[c]),
    });
  }
  return {
    menteeId: context.mentees[menteeIndex].id,
    mentorId: context.mentors[mentorIndex].id,
    score,
    removedBy,
    criteria,
    neutralShare: neutralShare(context.weights, values, missing),
  };
}

/** A score 0–10000 as shown to people: "87.25". */
export function formatScore(score: number): string {
  return (score / 100).toFixed(2);
}

const criterionLabels: Record<CriterionKey, string> = {
  skills: 'skills',
  goals: 'goals',
  function: 'target function',
  learningStyle: 'learning style',
  seniority: 'seniority',
  timeZone: 'time zone',
  language: 'language',
  department: 'department',
  answers: 'form answers',
  preference: 'preference',
};

/** One line: weighted criteria by points, e.g. "skills +40.00 (2 of 3 wanted skills: sql, …); goals +12.10 (…)". */
export function explanationText(
  explanation: Pick<PairExplanation, 'criteria' | 'removedBy'> & { neutralShare?: number | null },
): string {
  const parts = explanation.criteria
    .filter((c) => c.numericWeight > 0)
    .sort((a, b) => b.points - a.points)
    .map((c) => `${criterionLabels[c.criterion]} +${formatScore(c.points)} (${c.detail})`);
  const removed = explanation.removedBy ? ` [removed: ${describeRule(explanation.removedBy)}]` : '';
  const warning =
    explanation.neutralShare != null && restsOnNeutral(explanation.neutralShare)
      ? ` [${neutralWarning(explanation)}]`
      : '';
  return parts.join('; ') + removed + warning;
}

/**
 * Why a pair resting mostly on neutral values should be looked at, in words: e.g. "64% of this score comes from
 * criteria with information missing (skills, goals, time zone): the pair was matched on little evidence".
 */
export function neutralWarning(
  explanation: { neutralShare?: number | null } & {
    criteria: readonly Pick<CriterionContribution, 'criterion' | 'numericWeight' | 'neutral'>[];
  },
): string {
  const missing = explanation.criteria
    .filter((c) => c.neutral && c.numericWeight > 0)
    .map((c) => criterionLabels[c.criterion]);
  const percent = Math.round(100 * (explanation.neutralShare ?? 0));
  return `${percent}% of this score comes from criteria with information missing (${missing.join(', ')}): the pair was matched on little evidence`;
}

const ruleDescriptions: Record<string, string> = {
  self: 'the mentor is the mentee',
  manager_chain: 'the mentor is in the mentee’s reporting line',
  mentee_avoids: 'the mentee asked to avoid this mentor',
  mentor_declines: 'the mentor declined this mentee',
  previous_pair: 'already paired in this program',
  mentor_full: 'the mentor has no capacity left',
  level: 'the level rule of the program type',
  minimum_score: 'below the minimum score',
};

/** Human wording of a rule key. */
export function describeRule(rule: RuleKey): string {
  if (rule.startsWith('must:'))
    return `must-have criterion "${criterionLabels[rule.slice(5) as CriterionKey]}" not met`;
  return ruleDescriptions[rule] ?? rule;
}

type UnmatchedReasonCode = 'no_eligible_mentor' | 'mentors_at_capacity' | 'below_minimum_score';

export interface UnmatchedReason {
  code: UnmatchedReasonCode;
  eligibleMentors: number;
  /** Mentors removed per rule, most first (only rules that removed someone). */
  removed: { rule: RuleKey; removed: number }[];
}

/**
 * Why mentee `menteeIndex` got no mentor: eligible mentors existed (so they were all taken), or every mentor was
 * removed — by the minimum score for at least one (the admin can lower it), or by other rules, named with counts.
 */
export function unmatchedReason(matrix: ScoreMatrix, menteeIndex: number): UnmatchedReason {
  const rules = ruleKeys.length;
  const removed = ruleKeys
    .map((rule, r) => ({ rule, removed: matrix.removedCounts[menteeIndex * rules + r] }))
    .filter((entry) => entry.removed > 0)
    .sort((a, b) => b.removed - a.removed);
  const eligibleMentors = matrix.eligibleCount[menteeIndex];
  const code: UnmatchedReasonCode =
    eligibleMentors > 0
      ? 'mentors_at_capacity'
      : removed.some((entry) => entry.rule === 'minimum_score')
        ? 'below_minimum_score'
        : 'no_eligible_mentor';
  return { code, eligibleMentors, removed };
}

/** One line for an unmatched mentee, e.g. "no eligible mentor: level rule 1800, reporting line 2". */
export function unmatchedText(reason: UnmatchedReason): string {
  const head = {
    no_eligible_mentor: 'no eligible mentor',
    mentors_at_capacity: `all ${reason.eligibleMentors} eligible mentors were taken`,
    below_minimum_score: 'every remaining mentor scored below the minimum',
  }[reason.code];
  if (reason.removed.length === 0) return head;
  const breakdown = reason.removed.map((entry) => `${describeRule(entry.rule)} ${entry.removed}`).join(', ');
  return reason.code === 'mentors_at_capacity'
    ? `${head} (others removed: ${breakdown})`
    : `${head}: ${breakdown}`;
}
