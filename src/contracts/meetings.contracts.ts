import { z } from 'zod';
import { isValidTimeZone } from '../core/time-zones.ts';
import { isoDateTime, paginationQuery } from './common.ts';
import { meetingHelpedOptions, meetingStatuses, plainDate } from './workspace-shapes.contracts.ts';

/** Meetings of a pair (§6): scheduled in one time zone, stored in UTC, each person sees their own local time. */

const meetingStatus = z.enum(meetingStatuses);
const meetingHelped = z.enum(meetingHelpedOptions);
export type MeetingHelped = z.infer<typeof meetingHelped>;

const MEETING_DURATION_MIN = 15;
const MEETING_DURATION_MAX = 480;
const AGENDA_MAX = 20_000;

const timeZoneName = z
  .string()
  .trim()
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London')
  .describe('IANA time zone, e.g. Europe/London');
const plainTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time written HH:mm (24-hour)')
  .describe('HH:mm, 24-hour');

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https link' })
  .max(2000)
  .describe('An http or https link');
const optionalUrl = z.union([httpUrl, z.literal('').transform(() => null), z.null()]);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((value) => (value ? value : null));
const title = z.string().trim().min(1, 'is required').max(200);
const agenda = z.string().max(AGENDA_MAX).describe('Markdown');
const duration = z.number().int().min(MEETING_DURATION_MIN).max(MEETING_DURATION_MAX);

const personRef = z.object({ personId: z.uuid(), name: z.string() });

/** The caller's own rating of a meeting; the partner's is never shown (it goes to the program, aggregated). */
const myMeetingFeedback = z.object({
  rating: z.number().int(),
  helped: z.array(meetingHelped),
  comment: z.string(),
  shareComment: z.boolean(),
  createdAt: isoDateTime,
});

export const meeting = z.object({
  id: z.uuid(),
  relationshipId: z.uuid(),
  title: z.string(),
  /** Start and end in UTC. */
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  durationMinutes: z.number().int(),
  /** The zone the meeting was scheduled in (the organiser's), with the local date and time there. */
  timeZone: z.string(),
  localDate: plainDate,
  localTime: z.string(),
  location: z.string().nullable(),
  videoUrl: z.string().nullable(),
  agenda: z.string(),
  status: meetingStatus,
  /** RFC 5545 SEQUENCE: grows on every reschedule and cancellation. */
  sequence: z.number().int(),
  organiser: personRef.nullable(),
  /** The start time has passed: it can be marked held or no-show. */
  hasStarted: z.boolean(),
  myFeedback: myMeetingFeedback.nullable(),
  partnerHasRated: z.boolean(),
  cancelledAt: isoDateTime.nullable(),
  heldAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Meeting = z.infer<typeof meeting>;

const meetingWhen = ['upcoming', 'past', 'all'] as const;

export const meetingsQuery = z.strictObject({
  ...paginationQuery,
  /**
   * upcoming: not ended yet and not marked held or missed, soonest first; past: ended or marked held or missed,
   * latest first; all: latest first.
   */
  when: z.enum(meetingWhen).default('all'),
});
export type MeetingsQuery = z.infer<typeof meetingsQuery>;

export const meetingsPage = z.object({
  items: z.array(meeting),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  readOnly: z.boolean(),
});
export type MeetingsPage = z.infer<typeof meetingsPage>;

export const createMeetingInput = z.strictObject({
  title,
  date: plainDate,
  time: plainTime,
  durationMinutes: duration,
  /** Defaults to the organiser's time zone from the directory, else UTC. */
  timeZone: timeZoneName.optional(),
  location: optionalText(300).optional(),
  videoUrl: optionalUrl.optional(),
  agenda: agenda.default(''),
});
export type CreateMeetingInput = z.infer<typeof createMeetingInput>;
export type CreateMeetingRequest = z.input<typeof createMeetingInput>;

/** Date, time, duration, zone or place reschedule (SEQUENCE + 1, the partner is told); title and agenda do not. */
export const updateMeetingInput = z.strictObject({
  title: title.optional(),
  date: plainDate.optional(),
  time: plainTime.optional(),
  durationMinutes: duration.optional(),
  timeZone: timeZoneName.optional(),
  location: optionalText(300).optional(),
  videoUrl: optionalUrl.optional(),
  agenda: agenda.optional(),
});
export type UpdateMeetingInput = z.infer<typeof updateMeetingInput>;

export const addAgendaPromptInput = z.strictObject({ resourceId: z.uuid() });

export const meetingFeedbackInput = z.strictObject({
  rating: z.number().int().min(1).max(5),
  helped: z
    .array(meetingHelped)
    .max(meetingHelpedOptions.length)
    .default([])
    .transform((values) => [...new Set(values)]),
  comment: z.string().trim().max(2000).default(''),
  shareComment: z.boolean().default(false),
});
export type MeetingFeedbackInput = z.infer<typeof meetingFeedbackInput>;
export type MeetingFeedbackRequest = z.input<typeof meetingFeedbackInput>;
