import { z } from 'zod';
import { departmentPreferences, learningStyles, meetingModes } from '../core/matching/profiles.ts';
import { isoDateTime, paginationQuery } from './common.ts';
import { enrolmentRole, enrolmentStatus } from './enrolments.contracts.ts';
import { noticeTally } from './notice-tally.contracts.ts';

// ── A person's own mentoring profile, carried from one program to the next (issue 13 §3) ───────────────────────

const term = z.string().trim().min(1).max(100);

/**
 * The program-independent part of what a person tells a program when enrolling, kept as theirs: the next enrolment
 * form starts from it. Both roles' fields live side by side (a mentor in one program may be a mentee in another);
 * the answers to a program's own questions, preferred mentors and people to avoid stay with each enrolment.
 */
const mentoringProfileFields = {
  skillsOffered: z.array(term).max(30).describe('As a mentor: skills you can help with'),
  skillsWanted: z.array(term).max(30).describe('As a mentee: skills you want to develop'),
  skillsNote: z.string().trim().max(1000),
  goals: z.string().trim().max(4000).describe('As a mentee: your career goals'),
  helpWith: z.string().trim().max(4000).describe('As a mentor: what you can help with'),
  targetFunction: z.string().trim().max(200).nullable().describe('As a mentee: the job function you aim for'),
  learningStyle: z.enum(learningStyles).nullable(),
  meetingMode: z.enum(meetingModes).nullable(),
  languages: z.array(term).max(20),
  availability: z.string().trim().max(1000),
  departmentPreference: z.enum(departmentPreferences).describe('As a mentee: a mentor from'),
  capacity: z.number().int().min(1).max(20).nullable().describe('As a mentor: mentees you usually take'),
};

/** PUT replaces the whole profile: a field left out is cleared. */
export const mentoringProfileInput = z.strictObject({
  skillsOffered: mentoringProfileFields.skillsOffered.default([]),
  skillsWanted: mentoringProfileFields.skillsWanted.default([]),
  skillsNote: mentoringProfileFields.skillsNote.default(''),
  goals: mentoringProfileFields.goals.default(''),
  helpWith: mentoringProfileFields.helpWith.default(''),
  targetFunction: mentoringProfileFields.targetFunction.default(null),
  learningStyle: mentoringProfileFields.learningStyle.default(null),
  meetingMode: mentoringProfileFields.meetingMode.default(null),
  languages: mentoringProfileFields.languages.default([]),
  availability: mentoringProfileFields.availability.default(''),
  departmentPreference: mentoringProfileFields.departmentPreference.default('any'),
  capacity: mentoringProfileFields.capacity.default(null),
  applyTo: z
    .array(z.uuid())
    .max(50)
    .default([])
    .describe('Your enrolments (of openEnrolments) to update with this profile as well'),
});
export type MentoringProfileInput = z.input<typeof mentoringProfileInput>;

const openEnrolment = z.object({
  id: z.uuid(),
  programId: z.uuid(),
  programName: z.string(),
  role: enrolmentRole,
  status: enrolmentStatus,
});
export type OpenEnrolment = z.infer<typeof openEnrolment>;

export const mentoringProfile = z.object({
  ...mentoringProfileFields,
  source: z
    .enum(['saved', 'enrolment', 'none'])
    .describe('saved: kept as yours; enrolment: read from your latest enrolment until you save; none: empty'),
  updatedAt: isoDateTime.nullable(),
  openEnrolments: z
    .array(openEnrolment)
    .describe(
      'Your enrolments in programs not matched yet (enrolling or matching, no pair): applyTo may name them',
    ),
});
export type MentoringProfile = z.infer<typeof mentoringProfile>;

export const savedMentoringProfile = z.object({
  profile: mentoringProfile,
  applied: z.array(z.object({ enrolmentId: z.uuid(), programName: z.string() })),
});
export type SavedMentoringProfile = z.infer<typeof savedMentoringProfile>;

// ── Thin profiles before a match run, and reminders to complete them (issue 13 §4) ──────────────────────────────

export const profileGapKinds = ['skills', 'goals', 'questions'] as const;
export type ProfileGapKind = (typeof profileGapKinds)[number];

export const profileGapsQuery = z.strictObject({
  ...paginationQuery,
  role: enrolmentRole.optional(),
});
export type ProfileGapsQuery = z.infer<typeof profileGapsQuery>;

const gapCounts = z.object({
  total: z.number().int().describe('Enrolled and taking part in the next run'),
  withGaps: z.number().int(),
  empty: z
    .number()
    .int()
    .describe('Nothing said at all: no skills, goals, style, way to meet, availability or answers'),
  noSkills: z.number().int(),
  noGoals: z.number().int(),
  unansweredQuestions: z.number().int().describe('People with a required question of the form unanswered'),
});

export const profileGapsResponse = z.object({
  mentees: gapCounts,
  mentors: gapCounts,
  remindable: z.number().int().describe('People with gaps not reminded in the last 24 hours'),
  items: z.array(
    z.object({
      enrolmentId: z.uuid(),
      personId: z.uuid(),
      name: z.string(),
      email: z.string(),
      title: z.string().nullable(),
      department: z.string().nullable(),
      role: enrolmentRole,
      gaps: z.array(z.enum(profileGapKinds)),
      empty: z.boolean(),
      unansweredQuestions: z.number().int(),
      lastRemindedAt: isoDateTime.nullable().describe('Last profile reminder, from any program'),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ProfileGapsResponse = z.infer<typeof profileGapsResponse>;

export const profileRemindersInput = z.strictObject({
  enrolmentIds: z
    .array(z.uuid())
    .min(1)
    .max(5000)
    .optional()
    .describe('Whom to remind; left out: everyone of the program with gaps'),
});
export type ProfileRemindersInput = z.infer<typeof profileRemindersInput>;

export const profileRemindersResult = z.object({
  reminded: z.number().int().describe('People sent a reminder'),
  remindedRecently: z.number().int().describe('Left out: reminded in the last 24 hours'),
  complete: z.number().int().describe('Left out: their profile has no gap any more'),
  told: noticeTally.describe('How the people reminded were told, as each chose'),
});
export type ProfileRemindersResult = z.infer<typeof profileRemindersResult>;
