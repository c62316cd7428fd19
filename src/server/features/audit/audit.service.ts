import type { Paginated } from '../../../contracts/common.ts';
import type { AuditEntry as AuditEntryView } from '../../../contracts/users.contracts.ts';
import { requireAdmin } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { type AuditEntry, insertAuditEntry, listAuditEntries } from './audit.repository.ts';

/**
 * Record an admin action, the entry point every feature uses; call it inside the transaction that makes the
 * change so both commit together.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await insertAuditEntry(db, entry);
}

/** The organisation's audit log of admin actions, newest first. */
export async function listAuditLog(
  ctx: AppContext,
  actor: Actor | null,
  input: { page: number; pageSize: number },
): Promise<Paginated<AuditEntryView>> {
  const admin = requireAdmin(actor);
  const { rows, total } = await listAuditEntries(ctx.db, {
    organisationId: admin.organisationId,
    limit: input.pageSize,
    offset: (input.page - 1) * input.pageSize,
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      details: row.details ?? null,
      createdAt: row.createdAt.toISOString(),
      actor: row.actorUserId ? { id: row.actorUserId, name: row.actorName ?? '' } : null,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
