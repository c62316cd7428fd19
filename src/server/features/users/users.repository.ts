import { and, asc, count, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations, people, users } from '../../db/schema.ts';
import { likeContaining } from '../../db/sql-text.ts';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
/** What an account changes about itself: sign-in time, password, activation. */
export type UserAccountChange = Partial<
  Pick<UserRow, 'passwordHash' | 'status' | 'lastSignInAt' | 'updatedAt'>
>;

export async function listOrganisationUsers(
  db: Db,
  input: { organisationId: string; q?: string; limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const conditions: SQL[] = [eq(users.organisationId, input.organisationId)];
  if (input.q) {
    const pattern = likeContaining(input.q);
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
  }
  const where = and(...conditions);
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(input.limit)
    .offset(input.offset);
  const [row] = await db.select({ total: count() }).from(users).where(where);
  return { rows, total: Number(row!.total) };
}

export async function findOrganisationUser(
  db: Db,
  input: { organisationId: string; id: string },
): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, input.id), eq(users.organisationId, input.organisationId)));
  return row ?? null;
}

/** Accounts are unique by email across the whole instance (sign-in needs no organisation picker). */
export async function emailHasAccount(db: Db, email: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return Boolean(row);
}

export async function findAccountOfPerson(db: Db, input: { organisationId: string; personId: string }) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, input.organisationId), eq(users.personId, input.personId)));
  return row ?? null;
}

export async function findOrganisationPerson(db: Db, input: { organisationId: string; id: string }) {
  const [row] = await db
    .select({ id: people.id, name: people.name, email: people.email })
    .from(people)
    .where(and(eq(people.id, input.id), eq(people.organisationId, input.organisationId)));
  return row ?? null;
}

export async function findOrganisationPersonByEmail(
  db: Db,
  input: { organisationId: string; email: string },
) {
  const [row] = await db
    .select({ id: people.id, name: people.name, email: people.email })
    .from(people)
    .where(
      and(
        eq(people.organisationId, input.organisationId),
        eq(sql`lower(${people.email})`, input.email.toLowerCase()),
      ),
    );
  return row ?? null;
}

export async function findOrganisationName(db: Db, organisationId: string): Promise<string> {
  const [row] = await db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row?.name ?? '';
}

export async function insertUser(db: Db, values: NewUserRow): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

/**
 * The organisation's active admins, locked until the transaction ends: two admins demoting each other at the
 * same moment are serialised, so the organisation always keeps one.
 */
export async function lockActiveAdmins(db: Db, organisationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.role, 'admin'), eq(users.status, 'active')))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((row) => row.id);
}

export async function updateOrganisationUser(
  db: Db,
  input: {
    organisationId: string;
    id: string;
    values: Partial<Pick<UserRow, 'role' | 'status' | 'updatedAt'>>;
  },
): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set(input.values)
    .where(and(eq(users.id, input.id), eq(users.organisationId, input.organisationId)))
    .returning();
  return row!;
}

export async function updateUserAccount(db: Db, id: string, values: UserAccountChange): Promise<void> {
  await db.update(users).set(values).where(eq(users.id, id));
}

export async function deleteAccountsOfPerson(
  db: Db,
  organisationId: string,
  personId: string,
): Promise<number> {
  const rows = await db
    .delete(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.personId, personId)))
    .returning({ id: users.id });
  return rows.length;
}

/** The organisation's active admin accounts with their people, locked until the transaction ends. */
export async function lockActiveAdminAccounts(db: Db, organisationId: string) {
  return db
    .select({ id: users.id, personId: users.personId })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.role, 'admin'), eq(users.status, 'active')))
    .orderBy(asc(users.id))
    .for('update');
}

/**
 * Disable the accounts of these people that are not disabled yet, and make them members; returns each account as it
 * was (its role and status before).
 */
export async function disableAccountsOfPeople(
  db: Db,
  input: { organisationId: string; personIds: readonly string[]; at: Date },
) {
  if (input.personIds.length === 0) return [];
  const accounts = await db
    .select({ id: users.id, personId: users.personId, role: users.role, status: users.status })
    .from(users)
    .where(
      and(
        eq(users.organisationId, input.organisationId),
        inArray(users.personId, [...input.personIds]),
        ne(users.status, 'disabled'),
      ),
    )
    .orderBy(asc(users.id))
    .for('update');
  if (accounts.length === 0) return [];
  await db
    .update(users)
    .set({ status: 'disabled', role: 'member', updatedAt: input.at })
    .where(
      inArray(
        users.id,
        accounts.map((account) => account.id),
      ),
    );
  return accounts;
}
