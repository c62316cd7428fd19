import type { z } from 'zod';
import type { Paginated } from '../../../contracts/common.ts';
import type {
  InvitationSent,
  inviteRequest,
  PasswordResetIssued,
  User,
  userUpdate,
} from '../../../contracts/users.contracts.ts';
import { AppError, notFound } from '../../../core/errors.ts';
import { requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../lib/database-errors.ts';
import {
  createInvitationLink,
  issueInvitation,
  type OneTimeLink,
  resetPasswordFor,
  signOutEverywhere,
} from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isPersonActive } from '../people/people.service.ts';
import {
  emailHasAccount,
  findAccountOfPerson,
  findOrganisationName,
  findOrganisationPerson,
  findOrganisationPersonByEmail,
  findOrganisationUser,
  findUserWithInvitation,
  insertUser,
  listOrganisationUsers,
  lockActiveAdmins,
  type UserRow,
  type UserStatusFilter,
  updateOrganisationUser,
} from './users.repository.ts';

type InvitationDates = { invitationSentAt: Date | null; invitationExpiresAt: Date | null };

/** The account as the API shows it; an invited one says when its invitation went and whether its link still works. */
function toUser(row: UserRow & InvitationDates, now: Date): User {
  const invited = row.status === 'invited';
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role === 'admin' ? 'admin' : 'member',
    status: row.status as User['status'],
    personId: row.personId,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    invitation: invited
      ? {
          sentAt: row.invitationSentAt?.toISOString() ?? null,
          expiresAt: row.invitationExpiresAt?.toISOString() ?? null,
          expired: !row.invitationExpiresAt || row.invitationExpiresAt.getTime() <= now.getTime(),
        }
      : null,
  };
}

/** An account whose invitation was sent just now. */
function justInvited(ctx: AppContext, row: UserRow, now: Date): User {
  return toUser(
    {
      ...row,
      invitationSentAt: now,
      invitationExpiresAt: new Date(now.getTime() + ctx.config.invitationTtlHours * 3_600_000),
    },
    now,
  );
}

const accountExists = () => new AppError('conflict', 'An account with this email already exists');

export async function listUsers(
  ctx: AppContext,
  actor: Actor | null,
  input: { page: number; pageSize: number; q?: string; status?: UserStatusFilter },
): Promise<Paginated<User>> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  const { rows, total } = await listOrganisationUsers(ctx.db, {
    organisationId: admin.organisationId,
    q: input.q || undefined,
    status: input.status,
    now,
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  return { items: rows.map((row) => toUser(row, now)), total, page: input.page, pageSize: input.pageSize };
}

function toLinkView(link: OneTimeLink | null) {
  return link ? { url: link.url, expiresAt: link.expiresAt.toISOString() } : null;
}

/**
 * Email the account a fresh one-time link from the admin, naming their organisation. Without SMTP the link comes
 * back to be shown once to this admin (never through the mailbox).
 */
async function sendInvitation(ctx: AppContext, tx: Db, admin: Actor, user: UserRow) {
  return issueInvitation(ctx, tx, {
    user,
    organisationName: await findOrganisationName(tx, admin.organisationId),
    inviterName: admin.name,
  });
}

/**
 * Invite someone to an account: the account (status `invited`), its one-time link and the email are created in
 * one transaction. The account is tied to the person in the directory given by id, or else to the one with the
 * same email.
 */
export async function inviteUser(
  ctx: AppContext,
  actor: Actor | null,
  input: z.output<typeof inviteRequest>,
): Promise<InvitationSent> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await emailHasAccount(tx, input.email)) throw accountExists();
      const person = input.personId
        ? await findOrganisationPerson(tx, { organisationId: admin.organisationId, id: input.personId })
        : await findOrganisationPersonByEmail(tx, {
            organisationId: admin.organisationId,
            email: input.email,
          });
      if (input.personId && !person) throw notFound('Person');
      if (
        person &&
        (await findAccountOfPerson(tx, { organisationId: admin.organisationId, personId: person.id }))
      ) {
        throw new AppError('conflict', `${person.name} already has an account`);
      }
      const user = await insertUser(tx, {
        organisationId: admin.organisationId,
        personId: person?.id ?? null,
        email: input.email,
        name: input.name ?? person?.name ?? input.email.split('@')[0]!,
        role: input.role,
        status: 'invited',
        createdAt: now,
        updatedAt: now,
      });
      const link = await sendInvitation(ctx, tx, admin, user);
      await recordAudit(tx, {
        organisationId: admin.organisationId,
        actorUserId: admin.userId,
        action: 'user.invited',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email, role: user.role, delivery: link ? 'link' : 'email' },
        at: now,
      });
      return { ...justInvited(ctx, user, now), invitationLink: toLinkView(link) };
    });
  } catch (error) {
    // Two invitations for one email at the same moment: the unique index decides, the loser gets a clean 409.
    if (isUniqueViolation(error)) throw accountExists();
    throw error;
  }
}

/** Send a fresh invitation link; earlier links stop working. Without SMTP the link is shown once to the admin. */
export async function resendInvitation(
  ctx: AppContext,
  actor: Actor | null,
  input: { id: string },
): Promise<InvitationSent> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const user = await findOrganisationUser(tx, { organisationId: admin.organisationId, id: input.id });
    if (!user) throw notFound('User');
    if (user.status !== 'invited') {
      throw new AppError('conflict', `${user.name} has already accepted the invitation`);
    }
    const link = await sendInvitation(ctx, tx, admin, user);
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'user.invitation_resent',
      targetType: 'user',
      targetId: user.id,
      details: { delivery: link ? 'link' : 'email' },
      at: now,
    });
    return { ...justInvited(ctx, user, now), invitationLink: toLinkView(link) };
  });
}

/**
 * "Reset this account's password": a new one-time link, every session of the account ends and its owner is told.
 * With SMTP the link is emailed to the owner; without it, it is returned once to this admin to pass on. Audited.
 * An admin changes their own password from My account instead.
 */
export async function resetUserPassword(
  ctx: AppContext,
  actor: Actor | null,
  input: { id: string },
): Promise<PasswordResetIssued> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const user = await findOrganisationUser(tx, { organisationId: admin.organisationId, id: input.id });
    if (!user) throw notFound('User');
    if (user.id === admin.userId) {
      throw new AppError('conflict', 'Change your own password from My account');
    }
    if (user.status === 'invited') {
      throw new AppError(
        'conflict',
        `${user.name} has not accepted the invitation yet; resend the invitation instead`,
      );
    }
    if (user.status !== 'active') {
      throw new AppError('conflict', `${user.name}'s account is disabled; enable it first`);
    }
    const link = await resetPasswordFor(ctx, tx, {
      user,
      organisationName: await findOrganisationName(tx, admin.organisationId),
      resetBy: admin.name,
    });
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, delivery: link ? 'link' : 'email' },
      at: now,
    });
    return { delivery: link ? 'link' : 'email', link: toLinkView(link) };
  });
}

/**
 * Change an account's role or status. An admin cannot demote or disable themselves, and the organisation always
 * keeps at least one active admin. Disabling an account signs it out everywhere.
 */
export async function updateUser(
  ctx: AppContext,
  actor: Actor | null,
  input: { id: string } & z.output<typeof userUpdate>,
): Promise<User> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const activeAdmins = await lockActiveAdmins(tx, admin.organisationId);
    // The caller's own rights may have changed since their request was authorised (another admin demoted them).
    if (!activeAdmins.includes(admin.userId)) {
      throw new AppError('forbidden', 'Only an organisation admin can do this');
    }
    const user = await findOrganisationUser(tx, { organisationId: admin.organisationId, id: input.id });
    if (!user) throw notFound('User');

    const values: { role?: string; status?: string; updatedAt?: Date } = {};
    if (input.role && input.role !== user.role) values.role = input.role;
    if (input.status && input.status !== user.status) {
      if (input.status === 'active' && user.status === 'invited') {
        throw new AppError('conflict', `${user.name} has not accepted the invitation yet`);
      }
      // Re-enabling an account that never chose a password takes it back to waiting for its invitation.
      values.status = input.status === 'active' && !user.passwordHash ? 'invited' : input.status;
      // Someone who left keeps no access until the directory says they are back (decision 016).
      if (
        input.status === 'active' &&
        user.personId &&
        !(await isPersonActive(tx, admin.organisationId, user.personId))
      ) {
        throw new AppError(
          'conflict',
          `${user.name} is no longer active in the directory; reactivate them there first`,
        );
      }
    }
    const shown = async (id: string) => toUser((await findUserWithInvitation(tx, id))!, now);
    if (values.role === undefined && values.status === undefined) return shown(user.id);

    const losesAdmin =
      user.role === 'admin' &&
      user.status === 'active' &&
      (values.role === 'member' || values.status === 'disabled');
    if (losesAdmin && user.id === admin.userId) {
      throw new AppError(
        'conflict',
        values.status === 'disabled'
          ? 'You cannot disable your own account'
          : 'You cannot remove your own admin rights; ask another admin',
      );
    }
    if (losesAdmin && activeAdmins.filter((id) => id !== user.id).length === 0) {
      throw new AppError('conflict', 'The organisation must keep at least one active admin');
    }

    await updateOrganisationUser(tx, {
      organisationId: admin.organisationId,
      id: user.id,
      values: { ...values, updatedAt: now },
    });
    if (values.status === 'disabled') await signOutEverywhere(tx, user.id);
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'user.updated',
      targetType: 'user',
      targetId: user.id,
      details: {
        ...(values.role ? { role: { from: user.role, to: values.role } } : {}),
        ...(values.status ? { status: { from: user.status, to: values.status } } : {}),
      },
      at: now,
    });
    return shown(user.id);
  });
}

/**
 * An invitation link for a person in the directory who has no usable account yet, for an email that tells them
 * something and asks them to act (issue 11: "people without an account get the email with an invitation").
 * A person with no account gets an invited member account tied to them (audited, with no acting user); one whose
 * account is still invited gets a fresh link. Null when they can already sign in, their account is disabled, or
 * their address already belongs to an account elsewhere — then the email just asks them to sign in.
 */
export async function invitationForPerson(
  ctx: AppContext,
  tx: Db,
  input: {
    organisationId: string;
    person: { id: string; name: string; email: string };
    account: { id: string; status: string } | null;
  },
): Promise<OneTimeLink | null> {
  if (input.account) {
    if (input.account.status !== 'invited') return null;
    return createInvitationLink(ctx, tx, {
      user: { id: input.account.id, organisationId: input.organisationId },
      retireEarlier: false,
    });
  }
  if (await emailHasAccount(tx, input.person.email)) return null;
  const now = ctx.now();
  const user = await insertUser(tx, {
    organisationId: input.organisationId,
    personId: input.person.id,
    email: input.person.email.trim().toLowerCase(),
    name: input.person.name,
    role: 'member',
    status: 'invited',
    createdAt: now,
    updatedAt: now,
  });
  await recordAudit(tx, {
    organisationId: input.organisationId,
    actorUserId: null,
    action: 'user.invited',
    targetType: 'user',
    targetId: user.id,
    details: { email: user.email, role: user.role, delivery: 'notice_email' },
    at: now,
  });
  return createInvitationLink(ctx, tx, { user, retireEarlier: false });
}

/**
 * The caller a background job acts for, read again when it runs: null once their account is no longer active (a
 * bulk action started by someone who lost access stops).
 */
export async function activeActorOf(db: Db, organisationId: string, userId: string): Promise<Actor | null> {
  const user = await findOrganisationUser(db, { organisationId, id: userId });
  if (user?.status !== 'active') return null;
  return {
    userId: user.id,
    organisationId: user.organisationId,
    role: user.role === 'admin' ? 'admin' : 'member',
    personId: user.personId,
    email: user.email,
    name: user.name,
  };
}
