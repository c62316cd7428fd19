import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications, users } from '../../db/schema.ts';

type NotificationRow = typeof notifications.$inferSelect;

export interface NewNotification {
  organisationId: string;
  personId: string;
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  /** The relationship (or request) it is about, if any. */
  relationshipId?: string | null;
  /** Same key twice → one notification (publishing twice, a retried job). */
  dedupeKey?: string;
  /**
   * The email twin: what it adds to the notice (details, button label, attachments, program). Every notice is
   * emailed unless this is `false` or the person chose otherwise (src/core/messages/categories.ts).
   */
  email?: NotificationEmailExtras | false;
}

/** What an email adds to its notice. Attachment content is text (e.g. an .ics calendar invitation). */
export interface NotificationEmailExtras {
  /** Lines shown under the body, e.g. why the pair was matched and the first step. */
  details?: string[];
  /** The button's label; the link is the notice's `link`. Default: "Open in Trellis". */
  actionLabel?: string;
  attachments?: { filename: string; contentType: string; content: string }[];
  /** The program it is about, so staff see it among the program's sent messages. */
  programId?: string;
}

/** Insert notifications, skipping any whose dedupe key already exists; the account is found from the person. */
export async function insertNotifications(db: Db, rows: NewNotification[]): Promise<number> {
  if (rows.length === 0) return 0;
  let inserted = 0;
  for (let start = 0; start < rows.length; start += 1000) {
    const batch = rows.slice(start, start + 1000);
    const result = await db
      .insert(notifications)
      .values(
        batch.map((row) => ({
          organisationId: row.organisationId,
          personId: row.personId,
          userId: sql`(select ${users.id} from ${users} where ${users.personId} = ${row.personId} limit 1)`,
          kind: row.kind,
          title: row.title,
          body: row.body ?? '',
          link: row.link ?? null,
          relationshipId: row.relationshipId ?? null,
          dedupeKey: row.dedupeKey ?? null,
          emailStatus: row.email === false ? null : 'pending',
          emailExtras: row.email ? row.email : null,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    inserted += result.length;
  }
  return inserted;
}

/** A person's notifications, newest first, and how many are unread. */
export async function listNotifications(
  db: Db,
  organisationId: string,
  personId: string,
  page: number,
  pageSize: number,
): Promise<{ items: NotificationRow[]; total: number; unread: number }> {
  const where = and(eq(notifications.organisationId, organisationId), eq(notifications.personId, personId));
  const [items, [totals]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({
        total: count(),
        unread: sql<number>`count(*) filter (where ${notifications.readAt} is null)::int`,
      })
      .from(notifications)
      .where(where),
  ]);
  return { items, total: Number(totals?.total ?? 0), unread: Number(totals?.unread ?? 0) };
}

/** A person's unread notifications of one kind about one relationship, newest first. */
export async function listUnreadAboutRelationship(
  db: Db,
  input: { organisationId: string; personId: string; relationshipId: string; kind: string; limit: number },
) {
  return db
    .select({
      id: notifications.id,
      title: notifications.title,
      body: notifications.body,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.organisationId, input.organisationId),
        eq(notifications.personId, input.personId),
        eq(notifications.relationshipId, input.relationshipId),
        eq(notifications.kind, input.kind),
        isNull(notifications.readAt),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(input.limit);
}

/** Mark the notification with this dedupe key read, if it is unread. */
export async function markReadByDedupeKey(db: Db, organisationId: string, dedupeKey: string, at: Date) {
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(
      and(
        eq(notifications.organisationId, organisationId),
        eq(notifications.dedupeKey, dedupeKey),
        isNull(notifications.readAt),
      ),
    );
}

/** Mark some (or all, when ids is null) of a person's notifications read. */
export async function markRead(
  db: Db,
  organisationId: string,
  personId: string,
  ids: string[] | null,
  at: Date,
) {
  const conditions = [
    eq(notifications.organisationId, organisationId),
    eq(notifications.personId, personId),
    isNull(notifications.readAt),
  ];
  if (ids) conditions.push(inArray(notifications.id, ids));
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(...conditions));
}
