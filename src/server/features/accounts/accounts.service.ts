import type { Me, SetupRequest } from '../../../contracts/accounts.contracts.ts';
import { AppError } from '../../../core/errors.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueueEmail, invitationEmail, passwordResetEmail } from '../mail/mail.service.ts';
import { createPersonRecord } from '../people/people.service.ts';
import { createUserAccount, updateUserAccount } from '../users/user-accounts.service.ts';
import {
  countOrganisations,
  countTokensIssuedSince,
  findAccountTokenForUpdate,
  findOrganisation,
  findUserByEmail,
  findUserById,
  insertAccountToken,
  insertOrganisation,
  lockOrganisationsTable,
  markAccountTokenUsed,
  type OrganisationRow,
  recentFailuresForEmail,
  recentFailuresForIp,
  recordSignInAttempt,
  retireAccountTokens,
  slugTaken,
  type UserRow,
} from './accounts.repository.ts';
import { deleteSession, deleteUserSessions, insertSession } from './session.repository.ts';

/** Where a sign-in comes from; stored with the session so a user can recognise it. */
export interface SessionMeta {
  ip: string;
  userAgent?: string | null;
}

/** A new session: the profile for the reply and the token for the cookie. */
interface SignedIn {
  me: Me;
  token: string;
}

const signInWindowMs = 15 * 60_000;
const signInLimits = { perEmail: 5, perIp: 20, windowMs: signInWindowMs };
const passwordResetTtlHours = 1;
const passwordResetsPerHour = 3;

function toMe(user: UserRow, organisation: OrganisationRow): Me {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === 'admin' ? 'admin' : 'member',
    personId: user.personId,
    organisation: {
      id: organisation.id,
      name: organisation.name,
      slug: organisation.slug,
      isDemo: organisation.isDemo,
    },
  };
}

function hoursFrom(now: Date, hours: number): Date {
  return new Date(now.getTime() + hours * 3_600_000);
}

function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'organisation';
}

async function uniqueSlug(db: Db, name: string): Promise<string> {
  const base = slugify(name);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(db, candidate))) return candidate;
  }
}

export async function getSetupStatus(ctx: AppContext): Promise<{ needsSetup: boolean }> {
  return { needsSetup: (await countOrganisations(ctx.db)) === 0 };
}

/**
 * An organisation with its first admin, in the caller's transaction: the organisation, the admin's entry in the
 * directory and their active account, audited as the admin's act. `auditDetails` adds to the organisation's name.
 */
export async function createOrganisationWithAdmin(
  db: Db,
  input: {
    organisation: { name: string; slug: string; isDemo: boolean };
    admin: { name: string; email: string; passwordHash: string };
    now: Date;
    auditDetails?: Record<string, unknown>;
  },
): Promise<{ organisation: OrganisationRow; user: UserRow }> {
  const { admin, now } = input;
  const organisation = await insertOrganisation(db, { ...input.organisation, createdAt: now });
  const person = await createPersonRecord(db, {
    organisationId: organisation.id,
    email: admin.email,
    name: admin.name,
    createdAt: now,
    updatedAt: now,
  });
  const user = await createUserAccount(db, {
    organisationId: organisation.id,
    personId: person.id,
    email: admin.email,
    name: admin.name,
    role: 'admin',
    status: 'active',
    passwordHash: admin.passwordHash,
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(db, {
    organisationId: organisation.id,
    actorUserId: user.id,
    action: 'organisation.created',
    targetType: 'organisation',
    targetId: organisation.id,
    details: { name: organisation.name, ...input.auditDetails },
    at: now,
  });
  return { organisation, user };
}

/**
 * First run: create the organisation, its admin account and the admin's entry in the directory, in one
 * transaction. Refused with `conflict` once any organisation exists. Used by POST /api/setup, `trellis init`
 * and the demo setup.
 */
export async function setupFirstOrganisation(
  ctx: AppContext,
  input: SetupRequest,
  options: { isDemo?: boolean } = {},
): Promise<{ organisation: OrganisationRow; user: UserRow }> {
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await lockOrganisationsTable(tx);
    if ((await countOrganisations(tx)) > 0) {
      throw new AppError('conflict', 'This Trellis instance is already set up; sign in instead');
    }
    return createOrganisationWithAdmin(tx, {
      organisation: {
        name: input.organisationName,
        slug: await uniqueSlug(tx, input.organisationName),
        isDemo: options.isDemo ?? false,
      },
      admin: { name: input.adminName, email: input.email, passwordHash },
      now,
    });
  });
}

async function openSession(ctx: AppContext, db: Db, user: UserRow, meta: SessionMeta): Promise<string> {
  const token = newToken();
  const now = ctx.now();
  await insertSession(db, {
    tokenHash: hashToken(token),
    userId: user.id,
    organisationId: user.organisationId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: hoursFrom(now, ctx.config.sessionTtlHours),
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    ip: meta.ip,
  });
  await updateUserAccount(db, user.id, { lastSignInAt: now });
  return token;
}

/** Open a session for an active account and return its cookie token (the demo setup signs its admin in so). */
export async function createSignedInSession(
  ctx: AppContext,
  userId: string,
  meta: SessionMeta,
): Promise<string> {
  const user = await findUserById(ctx.db, userId);
  if (user?.status !== 'active') throw new AppError('conflict', 'This account cannot sign in');
  return openSession(ctx, ctx.db, user, meta);
}

/** POST /api/setup: set up the instance and sign its first admin in. */
export async function completeSetup(
  ctx: AppContext,
  input: SetupRequest,
  meta: SessionMeta,
): Promise<SignedIn> {
  const { organisation, user } = await setupFirstOrganisation(ctx, input);
  const token = await openSession(ctx, ctx.db, user, meta);
  return { me: toMe(user, organisation), token };
}

let dummyHash: Promise<string> | null = null;

function rateLimited(oldest: Date | null, now: Date, message: string): AppError {
  const until = (oldest?.getTime() ?? now.getTime()) + signInWindowMs;
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  return new AppError('rate_limited', message, { retryAfterSeconds });
}

/**
 * Email + password sign-in. A wrong email and a wrong password get the same answer in about the same time, and
 * repeated failures are refused per account and per address, counted in the database so every process agrees.
 */
export async function signIn(
  ctx: AppContext,
  input: { email: string; password: string },
  meta: SessionMeta,
): Promise<SignedIn> {
  const now = ctx.now();
  const since = new Date(now.getTime() - signInWindowMs);
  const email = input.email.toLowerCase();
  const byEmail = await recentFailuresForEmail(ctx.db, { email, since });
  if (byEmail.failures >= signInLimits.perEmail) {
    throw rateLimited(byEmail.oldest, now, 'Too many failed sign-ins for this account; try again later');
  }
  const byIp = await recentFailuresForIp(ctx.db, { ip: meta.ip, since });
  if (byIp.failures >= signInLimits.perIp) {
    throw rateLimited(byIp.oldest, now, 'Too many failed sign-ins from your network; try again later');
  }

  const user = await findUserByEmail(ctx.db, email);
  let valid = false;
  if (user?.passwordHash) {
    valid = (await verifyPassword(input.password, user.passwordHash)) && user.status === 'active';
  } else {
    // Spend the same time as a real check, so response times do not reveal which emails have accounts.
    dummyHash ??= hashPassword('not a real password, only here for timing');
    await verifyPassword(input.password, await dummyHash);
  }
  await recordSignInAttempt(ctx.db, { email, ip: meta.ip, succeeded: valid, at: now });
  if (!valid || !user) throw new AppError('unauthenticated', 'The email or password is not correct');

  const organisation = await findOrganisation(ctx.db, user.organisationId);
  const token = await openSession(ctx, ctx.db, user, meta);
  return { me: toMe(user, organisation!), token };
}

/** End the session behind this cookie token, if any. */
export async function signOut(ctx: AppContext, token: string | undefined): Promise<void> {
  if (token) await deleteSession(ctx.db, hashToken(token));
}

/** End every session of an account, in the caller's transaction (password reset, account disabled). */
export async function signOutEverywhere(db: Db, userId: string): Promise<void> {
  await deleteUserSessions(db, userId);
}

export async function getMe(ctx: AppContext, actor: Actor | null): Promise<Me> {
  if (!actor) throw new AppError('unauthenticated', 'Sign in to continue');
  const user = await findUserById(ctx.db, actor.userId);
  const organisation = await findOrganisation(ctx.db, actor.organisationId);
  if (!user || !organisation) throw new AppError('unauthenticated', 'Sign in to continue');
  return toMe(user, organisation);
}

/**
 * Email a one-time reset link to an active account. The caller learns nothing either way (202), so the form
 * cannot be used to find out who has an account; at most a few links per hour go to one inbox.
 */
export async function requestPasswordReset(ctx: AppContext, input: { email: string }): Promise<void> {
  const now = ctx.now();
  const user = await findUserByEmail(ctx.db, input.email);
  if (user?.status !== 'active' || !user.passwordHash) return;
  const recent = await countTokensIssuedSince(ctx.db, {
    userId: user.id,
    kind: 'password_reset',
    since: new Date(now.getTime() - 3_600_000),
  });
  if (recent >= passwordResetsPerHour) {
    ctx.log.warn({ userId: user.id }, 'password reset requested too often; no email sent');
    return;
  }
  const organisation = await findOrganisation(ctx.db, user.organisationId);
  const token = newToken();
  const link = `${ctx.config.publicUrl}/reset-password/${token}`;
  const email = passwordResetEmail({
    recipientName: user.name,
    organisationName: organisation!.name,
    link,
    validForHours: passwordResetTtlHours,
  });
  await ctx.db.transaction(async (tx) => {
    await retireAccountTokens(tx, { userId: user.id, kind: 'password_reset', at: now });
    await insertAccountToken(tx, {
      organisationId: user.organisationId,
      userId: user.id,
      kind: 'password_reset',
      tokenHash: hashToken(token),
      expiresAt: hoursFrom(now, passwordResetTtlHours),
      createdAt: now,
    });
    await enqueueEmail(tx, {
      organisationId: user.organisationId,
      to: user.email,
      ...email,
      kind: 'password_reset',
      now,
    });
  });
}

type TokenLookup = NonNullable<Awaited<ReturnType<typeof findAccountTokenForUpdate>>>;

function assertUsable(found: TokenLookup | null, now: Date, what: string): TokenLookup {
  if (!found)
    throw new AppError('not_found', `This ${what} link is not valid; check that you copied all of it`);
  if (found.token.usedAt) throw new AppError('gone', `This ${what} link has already been used or replaced`);
  if (found.token.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('gone', `This ${what} link has expired; ask for a new one`);
  }
  return found;
}

/** Set a new password with a reset link; the link then stops working and every session of the account ends. */
export async function confirmPasswordReset(
  ctx: AppContext,
  input: { token: string; password: string },
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const found = assertUsable(
      await findAccountTokenForUpdate(tx, { tokenHash: hashToken(input.token), kind: 'password_reset' }),
      now,
      'password reset',
    );
    if (found.user.status !== 'active') throw new AppError('gone', 'This account can no longer sign in');
    await updateUserAccount(tx, found.user.id, { passwordHash, updatedAt: now });
    await markAccountTokenUsed(tx, { id: found.token.id, at: now });
    await retireAccountTokens(tx, { userId: found.user.id, kind: 'password_reset', at: now });
    await signOutEverywhere(tx, found.user.id);
  });
}

/** Create an invitation link for an invited account and queue its email, in the caller's transaction. */
export async function issueInvitation(
  ctx: AppContext,
  tx: Db,
  input: { user: UserRow; organisationName: string; inviterName: string },
): Promise<void> {
  const now = ctx.now();
  const token = newToken();
  await retireAccountTokens(tx, { userId: input.user.id, kind: 'invitation', at: now });
  await insertAccountToken(tx, {
    organisationId: input.user.organisationId,
    userId: input.user.id,
    kind: 'invitation',
    tokenHash: hashToken(token),
    expiresAt: hoursFrom(now, ctx.config.invitationTtlHours),
    createdAt: now,
  });
  const email = invitationEmail({
    inviterName: input.inviterName,
    organisationName: input.organisationName,
    recipientName: input.user.name,
    link: `${ctx.config.publicUrl}/invitations/${token}`,
    validForHours: ctx.config.invitationTtlHours,
  });
  await enqueueEmail(tx, {
    organisationId: input.user.organisationId,
    to: input.user.email,
    ...email,
    kind: 'invitation',
    now,
  });
}

function assertInvitationOpen(found: TokenLookup | null, now: Date): TokenLookup {
  const usable = assertUsable(found, now, 'invitation');
  if (usable.user.status !== 'invited') {
    throw new AppError('gone', 'This invitation has already been accepted; sign in instead');
  }
  return usable;
}

/** What the invitation page shows before the person chooses a password. */
export async function getInvitation(
  ctx: AppContext,
  input: { token: string },
): Promise<{ email: string; name: string; organisationName: string }> {
  const found = assertInvitationOpen(
    await findAccountTokenForUpdate(ctx.db, { tokenHash: hashToken(input.token), kind: 'invitation' }),
    ctx.now(),
  );
  return { email: found.user.email, name: found.user.name, organisationName: found.organisation.name };
}

/** Accept an invitation: choose a password, activate the account, sign in. */
export async function acceptInvitation(
  ctx: AppContext,
  input: { token: string; password: string },
  meta: SessionMeta,
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const found = assertInvitationOpen(
      await findAccountTokenForUpdate(tx, { tokenHash: hashToken(input.token), kind: 'invitation' }),
      now,
    );
    await updateUserAccount(tx, found.user.id, { passwordHash, status: 'active', updatedAt: now });
    await markAccountTokenUsed(tx, { id: found.token.id, at: now });
    const user = { ...found.user, passwordHash, status: 'active' };
    const token = await openSession(ctx, tx, user, meta);
    return { me: toMe(user, found.organisation), token };
  });
}
