import type { Meeting } from '../../../src/contracts/meetings.contracts.ts';

/** The browser's IANA time zone (what each person sees meetings in). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

let zones: string[] | null = null;

/** Every IANA zone this browser knows, for the time zone select. */
export function timeZoneOptions(current?: string): string[] {
  if (!zones) {
    const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
    zones = supported ? supported('timeZone') : [];
    if (!zones.includes('UTC')) zones = ['UTC', ...zones];
  }
  const extra = [current, browserTimeZone()].filter(
    (zone): zone is string => !!zone && !zones!.includes(zone),
  );
  return [...extra, ...zones];
}

function format(iso: string, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(undefined, { timeZone, ...options }).format(new Date(iso));
}

/** "Thu, Jul 15, 2027" in a zone. */
export function meetingDay(iso: string, timeZone: string): string {
  return format(iso, timeZone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** "14:00 – 14:45 BST" in a zone. */
export function meetingHours(meeting: Pick<Meeting, 'startsAt' | 'endsAt'>, timeZone: string): string {
  const start = format(meeting.startsAt, timeZone, { hour: '2-digit', minute: '2-digit' });
  const end = format(meeting.endsAt, timeZone, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  return `${start} – ${end}`;
}

/** Does a zone show this instant at a different wall-clock time than another zone? */
export function differentWallClock(iso: string, a: string, b: string): boolean {
  if (a === b) return false;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' };
  return format(iso, a, options) !== format(iso, b, options);
}

/** Today's date and the next whole hour in the browser's zone, for a new meeting's form. */
export function nextHourLocal(): { date: string; time: string } {
  const next = new Date(Date.now() + 3_600_000);
  next.setMinutes(0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`,
    time: `${pad(next.getHours())}:00`,
  };
}

/** Today in the browser's zone, `YYYY-MM-DD`. */
export function todayLocal(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
