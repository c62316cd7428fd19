/**
 * Rules of the pair surveys (§6): when the 30-day check-in opens, which answers need program staff's attention,
 * and how the program's numbers are computed. Pure: no I/O.
 */

const DEFAULT_CHECK_IN_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Days after the start of a relationship when the check-in opens: the program's `surveySchedule.checkInDays`, else 30. */
export function checkInDaysOf(schedule: unknown): number {
  if (schedule && typeof schedule === 'object' && 'checkInDays' in schedule) {
    const days = (schedule as { checkInDays: unknown }).checkInDays;
    if (typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= 3650) return days;
  }
  return DEFAULT_CHECK_IN_DAYS;
}

/** The moment the check-in opens for a relationship that started at `startedAt`. */
export function checkInAvailableFrom(startedAt: Date, checkInDays: number): Date {
  return new Date(startedAt.getTime() + checkInDays * DAY_MS);
}

/** Whether an answer asks program staff to act: a poor fit (1–2) or a wish to be rematched. */
export function needsAttention(answer: {
  kind: string;
  rating: number | null;
  rematchRequested: boolean;
}): boolean {
  if (answer.kind === 'rematch_request') return true;
  if (answer.kind !== 'check_in') return false;
  return answer.rematchRequested || (answer.rating !== null && answer.rating <= 2);
}

/** The mean, rounded to two decimals, or null without data. */
export function meanOf(sum: number, count: number): number | null {
  if (count <= 0) return null;
  return Math.round((sum / count) * 100) / 100;
}

/** The NPS group of one 0–10 answer. */
export function npsGroup(score: number): 'promoter' | 'passive' | 'detractor' {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

/** Net Promoter Score: % promoters (9–10) − % detractors (0–6), a whole number from −100 to 100; null without answers. */
export function netPromoterScore(counts: {
  promoters: number;
  passives: number;
  detractors: number;
}): number | null {
  const total = counts.promoters + counts.passives + counts.detractors;
  if (total === 0) return null;
  return Math.round(((counts.promoters - counts.detractors) / total) * 100);
}

/** Share of the expected answers that came in (0–1), or null when none was expected. */
export function responseRate(answers: number, expected: number): number | null {
  if (expected <= 0) return null;
  return Math.min(1, answers / expected);
}
