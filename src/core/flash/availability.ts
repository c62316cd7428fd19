/**
 * Flash mentoring availability (issue 14): a mentor's weekly pattern as bookable instants, overlap between slots,
 * and the calendar month a session counts against in the mentor's zone. Pure: the time comes in as an argument.
 */
import { utcToZonedTime, zonedTimeToUtc } from '../time-zones.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** How far ahead a weekly pattern is expanded into slots. */
export const PATTERN_WEEKS = 6;

export const weekdayNames = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** The weekday of a plain date, 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (day + 6) % 7;
}

function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY).toISOString().slice(0, 10);
}

export interface WeeklyPattern {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** `HH:mm`, local to `timeZone`. */
  startTime: string;
  timeZone: string;
}

/**
 * The starts of a weekly pattern after `now` and before `now + weeks`: each matching local day of the pattern's
 * zone at its local time (a time skipped by a daylight-saving jump moves forward by the gap, see time-zones.ts).
 */
export function patternStarts(pattern: WeeklyPattern, now: Date, weeks = PATTERN_WEEKS): Date[] {
  const until = now.getTime() + weeks * 7 * DAY;
  const today = utcToZonedTime(now, pattern.timeZone).date;
  const starts: Date[] = [];
  // One day either side covers every zone's offset from the instant's UTC date.
  for (let offset = 0; offset <= weeks * 7 + 1; offset++) {
    const date = addDays(today, offset);
    if (weekdayOf(date) !== pattern.weekday) continue;
    const start = zonedTimeToUtc(date, pattern.startTime, pattern.timeZone);
    if (start.getTime() > now.getTime() && start.getTime() < until) starts.push(start);
  }
  return starts;
}

export interface TimeSpan {
  startsAt: Date;
  durationMinutes: number;
}

/** Whether two spans share a moment (touching ends do not overlap). */
export function spansOverlap(a: TimeSpan, b: TimeSpan): boolean {
  const aEnd = a.startsAt.getTime() + a.durationMinutes * MINUTE;
  const bEnd = b.startsAt.getTime() + b.durationMinutes * MINUTE;
  return a.startsAt.getTime() < bEnd && b.startsAt.getTime() < aEnd;
}

/** The first of `others` that overlaps `span`, if any. */
export function firstOverlap<T extends TimeSpan>(span: TimeSpan, others: readonly T[]): T | undefined {
  return others.find((other) => spansOverlap(span, other));
}

/** The calendar month an instant falls in, in a zone: its first instant and the next month's first instant. */
export function monthBounds(instant: Date, timeZone: string): { start: Date; end: Date; label: string } {
  const [year, month] = utcToZonedTime(instant, timeZone).date.split('-').map(Number) as [number, number];
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const label = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${first}T12:00:00Z`),
  );
  return {
    start: zonedTimeToUtc(first, '00:00', timeZone),
    end: zonedTimeToUtc(next, '00:00', timeZone),
    label,
  };
}
