import { z } from 'zod';
import { departmentPreferences, learningStyles, meetingModes } from '../core/matching/profiles.ts';
import { isoDateTime, paginationQuery } from './common.ts';
import { noticeTally } from './notice-tally.contracts.ts';

export const enrolmentRole = z.enum(['mentor', 'mentee']);
export type EnrolmentRole = z.infer<typeof enrolmentRole>;

export const enrolmentStatus = z.enum([
  'pending_approval',
  'approved',
  'waitlisted',
  'rejected',
  'withdrawn',
]);
export type EnrolmentStatus = z.infer<typeof enrolmentStatus>;

const term = z.string().trim().min(1).max(100);

/**
 * What a person tells the program when enrolling (§3). Stored as the enrolment's `profile` JSON, except `capacity`,
 * which has its own column. Skills name entries of the organisation's vocabulary; `skillsNote` is the free text beside.
 */
const enrolmentProfileInput = z.strictObject({
  skillsOffered: z.array(term).max(30).optional(),
  skillsWanted: z.array(term).max(30).optional(),
  skillsNote: z.string().trim().max(1000).optional(),
  goals: z.string().trim().max(4000).optional(),
  targetFunction: z.string().trim().max(200).nullable().optional(),
  learningStyle: z.enum(learningStyles).nullable().optional(),
  meetingMode: z.enum(meetingModes).nullable().optional(),
  languages: z.array(term).max(20).optional(),
  availability: z.string().trim().max(1000).optional(),
  capacity: z
    .number()
    .int()
    .min(1)
    .max(20)
    .optional()
    .describe('Mentors only: mentees taken in this program'),
  departmentPreference: z.enum(departmentPreferences).optional(),
  preferredMentorIds: z.array(z.uuid()).max(10).optional(),
  avoidPersonIds: z.array(z.uuid()).max(100).optional(),
});
export type EnrolmentProfileInput = z.infer<typeof enrolmentProfileInput>;

/** The profile as stored and returned: every field present. */
const enrolmentProfile = z.object({
  skillsOffered: z.array(z.string()),
  skillsWanted: z.array(z.string()),
  skillsNote: z.string(),
  goals: z.string(),
  targetFunction: z.string().nullable(),
  learningStyle: z.enum(learningStyles).nullable(),
  meetingMode: z.enum(meetingModes).nullable(),
  languages: z.array(z.string()),
  availability: z.string(),
  departmentPreference: z.enum(departmentPreferences),
  preferredMentorIds: z.array(z.string()),
  avoidPersonIds: z.array(z.string()),
});
export type EnrolmentProfile = z.infer<typeof enrolmentProfile>;

/** An answer to one form question: text, one option, several options, or a number on a scale. */
const answerValue = z.union([z.string().max(4000), z.array(z.string().max(500)).max(50), z.number()]);
const answersInput = z.record(z.uuid(), answerValue);
export type AnswersInput = z.infer<typeof answersInput>;

export const enrolmentInput = z.strictObject({
  role: enrolmentRole,
  profile: enrolmentProfileInput.default({}),
  answers: answersInput.default({}),
  personId: z
    .uuid()
    .optional()
    .describe('Staff only: enrol someone else (allowed outside the enrolment window)'),
});
export type EnrolmentInput = z.infer<typeof enrolmentInput>;

export const enrolmentUpdate = z.strictObject({
  profile: enrolmentProfileInput.optional(),
  answers: answersInput.optional(),
});
export type EnrolmentUpdate = z.infer<typeof enrolmentUpdate>;

const enrolmentPerson = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  level: z.number().int().nullable(),
});

export const enrolment = z.object({
  id: z.uuid(),
  programId: z.uuid(),
  programName: z.string(),
  programStatus: z.string(),
  personId: z.uuid(),
  person: enrolmentPerson,
  role: enrolmentRole,
  status: enrolmentStatus,
  capacity: z.number().int().nullable(),
  profile: enrolmentProfile,
  answers: z.record(z.string(), answerValue),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Enrolment = z.infer<typeof enrolment>;

export const enrolmentListQuery = z.strictObject({
  ...paginationQuery,
  role: enrolmentRole.optional(),
  status: enrolmentStatus.optional(),
  q: z.string().trim().max(200).optional().describe('Name, email or title contains'),
});
export type EnrolmentListQuery = z.infer<typeof enrolmentListQuery>;

export const enrolmentListResponse = z.object({
  items: z.array(enrolment),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type EnrolmentListResponse = z.infer<typeof enrolmentListResponse>;

export const myEnrolmentsResponse = z.object({ items: z.array(enrolment) });
export type MyEnrolmentsResponse = z.infer<typeof myEnrolmentsResponse>;

export const bulkEnrolmentInput = z.strictObject({
  role: enrolmentRole,
  personIds: z.array(z.uuid()).min(1).max(5000),
  capacity: z.number().int().min(1).max(20).optional(),
});
export type BulkEnrolmentInput = z.infer<typeof bulkEnrolmentInput>;

export const bulkEnrolmentResult = z.object({
  created: z.number().int(),
  waitlisted: z.number().int(),
  pendingApproval: z.number().int(),
  skipped: z.number().int().describe('Already enrolled in the same role'),
});
export type BulkEnrolmentResult = z.infer<typeof bulkEnrolmentResult>;

export const enrolmentDecision = z.strictObject({ reason: z.string().trim().max(1000).optional() });
export type EnrolmentDecision = z.infer<typeof enrolmentDecision>;

// ── Enrolment by CSV with a preview, and decisions on many enrolments at once (issue 13) ────────────────────────

const previewPerson = z.object({
  line: z.number().int().describe('Line of the file (the header is line 1)'),
  personId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: enrolmentRole,
});

/** What an enrolment CSV would do, checked without writing anything: the confirm step of the web page. */
export const enrolmentImportPreview = z.object({
  rows: z.number().int().describe('Rows of the file, header left out'),
  toAdd: z.object({
    total: z.number().int(),
    mentors: z.number().int(),
    mentees: z.number().int(),
    waitlisted: z.number().int().describe('Mentees of these who would wait for a mentor place'),
    items: z.array(previewPerson).describe('The first 200'),
  }),
  alreadyEnrolled: z.object({
    total: z.number().int(),
    items: z.array(previewPerson.extend({ status: enrolmentStatus })).describe('The first 200'),
  }),
  errors: z
    .array(
      z.object({
        line: z.number().int(),
        column: z.string().nullable().describe('The column as people name it (e.g. “Learning style”)'),
        message: z.string(),
      }),
    )
    .describe('The first 500, in line order'),
  errorCount: z.number().int(),
});
export type EnrolmentImportPreview = z.infer<typeof enrolmentImportPreview>;

export const enrolmentDecisionAction = z.enum(['approve', 'reject', 'waitlist']);
export type EnrolmentDecisionAction = z.infer<typeof enrolmentDecisionAction>;

export const enrolmentDecisionsInput = z.strictObject({
  action: enrolmentDecisionAction,
  enrolmentIds: z.array(z.uuid()).min(1).max(5000).optional().describe('The rows picked; or give filter'),
  filter: z
    .strictObject({
      role: enrolmentRole.optional(),
      status: enrolmentStatus.optional(),
      q: z.string().trim().max(200).optional(),
    })
    .optional()
    .describe('Every enrolment of the program matching the list’s filter; or give enrolmentIds'),
  expectedCount: z
    .number()
    .int()
    .min(0)
    .max(20_000)
    .optional()
    .describe('With filter: how many the person saw; a different count now is a 409 and nothing changes'),
  leaveOutRefused: z
    .boolean()
    .default(false)
    .describe(
      'Leave out the enrolments the action cannot apply to (else any such one refuses the whole action)',
    ),
  reason: z.string().trim().max(1000).optional().describe('Reject only: told to each person'),
  dryRun: z.boolean().default(false).describe('Report what would happen, change nothing'),
});
export type EnrolmentDecisionsInput = z.input<typeof enrolmentDecisionsInput>;

export const enrolmentDecisionsResult = z.object({
  action: enrolmentDecisionAction,
  dryRun: z.boolean(),
  matched: z.number().int().describe('Enrolments picked or matching the filter'),
  changed: z.number().int().describe('Enrolments the action applied (would apply) to'),
  approved: z.number().int(),
  waitlisted: z
    .number()
    .int()
    .describe('Put (or left) on the waitlist, including mentees approved without a place'),
  rejected: z.number().int(),
  promoted: z.number().int().describe('Waitlisted mentees let in by the places of the mentors approved'),
  refused: z
    .array(
      z.object({ enrolmentId: z.uuid(), name: z.string(), status: enrolmentStatus, message: z.string() }),
    )
    .describe('The first 100 enrolments the action cannot apply to, and why'),
  refusedCount: z.number().int(),
  refusedSummary: z
    .string()
    .describe('The refusals grouped by reason, e.g. “2 are already approved, 1 has left the program”'),
  told: noticeTally,
});
export type EnrolmentDecisionsResult = z.infer<typeof enrolmentDecisionsResult>;
