import type { Db } from '../../db/client.ts';
import * as repo from './users.repository.ts';

/**
 * The users table's doors for other features, each in the caller's transaction: set-up and sign-in (accounts),
 * leaving and erasure (people). Kept apart from users.service.ts, which calls the accounts service for invitations, so the two
 * features never import each other.
 */

export type { NewUserRow, UserAccountChange, UserRow } from './users.repository.ts';

export async function createUserAccount(db: Db, values: repo.NewUserRow): Promise<repo.UserRow> {
  return repo.insertUser(db, values);
}

/** Record a sign-in, a new password or an activation. */
export async function updateUserAccount(db: Db, id: string, values: repo.UserAccountChange): Promise<void> {
  await repo.updateUserAccount(db, id, values);
}

/** Delete the accounts tied to a person (erasure, §10); returns how many there were. */
export async function deleteAccountsOfPerson(
  db: Db,
  organisationId: string,
  personId: string,
): Promise<number> {
  return repo.deleteAccountsOfPerson(db, organisationId, personId);
}

/**
 * The accounts of people who left the organisation (deactivated, or marked inactive by an HRIS import): disabled,
 * and made members, so coming back never silently restores admin rights (decision 016). Returns each account as it
 * was; the caller ends their sessions (`signOutEverywhere`).
 */
export async function disableAccountsOfPeople(
  db: Db,
  organisationId: string,
  personIds: readonly string[],
  at: Date,
): Promise<{ id: string; personId: string | null; role: string; status: string }[]> {
  const changed: Awaited<ReturnType<typeof repo.disableAccountsOfPeople>> = [];
  // In slices, clear of the driver's parameter limit when an import marks thousands of people at once.
  for (let start = 0; start < personIds.length; start += 5000) {
    changed.push(
      ...(await repo.disableAccountsOfPeople(db, {
        organisationId,
        personIds: personIds.slice(start, start + 5000),
        at,
      })),
    );
  }
  return changed;
}

/** The organisation's active admin accounts and their people, locked until the caller's transaction ends. */
export async function lockActiveAdminAccounts(db: Db, organisationId: string) {
  return repo.lockActiveAdminAccounts(db, organisationId);
}
