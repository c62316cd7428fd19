/**
 * Rates with their uncertainty (§8 outcomes): a proportion with its Wilson score interval, and the difference of two
 * proportions with Newcombe's hybrid score interval (method 10 of Newcombe, Statistics in Medicine 17, 1998), which
 * keeps its coverage near the nominal level for the small groups a mentoring program has, unlike the Wald interval.
 * A weighted rate (the matched comparison group) enters through Kish's effective sample size.
 */
import { assertLevel, normalCriticalValue } from './distributions.ts';

/** A rate with its confidence interval; `rate`, `lower` and `upper` are null when there is nobody to count. */
export interface ProportionEstimate {
  /** Successes (may be fractional for a weighted group: the weighted rate times the effective size). */
  successes: number;
  /** People counted (for a weighted group, the effective sample size). */
  total: number;
  rate: number | null;
  lower: number | null;
  upper: number | null;
  level: number;
}

/** A difference of two rates (first − second) with its confidence interval. */
export interface DifferenceEstimate {
  difference: number;
  lower: number;
  upper: number;
  level: number;
}

/**
 * The proportion successes / total with its Wilson score interval (no continuity correction). Fractional counts are
 * accepted, for a weighted rate given with its effective sample size.
 */
export function wilsonInterval(successes: number, total: number, level = 0.95): ProportionEstimate {
  assertLevel(level);
  if (!(Number.isFinite(successes) && Number.isFinite(total) && successes >= 0 && total >= 0)) {
    throw new RangeError(`wilsonInterval: counts must be finite and non-negative, got ${successes}/${total}`);
  }
  if (successes > total * (1 + 1e-12)) {
    throw new RangeError(`wilsonInterval: successes ${successes} exceed total ${total}`);
  }
  if (total === 0) return { successes, total, rate: null, lower: null, upper: null, level };
  const z = normalCriticalValue(level);
  const p = Math.min(1, successes / total);
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denominator;
  // At p = 0 or 1 the bound is exactly 0 or 1; computing it would leave a rounding residue.
  const lower = p === 0 ? 0 : Math.max(0, centre - half);
  const upper = p === 1 ? 1 : Math.min(1, centre + half);
  return { successes, total, rate: p, lower, upper, level };
}

/**
 * Newcombe's hybrid score interval (method 10) for rate(first) − rate(second), from the two rates' Wilson intervals
 * (which must share a confidence level); null when either group is empty.
 */
export function newcombeDifference(
  first: ProportionEstimate,
  second: ProportionEstimate,
): DifferenceEstimate | null {
  if (first.level !== second.level)
    throw new RangeError('newcombeDifference: the two intervals differ in level');
  if (first.rate === null || second.rate === null) return null;
  const p1 = first.rate;
  const p2 = second.rate;
  const l1 = first.lower!;
  const u1 = first.upper!;
  const l2 = second.lower!;
  const u2 = second.upper!;
  const difference = p1 - p2;
  return {
    difference,
    lower: Math.max(-1, difference - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
    upper: Math.min(1, difference + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)),
    level: first.level,
  };
}

/** x1/n1 − x2/n2 with Newcombe's hybrid score interval; null when either group is empty. */
export function proportionDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
): DifferenceEstimate | null {
  return newcombeDifference(wilsonInterval(x1, n1, level), wilsonInterval(x2, n2, level));
}

/** Kish's effective sample size (Σw)² / Σw² of a set of non-negative weights (0 when they sum to 0). */
export function kishEffectiveSize(weights: Iterable<number>): number {
  let sum = 0;
  let sumOfSquares = 0;
  for (const w of weights) {
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`kishEffectiveSize: bad weight ${w}`);
    sum += w;
    sumOfSquares += w * w;
  }
  return sumOfSquares === 0 ? 0 : (sum * sum) / sumOfSquares;
}

/**
 * A weighted rate Σw·y / Σw with a Wilson interval on Kish's effective sample size: the interval of an unweighted
 * group of that size with the same rate.
 */
export function weightedWilsonInterval(
  weightedSuccesses: number,
  totalWeight: number,
  effectiveSize: number,
  level = 0.95,
): ProportionEstimate {
  if (totalWeight <= 0 || effectiveSize <= 0) return wilsonInterval(0, 0, level);
  const rate = Math.min(1, Math.max(0, weightedSuccesses / totalWeight));
  const estimate = wilsonInterval(rate * effectiveSize, effectiveSize, level);
  return { ...estimate, rate };
}
