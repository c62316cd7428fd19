import { and, asc, count, eq, exists, ilike, inArray, ne, not, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accountTokens, enrolments, organisations, people, users } from '../../db/schema.ts';
import { likeContaining } from '../../db/sql-text.ts';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
/** What an account changes about itself: sign-in time, password, activation. */
export type UserAccountChange = Partial<
  Pick<UserRow, 'passwordHash' | 'status' | 'lastSignInAt' | 'updatedAt'>
>;

/** What the users page filters by: the account's status, with invitations split by whether their link still works. */
export type UserStatusFilter = 'active' | 'invited' | 'expired' | 'disabled';

// Correlated on "users"."id" by name: Drizzle leaves columns unqualified in a one-table select, where the
// subquery's own "id" would shadow the account's.
/** An invitation link of the account that can still be used at `now`. */
function usableInvitation(now: Date): SQL {
  return sql`exists (select 1 from ${accountTokens} t where t.user_id = "users"."id"
    and t.kind = 'invitation' and t.used_at is null and t.expires_at > ${now})`;
}

/** The account's latest invitation: when it was sent and until when its newest unused link works. */
const invitationColumns = {
  invitationSentAt: sql<Date | string | null>`(select max(t.created_at) from ${accountTokens} t
    where t.user_id = "users"."id" and t.kind = 'invitation')`,
  invitationExpiresAt: sql<Date | string | null>`(select max(t.expires_at) from ${accountTokens} t
    where t.user_id = "users"."id" and t.kind = 'invitation' and t.used_at is null)`,
};

export type UserWithInvitationRow = UserRow & {
  invitationSentAt: Date | null;
  invitationExpiresAt: Date | null;
};

function asDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

function withInvitationDates<
  T extends { invitationSentAt: Date | string | null; invitationExpiresAt: Date | string | null },
>(row: T) {
  return {
    ...row,
    invitationSentAt: asDate(row.invitationSentAt),
    invitationExpiresAt: asDate(row.invitationExpiresAt),
  };
}

function statusCondition(status: UserStatusFilter, now: Date): SQL {
  if (status === 'invited') return and(eq(users.status, 'invited'), usableInvitation(now))!;
  if (status === 'expired') return and(eq(users.status, 'invited'), not(usableInvitation(now)))!;
  return eq(users.status, status);
}

export async function listOrganisationUsers(
  db: Db,
  input: {
    organisationId: string;
    q?: string;
    status?: UserStatusFilter;
    now: Date;
    limit: number;
    offset: number;
  },
): Promise<{ rows: UserWithInvitationRow[]; total: number }> {
  const conditions: SQL[] = [eq(users.organisationId, input.organisationId)];
  if (input.q) {
    const pattern = likeContaining(input.q);
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
  }
  if (input.status) conditions.push(statusCondition(input.status, input.now));
  const where = and(...conditions);
  const rows = await db
    .select({ user: users, ...invitationColumns })
    .from(users)
    .where(where)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(input.limit)
    .offset(input.offset);
  const [row] = await db.select({ total: count() }).from(users).where(where);
  return {
    rows: rows.map(({ user, ...dates }) => ({ ...user, ...withInvitationDates(dates) })),
    total: Number(row!.total),
  };
}

/** An account with the dates of its latest invitation (for the answer to a change). */
export async function findUserWithInvitation(db: Db, id: string): Promise<UserWithInvitationRow | null> {
  const [row] = await db
    .select({ user: users, ...invitationColumns })
    .from(users)
    .where(eq(users.id, id));
  if (!row) return null;
  const { user, ...dates } = row;
  return { ...user, ...withInvitationDates(dates) };
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

// ── Bulk invitations (issue 13) ─────────────────────────────────────────────────────────────────────────────────

/** A person (or an address) someone may invite, with the account their address or directory entry already has. */
export interface InvitationCandidateRow {
  personId: string | null;
  name: string;
  email: string;
  /** The person's status in the directory; null for an address with no entry. */
  personStatus: string | null;
  accountId: string | null;
  accountStatus: string | null;
  accountOrganisationId: string | null;
}

const liveEnrolmentStatuses = ['pending_approval', 'approved', 'waitlisted'];

/**
 * People of the organisation with their account, if any: the one tied to them, else the one holding their address
 * (accounts are unique by address across the instance). `program`: everyone with a live enrolment in it (any
 * status in the directory); `directory`: the active people of these departments and levels (none given: all).
 */
export async function invitationCandidates(
  db: Db,
  input: {
    organisationId: string;
    program?: { id: string; roles: readonly string[] };
    directory?: { departments: readonly string[]; levels: readonly number[] };
  },
): Promise<InvitationCandidateRow[]> {
  const conditions: SQL[] = [eq(people.organisationId, input.organisationId)];
  if (input.program) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(enrolments)
          .where(
            and(
              eq(enrolments.programId, input.program.id),
              eq(enrolments.personId, people.id),
              inArray(enrolments.status, liveEnrolmentStatuses),
              inArray(enrolments.role, [...input.program.roles]),
            ),
          ),
      ),
    );
  }
  if (input.directory) {
    conditions.push(eq(people.status, 'active'));
    if (input.directory.departments.length > 0)
      conditions.push(inArray(people.department, [...input.directory.departments]));
    if (input.directory.levels.length > 0)
      conditions.push(inArray(people.level, [...input.directory.levels]));
  }
  const rows = await db.execute(sql`
    select distinct on (p.id) p.id as "personId", p.name, p.email, p.status as "personStatus",
      coalesce(own.id, same.id) as "accountId", coalesce(own.status, same.status) as "accountStatus",
      coalesce(own.organisation_id, same.organisation_id) as "accountOrganisationId"
    from (select ${people.id}, ${people.name}, ${people.email}, ${people.status}, ${people.organisationId}
      from ${people} where ${and(...conditions)}) p
    left join ${users} own on own.organisation_id = p.organisation_id and own.person_id = p.id
    left join ${users} same on lower(same.email) = lower(p.email)
    order by p.id, own.id nulls last, same.id`);
  return (rows as unknown as { rows: InvitationCandidateRow[] }).rows;
}

/** The people of the organisation and the accounts holding these addresses (lower case), for a list of emails. */
export async function findByEmails(db: Db, input: { organisationId: string; emails: readonly string[] }) {
  const found = {
    people: [] as { id: string; name: string; email: string; status: string }[],
    accounts: [] as {
      id: string;
      email: string;
      status: string;
      organisationId: string;
      personId: string | null;
    }[],
  };
  for (let start = 0; start < input.emails.length; start += 5000) {
    const slice = input.emails.slice(start, start + 5000);
    found.people.push(
      ...(await db
        .select({
          id: people.id,
          name: people.name,
          email: sql<string>`lower(${people.email})`,
          status: people.status,
        })
        .from(people)
        .where(
          and(eq(people.organisationId, input.organisationId), inArray(sql`lower(${people.email})`, slice)),
        )),
    );
    found.accounts.push(
      ...(await db
        .select({
          id: users.id,
          email: sql<string>`lower(${users.email})`,
          status: users.status,
          organisationId: users.organisationId,
          personId: users.personId,
        })
        .from(users)
        .where(inArray(sql`lower(${users.email})`, slice))),
    );
  }
  return found;
}

/** The accounts tied to these people in the organisation. */
export async function accountsOfPeople(
  db: Db,
  input: { organisationId: string; personIds: readonly string[] },
) {
  const rows: { id: string; personId: string | null; status: string }[] = [];
  for (let start = 0; start < input.personIds.length; start += 5000) {
    rows.push(
      ...(await db
        .select({ id: users.id, personId: users.personId, status: users.status })
        .from(users)
        .where(
          and(
            eq(users.organisationId, input.organisationId),
            inArray(users.personId, input.personIds.slice(start, start + 5000)),
          ),
        )),
    );
  }
  return rows;
}

/**
 * Accounts of the organisation still waiting for their invitation to be accepted, oldest first: all of them, or
 * only those whose every link has expired. `notSentAfter` leaves out those invited again after that moment.
 */
export async function pendingInvitationAccounts(
  db: Db,
  input: { organisationId: string; now: Date; expiredOnly: boolean; notSentAfter?: Date },
): Promise<UserRow[]> {
  const conditions: SQL[] = [eq(users.organisationId, input.organisationId), eq(users.status, 'invited')];
  if (input.expiredOnly) conditions.push(not(usableInvitation(input.now)));
  if (input.notSentAfter)
    conditions.push(sql`not exists (select 1 from ${accountTokens} t where t.user_id = "users"."id"
      and t.kind = 'invitation' and t.created_at > ${input.notSentAfter})`);
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.createdAt), asc(users.id));
}

/** How many accounts wait for their invitation to be accepted, and how many of those hold no working link. */
export async function countPendingInvitations(db: Db, input: { organisationId: string; now: Date }) {
  const [row] = await db
    .select({
      pending: count(),
      expired: sql<number>`count(*) filter (where not ${usableInvitation(input.now)})::int`,
    })
    .from(users)
    .where(and(eq(users.organisationId, input.organisationId), eq(users.status, 'invited')));
  return { pending: Number(row?.pending ?? 0), expired: Number(row?.expired ?? 0) };
}
