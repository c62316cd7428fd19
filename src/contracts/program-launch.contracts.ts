import { z } from 'zod';
import { isoDateTime } from './common.ts';
import { jobProgress } from './jobs.contracts.ts';
import { emailListCsv } from './users.contracts.ts';

/**
 * A program's launch email (issue 13 §1): when enrolment opens, its staff tell an audience they pick that they can
 * enrol. It is a notice (`program_launch`, category "Enrolment") sent through the emailer, so preferences, waking
 * hours, unsubscribe links and invitations for people without an account apply; each person gets it once per
 * program unless the staff send it again on purpose.
 */

/** Who the launch email goes to: everyone in the directory, some departments and levels, or a list of emails. */
export const launchAudience = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('everyone') }),
  z.strictObject({
    kind: z.literal('directory'),
    /** Active people of these departments (none: every department)… */
    departments: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
    /** …and of these levels (none: every level). One of the two must name something. */
    levels: z.array(z.number().int().min(0).max(100)).max(101).default([]),
  }),
  z.strictObject({ kind: z.literal('emails'), csv: emailListCsv }),
]);
export type LaunchAudience = z.input<typeof launchAudience>;

export const launchPreviewRequest = z.strictObject({
  audience: launchAudience,
  /** Send again to people who already got it (otherwise they are skipped). */
  resend: z.boolean().default(false),
});
export type LaunchPreviewRequest = z.input<typeof launchPreviewRequest>;

export const launchEmailRequest = launchPreviewRequest.extend({
  /** A few words from the staff, shown above the program's description. */
  message: z.string().trim().max(2000).optional(),
});
export type LaunchEmailRequest = z.input<typeof launchEmailRequest>;

/** What sending the launch email to an audience would do. */
export const launchEmailPreview = z.object({
  /** People (or addresses) in the audience. */
  total: z.number().int(),
  /** People who will be told: in Trellis, and by email unless they chose otherwise. */
  recipients: z.number().int(),
  /** Of the recipients, those who get an email (at once, or in their digest). */
  byEmail: z.number().int(),
  /** Of those emailed, people who cannot sign in yet: their email carries an invitation to create an account. */
  withInvitation: z.number().int(),
  /** Already enrolled in the program: left out. */
  alreadyEnrolled: z.number().int(),
  /** Got the launch email of this program before: left out unless sent again on purpose. */
  alreadySent: z.number().int(),
  /** Turned off enrolment messages: left out. */
  optedOut: z.number().int(),
  /** No usable address in the directory. */
  noEmail: z.number().int(),
  /** Left the organisation (inactive in the directory). */
  inactive: z.number().int(),
  /** Addresses of the list that are nobody in the directory (they cannot enrol), with their lines. */
  notInDirectory: z.object({
    count: z.number().int(),
    examples: z.array(z.object({ line: z.number().int(), email: z.string() })),
  }),
  /** Lines of the list repeating an address. */
  duplicates: z.number().int(),
  /** So many that a background job sends them, with progress on the program page. */
  runsInBackground: z.boolean(),
});
export type LaunchEmailPreview = z.infer<typeof launchEmailPreview>;

/** A launch email sent by a background job: where it stands (`sent`: people told so far). */
export const launchEmailJob = jobProgress;
export type LaunchEmailJob = z.infer<typeof launchEmailJob>;

export const launchEmailResult = z.object({
  /** People told by this request (0 when a background job tells them). */
  sent: z.number().int(),
  job: launchEmailJob.nullable(),
});
export type LaunchEmailResult = z.infer<typeof launchEmailResult>;

/** Whether the program's launch email went out, to how many people, and the latest background send. */
export const launchEmailSummary = z.object({
  /** People who got it (each once, however many times it was sent). */
  sentTo: z.number().int(),
  /** When the staff last sent it, and who. */
  lastSentAt: isoDateTime.nullable(),
  lastSentBy: z.string().nullable(),
  job: launchEmailJob.nullable(),
  /** Whether people can enrol now (the email is sent only then). */
  enrolmentOpen: z.boolean(),
});
export type LaunchEmailSummary = z.infer<typeof launchEmailSummary>;
