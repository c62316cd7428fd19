import { and, asc, count, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, people, relationships } from '../../db/schema.ts';

/** The person's enrolment in the program with this role, whatever its status, or null. */
export async function findEnrolmentOfPerson(
  db: Db,
  organisationId: string,
  programId: string,
  personId: string,
  role: 'mentor' | 'mentee',
) {
  const rows = await db
    .select()
    .from(enrolments)
    .where(
      and(
        eq(enrolments.organisationId, organisationId),
        eq(enrolments.programId, programId),
        eq(enrolments.personId, personId),
        eq(enrolments.role, role),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

const openRequest = and(eq(relationships.status, 'proposed'), eq(relationships.origin, 'request'));

/** Open self-select requests of a mentee: which mentor enrolments they went to. */
export async function listOpenRequestMentors(db: Db, menteeEnrolmentId: string): Promise<string[]> {
  const rows = await db
    .select({ mentorEnrolmentId: relationships.mentorEnrolmentId })
    .from(relationships)
    .where(and(eq(relationships.menteeEnrolmentId, menteeEnrolmentId), openRequest));
  return rows.map((row) => row.mentorEnrolmentId);
}

/** Requests still open after their expiry time, oldest first (optionally of one organisation). */
export async function listDueRequests(db: Db, now: Date, limit: number, organisationId?: string | null) {
  return db
    .select({ id: relationships.id, organisationId: relationships.organisationId })
    .from(relationships)
    .where(
      and(
        openRequest,
        lte(relationships.expiresAt, now),
        organisationId ? eq(relationships.organisationId, organisationId) : undefined,
      ),
    )
    .orderBy(asc(relationships.expiresAt))
    .limit(limit);
}

/** Job titles of people (mentor cards show them; matching profiles do not carry them). */
export async function listTitles(db: Db, organisationId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return new Map<string, string | null>();
  const rows = await db
    .select({ id: people.id, title: people.title })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), inArray(people.id, [...personIds])));
  return new Map(rows.map((row) => [row.id, row.title]));
}

/** Per program: open requests made before `before` (still waiting for the mentor's answer): one grouped query. */
export async function countRequestsWaitingSince(
  db: Db,
  organisationId: string,
  programIds: readonly string[],
  before: Date,
) {
  if (programIds.length === 0) return [];
  return db
    .select({
      programId: relationships.programId,
      count: count(),
      oldest: sql<Date>`min(${relationships.createdAt})`.mapWith(relationships.createdAt),
    })
    .from(relationships)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        inArray(relationships.programId, [...programIds]),
        openRequest,
        lt(relationships.createdAt, before),
      ),
    )
    .groupBy(relationships.programId);
}
