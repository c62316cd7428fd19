import { count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, users } from '../../db/schema.ts';

export interface AuditEntry {
  organisationId: string;
  actorUserId: string | null;
  /** `<thing>.<verb>`, e.g. `user.invited`, `user.role_changed`. */
  action: string;
  targetType?: string;
  targetId?: string;
  details?: unknown;
  at: Date;
}

export async function insertAuditEntry(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    organisationId: entry.organisationId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? null,
    createdAt: entry.at,
  });
}

export async function listAuditEntries(
  db: Db,
  input: { organisationId: string; limit: number; offset: number },
) {
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
      actorUserId: auditLog.actorUserId,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(eq(auditLog.organisationId, input.organisationId))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit)
    .offset(input.offset);
  const [{ total }] = (await db
    .select({ total: count() })
    .from(auditLog)
    .where(eq(auditLog.organisationId, input.organisationId))) as [{ total: number }];
  return { rows, total };
}
