import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { channelFor, type MessageChannel } from '../../../core/messages/categories.ts';
import type { Db } from '../../db/client.ts';
import { messageSettings, notifications, users } from '../../db/schema.ts';

type NotificationRow = typeof notifications.$inferSelect;
/** A notification as the bell lists it. */
export type NotificationListRow = Pick<
  NotificationRow,
  'id' | 'kind' | 'title' | 'body' | 'link' | 'readAt' | 'createdAt'
>;

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
    // What each person chose for the kind's category: off drops the notice, in-app keeps it out of email.
    const choices = await channelChoices(db, [
      ...new Set(rows.slice(start, start + 1000).map((r) => r.personId)),
    ]);
    const batch = rows
      .slice(start, start + 1000)
      .map((row) => ({ row, channel: channelFor(row.kind, choices.get(row.personId) ?? null) }))
      .filter(({ channel }) => channel !== 'off')
      .map(({ row, channel }) => (channel === 'email' ? row : { ...row, email: false as const }));
    if (batch.length === 0) continue;
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

/** The latest notice of one kind per person, among these people, since an instant. */
export async function latestNoticesOfKind(
  db: Db,
  input: { organisationId: string; kind: string; personIds: readonly string[]; since: Date },
) {
  if (input.personIds.length === 0) return [];
  return db
    .select({
      personId: sql<string>`${notifications.personId}`,
      at: sql<Date>`max(${notifications.createdAt})`.mapWith((value) => new Date(value)),
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.organisationId, input.organisationId),
        eq(notifications.kind, input.kind),
        inArray(notifications.personId, [...input.personIds]),
        sql`${notifications.createdAt} >= ${input.since.toISOString()}`,
      ),
    )
    .groupBy(notifications.personId);
}

/**
 * A person's notifications, newest first, and how many there are and are unread: one statement, the counts joined
 * to the page (so a page past the end still has them).
 */
export async function listNotifications(
  db: Db,
  organisationId: string,
  personId: string,
  page: number,
  pageSize: number,
): Promise<{ items: NotificationListRow[]; total: number; unread: number }> {
  const where = and(eq(notifications.organisationId, organisationId), eq(notifications.personId, personId));
  const counts = db
    .select({
      total: sql<number>`count(*)::int`.as('total'),
      unread: sql<number>`(count(*) filter (where ${notifications.readAt} is null))::int`.as('unread'),
    })
    .from(notifications)
    .where(where)
    .as('counts');
  const items = db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .as('items');
  const rows = await db
    .select({ total: counts.total, unread: counts.unread, item: items._.selectedFields })
    .from(counts)
    .leftJoinLateral(items, sql`true`)
    .orderBy(desc(items.createdAt), desc(items.id));
  return {
    items: rows.flatMap((row) => (row.item ? [row.item] : [])),
    total: Number(rows[0]?.total ?? 0),
    unread: Number(rows[0]?.unread ?? 0),
  };
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

/** The rows of a raw query, whichever driver (PGlite or pg) ran it. */
function sqlRows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

// ── Message preferences and the email twin of notices ─────────────────────────────────────────────────────────

export type MessageSettingsRow = typeof messageSettings.$inferSelect;

async function channelChoices(db: Db, personIds: string[]) {
  const found = new Map<string, Partial<Record<string, MessageChannel>>>();
  if (personIds.length === 0) return found;
  const rows = await db
    .select({ personId: messageSettings.personId, channels: messageSettings.channels })
    .from(messageSettings)
    .where(inArray(messageSettings.personId, personIds));
  for (const row of rows) found.set(row.personId, row.channels as Partial<Record<string, MessageChannel>>);
  return found;
}

export async function findMessageSettings(db: Db, personId: string): Promise<MessageSettingsRow | null> {
  const [row] = await db.select().from(messageSettings).where(eq(messageSettings.personId, personId));
  return row ?? null;
}

/** The person's settings row, created with a fresh unsubscribe key the first time it is needed. */
export async function ensureMessageSettings(
  db: Db,
  input: { organisationId: string; personId: string; unsubscribeKey: string },
): Promise<MessageSettingsRow> {
  await db
    .insert(messageSettings)
    .values({
      personId: input.personId,
      organisationId: input.organisationId,
      unsubscribeKey: input.unsubscribeKey,
    })
    .onConflictDoNothing();
  const row = await findMessageSettings(db, input.personId);
  if (!row) throw new Error('message settings row vanished');
  return row;
}

export async function updateMessageSettings(
  db: Db,
  personId: string,
  values: {
    channels?: Record<string, MessageChannel>;
    digest?: string;
    lastDigestAt?: Date;
    updatedAt: Date;
  },
) {
  await db.update(messageSettings).set(values).where(eq(messageSettings.personId, personId));
}

/** A notice waiting to be emailed (or bundled), with what the emailer needs to know about its recipient. */
export interface PendingEmailRow {
  id: string;
  organisationId: string;
  organisationName: string;
  personId: string;
  personName: string;
  personEmail: string;
  personStatus: string;
  timeZone: string | null;
  userId: string | null;
  userStatus: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  emailExtras: unknown;
  createdAt: Date;
}

const pendingEmailColumns = sql`
  n.id, n.organisation_id as "organisationId", o.name as "organisationName", n.person_id as "personId",
  p.name as "personName", p.email as "personEmail", p.status as "personStatus", p.time_zone as "timeZone",
  u.id as "userId", u.status as "userStatus", n.kind, n.title, n.body, n.link, n.email_extras as "emailExtras",
  n.created_at as "createdAt"`;

/**
 * Take up to `limit` notices whose email is still to be decided, locked so a second emailer (another process)
 * skips them: each is emailed once.
 */
export async function claimPendingEmails(
  tx: Db,
  input: { organisationId: string | null; limit: number },
): Promise<PendingEmailRow[]> {
  const rows = await tx.execute(sql`
    select ${pendingEmailColumns}
    from notifications n
    join organisations o on o.id = n.organisation_id
    join people p on p.id = n.person_id
    left join users u on u.person_id = n.person_id
    where n.email_status = 'pending'
      ${input.organisationId ? sql`and n.organisation_id = ${input.organisationId}` : sql``}
    order by n.created_at, n.id
    limit ${input.limit}
    for update of n skip locked`);
  return sqlRows<PendingEmailRow>(rows).map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
}

export async function setEmailStatus(db: Db, ids: string[], status: string) {
  if (ids.length === 0) return;
  await db.update(notifications).set({ emailStatus: status }).where(inArray(notifications.id, ids));
}

/** People with notices waiting for their digest, and when they last had one. */
export async function peopleWithDigestItems(db: Db, organisationId: string | null) {
  const rows = await db.execute(sql`
    select s.person_id as "personId", s.organisation_id as "organisationId", s.digest,
      s.last_digest_at as "lastDigestAt", p.time_zone as "timeZone"
    from message_settings s
    join people p on p.id = s.person_id
    where s.digest <> 'off'
      ${organisationId ? sql`and s.organisation_id = ${organisationId}` : sql``}
      and exists (select 1 from notifications n where n.person_id = s.person_id and n.email_status = 'digest')`);
  return sqlRows<{
    personId: string;
    organisationId: string;
    digest: string;
    lastDigestAt: string | Date | null;
    timeZone: string | null;
  }>(rows).map((row) => ({ ...row, lastDigestAt: row.lastDigestAt ? new Date(row.lastDigestAt) : null }));
}

/** A person's notices waiting for their digest, locked for this run. */
export async function claimDigestItems(tx: Db, personId: string): Promise<PendingEmailRow[]> {
  const rows = await tx.execute(sql`
    select ${pendingEmailColumns}
    from notifications n
    join organisations o on o.id = n.organisation_id
    join people p on p.id = n.person_id
    left join users u on u.person_id = n.person_id
    where n.person_id = ${personId} and n.email_status = 'digest'
    order by n.created_at, n.id
    limit 200
    for update of n skip locked`);
  return sqlRows<PendingEmailRow>(rows).map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
}

/** Mark the organisation's pending notice emails skipped, except those to the given people. */
export async function skipPendingEmailsExcept(
  db: Db,
  organisationId: string,
  keepPersonIds: readonly string[],
) {
  await db.execute(sql`
    update notifications set email_status = 'skipped'
    where organisation_id = ${organisationId} and email_status = 'pending'
      ${
        keepPersonIds.length > 0
          ? sql`and person_id not in (${sql.join(
              keepPersonIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`
          : sql``
      }`);
}
