import type { Db } from '../../db/client.ts';
import * as repo from './users.repository.ts';

/**
 * The users table's doors for other features, each in the caller's transaction: set-up and sign-in (accounts),
 * erasure (people). Kept apart from users.service.ts, which calls the accounts service for invitations, so the two
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
