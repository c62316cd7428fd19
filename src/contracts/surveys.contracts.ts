import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';
import { programRef, relationshipStatus } from './relationships.contracts.ts';
import { meetingHelpedOptions, surveyKinds } from './workspace-shapes.contracts.ts';

/**
 * Surveys of a pair (§6): the check-in after the first weeks ("is this a good fit?"), the closing survey with NPS,
 * and a request to be rematched. Each side answers each once. Program staff read aggregates, the comments their
 * authors chose to share (with role and date, never a name), and the answers that need attention.
 */

const surveyKind = z.enum(surveyKinds);

const rating = z.number().int().min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5');
const comment = z.string().trim().max(4000, 'must be at most 4000 characters').default('');
/** Self-ratings 1–5 of the program's chosen skills, by skill name (§8 skills before and after). */
const skillRatings = z
  .record(z.string().max(80, 'must be at most 80 characters'), rating)
  .describe('{ [skill]: 1–5 } for the skills the program asks about');

/** One of the caller's own answers. */
const surveyAnswer = z.object({
  id: z.uuid(),
  kind: surveyKind,
  rating: z.number().int().nullable(),
  nps: z.number().int().nullable(),
  comment: z.string(),
  shareComment: z.boolean(),
  rematchRequested: z.boolean(),
  /** The caller's self-ratings of the program's skills in this answer. */
  skills: z.record(z.string(), z.number().int()),
  createdAt: isoDateTime,
  /** Program staff dealt with it (check-ins that asked for attention, rematch requests). */
  resolvedAt: isoDateTime.nullable(),
});
export type SurveyAnswer = z.infer<typeof surveyAnswer>;

/** The surveys of one relationship as one side of the pair sees them: only whether the partner answered. */
export const mySurveys = z.object({
  relationshipStatus,
  /** The skills the program asks each participant to rate 1–5 at the check-in and in the closing survey. */
  skills: z.array(z.string()),
  checkIn: z.object({
    checkInDays: z.number().int(),
    /** When the check-in opens (null if the relationship never started). */
    availableFrom: isoDateTime.nullable(),
    /** The caller can answer it now. */
    open: z.boolean(),
    myAnswer: surveyAnswer.nullable(),
    partnerAnswered: z.boolean(),
  }),
  closing: z.object({
    /** The relationship is completed or ended early and the caller has not answered yet. */
    open: z.boolean(),
    myAnswer: surveyAnswer.nullable(),
    partnerAnswered: z.boolean(),
  }),
  rematchRequest: surveyAnswer.nullable(),
  /** The relationship is active and the caller has not asked for a rematch yet. */
  canRequestRematch: z.boolean(),
});
export type MySurveys = z.infer<typeof mySurveys>;

export const checkInInput = z.strictObject({
  /** "Is this a good fit?" 1 (not at all) – 5 (very much). */
  rating,
  comment,
  /** Let program staff read the comment (they always see the rating in aggregates). */
  shareComment: z.boolean().default(false),
  rematchRequested: z.boolean().default(false),
  skills: skillRatings.optional(),
});
export type CheckInInput = z.infer<typeof checkInInput>;

export const closingInput = z.strictObject({
  /** Overall, how was the mentoring relationship? 1–5. */
  rating,
  /** How likely are you to recommend the program to a colleague? 0–10. */
  nps: z.number().int().min(0, 'must be from 0 to 10').max(10, 'must be from 0 to 10'),
  comment,
  shareComment: z.boolean().default(false),
  skills: skillRatings.optional(),
});
export type ClosingInput = z.infer<typeof closingInput>;

export const rematchRequestInput = z.strictObject({
  /** Read by program staff, not by the partner. */
  reason: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
});
export type RematchRequestInput = z.infer<typeof rematchRequestInput>;

// ── Program staff ────────────────────────────────────────────────────────────────────────────────────────────────

const distribution = z
  .array(z.object({ rating: z.number().int(), count: z.number().int() }))
  .describe('One entry per rating 1–5');

const sharedComment = z.object({
  id: z.uuid(),
  source: z.enum(['meeting', 'check_in', 'closing']),
  /** Who wrote it, by role only: staff never see the author's name next to a comment. */
  role: z.enum(['mentor', 'mentee']),
  rating: z.number().int().nullable(),
  comment: z.string(),
  createdAt: isoDateTime,
});
export type SharedComment = z.infer<typeof sharedComment>;

export const programFeedbackQuery = z.strictObject({
  ...paginationQuery,
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
});
export type ProgramFeedbackQuery = z.infer<typeof programFeedbackQuery>;

export const programFeedback = z.object({
  meetings: z.object({
    count: z.number().int(),
    mean: z.number().nullable(),
    distribution,
    helped: z.array(z.object({ option: z.enum(meetingHelpedOptions), count: z.number().int() })),
  }),
  checkIn: z.object({
    checkInDays: z.number().int(),
    answers: z.number().int(),
    meanFit: z.number().nullable(),
    distribution,
    /** Answers with a fit of 1–2. */
    lowFit: z.number().int(),
    rematchRequested: z.number().int(),
    /** People whose relationship was active when its check-in opened (two per relationship). */
    expected: z.number().int(),
    /** answers of those people / expected, 0–1; null when nobody was expected to answer yet. */
    responseRate: z.number().nullable(),
  }),
  closing: z.object({
    answers: z.number().int(),
    meanRating: z.number().nullable(),
    distribution,
    nps: z.object({
      score: z.number().int().nullable(),
      promoters: z.number().int(),
      passives: z.number().int(),
      detractors: z.number().int(),
    }),
  }),
  /** Flagged answers and rematch requests not yet resolved. */
  openAttention: z.number().int(),
  /** Comments their authors chose to share, newest first, paginated by the query. */
  comments: z.object({
    items: z.array(sharedComment),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  }),
});
export type ProgramFeedback = z.infer<typeof programFeedback>;

export const attentionQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(['open', 'resolved', 'all']).default('open'),
});
export type AttentionQuery = z.infer<typeof attentionQuery>;

const attentionParty = z.object({ personId: z.uuid(), enrolmentId: z.uuid(), name: z.string() });

export const attentionItem = z.object({
  /** The survey response's id (resolve it with POST /survey-responses/:id/resolve). */
  id: z.uuid(),
  relationshipId: z.uuid(),
  relationshipStatus,
  program: programRef,
  mentor: attentionParty,
  mentee: attentionParty,
  /** Which side raised it. */
  raisedBy: z.enum(['mentor', 'mentee']),
  kind: z.enum(['check_in', 'rematch_request']),
  rating: z.number().int().nullable(),
  rematchRequested: z.boolean(),
  /** The comment or the rematch reason, only when its author shared it with staff. */
  comment: z.string().nullable(),
  createdAt: isoDateTime,
  resolvedAt: isoDateTime.nullable(),
  resolvedBy: z.string().nullable(),
});
export type AttentionItem = z.infer<typeof attentionItem>;

export const attentionPage = z.object({
  items: z.array(attentionItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AttentionPage = z.infer<typeof attentionPage>;

export const resolveAttentionInput = z.strictObject({
  note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
});
export type ResolveAttentionInput = z.infer<typeof resolveAttentionInput>;
