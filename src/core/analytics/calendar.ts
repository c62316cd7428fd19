/**
 * Calendar arithmetic for the outcome statistics, in UTC: horizons are whole calendar months from a start, tenure
 * is counted in completed months, so "12 months" and "5 years" mean what a person reading the report expects.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant `months` calendar months after `at` (UTC); a day past the end of the month becomes its last day. */
export function addMonthsUtc(at: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError(`addMonthsUtc: months must be whole, got ${months}`);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(at.getTime());
  result.setUTCFullYear(year, month, Math.min(at.getUTCDate(), lastDay));
  return result;
}

/** Whole calendar months completed from `from` to `to` (0 when `to` is before `from`). */
export function completedMonths(from: Date, to: Date): number {
  if (to.getTime() < from.getTime()) return 0;
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  if (addMonthsUtc(from, months).getTime() > to.getTime()) months--;
  return Math.max(0, months);
}

/** Days from `from` to `to`, fractional (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}
