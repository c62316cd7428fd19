import { and, count, eq, gt, isNull, lt, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accountTokens, organisations, signInAttempts, tokenAttempts, users } from '../../db/schema.ts';

export type UserRow = typeof users.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;
export type AccountTokenKind = 'invitation' | 'password_reset';

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

/** Failures of one kind since `since`: how many, and when the last was. */
interface FailureCount {
  failures: number;
  last: Date | null;
}

function toFailureCount(row: { failures: number; last: Date | string | null } | undefined): FailureCount {
  return { failures: Number(row?.failures ?? 0), last: row?.last ? new Date(row.last) : null };
}

/**
 * Failed sign-ins for one email from one address since `since`, after the last success of that pair (a success
 * clears the count).
 */
export async function recentFailuresForPair(
  db: Db,
  input: { email: string; ip: string; since: Date },
): Promise<FailureCount> {
  const lastSuccess = db
    .select({ at: max(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.email, input.email),
        eq(signInAttempts.ip, input.ip),
        eq(signInAttempts.succeeded, true),
      ),
    );
  const [row] = await db
    .select({ failures: count(), last: max(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.email, input.email),
        eq(signInAttempts.ip, input.ip),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.createdAt, input.since),
        sql`${signInAttempts.createdAt} > coalesce((${lastSuccess}), '-infinity'::timestamptz)`,
      ),
    );
  return toFailureCount(row);
}

/** Failed sign-ins from an address since `since`, whatever the account. */
export async function recentFailuresForIp(db: Db, input: { ip: string; since: Date }): Promise<FailureCount> {
  const [row] = await db
    .select({ failures: count(), last: max(signInAttempts.createdAt) })
    .from(signInAttempts)
    .where(
      and(
        eq(signInAttempts.ip, input.ip),
        eq(signInAttempts.succeeded, false),
        gt(signInAttempts.createdAt, input.since),
      ),
    );
  return toFailureCount(row);
}

export async function recordTokenAttempt(
  db: Db,
  attempt: { kind: AccountTokenKind; tokenHash: string; ip: string; succeeded: boolean; at: Date },
): Promise<void> {
  await db.insert(tokenAttempts).values({
    kind: attempt.kind,
    tokenHash: attempt.tokenHash,
    ip: attempt.ip,
    succeeded: attempt.succeeded,
    createdAt: attempt.at,
  });
}

/** Failed uses of one-time links since `since`, from one address or of one token. */
export async function recentTokenFailures(
  db: Db,
  input: { ip: string } | { tokenHash: string },
  since: Date,
): Promise<FailureCount> {
  const [row] = await db
    .select({ failures: count(), last: max(tokenAttempts.createdAt) })
    .from(tokenAttempts)
    .where(
      and(
        'ip' in input ? eq(tokenAttempts.ip, input.ip) : eq(tokenAttempts.tokenHash, input.tokenHash),
        eq(tokenAttempts.succeeded, false),
        gt(tokenAttempts.createdAt, since),
      ),
    );
  return toFailureCount(row);
}

/** Forget sign-in and link attempts older than the longest throttle window; returns how many went. */
export async function deleteAttemptsBefore(db: Db, before: Date): Promise<number> {
  const signIns = await db
    .delete(signInAttempts)
    .where(lt(signInAttempts.createdAt, before))
    .returning({ id: signInAttempts.id });
  const links = await db
    .delete(tokenAttempts)
    .where(lt(tokenAttempts.createdAt, before))
    .returning({ id: tokenAttempts.id });
  return signIns.length + links.length;
}

export async function findOrganisationBySlug(db: Db, slug: string): Promise<OrganisationRow | null> {
  const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug));
  return row ?? null;
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
