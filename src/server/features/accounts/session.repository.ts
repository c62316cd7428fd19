import { and, eq, gt } from 'drizzle-orm';
import type { Actor } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { sessions, users } from '../../db/schema.ts';

/** The active account behind an unexpired session, or null. */
export async function findActorBySessionHash(db: Db, tokenHash: string, now: Date): Promise<Actor | null> {
  const rows = await db
    .select({
      userId: users.id,
      organisationId: users.organisationId,
      role: users.role,
      personId: users.personId,
      email: users.email,
      name: users.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.status, 'active')))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return { ...row, role: row.role === 'admin' ? 'admin' : 'member' };
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
