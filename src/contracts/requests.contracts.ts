import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';
import { partySummary, programRef, relationshipStatus } from './relationships.contracts.ts';

/** One criterion's part in a score, on the 0–100 scale shown to people. */
const criterionExplanation = z.object({
  criterion: z.string(),
  /** 0–1 (0.5 = not known for both, neutral). */
  value: z.number(),
  weight: z.union([z.string(), z.number()]),
  points: z.number(),
  detail: z.string(),
});

const pairExplanation = z.object({
  /** 0–100 with two decimals. */
  score: z.number(),
  /** The hard rule that makes the pair ineligible, or null. */
  removedBy: z.string().nullable(),
  summary: z.string(),
  criteria: z.array(criterionExplanation),
});
export type PairExplanationView = z.infer<typeof pairExplanation>;

const mentorCard = partySummary.extend({
  skillsOffered: z.array(z.string()),
  goals: z.string(),
  languages: z.array(z.string()),
  capacity: z.number().int(),
  /** Mentees holding a place now (active relationships, published matches). */
  currentMentees: z.number().int(),
  hasSpareCapacity: z.boolean(),
  /** The caller already has an open request to this mentor. */
  requested: z.boolean(),
  score: z.number(),
  explanation: pairExplanation,
});
export type MentorCard = z.infer<typeof mentorCard>;

export const suggestionsResponse = z.object({
  items: z.array(mentorCard),
  /** How many more requests the caller may send now (program limit minus open requests). */
  requestsLeft: z.number().int(),
});
export type SuggestionsResponse = z.infer<typeof suggestionsResponse>;

export const mentorBrowseQuery = z.strictObject({
  ...paginationQuery,
  q: z.string().trim().max(200).optional().describe('Name, title, skills or goals contain'),
  department: z.string().trim().max(200).optional(),
  skill: z.string().trim().max(100).optional(),
  spareCapacity: z.enum(['true', 'false']).optional().describe('true: only mentors with a place left'),
});
export type MentorBrowseQuery = z.infer<typeof mentorBrowseQuery>;

export const mentorBrowsePage = z.object({
  items: z.array(mentorCard),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type MentorBrowsePage = z.infer<typeof mentorBrowsePage>;

export const createRequestInput = z.strictObject({
  mentorEnrolmentId: z.uuid(),
  message: z.string().trim().min(1, 'is required').max(2000),
});
export type CreateRequestInput = z.infer<typeof createRequestInput>;

const declineReasonCodes = ['no_capacity', 'not_a_fit', 'timing', 'other'] as const;
export const declineRequestInput = z.strictObject({
  reasonCode: z.enum(declineReasonCodes),
  reason: z.string().trim().max(2000).optional(),
});
export type DeclineRequestInput = z.infer<typeof declineRequestInput>;

export const askInfoInput = z.strictObject({
  message: z.string().trim().min(1, 'is required').max(2000),
});
export type AskInfoInput = z.infer<typeof askInfoInput>;

/** The mentee's answer to the mentor's open question. */
export const answerInfoInput = z.strictObject({
  message: z.string().trim().min(1, 'is required').max(2000),
});
export type AnswerInfoInput = z.infer<typeof answerInfoInput>;

export const requestItem = z.object({
  id: z.uuid(),
  program: programRef,
  /** incoming: the caller is the mentor; outgoing: the caller is the mentee. */
  direction: z.enum(['incoming', 'outgoing']),
  status: relationshipStatus,
  /** The other person: the mentee for incoming requests, the mentor for outgoing ones. */
  other: partySummary,
  message: z.string().nullable(),
  score: z.number().nullable(),
  explanation: pairExplanation.nullable(),
  /** Latest question from the mentor, if they asked for more information. */
  infoRequested: z.string().nullable(),
  /** The mentee's answer to that question; null while it waits for one (the mentee may answer it then). */
  infoAnswer: z.string().nullable(),
  reason: z.string().nullable(),
  reasonCode: z.string().nullable(),
  expiresAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type RequestItem = z.infer<typeof requestItem>;

export const myRequestsQuery = z.strictObject({
  ...paginationQuery,
  direction: z.enum(['incoming', 'outgoing']).optional(),
  status: z.enum(['pending', 'all']).default('pending'),
});
export type MyRequestsQuery = z.infer<typeof myRequestsQuery>;

export const myRequestsPage = z.object({
  items: z.array(requestItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type MyRequestsPage = z.infer<typeof myRequestsPage>;
