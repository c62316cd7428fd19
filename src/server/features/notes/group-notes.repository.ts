import { and, count, desc, eq, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { groupMeetings, groupNotes, people } from '../../db/schema.ts';

export type GroupNoteRow = typeof groupNotes.$inferSelect;

const withDetails = {
  note: groupNotes,
  authorName: people.name,
  meetingTitle: groupMeetings.title,
  meetingStartsAt: groupMeetings.startsAt,
};
export type GroupNoteWithDetails = GroupNoteRow & {
  authorName: string | null;
  meetingTitle: string | null;
  meetingStartsAt: Date | null;
};

/**
 * What a member may read: every shared note and their own private notes. The author condition is in the SQL, so a
 * private note of someone else never leaves the database, and no count includes it.
 */
function visibleTo(groupId: string, personId: string, visibility: 'shared' | 'private' | 'all'): SQL {
  const mine = and(eq(groupNotes.visibility, 'private'), eq(groupNotes.authorPersonId, personId))!;
  const shared = eq(groupNotes.visibility, 'shared');
  const which = visibility === 'shared' ? shared : visibility === 'private' ? mine : or(shared, mine)!;
  return and(eq(groupNotes.groupId, groupId), which)!;
}

export async function listGroupNotes(
  db: Db,
  input: {
    groupId: string;
    personId: string;
    visibility: 'shared' | 'private' | 'all';
    limit: number;
    offset: number;
  },
): Promise<{ rows: GroupNoteWithDetails[]; total: number }> {
  const where = visibleTo(input.groupId, input.personId, input.visibility);
  const rows = await db
    .select(withDetails)
    .from(groupNotes)
    .leftJoin(people, eq(people.id, groupNotes.authorPersonId))
    .leftJoin(groupMeetings, eq(groupMeetings.id, groupNotes.groupMeetingId))
    .where(where)
    .orderBy(desc(groupNotes.createdAt), desc(groupNotes.id))
    .limit(input.limit)
    .offset(input.offset);
  const [total] = await db.select({ n: count() }).from(groupNotes).where(where);
  return {
    rows: rows.map((row) => ({
      ...row.note,
      authorName: row.authorName,
      meetingTitle: row.meetingTitle,
      meetingStartsAt: row.meetingStartsAt,
    })),
    total: total?.n ?? 0,
  };
}

/** One note the person may read (shared, or their own private one). */
export async function findVisibleGroupNote(
  db: Db,
  groupId: string,
  personId: string,
  noteId: string,
): Promise<GroupNoteWithDetails | null> {
  const rows = await db
    .select(withDetails)
    .from(groupNotes)
    .leftJoin(people, eq(people.id, groupNotes.authorPersonId))
    .leftJoin(groupMeetings, eq(groupMeetings.id, groupNotes.groupMeetingId))
    .where(and(visibleTo(groupId, personId, 'all'), eq(groupNotes.id, noteId)))
    .limit(1);
  const row = rows[0];
  return row
    ? {
        ...row.note,
        authorName: row.authorName,
        meetingTitle: row.meetingTitle,
        meetingStartsAt: row.meetingStartsAt,
      }
    : null;
}

export async function findGroupMeetingRef(db: Db, groupId: string, meetingId: string) {
  const rows = await db
    .select({ id: groupMeetings.id, title: groupMeetings.title, startsAt: groupMeetings.startsAt })
    .from(groupMeetings)
    .where(and(eq(groupMeetings.groupId, groupId), eq(groupMeetings.id, meetingId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertGroupNote(db: Db, values: typeof groupNotes.$inferInsert): Promise<GroupNoteRow> {
  const [row] = await db.insert(groupNotes).values(values).returning();
  return row!;
}

export async function updateGroupNote(
  db: Db,
  noteId: string,
  values: Partial<typeof groupNotes.$inferInsert>,
): Promise<GroupNoteRow> {
  const [row] = await db.update(groupNotes).set(values).where(eq(groupNotes.id, noteId)).returning();
  return row!;
}

export async function deleteGroupNote(db: Db, noteId: string): Promise<void> {
  await db.delete(groupNotes).where(eq(groupNotes.id, noteId));
}

/** Erasure (§10): every private group note a person wrote; returns how many there were. */
export async function deletePrivateGroupNotesOf(
  db: Db,
  organisationId: string,
  personId: string,
): Promise<number> {
  const rows = await db
    .delete(groupNotes)
    .where(
      and(
        eq(groupNotes.organisationId, organisationId),
        eq(groupNotes.authorPersonId, personId),
        eq(groupNotes.visibility, 'private'),
      ),
    )
    .returning({ id: groupNotes.id });
  return rows.length;
}
