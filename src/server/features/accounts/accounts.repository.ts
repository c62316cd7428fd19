import { and, count, eq, gt, isNull, max, min, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accountTokens, organisations, signInAttempts, users } from '../../db/schema.ts';

export type UserRow = typeof users.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;
type AccountTokenKind = 'invitation' | 'password_reset';

export async function countOrganisations(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(organisations);
  return Number(row!.n);
}

/** Serialise first-run setups: two browsers submitting at once must not create two first organisations. */
export async function lockOrganisationsTable(db: Db): Promise<void> {
  await db.execute(sql`lock table ${organisations} in share row exclusive mode`);
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.slug, slug));
  return Boolean(row);
}

export async function insertOrganisation(db: Db, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).returning();
  return row!;
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationRow | null> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row ?? null;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  return row ?? null;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function recordSignInAttempt(
  db: Db,
  attempt: { email: string; ip: string; succeeded: boolean; at: Date },
): Promise<void> {
  await db.insert(signInAttempts).values({
    email: attempt.email,
    ip: attempt.ip,
    succeeded: attempt.succeeded,
    createdAt: attempt.at,
  });
}

/** Failed sign-ins for an email since `since` and after its last success (a success clears the count). */
export async function recentFailuresForEmail(db: Db, input: { email: string; since: Date }) {
  const lastSuccess = db
    .select({ at: max(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, input.email), eq(signInAttempts.succeeded, true)));
  const [row] = await db
    .select({ failures: count(), oldest: min(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.email, input.email),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.createdAt, input.since),
        sql`${signInAttempts.createdAt} > coalesce((${lastSuccess}), '-infinity'::timestamptz)`,
      ),
    );
  return { failures: Number(row!.failures), oldest: row!.oldest ? new Date(row!.oldest) : null };
}

/** Failed sign-ins from an address since `since`, whatever the account. */
export async function recentFailuresForIp(db: Db, input: { ip: string; since: Date }) {
  const [row] = await db
    .select({ failures: count(), oldest: min(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.ip, input.ip),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.createdAt, input.since),
      ),
    );
  return { failures: Number(row!.failures), oldest: row!.oldest ? new Date(row!.oldest) : null };
}

export async function insertAccountToken(
  db: Db,
  token: {
    organisationId: string;
    userId: string;
    kind: AccountTokenKind;
    tokenHash: string;
    expiresAt: Date;
    createdAt: Date;
  },
): Promise<void> {
  await db.insert(accountTokens).values(token);
}

/** A token with its account and organisation; `for update` so two clicks on one link cannot both use it. */
export async function findAccountTokenForUpdate(
  db: Db,
  input: { tokenHash: string; kind: AccountTokenKind },
) {
  const [row] = await db
    .select({ token: accountTokens, user: users, organisation: organisations })
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .innerJoin(organisations, eq(organisations.id, accountTokens.organisationId))
    .where(and(eq(accountTokens.tokenHash, input.tokenHash), eq(accountTokens.kind, input.kind)))
    .for('update', { of: accountTokens });
  return row ?? null;
}

export async function markAccountTokenUsed(db: Db, input: { id: string; at: Date }): Promise<void> {
  await db.update(accountTokens).set({ usedAt: input.at }).where(eq(accountTokens.id, input.id));
}

/** Retire every unused token of a kind for a user (a new invitation replaces the old link). */
export async function retireAccountTokens(
  db: Db,
  input: { userId: string; kind: AccountTokenKind; at: Date },
): Promise<void> {
  await db
    .update(accountTokens)
    .set({ usedAt: input.at })
    .where(
      and(
        eq(accountTokens.userId, input.userId),
        eq(accountTokens.kind, input.kind),
        isNull(accountTokens.usedAt),
      ),
    );
}

export async function countTokensIssuedSince(
  db: Db,
  input: { userId: string; kind: AccountTokenKind; since: Date },
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.userId, input.userId),
        eq(accountTokens.kind, input.kind),
        gt(accountTokens.createdAt, input.since),
      ),
    );
  return Number(row!.n);
}
