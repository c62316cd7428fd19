import type { Person } from '../../../contracts/people.contracts.ts';
import { AppError } from '../../../core/errors.ts';
import { requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { signOutEverywhere } from '../accounts/accounts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { disableAccountsOfPeople, lockActiveAdminAccounts } from '../users/user-accounts.service.ts';
import * as repo from './people.repository.ts';
import { lockPersonForChange, toPerson } from './people.service.ts';

/**
 * Leaving the organisation ends access at once (decision 016): deactivating a person, or an HRIS import marking them
 * inactive, disables their account, makes it a member account and ends every session; erasure deletes the account
 * (people.service.ts). Reactivating does not give the account back: it stays disabled until an admin re-enables it
 * in Users, as a member. Their open relationships are left to program staff, who end them from the "Left the
 * organisation" list (relationships.service.ts). Kept apart from people.service.ts because the accounts feature
 * builds on that one.
 */

interface LeavingProblem {
  personId: string;
  kind: 'self' | 'last_admin';
  message: string;
}

/**
 * Why these people cannot all leave at once, per person: the account doing it would end its own access, or the
 * organisation would keep no active admin. `byUserId` is the admin acting (none for the command line).
 */
export async function leavingProblems(
  db: Db,
  input: { organisationId: string; personIds: readonly string[]; byUserId: string | null },
): Promise<LeavingProblem[]> {
  if (input.personIds.length === 0) return [];
  const leaving = new Set(input.personIds);
  // Locked until the transaction ends, so two admins ending each other's access are taken one after the other.
  const admins = await lockActiveAdminAccounts(db, input.organisationId);
  const problems: LeavingProblem[] = [];
  const me = admins.find((admin) => admin.id === input.byUserId);
  if (me?.personId && leaving.has(me.personId))
    problems.push({
      personId: me.personId,
      kind: 'self',
      message: 'this is you: you cannot end your own access, ask another admin to do it',
    });
  const staying = admins.filter((admin) => !admin.personId || !leaving.has(admin.personId));
  if (admins.length > 0 && staying.length === 0)
    for (const admin of admins)
      if (admin.personId && admin !== me)
        problems.push({
          personId: admin.personId,
          kind: 'last_admin',
          message:
            'this person holds the organisation’s last active admin account: make someone else an admin first',
        });
  return problems;
}

/**
 * End the access of people who left, in the caller's transaction: their accounts disabled and made members, every
 * session ended. Returns the accounts as they were (role and status before).
 */
export async function endAccessOfLeavers(
  db: Db,
  input: { organisationId: string; personIds: readonly string[]; at: Date },
) {
  const accounts = await disableAccountsOfPeople(db, input.organisationId, input.personIds, input.at);
  for (const account of accounts) await signOutEverywhere(db, account.id);
  return accounts;
}

/**
 * Deactivate a person (they left, or are away for long): kept for history but hidden from the default directory,
 * and their access ends at once. Refused for the caller themself and for the last active admin.
 */
export async function deactivatePerson(ctx: AppContext, actor: Actor | null, id: string): Promise<Person> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockPersonForChange(tx, admin.organisationId, id);
    if (current.status === 'inactive') return current;
    const [problem] = await leavingProblems(tx, {
      organisationId: admin.organisationId,
      personIds: [id],
      byUserId: admin.userId,
    });
    if (problem)
      throw new AppError(
        'conflict',
        problem.kind === 'self'
          ? 'You cannot deactivate yourself: ask another admin to do it'
          : `${current.name} holds the organisation’s last active admin account: make someone else an admin first`,
      );
    const updated = await repo.updatePerson(tx, admin.organisationId, id, {
      status: 'inactive',
      updatedAt: now,
    });
    const accounts = await endAccessOfLeavers(tx, {
      organisationId: admin.organisationId,
      personIds: [id],
      at: now,
    });
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'person.deactivated',
      targetType: 'person',
      targetId: id,
      details: {
        accountDisabled: accounts.length > 0,
        adminRightsRemoved: accounts.some((account) => account.role === 'admin'),
      },
      at: now,
    });
    return updated!;
  });
  return toPerson(row);
}

/** Reactivate a person: back in the directory. Their account stays disabled until an admin re-enables it, as a member. */
export async function reactivatePerson(ctx: AppContext, actor: Actor | null, id: string): Promise<Person> {
  const admin = requireAdmin(actor);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockPersonForChange(tx, admin.organisationId, id);
    if (current.status === 'active') return current;
    const updated = await repo.updatePerson(tx, admin.organisationId, id, {
      status: 'active',
      updatedAt: now,
    });
    await recordAudit(tx, {
      organisationId: admin.organisationId,
      actorUserId: admin.userId,
      action: 'person.reactivated',
      targetType: 'person',
      targetId: id,
      at: now,
    });
    return updated!;
  });
  return toPerson(row);
}
