import { z } from 'zod';
import { oneTimeLink, role } from './accounts.contracts.ts';
import { email, isoDateTime, paginationQuery } from './common.ts';

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

export const usersQuery = z.strictObject({ ...paginationQuery, q: z.string().trim().max(200).optional() });
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
