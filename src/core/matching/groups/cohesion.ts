import { isValidTimeZone, offsetAt } from '../../time-zones.ts';
import { numericWeight, type Weight } from '../criteria.ts';
import { distinctTerms, type MenteeProfile } from '../profiles.ts';
import { buildTextIndex, cosine, type SparseVector } from '../text-similarity.ts';

/**
 * Cohesion of a mentoring group (decision 031): how much its mentees have in common, 0–1.
 *
 * Two mentees' similarity is the mean of what can be known of them:
 * - skills: Jaccard of the skills they want (shared / all), when both named some;
 * - goals: cosine of their goal texts (TF-IDF over all mentees of the run), when both wrote some;
 * - time zone: 1 when their UTC offsets are at most 3 hours apart, else 0, when both are known.
 * With nothing known of either, the pair counts 0.5 (neutral, as the pair criteria do). A group's cohesion is the
 * mean similarity over all pairs of its mentees (0 for a group of fewer than two).
 */

/** Hours two members' time zones may be apart and still count as "near". */
export const cohesionZoneHours = 3;

/** Cohesion's default weight in a group program's criteria. */
export const defaultCohesionWeight: Weight = 'medium';

/**
 * The multiplier of cohesion in the group objective: weight / 5, so `high` (5) makes a group's cohesion worth as
 * much per member as a pair score (both 0–100), `medium` 0.6, `low` 0.2, `off` 0.
 */
export function cohesionFactor(weight: Weight | undefined): number {
  return numericWeight(weight ?? defaultCohesionWeight) / 5;
}

export interface CohesionModel {
  /** Similarity of two mentees (indexes into the mentee list), 0–1. */
  similarity(a: number, b: number): number;
  /** Why a group of these mentees holds together, in words, with its cohesion. */
  describe(members: readonly number[]): { cohesion: number; text: string };
}

type CohesionMentee = Pick<MenteeProfile, 'skillsWanted' | 'goals' | 'timeZone'> & { name?: string };

export function cohesionModel(mentees: readonly CohesionMentee[], at: Date): CohesionModel {
  const skills = mentees.map((mentee) => new Set(distinctTerms(mentee.skillsWanted)));
  const shownSkill = new Map<string, string>();
  for (const mentee of mentees)
    for (const skill of mentee.skillsWanted) {
      const key = distinctTerms([skill])[0];
      if (key && !shownSkill.has(key)) shownSkill.set(key, skill.trim());
    }
  const goals: SparseVector[] = buildTextIndex(mentees.map((mentee) => mentee.goals ?? '')).vectors;
  const offsets = mentees.map((mentee) =>
    mentee.timeZone && isValidTimeZone(mentee.timeZone) ? offsetAt(at, mentee.timeZone) / 60_000 : null,
  );
  const parts = (a: number, b: number) => {
    const sa = skills[a]!;
    const sb = skills[b]!;
    let skill: number | null = null;
    if (sa.size > 0 && sb.size > 0) {
      let shared = 0;
      for (const s of sa) if (sb.has(s)) shared++;
      skill = shared / (sa.size + sb.size - shared);
    }
    const goal =
      goals[a]!.terms.length > 0 && goals[b]!.terms.length > 0
        ? Math.min(1, cosine(goals[a]!, goals[b]!))
        : null;
    const oa = offsets[a];
    const ob = offsets[b];
    const zone = oa == null || ob == null ? null : Math.abs(oa - ob) <= cohesionZoneHours * 60 ? 1 : 0;
    return { skill, goal, zone };
  };
  const cache = new Map<number, number>();
  const n = mentees.length;
  const similarity = (a: number, b: number) => {
    const key = a < b ? a * n + b : b * n + a;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const { skill, goal, zone } = parts(a, b);
    const known = [skill, goal, zone].filter((value): value is number => value !== null);
    const value = known.length === 0 ? 0.5 : known.reduce((sum, v) => sum + v, 0) / known.length;
    cache.set(key, value);
    return value;
  };
  return {
    similarity,
    describe(members) {
      const cohesion = groupCohesion(members, similarity);
      if (members.length < 2) return { cohesion, text: 'one mentee: nothing to share yet' };
      const counts = new Map<string, number>();
      for (const i of members) for (const s of skills[i]!) counts.set(s, (counts.get(s) ?? 0) + 1);
      const shared = [...counts]
        .filter(([, count]) => count >= 2)
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .slice(0, 3)
        .map(([skill, count]) => `${shownSkill.get(skill) ?? skill} (${count} of ${members.length})`);
      let goalSum = 0;
      let goalPairs = 0;
      let zoneNear = 0;
      let zonePairs = 0;
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) {
          const { goal, zone } = parts(members[x]!, members[y]!);
          if (goal !== null) {
            goalSum += goal;
            goalPairs++;
          }
          if (zone !== null) {
            zoneNear += zone;
            zonePairs++;
          }
        }
      const lines: string[] = [];
      lines.push(shared.length > 0 ? `shared skills: ${shared.join(', ')}` : 'no wanted skill in common');
      if (goalPairs > 0) {
        const mean = goalSum / goalPairs;
        lines.push(`goals ${mean >= 0.3 ? 'alike' : mean >= 0.1 ? 'somewhat alike' : 'different'}`);
      }
      if (zonePairs > 0)
        lines.push(
          zoneNear === zonePairs
            ? `all within ${cohesionZoneHours} hours of each other`
            : `${Math.round((100 * zoneNear) / zonePairs)}% of pairs within ${cohesionZoneHours} hours`,
        );
      return { cohesion, text: lines.join('; ') };
    },
  };
}

/** Mean pairwise similarity of a group's mentees, 0 for fewer than two. */
export function groupCohesion(
  members: readonly number[],
  similarity: (a: number, b: number) => number,
): number {
  if (members.length < 2) return 0;
  let sum = 0;
  for (let x = 0; x < members.length; x++)
    for (let y = x + 1; y < members.length; y++) sum += similarity(members[x]!, members[y]!);
  return sum / ((members.length * (members.length - 1)) / 2);
}
