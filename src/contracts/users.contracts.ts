import { z } from 'zod';
import { oneTimeLink, role } from './accounts.contracts.ts';
import { email, isoDateTime, paginationQuery } from './common.ts';
import { jobProgress } from './jobs.contracts.ts';

const userStatus = z.enum(['invited', 'active', 'disabled']);

export const user = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role,
  status: userStatus,
  personId: z.uuid().nullable(),
  lastSignInAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  /**
   * An account still waiting for its owner: when the latest invitation went, until when its newest link works, and
   * whether every link has expired (then only a new invitation lets them in). Null once accepted.
   */
  invitation: z
    .object({ sentAt: isoDateTime.nullable(), expiresAt: isoDateTime.nullable(), expired: z.boolean() })
    .nullable(),
});
export type User = z.infer<typeof user>;

/**
 * An invitation just sent: the account, and — only when no SMTP server is configured — the one-time link for the
 * admin to pass on, shown once.
 */
export const invitationSent = user.extend({ invitationLink: oneTimeLink.nullable() });
export type InvitationSent = z.infer<typeof invitationSent>;

/** An admin's password reset: emailed to the owner (SMTP), or a one-time link for the admin to pass on. */
export const passwordResetIssued = z.object({
  delivery: z.enum(['email', 'link']),
  link: oneTimeLink.nullable(),
});
export type PasswordResetIssued = z.infer<typeof passwordResetIssued>;

/** The users page's status filter: invitations are split by whether their link still works. */
export const userStatusFilter = z.enum(['active', 'invited', 'expired', 'disabled']);
export type UserStatusFilter = z.infer<typeof userStatusFilter>;

export const usersQuery = z.strictObject({
  ...paginationQuery,
  q: z.string().trim().max(200).optional(),
  status: userStatusFilter.optional(),
});
export type UsersQuery = z.infer<typeof usersQuery>;

export const inviteRequest = z.strictObject({
  email,
  name: z.string().trim().min(1).max(120).optional(),
  role: role.default('member'),
  personId: z.uuid().optional(),
});
export type InviteRequest = z.input<typeof inviteRequest>;

export const userUpdate = z.strictObject({
  role: role.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type UserUpdate = z.infer<typeof userUpdate>;

export const auditEntry = z.object({
  id: z.number().int(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.unknown(),
  createdAt: isoDateTime,
  actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z.strictObject({ ...paginationQuery });

// ── Bulk invitations (issue 13) ─────────────────────────────────────────────────────────────────────────────────

/** A pasted or uploaded list of emails: one per line (optionally followed by a name), or a CSV with an email column. */
export const emailListCsv = z
  .string()
  .max(1_000_000)
  .describe(
    'One email per line (optionally "email,name"), or a CSV whose first line names an "email" column',
  );

/** Who a bulk invitation goes to: people enrolled in a program, a part of the directory, or a list of emails. */
export const invitationAudience = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('program'),
    programId: z.uuid(),
    /** Both roles unless given. */
    roles: z
      .array(z.enum(['mentor', 'mentee']))
      .min(1)
      .max(2)
      .default(['mentor', 'mentee']),
  }),
  z.strictObject({
    source: z.literal('directory'),
    /** Active people of these departments (none: every department). */
    departments: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
    /** …and of these levels (none: every level). */
    levels: z.array(z.number().int().min(0).max(100)).max(101).default([]),
  }),
  z.strictObject({ source: z.literal('emails'), csv: emailListCsv }),
]);
export type InvitationAudience = z.input<typeof invitationAudience>;

export const bulkInvitationRequest = z.strictObject({ audience: invitationAudience });
export type BulkInvitationRequest = z.input<typeof bulkInvitationRequest>;

/** What a bulk invitation would do, before it is sent: who gets one and why the others do not. */
export const bulkInvitationPreview = z.object({
  /** People (or addresses) in the selection. */
  total: z.number().int(),
  toInvite: z.number().int(),
  /** They can already sign in (or their address belongs to an account), or their account is disabled. */
  hasAccount: z.number().int(),
  /** Invited before and not accepted yet: resend to them instead. */
  awaitingAcceptance: z.number().int(),
  /** Their directory entry holds no usable address. */
  noEmail: z.number().int(),
  /** They left the organisation (inactive in the directory). */
  inactive: z.number().int(),
  /** Lines of the list repeating an address. */
  duplicates: z.number().int(),
  /** A few of the people to invite, to check the selection is the one meant. */
  sample: z.array(z.object({ name: z.string(), email: z.string() })),
  /** So many that a background job sends them, with progress on the users page. */
  runsInBackground: z.boolean(),
});
export type BulkInvitationPreview = z.infer<typeof bulkInvitationPreview>;

/** A bulk invitation (or resend) sent by a background job: where it stands. */
export const bulkInvitationJob = jobProgress.extend({ mode: z.enum(['invite', 'resend']) });
export type BulkInvitationJob = z.infer<typeof bulkInvitationJob>;

export const bulkInvitationResult = z.object({
  /** Invitations sent by this request (0 when a background job sends them). */
  sent: z.number().int(),
  /** The background job sending them, when there are many. */
  job: bulkInvitationJob.nullable(),
  /** `mailbox`: no mail server is set up, so the emails wait in the built-in mailbox with their links hidden. */
  delivery: z.enum(['email', 'mailbox']),
});
export type BulkInvitationResult = z.infer<typeof bulkInvitationResult>;

/** The organisation's latest bulk invitation job, for its progress. */
export const bulkInvitationStatus = z.object({ latest: bulkInvitationJob.nullable() });
export type BulkInvitationStatus = z.infer<typeof bulkInvitationStatus>;

/** Invitations not accepted yet: how many, and how many of them hold no working link any more. */
export const pendingInvitations = z.object({
  pending: z.number().int(),
  expired: z.number().int(),
  /** Resending to this many at once runs in the background. */
  backgroundFrom: z.number().int(),
});
export type PendingInvitations = z.infer<typeof pendingInvitations>;

/** Send a new invitation to everyone who has not accepted, or only to those whose link expired. */
export const resendInvitationsRequest = z.strictObject({ only: z.enum(['expired', 'all']) });
export type ResendInvitationsRequest = z.infer<typeof resendInvitationsRequest>;
