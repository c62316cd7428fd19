import type { z } from 'zod';
import type { markReadRequest, notificationsQuery } from '../../../contracts/notifications.contracts.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import type { NewNotification } from './notifications.repository.ts';
import {
  insertNotifications,
  listNotifications,
  listUnreadAboutRelationship,
  markRead,
  markReadByDedupeKey,
} from './notifications.repository.ts';

export type { NewNotification, NotificationEmailExtras } from './notifications.repository.ts';

/**
 * Tell people something in the app; call inside the transaction of the change that caused it. A notification about
 * a relationship (or a request) names it in `relationshipId`, so the pair's workspace can find it.
 */
export async function notifyPeople(db: Db, notes: NewNotification[]): Promise<number> {
  return insertNotifications(db, notes);
}

/** A person's unread notifications of one kind about one relationship, newest first (a workspace's celebrations). */
export async function unreadNotificationsAbout(
  db: Db,
  input: { organisationId: string; personId: string; relationshipId: string; kind: string; limit: number },
) {
  return listUnreadAboutRelationship(db, input);
}

/** Mark a notification read by its dedupe key, in the caller's transaction: its reader saw it happen on screen. */
export async function markNotificationSeen(db: Db, organisationId: string, dedupeKey: string, at: Date) {
  await markReadByDedupeKey(db, organisationId, dedupeKey, at);
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
