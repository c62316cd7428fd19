import { z } from 'zod';
import { isValidTimeZone } from '../core/time-zones.ts';
import { isoDateTime } from './common.ts';
import { matchingMode, programStatus, programType } from './programs.contracts.ts';
import { programRef, relationshipStatus } from './relationships.contracts.ts';
import { plainDate } from './workspace-shapes.contracts.ts';

/**
 * The signed-in person's home (decision 019): what waits for them, their mentoring relationships, the programs they
 * can join and, for program staff, what their programs need from them.
 */

export const homeQuery = z.strictObject({
  timeZone: z
    .string()
    .trim()
    .max(64)
    .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London')
    .optional()
    .describe(
      'IANA zone to show times and dates in (the web app sends the browser’s); default: the caller’s zone in the directory, else UTC',
    ),
});
export type HomeQuery = z.infer<typeof homeQuery>;

/** What can wait for a person, each with its own page to act on it. */
export const waitingItemKinds = [
  'request_to_answer',
  'question_to_answer',
  'agreement_to_sign',
  'check_in_due',
  'closing_survey_due',
  'meeting_to_rate',
  'action_item_overdue',
] as const;
export const waitingItemKind = z.enum(waitingItemKinds);
export type WaitingItemKind = z.infer<typeof waitingItemKind>;

export const waitingItem = z.object({
  id: z.string().describe('Stable key: the kind and the id of what it is about'),
  kind: waitingItemKind,
  title: z.string().describe('What to do, in a sentence'),
  why: z.string().describe('Why it waits for the person'),
  dueOn: plainDate.nullable().describe('The date it is due, in the requested zone; null when it has none'),
  overdue: z.boolean(),
  since: isoDateTime.describe('Since when it has been waiting'),
  link: z.string().describe('The page of the web app where it is done'),
  program: programRef,
  relationshipId: z.uuid().nullable(),
});
export type WaitingItem = z.infer<typeof waitingItem>;

const homeNextMeeting = z.object({
  id: z.uuid(),
  title: z.string(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  durationMinutes: z.number().int(),
  timeZone: z.string().describe('The zone of the local date and time (the requested one)'),
  localDate: plainDate,
  localTime: z.string().describe('HH:mm'),
  when: z.string().describe('e.g. "Tue 3 Mar 2026, 14:00 GMT"'),
  location: z.string().nullable(),
  videoUrl: z.string().nullable(),
  link: z.string(),
});

export const homeRelationship = z.object({
  id: z.uuid(),
  program: programRef,
  status: relationshipStatus,
  myRole: z.enum(['mentor', 'mentee']),
  partner: z.object({
    personId: z.uuid(),
    name: z.string(),
    title: z.string().nullable(),
    department: z.string().nullable(),
  }),
  startedAt: isoDateTime.nullable(),
  nextMeeting: homeNextMeeting.nullable(),
  /** A mentoring group shows as one entry (its mentor sees one, not one per member), linking to the group's page. */
  group: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  link: z.string().describe('The pair’s workspace, or the group’s page'),
});
export type HomeRelationship = z.infer<typeof homeRelationship>;

export const joinableProgram = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  type: programType,
  matchingMode,
  enrolmentClosesOn: plainDate.nullable(),
  link: z.string().describe('The enrolment form'),
});
export type JoinableProgram = z.infer<typeof joinableProgram>;

/**
 * What a program can need from its staff. Extension point: the nudges work (issue 11) adds `escalation` here, with
 * its source in `programNeedSources` (src/server/features/home/home.service.ts); until then nothing claims to
 * escalate.
 */
export const programNeedKinds = [
  'escalations',
  'requests_waiting',
  'rematch_requests',
  'runs_to_publish',
  'enrolments_to_approve',
] as const;
export const programNeedKind = z.enum(programNeedKinds);
export type ProgramNeedKind = z.infer<typeof programNeedKind>;

export const programNeed = z.object({
  kind: programNeedKind,
  count: z.number().int().min(1),
  title: z.string().describe('e.g. "2 enrolments to approve"'),
  since: isoDateTime.describe('Since when the oldest has been waiting'),
  link: z.string().describe('The program’s tab (or run) where it is done'),
});
export type ProgramNeed = z.infer<typeof programNeed>;

export const staffProgram = z.object({
  id: z.uuid(),
  name: z.string(),
  status: programStatus,
  myRole: z.enum(['admin', 'coordinator']),
  needs: z.array(programNeed),
  link: z.string(),
});
export type StaffProgram = z.infer<typeof staffProgram>;

export const home = z.object({
  timeZone: z.string().describe('The zone dates and times are given in'),
  today: plainDate.describe('Today in that zone'),
  waiting: z.object({
    items: z.array(waitingItem).describe('Overdue first, then by due date, then oldest first'),
    total: z.number().int().describe('How many are waiting in all (the list shows the first ones)'),
  }),
  relationships: z.array(homeRelationship).describe('The caller’s active mentoring relationships'),
  joinablePrograms: z.array(joinableProgram),
  staff: z
    .object({
      requestsWaitingDays: z
        .number()
        .int()
        .describe('A request counts as waiting once it is this many days old without an answer'),
      programs: z.array(staffProgram).describe('Programs needing something first'),
      total: z.number().int(),
    })
    .nullable()
    .describe('For admins and program coordinators; null for everyone else'),
});
export type Home = z.infer<typeof home>;
