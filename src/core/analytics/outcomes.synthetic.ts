/**
 * A synthetic organisation with a known program effect and a confounder, for testing the outcome statistics: senior
 * people both join mentoring more often and are promoted more often, so a naive comparison overstates the effect,
 * while matching on level recovers it. Seeded: the same seed gives the same organisation.
 */
import { seededRandom } from '../seeded-random.ts';
import { DAY_MS } from './calendar.ts';
import type { ParticipantStart, PersonHistory } from './comparison-groups.ts';

export interface SyntheticOutcomeOptions {
  seed: number;
  /** People in the organisation (default 4000). */
  people?: number;
  /** True effect of taking part on P(promoted within 12 months), in probability (default 0.08). */
  promotionEffect?: number;
}

export interface SyntheticOrganisation {
  population: PersonHistory[];
  participants: ParticipantStart[];
  now: Date;
  /** The effect built in: P(promoted within a year | level, took part) − P(… | level, did not), at every level. */
  promotionEffect: number;
  /** Retention is not affected by taking part. */
  retentionEffect: 0;
}

const levels = [1, 2, 3, 4, 5];
const levelShare = [0.3, 0.25, 0.2, 0.15, 0.1];
/** P(joining mentoring in the program year), by level: the confounder's first arm. */
const joinChance = [0.02, 0.06, 0.14, 0.28, 0.45];
/** P(promoted within a year) without mentoring, for a person who stays: the confounder's second arm. */
const promotionChance = [0.04, 0.08, 0.14, 0.24, 0.36];
/** P(leaving within a year), by level (seniors stay longer). */
const exitChance = [0.2, 0.16, 0.12, 0.09, 0.06];
const departments = ['Engineering', 'Sales', 'Operations', 'Finance'];
const jobFunctions = ['Individual contributor', 'Manager', 'Specialist'];
const YEAR_DAYS = 365.25;

/** P(a promotion before leaving, within a year) with constant yearly hazards λ (promotion) and μ (exit). */
function promotedWithinYear(lambda: number, mu: number): number {
  const total = lambda + mu;
  return total === 0 ? 0 : (lambda / total) * (1 - Math.exp(-total));
}

/** The promotion hazard that gives `target` = P(promoted within a year) for exit hazard μ (bisection). */
function hazardFor(target: number, mu: number): number {
  let low = 0;
  let high = 50;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (promotedWithinYear(mid, mu) < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * A seeded organisation: hires over the previous 15 years, a program year (2022) in which people join with a chance
 * rising with level, promotions and exits as Poisson processes whose promotion rate rises by the effect after joining.
 */
export function syntheticOrganisation(options: SyntheticOutcomeOptions): SyntheticOrganisation {
  const random = seededRandom(options.seed);
  const size = options.people ?? 4000;
  const effect = options.promotionEffect ?? 0.08;
  const programStart = Date.UTC(2022, 0, 1);
  const historyStart = Date.UTC(2021, 0, 1);
  const now = new Date(Date.UTC(2024, 5, 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const exponential = (ratePerYear: number) =>
    ratePerYear <= 0
      ? Number.POSITIVE_INFINITY
      : (-Math.log(1 - random()) / ratePerYear) * YEAR_DAYS * DAY_MS;

  const hazards = levels.map((_, li) => {
    const mu = -Math.log(1 - exitChance[li]);
    return {
      mu,
      lambda: hazardFor(promotionChance[li], mu),
      lambdaJoined: hazardFor(promotionChance[li] + effect, mu),
    };
  });
  const population: PersonHistory[] = [];
  const participants: ParticipantStart[] = [];
  for (let i = 0; i < size; i++) {
    let u = random();
    let li = 0;
    while (li < levels.length - 1 && u >= levelShare[li]) {
      u -= levelShare[li];
      li++;
    }
    const { mu, lambda, lambdaJoined } = hazards[li];
    const hired = historyStart - random() * 15 * YEAR_DAYS * DAY_MS;
    const exit = historyStart + exponential(mu);
    const wantsToJoin = random() < joinChance[li];
    const joinAt = programStart + Math.floor(random() * 365) * DAY_MS;
    const joins = wantsToJoin && exit > joinAt;
    const promotions: Date[] = [];
    // Promotions before joining (or throughout, for a non-participant), then at the raised rate after joining.
    const switchAt = joins ? joinAt : Number.POSITIVE_INFINITY;
    let t = historyStart + exponential(lambda);
    while (t < Math.min(exit, switchAt, now.getTime())) {
      promotions.push(new Date(t));
      t += exponential(lambda);
    }
    if (joins) {
      t = joinAt + exponential(lambdaJoined);
      while (t < Math.min(exit, now.getTime())) {
        promotions.push(new Date(t));
        t += exponential(lambdaJoined);
      }
    }
    const personId = `p${String(i).padStart(5, '0')}`;
    population.push({
      personId,
      department: pick(departments),
      jobFunction: pick(jobFunctions),
      level: levels[li],
      hireDate: new Date(hired),
      employment: [{ start: new Date(hired), end: exit < now.getTime() ? new Date(exit) : null }],
      promotions,
    });
    if (joins) participants.push({ personId, startedAt: new Date(joinAt) });
  }
  return { population, participants, now, promotionEffect: effect, retentionEffect: 0 };
}
