/**
 * The Kaplan–Meier estimator of a survival curve, with optional weights (the matched comparison group is weighted):
 * at each time with an exit, S(t) is multiplied by 1 − exits / at risk, both weighted. Censoring (still employed
 * today, reached the horizon, joined mentoring) removes a person from the risk set after that time.
 */

/** One person's follow-up: `time` until the event (an exit) or until censoring. */
export interface SurvivalObservation {
  /** Time from the origin, e.g. days since the participant's start; non-negative. */
  time: number;
  /** True when the follow-up ended with the event (an exit); false when it was censored. */
  event: boolean;
  /** Weight (default 1). */
  weight?: number;
}

/** The curve at one time where something happened. */
export interface SurvivalStep {
  time: number;
  /** Weighted number at risk just before `time` (followed at least until `time`). */
  atRisk: number;
  /** Weighted events at `time`. */
  events: number;
  /** Weighted censorings at `time`. */
  censored: number;
  /** S(time): the estimated share without the event up to and including `time`. */
  survival: number;
}

/**
 * The Kaplan–Meier curve: one step per distinct time with an event or a censoring, in time order. Events at a time
 * count before censorings at the same time (the censored were still at risk then).
 */
export function kaplanMeier(observations: readonly SurvivalObservation[]): SurvivalStep[] {
  const byTime = new Map<number, { events: number; censored: number }>();
  let atRisk = 0;
  for (const o of observations) {
    const weight = o.weight ?? 1;
    if (!(o.time >= 0 && Number.isFinite(o.time))) throw new RangeError(`kaplanMeier: bad time ${o.time}`);
    if (!(weight >= 0 && Number.isFinite(weight))) throw new RangeError(`kaplanMeier: bad weight ${weight}`);
    if (weight === 0) continue;
    const entry = byTime.get(o.time) ?? { events: 0, censored: 0 };
    if (o.event) entry.events += weight;
    else entry.censored += weight;
    byTime.set(o.time, entry);
    atRisk += weight;
  }
  const steps: SurvivalStep[] = [];
  let survival = 1;
  for (const time of [...byTime.keys()].sort((a, b) => a - b)) {
    const { events, censored } = byTime.get(time)!;
    if (events > 0) survival *= Math.max(0, 1 - events / atRisk);
    steps.push({ time, atRisk, events, censored, survival });
    atRisk -= events + censored;
    // Float sums of weights drift; what is left at the end is zero.
    if (atRisk < 1e-9) atRisk = 0;
  }
  return steps;
}

/** S(t) read off a Kaplan–Meier curve: the survival after the last step at or before `time` (1 before any). */
export function survivalAt(steps: readonly SurvivalStep[], time: number): number {
  let survival = 1;
  for (const step of steps) {
    if (step.time > time) break;
    survival = step.survival;
  }
  return survival;
}
