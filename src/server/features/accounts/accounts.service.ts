import type { Me, SetupRequest } from '../../../contracts/accounts.contracts.ts';
import { AppError } from '../../../core/errors.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { enqueueJobUnlessQueued } from '../../jobs/job-queue.ts';
import { hashPassword, verifyPassword } from '../../lib/passwords.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  enqueueEmail,
  invitationEmail,
  passwordResetEmail,
  passwordResetNoticeEmail,
} from '../mail/mail.service.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { createPersonRecord } from '../people/people.service.ts';
import { createUserAccount, updateUserAccount } from '../users/user-accounts.service.ts';
import {
  type AccountTokenKind,
  countOrganisations,
  countTokensIssuedSince,
  deleteAttemptsBefore,
  findAccountTokenForUpdate,
  findOrganisation,
  findOrganisationBySlug,
  findUserByEmail,
  findUserById,
  insertAccountToken,
  insertOrganisation,
  lockOrganisationsTable,
  markAccountTokenUsed,
  type OrganisationRow,
  recentFailuresForIp,
  recentFailuresForPair,
  recentTokenFailures,
  recordSignInAttempt,
  recordTokenAttempt,
  retireAccountTokens,
  slugTaken,
  type UserRow,
} from './accounts.repository.ts';
import {
  deleteDeadSessions,
  deleteSession,
  deleteUserSessions,
  findSessionActor,
  insertSession,
  touchSession,
} from './session.repository.ts';
import {
  describeWait,
  longestThrottleWindowMs,
  secondsToWait,
  throttleAddress,
  throttleRules,
} from './throttle.ts';

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

const passwordResetTtlHours = 1;
/** A link an admin or the operator hands over takes longer to reach its owner than an email. */
const handedOverResetTtlHours = 24;
const passwordResetsPerHour = 3;
/** A session's last use is written at most this often, so reading pages does not write on every request. */
const lastSeenPrecisionMs = 60_000;

/** A one-time link given to the person who will pass it on (an admin without SMTP, the operator). */
export interface OneTimeLink {
  url: string;
  expiresAt: Date;
}

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

/** The moment before which an unused session counts as idle. */
export function idleSince(ctx: AppContext, now: Date): Date {
  return new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000);
}

/**
 * The caller behind a session cookie token, or null when the session is unknown, expired, idle too long, or its
 * account no longer active. Records the use at most once a minute.
 */
/**
 * The signed-in caller of a session token, and until when that answer holds if nothing is written meanwhile:
 * the session's expiry, its idle limit, or the moment its use must be recorded again, whichever comes first.
 */
export async function resolveSession(
  ctx: AppContext,
  token: string,
): Promise<{ actor: Actor; validUntil: Date } | null> {
  const now = ctx.now();
  const tokenHash = hashToken(token);
  const found = await findSessionActor(ctx.db, { tokenHash, now, idleSince: idleSince(ctx, now) });
  if (!found) return null;
  const staleBefore = new Date(now.getTime() - lastSeenPrecisionMs);
  let lastSeen = found.lastSeenAt;
  if (lastSeen < staleBefore) {
    await touchSession(ctx.db, { tokenHash, at: now, staleBefore });
    lastSeen = now;
  }
  const validUntil = Math.min(
    found.expiresAt.getTime(),
    lastSeen.getTime() + ctx.config.sessionIdleMinutes * 60_000,
    lastSeen.getTime() + lastSeenPrecisionMs,
  );
  return { actor: found.actor, validUntil: new Date(validUntil) };
}

/** Delete expired and idle sessions, and sign-in and link attempts older than every limit's window. */
export async function purgeSessionsAndAttempts(
  ctx: AppContext,
): Promise<{ sessions: number; attempts: number }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => ({
    sessions: await deleteDeadSessions(tx, { now, idleSince: idleSince(ctx, now) }),
    attempts: await deleteAttemptsBefore(tx, new Date(now.getTime() - longestThrottleWindowMs)),
  }));
}

/**
 * Make sure a `purge_sessions` job is queued (at start-up, and by each run for the next day); several processes
 * doing so at once still leave exactly one. Returns whether this call queued it.
 */
export async function schedulePurgeSessions(
  ctx: AppContext,
  options: { inMs?: number } = {},
): Promise<boolean> {
  const runAt = new Date(ctx.now().getTime() + (options.inMs ?? 0));
  const job = await ctx.db.transaction((tx) =>
    enqueueJobUnlessQueued(tx, { kind: 'purge_sessions', runAt, maxAttempts: 5 }),
  );
  return job !== null;
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

function tooManyAttempts(seconds: number, message: string): AppError {
  return new AppError('rate_limited', `${message} Wait ${describeWait(seconds)}, then try again.`, {
    retryAfterSeconds: seconds,
  });
}

/**
 * Refuse a password check while this email from this address, or this address at all, must wait after repeated
 * failures. Unknown emails are counted like known ones, so the answer reveals nothing.
 */
export async function assertPasswordCheckAllowed(
  ctx: AppContext,
  input: { email: string; address: string; now: Date },
): Promise<void> {
  const { email, address, now } = input;
  const since = (windowMs: number) => new Date(now.getTime() - windowMs);
  const pair = await recentFailuresForPair(ctx.db, {
    email,
    ip: address,
    since: since(throttleRules.signInPair.windowMs),
  });
  const pairWait = secondsToWait(throttleRules.signInPair, pair.failures, pair.last, now);
  const fromAddress = await recentFailuresForIp(ctx.db, {
    ip: address,
    since: since(throttleRules.signInAddress.windowMs),
  });
  const addressWait = secondsToWait(throttleRules.signInAddress, fromAddress.failures, fromAddress.last, now);
  if (pairWait === 0 && addressWait === 0) return;
  throw pairWait >= addressWait
    ? tooManyAttempts(
        pairWait,
        'Too many wrong passwords for this account from your network. If you forgot your password, reset it.',
      )
    : tooManyAttempts(addressWait, 'Too many failed sign-ins from your network.');
}

/** Count a password check for the limits above. */
export async function recordPasswordCheck(
  ctx: AppContext,
  input: { email: string; address: string; succeeded: boolean; at: Date },
): Promise<void> {
  await recordSignInAttempt(ctx.db, {
    email: input.email,
    ip: input.address,
    succeeded: input.succeeded,
    at: input.at,
  });
}

/**
 * Email + password sign-in. A wrong email and a wrong password get the same answer in about the same time.
 * Repeated failures slow down guessing from that address (for that account, and overall) without locking the
 * account: its owner signing in from elsewhere is not held up. Counted in the database so every process agrees.
 */
export async function signIn(
  ctx: AppContext,
  input: { email: string; password: string },
  meta: SessionMeta,
): Promise<SignedIn> {
  const now = ctx.now();
  const email = input.email.toLowerCase();
  const address = throttleAddress(meta.ip);
  await assertPasswordCheckAllowed(ctx, { email, address, now });

  const user = await findUserByEmail(ctx.db, email);
  let valid = false;
  if (user?.passwordHash) {
    valid = (await verifyPassword(input.password, user.passwordHash)) && user.status === 'active';
  } else {
    // Spend the same time as a real check, so response times do not reveal which emails have accounts.
    dummyHash ??= hashPassword('not a real password, only here for timing');
    await verifyPassword(input.password, await dummyHash);
  }
  await recordPasswordCheck(ctx, { email, address, succeeded: valid, at: now });
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
  const email = await passwordResetEmail({
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
    await recordAudit(tx, {
      organisationId: user.organisationId,
      actorUserId: null,
      action: 'user.password_reset_requested',
      targetType: 'user',
      targetId: user.id,
      details: { delivery: 'email' },
      at: now,
    });
  });
}

/**
 * Reset an account's password for its owner, in the caller's transaction: a new one-time link (older ones stop
 * working), every session of the account ends, and the owner is told. With SMTP the link goes to the owner by
 * email; without it, or when the operator asks (`handOver`), the link is returned to be passed on by hand and the
 * owner's email and notification carry no link. The caller audits.
 */
export async function resetPasswordFor(
  ctx: AppContext,
  tx: Db,
  input: { user: UserRow; organisationName: string; resetBy: string; handOver?: boolean },
): Promise<OneTimeLink | null> {
  const { user } = input;
  const now = ctx.now();
  const token = newToken();
  const url = `${ctx.config.publicUrl}/reset-password/${token}`;
  const expiresAt = hoursFrom(now, handedOverResetTtlHours);
  const handOver = input.handOver || !ctx.config.smtpUrl;
  await retireAccountTokens(tx, { userId: user.id, kind: 'password_reset', at: now });
  await insertAccountToken(tx, {
    organisationId: user.organisationId,
    userId: user.id,
    kind: 'password_reset',
    tokenHash: hashToken(token),
    expiresAt,
    createdAt: now,
  });
  await signOutEverywhere(tx, user.id);
  const email = handOver
    ? await passwordResetNoticeEmail({
        recipientName: user.name,
        organisationName: input.organisationName,
        resetBy: input.resetBy,
        signInUrl: `${ctx.config.publicUrl}/sign-in`,
      })
    : await passwordResetEmail({
        recipientName: user.name,
        organisationName: input.organisationName,
        link: url,
        validForHours: handedOverResetTtlHours,
        resetBy: input.resetBy,
      });
  await enqueueEmail(tx, {
    organisationId: user.organisationId,
    to: user.email,
    ...email,
    kind: handOver ? 'password_reset_notice' : 'password_reset',
    now,
  });
  if (user.personId) {
    await notifyPeople(tx, [
      {
        organisationId: user.organisationId,
        personId: user.personId,
        kind: 'password_reset',
        title: 'Your password was reset',
        body: `${input.resetBy} reset your password and signed you out everywhere. If you did not ask for this, tell your Trellis administrator.`,
        link: '/account',
      },
    ]);
  }
  return handOver ? { url, expiresAt } : null;
}

/**
 * The operator's way in (`trellis reset-password`): a one-time reset link for the account with this email (in the
 * organisation with this slug, when given), printed rather than emailed. Audited like an admin's reset.
 */
export async function resetPasswordFromCommandLine(
  ctx: AppContext,
  input: { email: string; organisationSlug?: string },
): Promise<{ user: { name: string; email: string }; organisation: string; link: OneTimeLink }> {
  const noAccount = () =>
    new AppError(
      'not_found',
      input.organisationSlug
        ? `no account with the email ${input.email} in the organisation ${input.organisationSlug}`
        : `no account with the email ${input.email}`,
    );
  const user = await findUserByEmail(ctx.db, input.email);
  if (!user) throw noAccount();
  const organisation = await findOrganisation(ctx.db, user.organisationId);
  if (input.organisationSlug) {
    const wanted = await findOrganisationBySlug(ctx.db, input.organisationSlug);
    if (!wanted) throw new AppError('not_found', `no organisation with the slug ${input.organisationSlug}`);
    if (wanted.id !== user.organisationId) throw noAccount();
  }
  if (user.status === 'invited') {
    throw new AppError(
      'conflict',
      `${user.email} has not accepted their invitation yet; resend it from the app`,
    );
  }
  if (user.status !== 'active') {
    throw new AppError('conflict', `${user.email} is disabled; an admin must enable it first`);
  }
  const now = ctx.now();
  const link = await ctx.db.transaction(async (tx) => {
    const issued = await resetPasswordFor(ctx, tx, {
      user,
      organisationName: organisation!.name,
      resetBy: 'The Trellis operator',
      handOver: true,
    });
    await recordAudit(tx, {
      organisationId: user.organisationId,
      actorUserId: null,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: user.id,
      details: { by: 'command line', delivery: 'link' },
      at: now,
    });
    return issued!;
  });
  return { user: { name: user.name, email: user.email }, organisation: organisation!.name, link };
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

function tokenKindName(kind: AccountTokenKind): string {
  return kind === 'invitation' ? 'invitation' : 'password reset';
}

/**
 * Check a one-time link before any costly work: refused while its address or the link itself must wait after
 * repeated failures, and a bad link (unknown, used, expired) is counted against both. A good link is returned
 * unlocked; the caller locks it again inside its transaction.
 */
async function checkLink(
  ctx: AppContext,
  input: { kind: AccountTokenKind; token: string; meta: SessionMeta },
  usable: (found: TokenLookup | null, now: Date) => TokenLookup,
): Promise<TokenLookup> {
  const now = ctx.now();
  const tokenHash = hashToken(input.token);
  const address = throttleAddress(input.meta.ip);
  const since = (windowMs: number) => new Date(now.getTime() - windowMs);
  const byAddress = await recentTokenFailures(
    ctx.db,
    { ip: address },
    since(throttleRules.linkAddress.windowMs),
  );
  const byToken = await recentTokenFailures(ctx.db, { tokenHash }, since(throttleRules.linkToken.windowMs));
  const wait = Math.max(
    secondsToWait(throttleRules.linkAddress, byAddress.failures, byAddress.last, now),
    secondsToWait(throttleRules.linkToken, byToken.failures, byToken.last, now),
  );
  if (wait > 0) throw tooManyAttempts(wait, `Too many attempts with ${tokenKindName(input.kind)} links.`);
  try {
    return usable(await findAccountTokenForUpdate(ctx.db, { tokenHash, kind: input.kind }), now);
  } catch (error) {
    await recordTokenAttempt(ctx.db, { kind: input.kind, tokenHash, ip: address, succeeded: false, at: now });
    throw error;
  }
}

function assertResetUsable(found: TokenLookup | null, now: Date): TokenLookup {
  const usable = assertUsable(found, now, 'password reset');
  if (usable.user.status !== 'active') throw new AppError('gone', 'This account can no longer sign in');
  return usable;
}

/**
 * Check a reset link when its page opens, without using it up: the page says at once that a link is unknown, used
 * or expired instead of after the form is filled. A bad link counts against the same limits as a bad confirmation.
 */
export async function checkPasswordReset(
  ctx: AppContext,
  input: { token: string },
  meta: SessionMeta,
): Promise<{ email: string }> {
  const found = await checkLink(ctx, { kind: 'password_reset', token: input.token, meta }, assertResetUsable);
  return { email: found.user.email };
}

/** Set a new password with a reset link; the link then stops working and every session of the account ends. */
export async function confirmPasswordReset(
  ctx: AppContext,
  input: { token: string; password: string },
  meta: SessionMeta,
): Promise<void> {
  // The link is checked before the password is hashed: a bad link must not cost a hash.
  await checkLink(ctx, { kind: 'password_reset', token: input.token, meta }, assertResetUsable);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const found = assertResetUsable(
      await findAccountTokenForUpdate(tx, { tokenHash: hashToken(input.token), kind: 'password_reset' }),
      now,
    );
    await updateUserAccount(tx, found.user.id, { passwordHash, updatedAt: now });
    await markAccountTokenUsed(tx, { id: found.token.id, at: now });
    await retireAccountTokens(tx, { userId: found.user.id, kind: 'password_reset', at: now });
    await signOutEverywhere(tx, found.user.id);
    await recordTokenAttempt(tx, {
      kind: 'password_reset',
      tokenHash: hashToken(input.token),
      ip: throttleAddress(meta.ip),
      succeeded: true,
      at: now,
    });
    await recordAudit(tx, {
      organisationId: found.user.organisationId,
      actorUserId: found.user.id,
      action: 'user.password_reset_completed',
      targetType: 'user',
      targetId: found.user.id,
      at: now,
    });
  });
}

/**
 * A one-time link that lets an invited account choose its password, in the caller's transaction. `retireEarlier`
 * voids the account's earlier invitation links (an admin's "send again"); notices emailed to someone who has not
 * accepted yet each carry their own link and leave the others working until they expire.
 */
export async function createInvitationLink(
  ctx: AppContext,
  tx: Db,
  input: { user: Pick<UserRow, 'id' | 'organisationId'>; retireEarlier: boolean },
): Promise<OneTimeLink> {
  const now = ctx.now();
  const token = newToken();
  const url = `${ctx.config.publicUrl}/invitations/${token}`;
  const expiresAt = hoursFrom(now, ctx.config.invitationTtlHours);
  if (input.retireEarlier)
    await retireAccountTokens(tx, { userId: input.user.id, kind: 'invitation', at: now });
  await insertAccountToken(tx, {
    organisationId: input.user.organisationId,
    userId: input.user.id,
    kind: 'invitation',
    tokenHash: hashToken(token),
    expiresAt,
    createdAt: now,
  });
  return { url, expiresAt };
}

/**
 * Create an invitation link for an invited account and queue its email, in the caller's transaction. Without
 * SMTP the email only reaches the mailbox, where admins never see its link: the link is returned for the admin
 * to pass on (the caller's action is audited).
 */
export async function issueInvitation(
  ctx: AppContext,
  tx: Db,
  input: { user: UserRow; organisationName: string; inviterName: string },
): Promise<OneTimeLink | null> {
  const now = ctx.now();
  const { url, expiresAt } = await createInvitationLink(ctx, tx, { user: input.user, retireEarlier: true });
  const email = await invitationEmail({
    inviterName: input.inviterName,
    organisationName: input.organisationName,
    recipientName: input.user.name,
    link: url,
    validForHours: ctx.config.invitationTtlHours,
  });
  await enqueueEmail(tx, {
    organisationId: input.user.organisationId,
    to: input.user.email,
    ...email,
    kind: 'invitation',
    now,
  });
  return ctx.config.smtpUrl ? null : { url, expiresAt };
}

/**
 * An invitation made ready outside any transaction (a bulk invitation renders many emails, which takes a while,
 * and must not hold the database meanwhile): its secret link and its email. `recordPreparedInvitation` stores it.
 */
export interface PreparedInvitation {
  token: string;
  email: Awaited<ReturnType<typeof invitationEmail>>;
}

export async function prepareInvitation(
  ctx: AppContext,
  input: { recipientName: string; organisationName: string; inviterName: string },
): Promise<PreparedInvitation> {
  const token = newToken();
  const email = await invitationEmail({
    inviterName: input.inviterName,
    organisationName: input.organisationName,
    recipientName: input.recipientName,
    link: `${ctx.config.publicUrl}/invitations/${token}`,
    validForHours: ctx.config.invitationTtlHours,
  });
  return { token, email };
}

/**
 * Store a prepared invitation for an invited account, in the caller's transaction: its link (earlier ones stop
 * working) and its email in the outbox, like `issueInvitation`. The link is never returned: a bulk invitation hands
 * no links over.
 */
export async function recordPreparedInvitation(
  ctx: AppContext,
  tx: Db,
  input: { user: Pick<UserRow, 'id' | 'organisationId' | 'email'>; prepared: PreparedInvitation },
): Promise<void> {
  const now = ctx.now();
  await retireAccountTokens(tx, { userId: input.user.id, kind: 'invitation', at: now });
  await insertAccountToken(tx, {
    organisationId: input.user.organisationId,
    userId: input.user.id,
    kind: 'invitation',
    tokenHash: hashToken(input.prepared.token),
    expiresAt: hoursFrom(now, ctx.config.invitationTtlHours),
    createdAt: now,
  });
  await enqueueEmail(tx, {
    organisationId: input.user.organisationId,
    to: input.user.email,
    ...input.prepared.email,
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
  meta: SessionMeta,
): Promise<{ email: string; name: string; organisationName: string }> {
  const found = await checkLink(ctx, { kind: 'invitation', token: input.token, meta }, assertInvitationOpen);
  return { email: found.user.email, name: found.user.name, organisationName: found.organisation.name };
}

/** Accept an invitation: choose a password, activate the account, sign in. */
export async function acceptInvitation(
  ctx: AppContext,
  input: { token: string; password: string },
  meta: SessionMeta,
): Promise<SignedIn> {
  // The link is checked before the password is hashed: a bad link must not cost a hash.
  await checkLink(ctx, { kind: 'invitation', token: input.token, meta }, assertInvitationOpen);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const found = assertInvitationOpen(
      await findAccountTokenForUpdate(tx, { tokenHash: hashToken(input.token), kind: 'invitation' }),
      now,
    );
    await updateUserAccount(tx, found.user.id, { passwordHash, status: 'active', updatedAt: now });
    await markAccountTokenUsed(tx, { id: found.token.id, at: now });
    await recordTokenAttempt(tx, {
      kind: 'invitation',
      tokenHash: hashToken(input.token),
      ip: throttleAddress(meta.ip),
      succeeded: true,
      at: now,
    });
    const user = { ...found.user, passwordHash, status: 'active' };
    const token = await openSession(ctx, tx, user, meta);
    return { me: toMe(user, found.organisation), token };
  });
}
