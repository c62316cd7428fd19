import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mentoringGroups, people, programs, relationships } from '../../db/schema.ts';

/** Read-only queries behind `groupForMember`: a group, its program and everyone who is (or was) in it. */

export async function findGroup(db: Db, organisationId: string, groupId: string) {
  const rows = await db
    .select({ group: mentoringGroups, programName: programs.name, programStatus: programs.status })
    .from(mentoringGroups)
    .innerJoin(programs, eq(programs.id, mentoringGroups.programId))
    .where(and(eq(mentoringGroups.organisationId, organisationId), eq(mentoringGroups.id, groupId)))
    .limit(1);
  return rows[0] ?? null;
}
export type GroupRow = NonNullable<Awaited<ReturnType<typeof findGroup>>>['group'];

/** Every relationship that carries the group's id (members past and present), oldest first. */
export async function listMemberships(db: Db, groupId: string) {
  return db
    .select({
      relationshipId: relationships.id,
      personId: relationships.menteePersonId,
      status: relationships.status,
      startedAt: relationships.startedAt,
      endedAt: relationships.endedAt,
    })
    .from(relationships)
    .where(eq(relationships.groupId, groupId))
    .orderBy(asc(relationships.createdAt), asc(relationships.id));
}
export type MembershipRow = Awaited<ReturnType<typeof listMemberships>>[number];

export async function findPeople(db: Db, organisationId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      title: people.title,
      department: people.department,
      timeZone: people.timeZone,
    })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), inArray(people.id, [...ids])));
}
export type GroupPersonRow = Awaited<ReturnType<typeof findPeople>>[number];

/** Lock the group's row (read-only lock, no write): changes to one group's workspace queue up behind each other. */
export async function lockGroupRow(db: Db, groupId: string) {
  const rows = await db
    .select({ id: mentoringGroups.id, status: mentoringGroups.status })
    .from(mentoringGroups)
    .where(eq(mentoringGroups.id, groupId))
    .for('update');
  return rows[0] ?? null;
}
