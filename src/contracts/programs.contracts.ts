import { z } from 'zod';
import { programTypes } from '../core/matching/criteria.ts';
import { programStatuses } from '../core/programs/program-lifecycle.ts';
import { isoDateTime, paginationQuery } from './common.ts';
import { enrolmentRole, enrolmentStatus } from './enrolments.contracts.ts';
import { noticeTally } from './notice-tally.contracts.ts';

export const programType = z.enum(programTypes);
export type ProgramType = z.infer<typeof programType>;
export const matchingMode = z.enum(['admin', 'self_select', 'hybrid']);
export type MatchingMode = z.infer<typeof matchingMode>;
export const programStatus = z.enum(programStatuses);
export type ProgramStatus = z.infer<typeof programStatus>;
export const meetingCadence = z.enum(['weekly', 'fortnightly', 'monthly']);
export type MeetingCadence = z.infer<typeof meetingCadence>;

const day = z.iso.date().describe('YYYY-MM-DD');
const jsonObject = z.record(z.string(), z.unknown());

/** Every setting of a program (§2); the lifecycle status changes only through transitions. */
const programSettings = {
  description: z.string().trim().max(5000),
  goals: z.string().trim().max(5000),
  type: programType,
  matchingMode,
  startsOn: day.nullable(),
  endsOn: day.nullable(),
  enrolmentOpensOn: day.nullable(),
  enrolmentClosesOn: day.nullable(),
  meetingCadence,
  relationshipMonths: z.number().int().min(1).max(60),
  mentorDefaultCapacity: z.number().int().min(1).max(20),
  requiresApproval: z.boolean(),
  maxOpenRequests: z.number().int().min(1).max(10),
  requestExpiryDays: z.number().int().min(1).max(60),
  suggestionCount: z.number().int().min(1).max(20),
  /** Group programs: how many mentees a group holds (2–20, min ≤ max). */
  groupMinSize: z.number().int().min(2).max(20),
  groupMaxSize: z.number().int().min(2).max(20),
  /** Flash programs: a session's relationship closes itself this many days after the session at the latest. */
  flashCloseDays: z.number().int().min(1).max(60),
  criteria: jsonObject.nullable().describe('Matching criteria and weights (docs/matching.md)'),
  agreementTemplate: jsonObject.nullable(),
  surveySchedule: jsonObject.nullable(),
  /** Skills each participant rates 1–5 at the check-in (start) and in the closing survey (end), §8. */
  selfRatedSkills: z
    .array(z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'))
    .max(8, 'at most 8 skills')
    .refine(
      (skills) => new Set(skills.map((s) => s.toLowerCase())).size === skills.length,
      'each skill only once',
    ),
};

export const programInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  ...z.object(programSettings).partial().shape,
});
export type ProgramInput = z.infer<typeof programInput>;

export const programUpdate = programInput.partial();
export type ProgramUpdate = z.infer<typeof programUpdate>;

const programCounts = z.object({
  mentors: z.number().int().describe('Approved mentor enrolments'),
  mentees: z.number().int().describe('Approved mentee enrolments'),
  pendingApproval: z.number().int(),
  waitlisted: z.number().int(),
  mentorCapacity: z.number().int().describe('Sum of approved mentors’ capacities'),
  matchedMentees: z.number().int().describe('Mentees with a proposed or active relationship'),
  activeRelationships: z.number().int(),
});

const program = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  goals: z.string(),
  type: programType,
  matchingMode,
  status: programStatus,
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  enrolmentOpensOn: z.string().nullable(),
  enrolmentClosesOn: z.string().nullable(),
  meetingCadence,
  relationshipMonths: z.number().int(),
  mentorDefaultCapacity: z.number().int(),
  requiresApproval: z.boolean(),
  maxOpenRequests: z.number().int(),
  requestExpiryDays: z.number().int(),
  suggestionCount: z.number().int(),
  groupMinSize: z.number().int(),
  groupMaxSize: z.number().int(),
  flashCloseDays: z.number().int(),
  criteria: z.unknown(),
  agreementTemplate: z.unknown(),
  surveySchedule: z.unknown(),
  selfRatedSkills: z.array(z.string()),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  counts: programCounts,
  canManage: z.boolean(),
});
export type Program = z.infer<typeof program>;

const myProgramEnrolment = z.object({ id: z.uuid(), role: enrolmentRole, status: enrolmentStatus });

export const programDetail = program.extend({
  myEnrolments: z.array(myProgramEnrolment),
  allowedTransitions: z.array(programStatus).describe('For staff: where the lifecycle may go next'),
});
export type ProgramDetail = z.infer<typeof programDetail>;

export const programListQuery = z.strictObject({
  ...paginationQuery,
  status: programStatus.optional(),
  q: z.string().trim().max(200).optional(),
});
export type ProgramListQuery = z.infer<typeof programListQuery>;

export const programListResponse = z.object({
  items: z.array(program),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ProgramListResponse = z.infer<typeof programListResponse>;

export const programTransitionInput = z.strictObject({ to: programStatus });

/** What a status change did beyond the status: closing a program ends what was still open in it (decision 028). */
export const programTransitionResult = programDetail.extend({
  closing: z
    .object({
      completed: z.number().int().describe('Active pairs marked completed'),
      withdrawn: z.number().int().describe('Proposals and requests withdrawn'),
      enrolmentsEnded: z.number().int().describe('Enrolments still waiting for approval or a place, ended'),
      told: noticeTally,
    })
    .nullable()
    .describe('Set when the program was closed'),
});
export type ProgramTransitionResult = z.infer<typeof programTransitionResult>;

/** What closing the program would do, for the confirmation (staff). */
export const programClosePreview = z.object({
  canClose: z.boolean().describe('Whether the lifecycle lets this program close now'),
  activePairs: z
    .number()
    .int()
    .describe('Would be marked completed; both people are told, the closing survey opens'),
  openRequests: z.number().int().describe('Proposals and requests waiting for an answer: would be withdrawn'),
  waitingEnrolments: z
    .number()
    .int()
    .describe('People still waiting for approval or a mentor place: their enrolment would end'),
});
export type ProgramClosePreview = z.infer<typeof programClosePreview>;

const coordinator = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  addedAt: isoDateTime,
});
export const coordinatorList = z.object({ items: z.array(coordinator) });
export type CoordinatorList = z.infer<typeof coordinatorList>;
export const coordinatorInput = z.strictObject({ userId: z.uuid() });
export const coordinatorParams = z.strictObject({ id: z.uuid(), userId: z.uuid() });

// Enrolment form

export const questionKind = z.enum(['single_choice', 'multiple_choice', 'scale', 'short_text', 'long_text']);
export type QuestionKind = z.infer<typeof questionKind>;
export const questionAudience = z.enum(['both', 'mentor', 'mentee']);
export type QuestionAudience = z.infer<typeof questionAudience>;

const questionFields = {
  kind: questionKind,
  label: z.string().trim().min(1).max(500),
  help: z.string().trim().max(2000).nullable(),
  options: z
    .array(z.string().trim().min(1).max(200))
    .max(50)
    .describe('Choices of a choice question, or the labels of a scale from lowest to highest'),
  scale: z
    .strictObject({ min: z.number().int().min(0).max(10), max: z.number().int().min(1).max(10) })
    .describe('A numeric scale instead of labels: options become min…max'),
  required: z.boolean(),
  audience: questionAudience,
  useInMatching: z.boolean().describe('Only choice questions can feed matching'),
};

export const questionInput = z.strictObject({
  kind: questionFields.kind,
  label: questionFields.label,
  help: questionFields.help.optional(),
  options: questionFields.options.optional(),
  scale: questionFields.scale.optional(),
  required: questionFields.required.optional(),
  audience: questionFields.audience.optional(),
  useInMatching: questionFields.useInMatching.optional(),
});
export type QuestionInput = z.infer<typeof questionInput>;

export const questionUpdate = questionInput.partial();
export type QuestionUpdate = z.infer<typeof questionUpdate>;

export const question = z.object({
  id: z.uuid(),
  programId: z.uuid(),
  position: z.number().int(),
  kind: questionKind,
  label: z.string(),
  help: z.string().nullable(),
  options: z.array(z.string()),
  required: z.boolean(),
  audience: questionAudience,
  useInMatching: z.boolean(),
});
export type Question = z.infer<typeof question>;
export const questionList = z.object({ items: z.array(question) });
export type QuestionList = z.infer<typeof questionList>;
export const questionParams = z.strictObject({ id: z.uuid(), questionId: z.uuid() });
export const questionOrderInput = z.strictObject({ ids: z.array(z.uuid()).max(200) });
