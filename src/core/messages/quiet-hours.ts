import { offsetAt, utcToZonedTime, zonedTimeToUtc } from '../time-zones.ts';

/** The hours of the recipient's day when Trellis may send: from `startHour`:00 up to (not including) `endHour`:00. */
export interface WakingHours {
  startHour: number;
  endHour: number;
}

export const defaultWakingHours: WakingHours = { startHour: 8, endHour: 20 };

function localHour(at: Date, timeZone: string): number {
  const minutesOfDay = ((((at.getTime() + offsetAt(at, timeZone)) / 60_000) % 1440) + 1440) % 1440;
  return minutesOfDay / 60;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * When to send something due at `at` to a person in `timeZone`: `at` itself inside their waking hours, otherwise
 * the next start of waking hours. With `latest` (e.g. a meeting's start, for its reminder), a time that would fall
 * after it moves back instead to the end of the waking hours before `at` — and to `at` itself if even that is gone
 * (a reminder that is late but useful beats none).
 */
export function intoWakingHours(
  at: Date,
  timeZone: string,
  hours: WakingHours = defaultWakingHours,
  latest?: Date,
): Date {
  if (hours.startHour >= hours.endHour) return at;
  const hour = localHour(at, timeZone);
  if (hour >= hours.startHour && hour < hours.endHour) return at;
  const today = utcToZonedTime(at, timeZone).date;
  const nextStart =
    hour < hours.startHour
      ? zonedTimeToUtc(today, pad(hours.startHour), timeZone)
      : zonedTimeToUtc(addDays(today, 1), pad(hours.startHour), timeZone);
  if (!latest || nextStart.getTime() <= latest.getTime()) return nextStart;
  // Before `at`: the last minute of the previous waking window.
  const endDay = hour < hours.startHour ? addDays(today, -1) : today;
  const previousEnd = new Date(zonedTimeToUtc(endDay, pad(hours.endHour), timeZone).getTime() - 60_000);
  return previousEnd.getTime() < at.getTime() && previousEnd.getTime() > at.getTime() - 24 * 3_600_000
    ? previousEnd
    : at;
}
