import Bowser from 'bowser';
import type { AccountSession } from '../../../contracts/accounts.contracts.ts';
import type { Paginated } from '../../../contracts/common.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { hashToken } from '../../lib/tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueueEmail, passwordChangedEmail } from '../mail/mail.service.ts';
import { updateUserAccount } from '../users/user-accounts.service.ts';
import { findOrganisation, findUserById, retireAccountTokens } from './accounts.repository.ts';
import {
  assertPasswordCheckAllowed,
  idleSince,
  recordPasswordCheck,
  type SessionMeta,
} from './accounts.service.ts';
import { deleteOtherUserSessions, deleteUserSession, listUserSessions } from './session.repository.ts';
import { throttleAddress } from './throttle.ts';

/** "My account": what a signed-in person does with their own sign-in — sessions and password. */

/** "Safari on iOS", "Firefox on Linux", "Chrome": how a person recognises one of their devices. */
function deviceOf(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent);
  if (!browser.name) return null;
  return os.name ? `${browser.name} on ${os.name}` : browser.name;
}

/** The caller's live sessions (devices), most recently used first; the one of this request is `current`. */
export async function listMySessions(
  ctx: AppContext,
  actor: Actor | null,
  input: { token: string | undefined; page: number; pageSize: number },
): Promise<Paginated<AccountSession>> {
  const me = requireActor(actor);
  const now = ctx.now();
  const currentHash = input.token ? hashToken(input.token) : null;
  const { rows, total } = await listUserSessions(ctx.db, {
    userId: me.userId,
    now,
    idleSince: idleSince(ctx, now),
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      device: deviceOf(row.userAgent),
      userAgent: row.userAgent,
      ip: row.ip,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      current: row.tokenHash === currentHash,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/**
 * End one of the caller's sessions (sign a lost device out). Another account's session is not found, like any id
 * that is not the caller's. Returns whether it was the session of this request (then its cookie goes too).
 */
export async function endMySession(
  ctx: AppContext,
  actor: Actor | null,
  input: { id: string; token: string | undefined },
): Promise<{ current: boolean }> {
  const me = requireActor(actor);
  const ended = await deleteUserSession(ctx.db, { userId: me.userId, id: input.id });
  if (!ended) throw notFound('Session');
  return { current: Boolean(input.token) && ended === hashToken(input.token!) };
}

/**
 * Change one's own password: the current one is required (and guesses at it are limited like sign-ins), every
 * other session ends, pending reset links stop working, and the owner gets an email saying so.
 */
export async function changeMyPassword(
  ctx: AppContext,
  actor: Actor | null,
  input: { currentPassword: string; newPassword: string; token: string | undefined },
  meta: SessionMeta,
): Promise<void> {
  const me = requireActor(actor);
  if (!input.token) throw new AppError('unauthenticated', 'Sign in to continue');
  const now = ctx.now();
  const user = await findUserById(ctx.db, me.userId);
  if (!user?.passwordHash) throw new AppError('unauthenticated', 'Sign in to continue');
  const email = user.email.toLowerCase();
  const address = throttleAddress(meta.ip);
  await assertPasswordCheckAllowed(ctx, { email, address, now });
  const valid = await verifyPassword(input.currentPassword, user.passwordHash);
  await recordPasswordCheck(ctx, { email, address, succeeded: valid, at: now });
  if (!valid) throw invalidField('body.currentPassword', 'is not your current password');
  if (input.newPassword === input.currentPassword) {
    throw invalidField('body.newPassword', 'must differ from your current password');
  }
  const passwordHash = await hashPassword(input.newPassword);
  const organisation = await findOrganisation(ctx.db, user.organisationId);
  await ctx.db.transaction(async (tx) => {
    await updateUserAccount(tx, user.id, { passwordHash, updatedAt: now });
    await deleteOtherUserSessions(tx, { userId: user.id, keepTokenHash: hashToken(input.token!) });
    await retireAccountTokens(tx, { userId: user.id, kind: 'password_reset', at: now });
    await enqueueEmail(tx, {
      organisationId: user.organisationId,
      to: user.email,
      ...(await passwordChangedEmail({
        recipientName: user.name,
        organisationName: organisation?.name ?? '',
      })),
      kind: 'password_changed',
      now,
    });
    await recordAudit(tx, {
      organisationId: user.organisationId,
      actorUserId: user.id,
      action: 'user.password_changed',
      targetType: 'user',
      targetId: user.id,
      at: now,
    });
  });
}
