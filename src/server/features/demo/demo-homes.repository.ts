import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { agreementVersions, enrolments, people, relationships, workspaceActivity } from '../../db/schema.ts';

/** The mentor's active relationships in the program, mentees ordered by email, with each one's current agreement. */
export async function listMentorPairs(
  db: Db,
  organisationId: string,
  programId: string,
  mentorPersonId: string,
) {
  const pairs = await db
    .select({
      relationshipId: relationships.id,
      menteePersonId: relationships.menteePersonId,
      menteeName: people.name,
    })
    .from(relationships)
    .innerJoin(people, eq(people.id, relationships.menteePersonId))
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.programId, programId),
        eq(relationships.mentorPersonId, mentorPersonId),
        eq(relationships.status, 'active'),
      ),
    )
    .orderBy(asc(people.email));
  if (pairs.length === 0) return [];
  const current = await db
    .selectDistinctOn([agreementVersions.relationshipId])
    .from(agreementVersions)
    .where(
      inArray(
        agreementVersions.relationshipId,
        pairs.map((pair) => pair.relationshipId),
      ),
    )
    .orderBy(agreementVersions.relationshipId, desc(agreementVersions.version));
  const byRelationship = new Map(current.map((row) => [row.relationshipId, row]));
  return pairs.map((pair) => ({ ...pair, agreement: byRelationship.get(pair.relationshipId) ?? null }));
}

/** Approved enrolments of a program with their people, by email: the demo picks its requesters and mentors. */
export async function listApprovedEnrolments(db: Db, programId: string, role: 'mentor' | 'mentee') {
  return db
    .select({ enrolmentId: enrolments.id, personId: people.id, name: people.name })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(eq(enrolments.programId, programId), eq(enrolments.role, role), eq(enrolments.status, 'approved')),
    )
    .orderBy(asc(people.email));
}

/** Active people of the organisation enrolled in no program, at levels 2–5, by email. */
export async function listUnenrolledPeople(db: Db, organisationId: string, limit: number) {
  return db
    .select({
      id: people.id,
      name: people.name,
      jobFunction: people.jobFunction,
      languages: people.languages,
    })
    .from(people)
    .where(
      and(
        eq(people.organisationId, organisationId),
        eq(people.status, 'active'),
        sql`${people.level} between 2 and 5`,
        sql`not exists (select 1 from ${enrolments} where ${enrolments.personId} = ${people.id})`,
      ),
    )
    .orderBy(asc(people.email))
    .limit(limit);
}

export async function insertAgreementVersion(db: Db, row: typeof agreementVersions.$inferInsert) {
  await db.insert(agreementVersions).values(row);
}

export async function insertActivity(db: Db, row: typeof workspaceActivity.$inferInsert) {
  await db.insert(workspaceActivity).values(row);
}

export async function insertEnrolments(db: Db, rows: (typeof enrolments.$inferInsert)[]) {
  if (rows.length > 0) await db.insert(enrolments).values(rows);
}
