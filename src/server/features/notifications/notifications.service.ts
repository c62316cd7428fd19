import type { z } from 'zod';
import type { markReadRequest, notificationsQuery } from '../../../contracts/notifications.contracts.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import {
  insertNotifications,
  listNotifications,
  markRead,
  type NewNotification,
} from './notifications.repository.ts';

/** Tell people something in the app; call inside the transaction of the change that caused it. */
export async function notifyPeople(db: Db, notes: NewNotification[]): Promise<number> {
  return insertNotifications(db, notes);
}

/** The caller's own notifications. An account without a person in the directory has none. */
export async function myNotifications(
  ctx: AppContext,
  actor: Actor | null,
  query: z.infer<typeof notificationsQuery>,
) {
  const me = requireActor(actor);
  if (!me.personId) return { items: [], total: 0, unread: 0, page: query.page, pageSize: query.pageSize };
  const { items, total, unread } = await listNotifications(
    ctx.db,
    me.organisationId,
    me.personId,
    query.page,
    query.pageSize,
  );
  return {
    items: items.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      link: row.link,
      readAt: row.readAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    })),
    total,
    unread,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Mark the caller's notifications read (only ever their own). */
export async function markMyNotificationsRead(
  ctx: AppContext,
  actor: Actor | null,
  input: z.infer<typeof markReadRequest>,
): Promise<void> {
  const me = requireActor(actor);
  if (!me.personId) return;
  await markRead(ctx.db, me.organisationId, me.personId, input.ids ?? null, ctx.now());
}
