/**
 * Skill self-assessment before and after (§8): each person rates each skill 1–5 when the relationship starts and when
 * it ends; the change is the mean of the paired differences with a paired t interval, per skill and overall. Overall,
 * each person counts once (the mean of their skills' changes), since one person's ratings move together.
 */
import { assertLevel, studentTCriticalValue } from './distributions.ts';

/** One person's ratings of one skill at the start and at the end (null when not given). */
export interface SkillRatingPair {
  personId: string;
  skill: string;
  start: number | null;
  end: number | null;
}

/** A mean change with its interval; `mean` is null without pairs, the interval null with fewer than two. */
export interface MeanChange {
  /** People (or pairs) counted. */
  n: number;
  mean: number | null;
  /** Sample standard deviation of the changes (null below two). */
  sd: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
}

export interface SkillsChange {
  /** Each person's mean change over the skills they rated twice, then the mean over people. */
  overall: MeanChange;
  /** One entry per skill, in name order. */
  bySkill: { skill: string; change: MeanChange }[];
  /** Ratings given only at the start or only at the end (not counted). */
  unpaired: number;
}

/** The mean of paired differences with its Student's t interval (mean ± t(n − 1) · sd / √n). */
export function pairedMeanChange(differences: readonly number[], level = 0.95): MeanChange {
  assertLevel(level);
  const n = differences.length;
  if (n === 0) return { n, mean: null, sd: null, lower: null, upper: null, level };
  const mean = differences.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, sd: null, lower: null, upper: null, level };
  const variance = differences.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  const half = (studentTCriticalValue(level, n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, lower: mean - half, upper: mean + half, level };
}

function assertRating(value: number, where: string) {
  if (!(Number.isInteger(value) && value >= 1 && value <= 5)) {
    throw new RangeError(`${where}: a rating must be a whole number from 1 to 5, got ${value}`);
  }
}

/**
 * Mean change of self-ratings from start to end, per skill and overall, with paired t intervals. A person's skill
 * given twice in `pairs` is an error (the caller keeps one answer per person, skill and moment).
 */
export function skillsChange(pairs: readonly SkillRatingPair[], level = 0.95): SkillsChange {
  const bySkill = new Map<string, number[]>();
  const byPerson = new Map<string, number[]>();
  const seen = new Set<string>();
  let unpaired = 0;
  for (const pair of pairs) {
    const key = JSON.stringify([pair.personId, pair.skill]);
    if (seen.has(key)) throw new RangeError(`skillsChange: ${pair.personId} rated ${pair.skill} twice`);
    seen.add(key);
    if (pair.start !== null) assertRating(pair.start, `${pair.personId}/${pair.skill} start`);
    if (pair.end !== null) assertRating(pair.end, `${pair.personId}/${pair.skill} end`);
    if (pair.start === null || pair.end === null) {
      if (pair.start !== null || pair.end !== null) unpaired++;
      continue;
    }
    const change = pair.end - pair.start;
    bySkill.set(pair.skill, [...(bySkill.get(pair.skill) ?? []), change]);
    byPerson.set(pair.personId, [...(byPerson.get(pair.personId) ?? []), change]);
  }
  const personMeans = [...byPerson.values()].map(
    (changes) => changes.reduce((a, b) => a + b, 0) / changes.length,
  );
  return {
    overall: pairedMeanChange(personMeans, level),
    bySkill: [...bySkill.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((skill) => ({ skill, change: pairedMeanChange(bySkill.get(skill)!, level) })),
    unpaired,
  };
}
