import { criterionKeys, defaultLevelGap, type LevelRule } from './criteria.ts';

/**
 * Hard rules remove a pair before solving. When several rules apply, the pair is counted under the first one in
 * this order, so the per-mentee breakdown adds up to the number of mentors removed.
 */
export const ruleKeys = [
  'self',
  'manager_chain',
  'mentee_avoids',
  'mentor_declines',
  'previous_pair',
  'mentor_full',
  'level',
  ...criterionKeys.map((key) => `must:${key}` as const),
  'minimum_score',
] as const;
export type RuleKey = (typeof ruleKeys)[number];

export const ruleIndex: Readonly<Record<RuleKey, number>> = Object.fromEntries(
  ruleKeys.map((key, index) => [key, index]),
) as Record<RuleKey, number>;

/** Index of the `must` rule of a criterion. */
export function mustRuleIndex(criterionIndex: number): number {
  return ruleIndex['must:skills'] + criterionIndex;
}

/** Minimum mentor-minus-mentee level gap of a one-to-one, group or flash program. */
export function levelGap(rule: LevelRule): number {
  return rule.gap ?? defaultLevelGap;
}

/**
 * Whether the program type allows this pair's levels. Unknown levels pass: the rule cannot be checked, and the
 * seniority criterion then scores neutral instead.
 */
export function levelAllowed(
  rule: LevelRule,
  menteeLevel: number | null,
  mentorLevel: number | null,
): boolean {
  if (menteeLevel === null || mentorLevel === null) return true;
  const gap = mentorLevel - menteeLevel;
  switch (rule.type) {
    case 'peer':
      return Math.abs(gap) <= 1;
    case 'reverse':
      return gap <= -1;
    default:
      return gap >= levelGap(rule);
  }
}
