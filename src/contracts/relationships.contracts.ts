import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';

export const relationshipStatus = z.enum([
  'proposed',
  'active',
  'completed',
  'ended_early',
  'declined',
  'expired',
  'withdrawn',
]);
export type RelationshipStatus = z.infer<typeof relationshipStatus>;

const relationshipOrigin = z.enum(['match_run', 'request', 'reassignment', 'group', 'flash']);
export type RelationshipOrigin = z.infer<typeof relationshipOrigin>;

/** The other side of a pair (or either side, for staff), as much as a colleague may see. */
export const partySummary = z.object({
  enrolmentId: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  jobFunction: z.string().nullable(),
  level: z.number().int().nullable(),
});
export type PartySummary = z.infer<typeof partySummary>;

export const programRef = z.object({ id: z.uuid(), name: z.string() });

export const relationshipSummary = z.object({
  id: z.uuid(),
  program: programRef,
  status: relationshipStatus,
  origin: relationshipOrigin,
  mentor: partySummary,
  mentee: partySummary,
  /** 0–100 with two decimals, when the pair was scored. */
  score: z.number().nullable(),
  reason: z.string().nullable(),
  reasonCode: z.string().nullable(),
  startedAt: isoDateTime.nullable(),
  endedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  /** The mentoring group this relationship belongs to (a member with the group's mentor), if any: its page is /groups/:id. */
  groupId: z.uuid().nullable(),
  groupName: z.string().nullable(),
});
export type RelationshipSummary = z.infer<typeof relationshipSummary>;

const relationshipEvent = z.object({
  id: z.number().int(),
  fromStatus: relationshipStatus.nullable(),
  toStatus: relationshipStatus,
  /** accept, decline, … or `created`, `info_requested`, `reassigned`. */
  kind: z.string(),
  actor: z.enum(['mentor', 'mentee', 'staff', 'system']),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: isoDateTime,
});
export type RelationshipEventItem = z.infer<typeof relationshipEvent>;

export const relationshipDetail = relationshipSummary.extend({
  /** Who the caller is in this relationship. */
  viewerRole: z.enum(['mentor', 'mentee', 'staff']),
  requestMessage: z.string().nullable(),
  expiresAt: isoDateTime.nullable(),
  /** What the caller may do next (complete, end_early, …). */
  availableActions: z.array(z.string()),
  events: z.array(relationshipEvent),
});
export type RelationshipDetail = z.infer<typeof relationshipDetail>;

/** "My mentor / my mentees": one row per relationship, seen from the caller's side. */
const myRelationship = relationshipSummary.extend({
  myRole: z.enum(['mentor', 'mentee']),
  partner: partySummary,
});
export type MyRelationship = z.infer<typeof myRelationship>;

export const myRelationshipsQuery = z.strictObject({
  ...paginationQuery,
  state: z
    .enum(['current', 'past', 'all'])
    .default('all')
    .describe('current = active; past = completed or ended early'),
});
export type MyRelationshipsQuery = z.infer<typeof myRelationshipsQuery>;

export const myRelationshipsPage = z.object({
  items: z.array(myRelationship),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type MyRelationshipsPage = z.infer<typeof myRelationshipsPage>;

export const programRelationshipsQuery = z.strictObject({
  ...paginationQuery,
  status: relationshipStatus.optional(),
  origin: relationshipOrigin.optional(),
});
export type ProgramRelationshipsQuery = z.infer<typeof programRelationshipsQuery>;

export const programRelationshipsPage = z.object({
  items: z.array(relationshipSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ProgramRelationshipsPage = z.infer<typeof programRelationshipsPage>;

export const completeRelationshipInput = z.strictObject({
  note: z.string().trim().max(2000).optional(),
});
export type CompleteRelationshipInput = z.infer<typeof completeRelationshipInput>;
export const endRelationshipInput = z.strictObject({
  reason: z.string().trim().min(1, 'is required').max(2000),
});
export type EndRelationshipInput = z.infer<typeof endRelationshipInput>;
export const reassignRelationshipInput = z.strictObject({
  mentorEnrolmentId: z.uuid(),
  reason: z.string().trim().min(1, 'is required').max(2000),
});
export type ReassignRelationshipInput = z.infer<typeof reassignRelationshipInput>;

export const reassignResult = z.object({
  ended: relationshipSummary,
  created: relationshipSummary,
});
export type ReassignResult = z.infer<typeof reassignResult>;

/**
 * An open relationship (proposed or active) where one side has left the organisation: deactivated, marked inactive
 * by an HRIS import, or erased. Staff end these from the "Left the organisation" list.
 */
const leaverRelationship = relationshipSummary.extend({
  leftSides: z.array(z.enum(['mentor', 'mentee'])).describe('The side (or both) who left the organisation'),
});
export type LeaverRelationship = z.infer<typeof leaverRelationship>;

export const leaverRelationshipsPage = z.object({
  items: z.array(leaverRelationship),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type LeaverRelationshipsPage = z.infer<typeof leaverRelationshipsPage>;

export const leaverRelationshipsQuery = z.strictObject({ ...paginationQuery });
export type LeaverRelationshipsQuery = z.infer<typeof leaverRelationshipsQuery>;

export const endProgramLeaversInput = z.strictObject({
  personId: z
    .uuid()
    .optional()
    .describe('Only the relationships of this person who left; all of them if absent'),
});
export type EndProgramLeaversInput = z.infer<typeof endProgramLeaversInput>;

export const endLeaversResult = z.object({
  /** How many relationships were ended (active) or closed (proposed) with the reason "left the organisation". */
  ended: z.number().int(),
});
export type EndLeaversResult = z.infer<typeof endLeaversResult>;

/** Pair health on the program's relationships table (issue 12, decision 018): staff see metadata only. */
export const pairHealthState = z.enum(['on_track', 'needs_check_in', 'at_risk', 'inactive']);
export type PairHealthStateName = z.infer<typeof pairHealthState>;

export const programPairHealthQuery = z.strictObject({
  ...paginationQuery,
  state: pairHealthState.optional().describe('only pairs in this health state'),
  sort: z
    .enum(['risk', 'started', 'last_meeting', 'mentor', 'mentee'])
    .default('risk')
    .describe('risk = inactive, at risk, needs check-in, on track; then the longest without a meeting'),
});
export type ProgramPairHealthQuery = z.infer<typeof programPairHealthQuery>;

export const pairHealthRow = z.object({
  relationshipId: z.uuid(),
  menteePersonId: z.uuid(),
  mentorName: z.string(),
  menteeName: z.string(),
  startedAt: z.iso.datetime(),
  daysSinceLastMeeting: z.number().int().nullable().describe('null when no meeting was held yet'),
  meetingsHeld: z.number().int(),
  meetingsPlanned: z.number().int(),
  agreement: z.enum(['none', 'waiting', 'signed']),
  goalProgress: z.number().int().nullable().describe('mean percent of the pair’s goals; null without goals'),
  lastRating: z.number().int().nullable(),
  checkInFit: z.number().int().nullable(),
  openActionItems: z.number().int(),
  state: pairHealthState,
  reasons: z.array(z.object({ code: z.string(), state: pairHealthState, message: z.string() })),
});
export type PairHealthRowView = z.infer<typeof pairHealthRow>;

export const programPairHealthPage = z.object({
  items: z.array(pairHealthRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: z.record(pairHealthState, z.number().int()),
});
export type ProgramPairHealthPage = z.infer<typeof programPairHealthPage>;
