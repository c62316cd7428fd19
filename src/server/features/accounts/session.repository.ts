import { and, count, desc, eq, gt, lt, lte, ne, or } from 'drizzle-orm';
import type { Actor } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { sessions, users } from '../../db/schema.ts';

export type SessionRow = typeof sessions.$inferSelect;

/** A session is live while unexpired, used since `idleSince`, and its account active. */
function live(now: Date, idleSince: Date) {
  return and(gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleSince));
}

/** The active account behind a live session, with when the session was last used; or null. */
export async function findSessionActor(
  db: Db,
  input: { tokenHash: string; now: Date; idleSince: Date },
): Promise<{ actor: Actor; lastSeenAt: Date; expiresAt: Date } | null> {
  const rows = await db
    .select({
      userId: users.id,
      organisationId: users.organisationId,
      role: users.role,
      personId: users.personId,
      email: users.email,
      name: users.name,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, input.tokenHash),
        live(input.now, input.idleSince),
        eq(users.status, 'active'),
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const { lastSeenAt, expiresAt, ...actor } = row;
  return { actor: { ...actor, role: actor.role === 'admin' ? 'admin' : 'member' }, lastSeenAt, expiresAt };
}

/** Record a use of the session, unless one was recorded since `staleBefore` (reads must not write every time). */
export async function touchSession(db: Db, input: { tokenHash: string; at: Date; staleBefore: Date }) {
  await db
    .update(sessions)
    .set({ lastSeenAt: input.at })
    .where(and(eq(sessions.tokenHash, input.tokenHash), lt(sessions.lastSeenAt, input.staleBefore)));
}

export async function insertSession(db: Db, session: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(session);
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Sign a user out everywhere (password reset, account disabled). */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Sign a user out everywhere but here (a password change keeps the device it was made on). */
export async function deleteOtherUserSessions(db: Db, input: { userId: string; keepTokenHash: string }) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, input.userId), ne(sessions.tokenHash, input.keepTokenHash)));
}

/** One user's live sessions, most recently used first. */
export async function listUserSessions(
  db: Db,
  input: { userId: string; now: Date; idleSince: Date; limit: number; offset: number },
): Promise<{ rows: SessionRow[]; total: number }> {
  const where = and(eq(sessions.userId, input.userId), live(input.now, input.idleSince));
  const rows = await db
    .select()
    .from(sessions)
    .where(where)
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt), desc(sessions.id))
    .limit(input.limit)
    .offset(input.offset);
  const [row] = await db.select({ total: count() }).from(sessions).where(where);
  return { rows, total: Number(row!.total) };
}

/** End one of a user's sessions by its id; returns its token hash, or null when the user has no such session. */
export async function deleteUserSession(
  db: Db,
  input: { userId: string; id: string },
): Promise<string | null> {
  const [row] = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, input.userId), eq(sessions.id, input.id)))
    .returning({ tokenHash: sessions.tokenHash });
  return row?.tokenHash ?? null;
}

/** Delete expired and idle sessions; returns how many. */
export async function deleteDeadSessions(db: Db, input: { now: Date; idleSince: Date }): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(or(lte(sessions.expiresAt, input.now), lte(sessions.lastSeenAt, input.idleSince)))
    .returning({ id: sessions.id });
  return rows.length;
}
