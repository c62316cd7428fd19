/*
 * The integer score scale and the per-criterion value functions both scoring paths share, so they round alike.
 */
import type { LevelRule } from './criteria.ts';
import { levelGap } from './rules.ts';

/**
 * Scores are integers: each criterion value is quantised to 0–10000 ("q"), the pair score is the weighted mean
 * of those, rounded, also 0–10000 (shown as 0–100.00). Integers make the fast path and the per-pair reference
 * agree exactly and keep solvers free of floating-point ties.
 */
export const fullScore = 10000;
/** Value of a criterion whose data is missing on either side: neither helps nor hurts the pair. */
export const neutral = 5000;

/** `numerator / denominator` as a quantised value; one expression shared by both paths so they round alike. */
export function ratioQ(numerator: number, denominator: number): number {
  return Math.round((fullScore * numerator) / denominator);
}

/** A 0–1 value quantised to 0–10000. */
export function quantise(value: number): number {
  return Math.round(fullScore * Math.min(1, Math.max(0, value)));
}

/**
 * Fit of a level gap (mentor level − mentee level) for the program type, 0–1: one-to-one/group/flash like the
 * minimum gap g or one more, fading to 0 four levels beyond; peer like equal levels (0.5 at one apart); reverse
 * like the mentee 1–3 levels above, fading likewise.
 */
export function seniorityFit(rule: LevelRule, gap: number): number {
  if (rule.type === 'peer') return Math.max(0, 1 - Math.abs(gap) / 2);
  const distance = rule.type === 'reverse' ? -gap : gap;
  const low = rule.type === 'reverse' ? 1 : levelGap(rule);
  const high = rule.type === 'reverse' ? 3 : low + 1;
  if (distance < low) return 0;
  if (distance <= high) return 1;
  return Math.max(0, 1 - (distance - high) / 4);
}

const workStart = 9 * 60;
const workEnd = 17 * 60;
const day = 24 * 60;

/** Minutes the 9–17 local working days of two UTC offsets overlap (0–480); the day wraps around midnight UTC. */
export function workingHoursOverlap(offsetA: number, offsetB: number): number {
  const a0 = workStart - offsetA;
  const a1 = workEnd - offsetA;
  let best = 0;
  for (const shift of [-day, 0, day]) {
    const b0 = workStart - offsetB + shift;
    const b1 = workEnd - offsetB + shift;
    best = Math.max(best, Math.min(a1, b1) - Math.max(a0, b0));
  }
  return best;
}

/** Quantised time-zone criterion from two offsets (`null` = unknown). */
export function timeZoneQ(offsetA: number | null, offsetB: number | null): number {
  if (offsetA === null || offsetB === null) return neutral;
  return ratioQ(workingHoursOverlap(offsetA, offsetB), workEnd - workStart);
}

/**
 * `total / weightSum` rounded half up, exactly, for integer totals: a multiply by the inverse gives an estimate
 * at most one off (ties are where floating point wobbles), which exact integer comparisons then correct.
 */
export function roundedScore(total: number, weightSum: number, inverse: number): number {
  if (weightSum === 0) return 0;
  let score = Math.floor(total * inverse + 0.5);
  const twice = 2 * total;
  if ((2 * score - 1) * weightSum > twice) score--;
  else if ((2 * score + 1) * weightSum <= twice) score++;
  return score;
}
