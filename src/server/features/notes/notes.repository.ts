import { and, count, desc, eq, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { meetings, notes, people } from '../../db/schema.ts';

type NoteRow = typeof notes.$inferSelect;

/** A note with its author's name and its meeting, as lists show it. */
const noteColumns = {
  note: notes,
  authorName: people.name,
  meetingTitle: meetings.title,
  meetingStartsAt: meetings.startsAt,
};
export type NoteListRow = {
  note: NoteRow;
  authorName: string;
  meetingTitle: string | null;
  meetingStartsAt: Date | null;
};

function noteQuery(db: Db) {
  return db
    .select(noteColumns)
    .from(notes)
    .innerJoin(people, eq(people.id, notes.authorPersonId))
    .leftJoin(meetings, eq(meetings.id, notes.meetingId));
}

/**
 * What one side of a pair may read: the pair's shared notes and the reader's own private notes. Every query that
 * lists or counts notes goes through this condition, so a private note never reaches anyone but its author.
 */
function readableBy(readerPersonId: string, visibility: 'shared' | 'private' | 'all'): SQL {
  const shared = eq(notes.visibility, 'shared');
  const ownPrivate = and(eq(notes.visibility, 'private'), eq(notes.authorPersonId, readerPersonId))!;
  if (visibility === 'shared') return shared;
  if (visibility === 'private') return ownPrivate;
  return or(shared, ownPrivate)!;
}

interface NoteFilter {
  organisationId: string;
  relationshipId: string;
  readerPersonId: string;
  visibility: 'shared' | 'private' | 'all';
  meetingId?: string;
  limit: number;
  offset: number;
}

/** A page of the notes the reader may read, newest first, with their total. */
export async function listReadableNotes(db: Db, filter: NoteFilter) {
  const where = and(
    eq(notes.organisationId, filter.organisationId),
    eq(notes.relationshipId, filter.relationshipId),
    readableBy(filter.readerPersonId, filter.visibility),
    filter.meetingId ? eq(notes.meetingId, filter.meetingId) : undefined,
  );
  const rows = await noteQuery(db)
    .where(where)
    .orderBy(desc(notes.createdAt), desc(notes.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [row] = await db.select({ total: count() }).from(notes).where(where);
  return { rows, total: Number(row?.total ?? 0) };
}

/** One note of the organisation with its author and meeting, or null; the service decides who may see it. */
export async function findNote(db: Db, organisationId: string, id: string): Promise<NoteListRow | null> {
  const rows = await noteQuery(db)
    .where(and(eq(notes.organisationId, organisationId), eq(notes.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/** The meeting's title and start if it belongs to the relationship, or null. */
export async function meetingOfRelationship(
  db: Db,
  relationshipId: string,
  meetingId: string,
): Promise<{ title: string; startsAt: Date } | null> {
  const rows = await db
    .select({ title: meetings.title, startsAt: meetings.startsAt })
    .from(meetings)
    .where(and(eq(meetings.relationshipId, relationshipId), eq(meetings.id, meetingId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertNote(db: Db, values: typeof notes.$inferInsert): Promise<NoteRow> {
  const [row] = await db.insert(notes).values(values).returning();
  return row!;
}

export async function updateNote(
  db: Db,
  id: string,
  patch: Partial<Pick<NoteRow, 'body' | 'visibility' | 'meetingId'>> & { updatedAt: Date },
): Promise<void> {
  await db.update(notes).set(patch).where(eq(notes.id, id));
}

export async function deleteNote(db: Db, id: string): Promise<void> {
  await db.delete(notes).where(eq(notes.id, id));
}

/** Delete every private note a person wrote, in any relationship; returns how many there were. */
export async function deletePrivateNotesOf(
  db: Db,
  organisationId: string,
  personId: string,
): Promise<number> {
  const rows = await db
    .delete(notes)
    .where(
      and(
        eq(notes.organisationId, organisationId),
        eq(notes.authorPersonId, personId),
        eq(notes.visibility, 'private'),
      ),
    )
    .returning({ id: notes.id });
  return rows.length;
}
