import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';
import { relationshipStatus } from './relationships.contracts.ts';
import { goalStatuses, meetingStatuses } from './workspace-shapes.contracts.ts';

/** The pair's workspace at a glance (§6): what the overview page of one relationship shows to one side. */

const workspaceAgreementStatuses = ['none', 'draft', 'awaiting_mentor', 'awaiting_mentee', 'signed'] as const;
export type WorkspaceAgreementStatus = (typeof workspaceAgreementStatuses)[number];

const personRef = z.object({ personId: z.uuid(), name: z.string() });

/** The partner as the other side sees them: directory facts and what they wrote when enrolling in this program. */
const workspacePartner = z.object({
  personId: z.uuid(),
  name: z.string(),
  email: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  jobFunction: z.string().nullable(),
  timeZone: z.string().nullable(),
  languages: z.array(z.string()),
  role: z.enum(['mentor', 'mentee']),
  /** From their enrolment profile in this program: career goals (mentee) or what they can help with (mentor). */
  goals: z.string(),
  skillsOffered: z.array(z.string()),
  skillsWanted: z.array(z.string()),
  skillsNote: z.string(),
  targetFunction: z.string().nullable(),
});

const workspaceGoalSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  status: z.enum(goalStatuses),
  dueOn: z.string().nullable(),
  /** 0–100: reached/total milestones, or the percentage set by hand; a done goal is 100. */
  progress: z.number().int(),
  milestones: z.object({ reached: z.number().int(), total: z.number().int() }).nullable(),
});

const workspaceMeetingSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  startsAt: isoDateTime,
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  location: z.string().nullable(),
  videoUrl: z.string().nullable(),
  status: z.enum(meetingStatuses),
});

const workspaceActionItem = z.object({
  id: z.uuid(),
  title: z.string(),
  dueOn: z.string().nullable(),
  owner: personRef.nullable(),
  meetingId: z.uuid().nullable(),
  overdue: z.boolean(),
});

const workspaceNoteExcerpt = z.object({
  id: z.uuid(),
  /** `private` notes here are always the caller's own. */
  visibility: z.enum(['shared', 'private']),
  author: personRef,
  mine: z.boolean(),
  /** At most 280 characters of the note. */
  excerpt: z.string(),
  truncated: z.boolean(),
  meetingId: z.uuid().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const workspaceOverview = z.object({
  relationshipId: z.uuid(),
  status: relationshipStatus,
  myRole: z.enum(['mentor', 'mentee']),
  readOnly: z.boolean(),
  startedAt: isoDateTime.nullable(),
  endedAt: isoDateTime.nullable(),
  /** Why it ended early (or the closing note), once it ended. */
  endReason: z.string().nullable(),
  /** What the caller may do to the relationship now: `complete`, `end_early`. */
  availableActions: z.array(z.string()),
  program: z.object({
    id: z.uuid(),
    name: z.string(),
    meetingCadence: z.string(),
    relationshipMonths: z.number().int(),
    endsOn: z.string().nullable(),
  }),
  me: personRef,
  partner: workspacePartner,
  agreement: z.object({
    status: z.enum(workspaceAgreementStatuses),
    /** 0 when nothing was saved yet. */
    version: z.number().int(),
    mentorSignedAt: isoDateTime.nullable(),
    menteeSignedAt: isoDateTime.nullable(),
    /** The current version waits for the caller's signature. */
    awaitingMySignature: z.boolean(),
    updatedAt: isoDateTime.nullable(),
  }),
  goals: z.object({
    total: z.number().int(),
    byStatus: z.record(z.enum(goalStatuses), z.number().int()),
    /** Open goals first, in the pair's order; at most 8. */
    items: z.array(workspaceGoalSummary),
  }),
  meetings: z.object({
    next: workspaceMeetingSummary.nullable(),
    upcomingCount: z.number().int(),
    heldCount: z.number().int(),
    lastHeldAt: isoDateTime.nullable(),
  }),
  actionItems: z.object({
    openCount: z.number().int(),
    overdueCount: z.number().int(),
    /** The five open items due soonest (undated last). */
    items: z.array(workspaceActionItem),
  }),
  notes: z.object({
    sharedCount: z.number().int(),
    /** The caller's own private notes; the partner's are never counted. */
    myPrivateCount: z.number().int(),
    /** The latest three notes the caller may read. */
    recent: z.array(workspaceNoteExcerpt),
  }),
});
export type WorkspaceOverview = z.infer<typeof workspaceOverview>;

export const workspaceTimelineQuery = z.strictObject({
  ...paginationQuery,
  pageSize: paginationQuery.pageSize.default(20),
});
export type WorkspaceTimelineQuery = z.infer<typeof workspaceTimelineQuery>;

/** One line of the pair's timeline: a workspace change or a change of the relationship's status. */
const workspaceTimelineItem = z.object({
  id: z.string().describe('`workspace:<n>` or `relationship:<n>`'),
  source: z.enum(['workspace', 'relationship']),
  /** Workspace: agreement_signed, goal_added, …; relationship: created, accept, complete, end_early, … */
  kind: z.string(),
  summary: z.string(),
  /** Why, for a relationship that ended early or was declined. */
  reason: z.string().nullable(),
  actor: z.object({ personId: z.uuid().nullable(), name: z.string() }).nullable(),
  subjectId: z.uuid().nullable(),
  at: isoDateTime,
});
export type WorkspaceTimelineItem = z.infer<typeof workspaceTimelineItem>;

export const workspaceTimelinePage = z.object({
  items: z.array(workspaceTimelineItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type WorkspaceTimelinePage = z.infer<typeof workspaceTimelinePage>;
