import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, people, relationships } from '../../db/schema.ts';

/** Approved enrolments of a program with the person facts matching needs: one query. */
export async function listApprovedEnrolmentsWithPeople(db: Db, organisationId: string, programId: string) {
  return db
    .select({
      enrolmentId: enrolments.id,
      personId: enrolments.personId,
      role: enrolments.role,
      capacity: enrolments.capacity,
      profile: enrolments.profile,
      answers: enrolments.answers,
      name: people.name,
      level: people.level,
      department: people.department,
      jobFunction: people.jobFunction,
      timeZone: people.timeZone,
      languages: people.languages,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(enrolments.organisationId, organisationId),
        eq(enrolments.programId, programId),
        eq(enrolments.status, 'approved'),
        eq(people.status, 'active'),
      ),
    )
    .orderBy(enrolments.createdAt, enrolments.id);
}

/** Every person's manager in the organisation: the reporting lines are walked in memory. */
export async function listManagerLinks(db: Db, organisationId: string) {
  return db
    .select({ id: people.id, managerId: people.managerId })
    .from(people)
    .where(eq(people.organisationId, organisationId));
}

/** Per mentor enrolment of the program: relationships holding a place, and open self-select requests. */
export async function countMentorLoad(db: Db, organisationId: string, programId: string) {
  return db
    .select({
      mentorEnrolmentId: relationships.mentorEnrolmentId,
      held: sql<number>`count(*) filter (where ${relationships.status} = 'active' or (${relationships.status} = 'proposed' and ${relationships.origin} <> 'request'))`.mapWith(
        Number,
      ),
      requests:
        sql<number>`count(*) filter (where ${relationships.status} = 'proposed' and ${relationships.origin} = 'request')`.mapWith(
          Number,
        ),
    })
    .from(relationships)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.programId, programId),
        inArray(relationships.status, ['active', 'proposed']),
      ),
    )
    .groupBy(relationships.mentorEnrolmentId);
}
