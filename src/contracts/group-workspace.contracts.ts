import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';
import { createMeetingInput, meeting, updateMeetingInput } from './meetings.contracts.ts';
import { agreementContent, goalStatuses, noteVisibilities, plainDate } from './workspace-shapes.contracts.ts';

/**
 * A group's workspace (issue 14): the pair workspace for a mentoring group. The group shares an agreement every
 * member signs, group goals, group meetings (one invitation to all, attendance per member) and shared notes; each
 * mentee keeps their own goals, action items, surveys and meeting ratings on their relationship with the mentor
 * (the pair routes under /api/relationships/:id, which the mentor may call for each mentee).
 */

export const groupIdParams = z.strictObject({ id: z.uuid() });
export const groupGoalParams = z.strictObject({ id: z.uuid(), goalId: z.uuid() });
export const groupMeetingParams = z.strictObject({ id: z.uuid(), meetingId: z.uuid() });
export const groupNoteParams = z.strictObject({ id: z.uuid(), noteId: z.uuid() });

export const groupRoles = ['mentor', 'co_mentor', 'mentee'] as const;
export type GroupRole = (typeof groupRoles)[number];

const personRef = z.object({ personId: z.uuid(), name: z.string() });

export const groupMember = z.object({
  personId: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  role: z.enum(groupRoles),
  /** A mentee's relationship with the mentor: their own goals, action items and surveys live there. */
  relationshipId: z.uuid().nullable(),
  /** `left`: a mentee who left the group (the rest continue); they still read what was written while they were in. */
  status: z.enum(['active', 'left']),
  joinedAt: isoDateTime.nullable(),
  leftAt: isoDateTime.nullable(),
});
export type GroupMember = z.infer<typeof groupMember>;

// ── Agreement ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const groupAgreementStatuses = ['draft', 'awaiting_signatures', 'signed'] as const;

export const groupAgreement = z.object({
  groupId: z.uuid(),
  /** 0 while nothing was saved yet: the content is a draft from the program's template. */
  version: z.number().int(),
  content: agreementContent,
  /** `signed` once every current member (mentor, co-mentor, active mentees) signed the current version. */
  status: z.enum(groupAgreementStatuses),
  /** One line per current member, whether they signed the current version. */
  signatures: z.array(
    z.object({
      personId: z.uuid(),
      name: z.string(),
      role: z.enum(groupRoles),
      signedAt: isoDateTime.nullable(),
    }),
  ),
  editedBy: personRef.nullable(),
  updatedAt: isoDateTime.nullable(),
  readOnly: z.boolean(),
  availableActions: z.array(z.enum(['edit', 'sign'])),
});
export type GroupAgreement = z.infer<typeof groupAgreement>;

export const putGroupAgreementInput = z.strictObject({ content: agreementContent });
export const signGroupAgreementInput = z.strictObject({
  version: z
    .number()
    .int()
    .min(0)
    .describe('The version the caller read (0 signs the draft from the template)'),
});

// ── Group goals ───────────────────────────────────────────────────────────────────────────────────────────────────

export const groupGoal = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  title: z.string(),
  measurable: z.string(),
  dueOn: plainDate.nullable(),
  status: z.enum(goalStatuses),
  progressPercent: z.number().int(),
  createdBy: personRef.nullable(),
  completedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type GroupGoal = z.infer<typeof groupGoal>;

export const groupGoalsPage = z.object({ items: z.array(groupGoal), readOnly: z.boolean() });
export type GroupGoalsPage = z.infer<typeof groupGoalsPage>;

const goalTitle = z.string().trim().min(1, 'is required').max(200);
const measurable = z.string().trim().max(2000);
const percent = z.number().int().min(0).max(100);

export const createGroupGoalInput = z.strictObject({
  title: goalTitle,
  measurable: measurable.default(''),
  dueOn: plainDate.nullable().optional(),
});
export type CreateGroupGoalInput = z.infer<typeof createGroupGoalInput>;
export type CreateGroupGoalRequest = z.input<typeof createGroupGoalInput>;

export const updateGroupGoalInput = z
  .strictObject({
    title: goalTitle.optional(),
    measurable: measurable.optional(),
    dueOn: plainDate.nullable().optional(),
    status: z.enum(goalStatuses).optional(),
    progressPercent: percent.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, { message: 'nothing to change' });
export type UpdateGroupGoalInput = z.infer<typeof updateGroupGoalInput>;

// ── Group meetings ────────────────────────────────────────────────────────────────────────────────────────────────

export const groupMeetingStatuses = ['scheduled', 'held', 'cancelled'] as const;
export const attendanceStatuses = ['scheduled', 'attended', 'absent', 'cancelled'] as const;

export const groupMeeting = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  title: z.string(),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  localDate: plainDate,
  localTime: z.string(),
  location: z.string().nullable(),
  videoUrl: z.string().nullable(),
  agenda: z.string(),
  status: z.enum(groupMeetingStatuses),
  /** RFC 5545 SEQUENCE of the one invitation every member got. */
  sequence: z.number().int(),
  organiser: personRef.nullable(),
  hasStarted: z.boolean(),
  /**
   * Each mentee's attendance (their own row of the meeting). The mentor and co-mentor see every mentee's; a mentee
   * sees only their own.
   */
  attendance: z.array(
    z.object({
      personId: z.uuid(),
      name: z.string(),
      relationshipId: z.uuid(),
      status: z.enum(attendanceStatuses),
    }),
  ),
  /** The caller's own row (a mentee), to rate the meeting through POST /api/meetings/:id/feedback. */
  myMeetingId: z.uuid().nullable(),
  myStatus: z.enum(attendanceStatuses).nullable(),
  /** The caller already rated it (their own rating only; others' go to the program, aggregated). */
  iRated: z.boolean(),
  /** The caller's own rating, as on their row of the meeting. */
  myFeedback: meeting.shape.myFeedback,
  cancelledAt: isoDateTime.nullable(),
  heldAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type GroupMeeting = z.infer<typeof groupMeeting>;

export const groupMeetingsQuery = z.strictObject({
  ...paginationQuery,
  when: z.enum(['upcoming', 'past', 'all']).default('all'),
});
export type GroupMeetingsQuery = z.infer<typeof groupMeetingsQuery>;

export const groupMeetingsPage = z.object({
  items: z.array(groupMeeting),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  readOnly: z.boolean(),
});
export type GroupMeetingsPage = z.infer<typeof groupMeetingsPage>;

export const createGroupMeetingInput = createMeetingInput;
export type CreateGroupMeetingRequest = z.input<typeof createGroupMeetingInput>;
export const updateGroupMeetingInput = updateMeetingInput;

/** Who came: one line per mentee still in the group. */
export const groupAttendanceInput = z.strictObject({
  attendance: z
    .array(z.strictObject({ personId: z.uuid(), attended: z.boolean() }))
    .min(1)
    .max(50),
});
export type GroupAttendanceInput = z.infer<typeof groupAttendanceInput>;

// ── Group notes ───────────────────────────────────────────────────────────────────────────────────────────────────

export const groupNoteBodyMaxLength = 20_000;

export const groupNote = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  visibility: z.enum(noteVisibilities),
  body: z.string(),
  author: personRef,
  mine: z.boolean(),
  meeting: z.object({ id: z.uuid(), title: z.string(), startsAt: isoDateTime }).nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type GroupNote = z.infer<typeof groupNote>;

export const groupNotesQuery = z.strictObject({
  ...paginationQuery,
  visibility: z
    .enum(['shared', 'private', 'all'])
    .default('all')
    .describe('private = the caller’s own private notes; all = shared notes and the caller’s private notes'),
});
export type GroupNotesQuery = z.infer<typeof groupNotesQuery>;

export const groupNotesPage = z.object({
  items: z.array(groupNote),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  readOnly: z.boolean(),
});
export type GroupNotesPage = z.infer<typeof groupNotesPage>;

const noteBody = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(groupNoteBodyMaxLength, `must be at most ${groupNoteBodyMaxLength} characters`);

export const createGroupNoteInput = z.strictObject({
  visibility: z.enum(noteVisibilities),
  body: noteBody,
  meetingId: z.uuid().nullable().optional().describe('A meeting of this group'),
});
export type CreateGroupNoteInput = z.infer<typeof createGroupNoteInput>;

/** A private note may be shared later; a shared note stays shared (the group may have read it). */
export const updateGroupNoteInput = z
  .strictObject({ body: noteBody.optional(), visibility: z.enum(noteVisibilities).optional() })
  .refine((input) => Object.keys(input).length > 0, { message: 'nothing to change' });
export type UpdateGroupNoteInput = z.infer<typeof updateGroupNoteInput>;

// ── Overview ──────────────────────────────────────────────────────────────────────────────────────────────────────

export const groupWorkspace = z.object({
  group: z.object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    status: z.enum(['open', 'active', 'closed']),
    program: z.object({ id: z.uuid(), name: z.string() }),
  }),
  myRole: z.enum(groupRoles),
  /** The caller's relationship with the mentor (a mentee): their own goals, action items and surveys. */
  myRelationshipId: z.uuid().nullable(),
  readOnly: z.boolean(),
  members: z.array(groupMember),
  agreement: z.object({
    status: z.enum(groupAgreementStatuses),
    version: z.number().int(),
    signed: z.number().int(),
    of: z.number().int(),
  }),
  nextMeeting: groupMeeting.nullable(),
  goals: z.array(groupGoal),
  recentNotes: z.array(groupNote),
});
export type GroupWorkspace = z.infer<typeof groupWorkspace>;
