import { z } from 'zod';
import { role } from './accounts.contracts.ts';
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
