import { and, asc, count, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  meetingFeedback,
  meetings,
  people,
  programResources,
  programs,
  relationships,
} from '../../db/schema.ts';

export type MeetingRow = typeof meetings.$inferSelect;
type NewMeeting = typeof meetings.$inferInsert;
export type MeetingFeedbackRow = typeof meetingFeedback.$inferSelect;
type ProgramResourceRow = typeof programResources.$inferSelect;

const endsAt = sql`${meetings.startsAt} + make_interval(mins => ${meetings.durationMinutes})`;

/**
 * A page of the pair's meetings: upcoming soonest first, past (or all) latest first. A meeting marked held or missed
 * is past even before its planned end: it has happened (or will not), so it no longer belongs with what is coming.
 */
export async function listMeetings(
  db: Db,
  relationshipId: string,
  when: 'upcoming' | 'past' | 'all',
  now: Date,
  limit: number,
  offset: number,
): Promise<{ rows: MeetingRow[]; total: number }> {
  const conditions: SQL[] = [eq(meetings.relationshipId, relationshipId)];
  const ended = sql`(${endsAt} <= ${now.toISOString()}::timestamptz or ${meetings.status} in ('held', 'no_show'))`;
  if (when === 'upcoming') conditions.push(sql`not ${ended}`);
  if (when === 'past') conditions.push(ended);
  const where = and(...conditions);
  const order =
    when === 'upcoming'
      ? [asc(meetings.startsAt), asc(meetings.id)]
      : [desc(meetings.startsAt), desc(meetings.id)];
  const [rows, [totals]] = await Promise.all([
    db
      .select()
      .from(meetings)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(meetings).where(where),
  ]);
  return { rows, total: Number(totals?.total ?? 0) };
}

/** The meeting, if it belongs to the organisation (the caller's relationship is checked by the service). */
export async function findMeeting(db: Db, organisationId: string, id: string): Promise<MeetingRow | null> {
  const rows = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.organisationId, organisationId), eq(meetings.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/** The meeting locked until the transaction ends, so concurrent reschedules each get their own SEQUENCE. */
export async function lockMeeting(db: Db, id: string): Promise<MeetingRow | null> {
  const rows = await db.select().from(meetings).where(eq(meetings.id, id)).for('update');
  return rows[0] ?? null;
}

export async function insertMeeting(db: Db, values: NewMeeting): Promise<MeetingRow> {
  const [row] = await db.insert(meetings).values(values).returning();
  return row!;
}

export async function updateMeeting(db: Db, id: string, patch: Partial<NewMeeting>): Promise<MeetingRow> {
  const [row] = await db.update(meetings).set(patch).where(eq(meetings.id, id)).returning();
  return row!;
}

/** Is `meetingId` a meeting of this relationship? */
export async function meetingOfRelationship(
  db: Db,
  relationshipId: string,
  meetingId: string,
): Promise<MeetingRow | null> {
  const rows = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.relationshipId, relationshipId), eq(meetings.id, meetingId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Feedback rows of some meetings (the service shows the caller's own and only whether the partner rated). */
export async function listFeedback(db: Db, meetingIds: readonly string[]): Promise<MeetingFeedbackRow[]> {
  if (meetingIds.length === 0) return [];
  return db
    .select()
    .from(meetingFeedback)
    .where(inArray(meetingFeedback.meetingId, [...meetingIds]));
}

/** Insert one person's rating; null when they already rated this meeting. */
export async function insertFeedback(
  db: Db,
  values: typeof meetingFeedback.$inferInsert,
): Promise<MeetingFeedbackRow | null> {
  const rows = await db.insert(meetingFeedback).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

/** Clear the words of every meeting rating a person gave (the scores stay); returns how many ratings. */
export async function clearFeedbackCommentsOf(
  db: Db,
  organisationId: string,
  personId: string,
): Promise<number> {
  const rows = await db
    .update(meetingFeedback)
    .set({ comment: '', shareComment: false })
    .where(and(eq(meetingFeedback.organisationId, organisationId), eq(meetingFeedback.personId, personId)))
    .returning({ id: meetingFeedback.id });
  return rows.length;
}

/** Names, emails and time zones of the people of a pair. */
export async function findPeople(db: Db, organisationId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: people.id, name: people.name, email: people.email, timeZone: people.timeZone })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), inArray(people.id, [...ids])));
}

/** A discussion prompt of the program that this side of the pair may see, or null. */
export async function findPrompt(
  db: Db,
  programId: string,
  resourceId: string,
  role: 'mentor' | 'mentee',
): Promise<ProgramResourceRow | null> {
  const rows = await db
    .select()
    .from(programResources)
    .where(
      and(
        eq(programResources.programId, programId),
        eq(programResources.id, resourceId),
        eq(programResources.kind, 'prompt'),
        or(eq(programResources.audience, 'both'), eq(programResources.audience, role)),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** The soonest scheduled meeting that has not finished yet, of each of these relationships: one query. */
export async function listNextMeetings(db: Db, relationshipIds: readonly string[], now: Date) {
  if (relationshipIds.length === 0) return [];
  return db
    .selectDistinctOn([meetings.relationshipId])
    .from(meetings)
    .where(
      and(
        inArray(meetings.relationshipId, [...relationshipIds]),
        eq(meetings.status, 'scheduled'),
        sql`${endsAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(meetings.relationshipId, asc(meetings.startsAt), asc(meetings.id));
}

const mentorPerson = alias(people, 'mentor_person');
const menteePerson = alias(people, 'mentee_person');

/**
 * Held meetings of the person's relationships (open or ended: the meeting happened) that started since `since` and
 * that they have not rated yet, oldest first: one query.
 */
export async function listUnratedHeldMeetings(
  db: Db,
  input: { organisationId: string; personId: string; since: Date; limit: number },
) {
  return db
    .select({
      meetingId: meetings.id,
      title: meetings.title,
      startsAt: meetings.startsAt,
      heldAt: meetings.heldAt,
      relationshipId: relationships.id,
      programId: relationships.programId,
      programName: programs.name,
      mentorPersonId: relationships.mentorPersonId,
      mentorName: mentorPerson.name,
      menteeName: menteePerson.name,
    })
    .from(meetings)
    .innerJoin(relationships, eq(relationships.id, meetings.relationshipId))
    .innerJoin(programs, eq(programs.id, relationships.programId))
    .innerJoin(mentorPerson, eq(mentorPerson.id, relationships.mentorPersonId))
    .innerJoin(menteePerson, eq(menteePerson.id, relationships.menteePersonId))
    .where(
      and(
        eq(meetings.organisationId, input.organisationId),
        eq(meetings.status, 'held'),
        sql`${meetings.startsAt} >= ${input.since.toISOString()}::timestamptz`,
        inArray(relationships.status, ['active', 'completed', 'ended_early']),
        or(
          eq(relationships.mentorPersonId, input.personId),
          eq(relationships.menteePersonId, input.personId),
        ),
        sql`not exists (select 1 from ${meetingFeedback} where ${meetingFeedback.meetingId} = ${meetings.id} and ${meetingFeedback.personId} = ${input.personId})`,
      ),
    )
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .limit(input.limit);
}
