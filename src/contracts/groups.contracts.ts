import { z } from 'zod';
import { isoDateTime, paginated, paginationQuery } from './common.ts';
import { noticeTally } from './notice-tally.contracts.ts';
import { programRef } from './relationships.contracts.ts';

/**
 * Mentoring groups as staff and members manage them (issue 14, decision 032): the program's list with aggregates
 * (never workspace content), groups made by hand, members added and removed, self-select groups mentees join and
 * leave. The group's workspace (agreement, goals, meetings, notes) has its own contracts.
 */

export const groupStatus = z.enum(['open', 'active', 'closed']);
export type GroupStatus = z.infer<typeof groupStatus>;
export const groupOrigin = z.enum(['match_run', 'staff', 'self_select']);
export type GroupOrigin = z.infer<typeof groupOrigin>;

/** A person in a group (mentor, co-mentor or member), as much as a colleague may see. */
export const groupPerson = z.object({
  enrolmentId: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  email: z.string().nullable().describe('Staff only'),
});
export type GroupPerson = z.infer<typeof groupPerson>;

/** One row of the program's groups, for staff: who leads it, how full it is, and how it is going in numbers. */
export const groupSummary = z.object({
  id: z.uuid(),
  program: programRef,
  name: z.string(),
  description: z.string(),
  status: groupStatus,
  origin: groupOrigin,
  mentor: groupPerson,
  coMentor: groupPerson.nullable(),
  members: z.number().int().describe('Members now (active relationships in the group)'),
  minSize: z.number().int(),
  maxSize: z.number().int(),
  meetingsHeld: z.number().int(),
  lastMeetingAt: isoDateTime.nullable().describe('When the last meeting held started'),
  goalsDone: z.number().int(),
  goalsTotal: z.number().int().describe('Group goals, dropped ones left out'),
  createdAt: isoDateTime,
  closedAt: isoDateTime.nullable(),
});
export type GroupSummary = z.infer<typeof groupSummary>;

export const groupMember = groupPerson.extend({
  relationshipId: z.uuid(),
  joinedAt: isoDateTime.nullable(),
});
export type GroupMember = z.infer<typeof groupMember>;

/** A group with its members: staff, the mentor and co-mentor, and its members. */
export const groupMembership = groupSummary.extend({
  memberList: z.array(groupMember),
  viewerRole: z.enum(['staff', 'mentor', 'co_mentor', 'member']),
});
export type GroupMembership = z.infer<typeof groupMembership>;

export const programGroupsQuery = z.strictObject({
  ...paginationQuery,
  status: groupStatus.optional(),
});
export type ProgramGroupsQuery = z.infer<typeof programGroupsQuery>;
export const programGroupsPage = paginated(groupSummary);
export type ProgramGroupsPage = z.infer<typeof programGroupsPage>;

const groupName = z.string().trim().min(1, 'is required').max(120);
const groupDescription = z.string().trim().max(2000);
const menteeEnrolmentIds = z
  .array(z.uuid())
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, 'lists someone twice');

/** Staff: a group by hand, with its mentees from the start. */
export const createGroupInput = z.strictObject({
  mentorEnrolmentId: z.uuid(),
  coMentorEnrolmentId: z.uuid().nullable().optional(),
  name: groupName,
  description: groupDescription.optional(),
  menteeEnrolmentIds,
});
export type CreateGroupInput = z.infer<typeof createGroupInput>;

/** A self-select group waiting for members: a mentor opens their own; staff name the mentor. */
export const openGroupInput = z.strictObject({
  mentorEnrolmentId: z
    .uuid()
    .optional()
    .describe('Staff: the mentor who leads it (a mentor opens their own)'),
  name: groupName,
  description: groupDescription.optional(),
});
export type OpenGroupInput = z.infer<typeof openGroupInput>;

/** Staff: rename, describe, set or clear the co-mentor (null clears it). */
export const updateGroupInput = z.strictObject({
  name: groupName.optional(),
  description: groupDescription.optional(),
  coMentorEnrolmentId: z.uuid().nullable().optional(),
});
export type UpdateGroupInput = z.infer<typeof updateGroupInput>;

export const addGroupMembersInput = z.strictObject({
  menteeEnrolmentIds: menteeEnrolmentIds.refine((ids) => ids.length > 0, 'must name at least one mentee'),
});
export type AddGroupMembersInput = z.infer<typeof addGroupMembersInput>;

export const groupMemberParams = z.strictObject({ id: z.uuid(), enrolmentId: z.uuid() });

export const closeGroupInput = z.strictObject({
  note: z.string().trim().max(2000).optional(),
});
export type CloseGroupInput = z.infer<typeof closeGroupInput>;

export const leaveGroupInput = z.strictObject({
  reason: z.string().trim().max(2000).optional(),
});
export type LeaveGroupInput = z.infer<typeof leaveGroupInput>;

/** What a change that tells people answers: the group as it is now and who was told how. */
export const groupChangeResult = z.object({
  group: groupMembership,
  told: noticeTally,
});
export type GroupChangeResult = z.infer<typeof groupChangeResult>;

/** A group a mentee can join (self-select): who leads it, what it is about, how many seats are left. */
export const findGroupItem = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  mentor: groupPerson.extend({ skillsOffered: z.array(z.string()) }),
  coMentor: groupPerson.nullable(),
  members: z.number().int(),
  seatsLeft: z.number().int(),
  maxSize: z.number().int(),
});
export type FindGroupItem = z.infer<typeof findGroupItem>;

export const findGroupsQuery = z.strictObject({
  ...paginationQuery,
  q: z.string().trim().max(200).optional().describe('Name, description, mentor or skills contain'),
});
export type FindGroupsQuery = z.infer<typeof findGroupsQuery>;

export const findGroupsPage = paginated(findGroupItem).extend({
  /** The group the caller belongs to in this program, if any: they cannot join another. */
  myGroup: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** Whether the caller is an approved mentee of the program (only they can join). */
  canJoin: z.boolean(),
  /** Whether the caller is an approved mentor of the program who leads no group yet (they may open one). */
  canOpen: z.boolean(),
});
export type FindGroupsPage = z.infer<typeof findGroupsPage>;

/** A group of the caller's: as its mentor, co-mentor or a member. */
export const myGroup = z.object({
  id: z.uuid(),
  name: z.string(),
  program: programRef,
  status: groupStatus,
  myRole: z.enum(['mentor', 'co_mentor', 'member']),
  mentor: groupPerson,
  members: z.number().int(),
  maxSize: z.number().int(),
  current: z.boolean().describe('The group is open or active and the caller leads it or is a member now'),
  link: z.string().describe('The group’s page'),
});
export type MyGroup = z.infer<typeof myGroup>;

export const myGroupsQuery = z.strictObject({
  ...paginationQuery,
  state: z.enum(['current', 'past', 'all']).default('current').describe('current = open or active'),
});
export type MyGroupsQuery = z.infer<typeof myGroupsQuery>;
export const myGroupsPage = paginated(myGroup);
export type MyGroupsPage = z.infer<typeof myGroupsPage>;
