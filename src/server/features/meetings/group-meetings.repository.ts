import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { groupMeetings, meetings } from '../../db/schema.ts';

export type GroupMeetingRow = typeof groupMeetings.$inferSelect;
type NewGroupMeeting = typeof groupMeetings.$inferInsert;
type NewMeeting = typeof meetings.$inferInsert;

const endsAt = sql`(${groupMeetings.startsAt} + make_interval(mins => ${groupMeetings.durationMinutes}))`;

/** The group's meetings: upcoming (not ended, not held), past (ended or held) or all, a page of them. */
export async function listGroupMeetings(
  db: Db,
  groupId: string,
  when: 'upcoming' | 'past' | 'all',
  now: Date,
  limit: number,
  offset: number,
): Promise<{ rows: GroupMeetingRow[]; total: number }> {
  const conditions: SQL[] = [eq(groupMeetings.groupId, groupId)];
  const ended = sql`(${endsAt} <= ${now.toISOString()}::timestamptz or ${groupMeetings.status} = 'held')`;
  if (when === 'upcoming') conditions.push(sql`not ${ended}`);
  if (when === 'past') conditions.push(ended);
  const where = and(...conditions);
  const order =
    when === 'upcoming'
      ? [asc(groupMeetings.startsAt), asc(groupMeetings.id)]
      : [desc(groupMeetings.startsAt), desc(groupMeetings.id)];
  const rows = await db
    .select()
    .from(groupMeetings)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
  const [totals] = await db.select({ total: count() }).from(groupMeetings).where(where);
  return { rows, total: Number(totals?.total ?? 0) };
}

/** The group's next meeting: scheduled and not over yet. */
export async function findNextGroupMeeting(
  db: Db,
  groupId: string,
  now: Date,
): Promise<GroupMeetingRow | null> {
  const rows = await db
    .select()
    .from(groupMeetings)
    .where(
      and(
        eq(groupMeetings.groupId, groupId),
        eq(groupMeetings.status, 'scheduled'),
        sql`${endsAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(groupMeetings.startsAt), asc(groupMeetings.id))
    .limit(1);
  return rows[0] ?? null;
}

export async function findGroupMeeting(db: Db, groupId: string, id: string): Promise<GroupMeetingRow | null> {
  const rows = await db
    .select()
    .from(groupMeetings)
    .where(and(eq(groupMeetings.groupId, groupId), eq(groupMeetings.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findGroupMeetingById(db: Db, id: string): Promise<GroupMeetingRow | null> {
  const rows = await db.select().from(groupMeetings).where(eq(groupMeetings.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function lockGroupMeeting(db: Db, groupId: string, id: string): Promise<GroupMeetingRow | null> {
  const rows = await db
    .select()
    .from(groupMeetings)
    .where(and(eq(groupMeetings.groupId, groupId), eq(groupMeetings.id, id)))
    .for('update');
  return rows[0] ?? null;
}

export async function insertGroupMeeting(db: Db, values: NewGroupMeeting): Promise<GroupMeetingRow> {
  const [row] = await db.insert(groupMeetings).values(values).returning();
  return row!;
}

export async function updateGroupMeeting(
  db: Db,
  id: string,
  patch: Partial<NewGroupMeeting>,
): Promise<GroupMeetingRow> {
  const [row] = await db.update(groupMeetings).set(patch).where(eq(groupMeetings.id, id)).returning();
  return row!;
}

/** Each member's own row of a group meeting (their attendance and rating hang off it). */
export async function insertMemberRows(db: Db, rows: NewMeeting[]) {
  if (rows.length === 0) return [];
  return db.insert(meetings).values(rows).returning();
}

export async function listMemberRows(db: Db, groupMeetingIds: readonly string[]) {
  if (groupMeetingIds.length === 0) return [];
  return db
    .select({
      id: meetings.id,
      groupMeetingId: meetings.groupMeetingId,
      relationshipId: meetings.relationshipId,
      status: meetings.status,
    })
    .from(meetings)
    .where(inArray(meetings.groupMeetingId, [...groupMeetingIds]));
}
export type MemberRow = Awaited<ReturnType<typeof listMemberRows>>[number];

/** The same change on every member's row of the meeting (a reschedule, a cancellation). */
export async function updateMemberRows(db: Db, groupMeetingId: string, patch: Partial<NewMeeting>) {
  await db.update(meetings).set(patch).where(eq(meetings.groupMeetingId, groupMeetingId));
}

/** One member's attendance: held (came) or no_show (did not). */
export async function setMemberAttendance(
  db: Db,
  rowId: string,
  patch: { status: 'held' | 'no_show'; heldAt: Date | null; updatedAt: Date },
) {
  await db.update(meetings).set(patch).where(eq(meetings.id, rowId));
}
