import { z } from 'zod';
import { email, isoDateTime, paginationQuery, password } from './common.ts';

export const role = z.enum(['admin', 'member']);
export type Role = z.infer<typeof role>;

export const me = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role,
  personId: z.uuid().nullable(),
  organisation: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), isDemo: z.boolean() }),
});
export type Me = z.infer<typeof me>;

export const setupStatus = z.object({ needsSetup: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatus>;

export const setupRequest = z.strictObject({
  organisationName: z.string().trim().min(2).max(120),
  adminName: z.string().trim().min(1).max(120),
  email,
  password,
});
export type SetupRequest = z.infer<typeof setupRequest>;

export const demoSetupResponse = z.object({
  me,
  credentials: z.object({ email: z.string(), password: z.string() }),
  peopleCount: z.number().int(),
});
export type DemoSetupResponse = z.infer<typeof demoSetupResponse>;

export const signInRequest = z.strictObject({ email, password: z.string().min(1).max(200) });
export type SignInRequest = z.input<typeof signInRequest>;

export const passwordResetRequest = z.strictObject({ email });
export type PasswordResetRequest = z.input<typeof passwordResetRequest>;
export const passwordResetConfirm = z.strictObject({ token: z.string().min(10).max(200), password });
export type PasswordResetConfirm = z.input<typeof passwordResetConfirm>;

export const invitationInfo = z.object({ email: z.string(), name: z.string(), organisationName: z.string() });
/** Whose password a reset link sets, checked when its page opens (the link is not used up). */
export const passwordResetInfo = z.object({ email: z.string() });
export type PasswordResetInfo = z.infer<typeof passwordResetInfo>;
export type InvitationInfo = z.infer<typeof invitationInfo>;
export const invitationAccept = z.strictObject({ token: z.string().min(10).max(200), password });
export type InvitationAccept = z.input<typeof invitationAccept>;

export const tokenParams = z.strictObject({ token: z.string().min(10).max(200) });

/** One of the caller's own sessions, for "My account". */
export const accountSession = z.object({
  id: z.uuid(),
  /** The browser and system, e.g. "Firefox on Linux", read from the user agent; null when it says nothing. */
  device: z.string().nullable(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: isoDateTime,
  lastSeenAt: isoDateTime,
  expiresAt: isoDateTime,
  /** The session this request came with. */
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof accountSession>;
export const accountSessionsQuery = z.strictObject({ ...paginationQuery });

export const passwordChange = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: password,
});
export type PasswordChange = z.input<typeof passwordChange>;

/** A one-time link shown once to the admin who must pass it on (no SMTP server), never stored readable. */
export const oneTimeLink = z.object({ url: z.string(), expiresAt: isoDateTime });
export type OneTimeLink = z.infer<typeof oneTimeLink>;
