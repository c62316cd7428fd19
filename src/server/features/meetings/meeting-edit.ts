import type { UpdateMeetingInput } from '../../../contracts/meetings.contracts.ts';
import { invalidField } from '../../../core/errors.ts';
import { utcToZonedTime, zonedTimeToUtc } from '../../../core/time-zones.ts';

/** A meeting's start from the wall-clock date and time in its zone; a 400 naming `field` when there is none. */
export function startFrom(date: string, time: string, timeZone: string, field: string): Date {
  try {
    return zonedTimeToUtc(date, time, timeZone);
  } catch {
    throw invalidField(field, 'is not a valid date and time');
  }
}

interface EditableMeeting {
  title: string;
  agenda: string;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  location: string | null;
  videoUrl: string | null;
  sequence: number;
}

/**
 * What an edit makes of a scheduled meeting (a pair's or a group's): every field after it, and whether its time or
 * place moved — a reschedule, which raises the invitation's SEQUENCE and is told to the others. Parts the edit leaves
 * out keep their wall-clock meaning in the meeting's current zone.
 */
export function editedMeeting(
  meeting: EditableMeeting,
  input: UpdateMeetingInput,
): { fields: EditableMeeting; rescheduled: boolean } {
  const timeZone = input.timeZone ?? meeting.timeZone;
  const local = utcToZonedTime(meeting.startsAt, meeting.timeZone);
  const startsAt =
    input.date !== undefined || input.time !== undefined || input.timeZone !== undefined
      ? startFrom(input.date ?? local.date, input.time ?? local.time, timeZone, 'body.date')
      : meeting.startsAt;
  const durationMinutes = input.durationMinutes ?? meeting.durationMinutes;
  const location = input.location !== undefined ? input.location : meeting.location;
  const videoUrl = input.videoUrl !== undefined ? input.videoUrl : meeting.videoUrl;
  const rescheduled =
    startsAt.getTime() !== meeting.startsAt.getTime() ||
    durationMinutes !== meeting.durationMinutes ||
    timeZone !== meeting.timeZone ||
    location !== meeting.location ||
    videoUrl !== meeting.videoUrl;
  return {
    fields: {
      title: input.title ?? meeting.title,
      agenda: input.agenda ?? meeting.agenda,
      startsAt,
      durationMinutes,
      timeZone,
      location,
      videoUrl,
      sequence: rescheduled ? meeting.sequence + 1 : meeting.sequence,
    },
    rescheduled,
  };
}

/** A meeting's title as a file name for its .ics download ("meeting" when nothing is left). */
export function slug(value: string): string {
  const text = value
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60)
    .replace(/-+$/, '');
  return text || 'meeting';
}
