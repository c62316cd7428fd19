import { z } from 'zod';
import { isValidTimeZone } from '../core/time-zones.ts';
import { isoDateTime, paginated, paginationQuery } from './common.ts';

/**
 * Flash mentoring (issue 14, decision 034): mentors publish slots (by hand or a weekly pattern) with a monthly cap
 * in their own zone; an approved mentee of the program books one slot with a topic and an agenda, which starts a
 * one-session relationship (origin `flash`) with one meeting. Every time is sent in UTC with the viewer's local
 * date and time beside it.
 */

const FLASH_DURATION_MIN = 15;
const FLASH_DURATION_MAX = 240;

const timeZoneName = z
  .string()
  .trim()
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London')
  .describe('IANA time zone, e.g. Europe/London');
const plainTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time written HH:mm (24-hour)')
  .describe('HH:mm, 24-hour');
const localDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'must be a date and time written YYYY-MM-DDTHH:mm')
  .describe('Local date and time, YYYY-MM-DDTHH:mm, in the slot’s time zone');
const duration = z.number().int().min(FLASH_DURATION_MIN).max(FLASH_DURATION_MAX);

export const flashSettingsInput = z.strictObject({
  /** How many sessions a month the mentor takes, counted in their time zone. */
  monthlyCap: z.number().int().min(1).max(100),
  timeZone: timeZoneName,
});
export type FlashSettingsInput = z.infer<typeof flashSettingsInput>;

export const flashSlotInput = z.strictObject({
  startsAt: localDateTime,
  durationMinutes: duration.default(30),
  /** Defaults to the mentor's flash time zone. */
  timeZone: timeZoneName.optional(),
});
export type FlashSlotInput = z.infer<typeof flashSlotInput>;
export type FlashSlotRequest = z.input<typeof flashSlotInput>;

export const flashPatternInput = z.strictObject({
  /** 0 = Monday … 6 = Sunday. */
  weekday: z.number().int().min(0).max(6),
  startTime: plainTime,
  durationMinutes: duration.default(30),
  /** Defaults to the mentor's flash time zone. */
  timeZone: timeZoneName.optional(),
});
export type FlashPatternInput = z.infer<typeof flashPatternInput>;
export type FlashPatternRequest = z.input<typeof flashPatternInput>;

export const flashPatternParams = z.strictObject({ id: z.uuid(), patternId: z.uuid() });

export const flashBookInput = z.strictObject({
  /** A skill the mentor offers, or the participant's own words. */
  topic: z.string().trim().min(1, 'is required').max(100),
  /** "What I want from this conversation". */
  agenda: z.string().trim().min(1, 'is required').max(2000),
});
export type FlashBookInput = z.infer<typeof flashBookInput>;

const flashSlotStatus = z.enum(['open', 'booked', 'cancelled']);

/** A time as the viewer reads it: UTC instants, and the local date and time in `timeZone` (the viewer's). */
const viewedTime = {
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  durationMinutes: z.number().int(),
  localDate: z.string(),
  localTime: z.string(),
  /** e.g. `Tue 3 Mar 2026, 14:00 GMT`. */
  when: z.string(),
};

export const flashSlot = z.object({
  id: z.uuid(),
  ...viewedTime,
  /** The zone the slot was published in. */
  timeZone: z.string(),
  status: flashSlotStatus,
  patternId: z.uuid().nullable(),
  booking: z
    .object({
      personId: z.uuid().nullable(),
      name: z.string(),
      topic: z.string(),
      agenda: z.string(),
      relationshipId: z.uuid().nullable(),
      bookedAt: isoDateTime,
    })
    .nullable(),
});
export type FlashSlot = z.infer<typeof flashSlot>;

export const flashPattern = z.object({
  id: z.uuid(),
  weekday: z.number().int(),
  startTime: z.string(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
});
export type FlashPattern = z.infer<typeof flashPattern>;

/** The mentor's own availability in a flash program. */
export const flashAvailability = z.object({
  program: z.object({ id: z.uuid(), name: z.string() }),
  enrolmentId: z.uuid(),
  monthlyCap: z.number().int(),
  timeZone: z.string(),
  /** Sessions booked in the current month (in the mentor's zone), against the cap. */
  bookedThisMonth: z.number().int(),
  patterns: z.array(flashPattern),
  /** Upcoming slots, open and booked, soonest first (at most 300). */
  slots: z.array(flashSlot),
});
export type FlashAvailability = z.infer<typeof flashAvailability>;

export const flashMentorsQuery = z.strictObject({
  ...paginationQuery,
  skill: z.string().trim().max(100).optional().describe('A skill the mentor offers'),
  q: z.string().trim().max(200).optional().describe('Name, title or skills contain'),
});
export type FlashMentorsQuery = z.infer<typeof flashMentorsQuery>;

export const flashOpenSlot = z.object({ id: z.uuid(), ...viewedTime });
export type FlashOpenSlot = z.infer<typeof flashOpenSlot>;

export const flashMentorCard = z.object({
  enrolmentId: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  skillsOffered: z.array(z.string()),
  /** Open future slots in all. */
  openSlots: z.number().int(),
  /** The soonest open slots (at most 12), in the viewer's zone. */
  nextSlots: z.array(flashOpenSlot),
});
export type FlashMentorCard = z.infer<typeof flashMentorCard>;

export const flashMentorsPage = paginated(flashMentorCard).extend({
  /** The zone every local time of the page is in (the viewer's). */
  timeZone: z.string(),
});
export type FlashMentorsPage = z.infer<typeof flashMentorsPage>;

export const flashSession = z.object({
  slotId: z.uuid(),
  relationshipId: z.uuid().nullable(),
  ...viewedTime,
  timeZone: z.string(),
  topic: z.string(),
  agenda: z.string(),
  myRole: z.enum(['mentor', 'mentee']),
  partner: z.object({ personId: z.uuid().nullable(), name: z.string() }),
  /** The session's relationship: active until both gave feedback or the closing days passed, then completed. */
  relationshipStatus: z.string().nullable(),
  bookedAt: isoDateTime,
});
export type FlashSession = z.infer<typeof flashSession>;

export const flashSessionsQuery = z.strictObject({
  ...paginationQuery,
  when: z.enum(['upcoming', 'past', 'all']).default('all'),
});
export type FlashSessionsQuery = z.infer<typeof flashSessionsQuery>;

export const flashSessionsPage = paginated(flashSession).extend({ timeZone: z.string() });
export type FlashSessionsPage = z.infer<typeof flashSessionsPage>;

/** Staff's flash card of a program. */
export const flashSummary = z.object({
  /** Sessions whose meeting was marked held. */
  sessionsHeld: z.number().int(),
  /** Booked sessions still to come. */
  upcoming: z.number().int(),
  /** Every booking so far. */
  booked: z.number().int(),
  /** Average meeting rating (1–5) of flash sessions, per side; null with no rating yet. */
  averageRating: z.object({
    mentor: z.number().nullable(),
    mentee: z.number().nullable(),
    ratings: z.number().int(),
  }),
  topTopics: z.array(z.object({ topic: z.string(), sessions: z.number().int() })),
  mentorsWithOpenSlots: z.array(
    z.object({ enrolmentId: z.uuid(), personId: z.uuid(), name: z.string(), openSlots: z.number().int() }),
  ),
});
export type FlashSummary = z.infer<typeof flashSummary>;
