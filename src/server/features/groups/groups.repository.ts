import { and, asc, count, desc, eq, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  enrolments,
  groupGoals,
  groupMeetings,
  mentoringGroups,
  people,
  programs,
  relationships,
} from '../../db/schema.ts';

export type GroupRow = typeof mentoringGroups.$inferSelect;
export type NewGroup = typeof mentoringGroups.$inferInsert;

const mentorPerson = alias(people, 'mentor_person');
const coMentorPerson = alias(people, 'co_mentor_person');

/** Members now: the group's active relationships. */
const memberCount = sql<number>`(select count(*)::int from ${relationships} where ${relationships.groupId} = ${mentoringGroups.id} and ${relationships.status} = 'active')`;

/** A group with its program, both leaders and its numbers (members, meetings held, goals): one row per group. */
const summaryColumns = {
  group: mentoringGroups,
  programName: programs.name,
  minSize: programs.groupMinSize,
  maxSize: programs.groupMaxSize,
  mentorName: mentorPerson.name,
  mentorTitle: mentorPerson.title,
  mentorDepartment: mentorPerson.department,
  mentorEmail: mentorPerson.email,
  coMentorName: coMentorPerson.name,
  coMentorTitle: coMentorPerson.title,
  coMentorDepartment: coMentorPerson.department,
  coMentorEmail: coMentorPerson.email,
  members: memberCount,
  meetingsHeld: sql<number>`(select count(*)::int from ${groupMeetings} where ${groupMeetings.groupId} = ${mentoringGroups.id} and ${groupMeetings.status} = 'held')`,
  lastMeetingAt: sql<
    string | null
  >`(select max(${groupMeetings.startsAt}) from ${groupMeetings} where ${groupMeetings.groupId} = ${mentoringGroups.id} and ${groupMeetings.status} = 'held')`,
  goalsDone: sql<number>`(select count(*)::int from ${groupGoals} where ${groupGoals.groupId} = ${mentoringGroups.id} and ${groupGoals.status} = 'done')`,
  goalsTotal: sql<number>`(select count(*)::int from ${groupGoals} where ${groupGoals.groupId} = ${mentoringGroups.id} and ${groupGoals.status} <> 'dropped')`,
  mentorSkills: sql<unknown>`(select ${enrolments.profile} -> 'skillsOffered' from ${enrolments} where ${enrolments.id} = ${mentoringGroups.mentorEnrolmentId})`,
};

export type GroupSummaryRow = {
  group: GroupRow;
  programName: string;
  minSize: number;
  maxSize: number;
  mentorName: string;
  mentorTitle: string | null;
  mentorDepartment: string | null;
  mentorEmail: string;
  coMentorName: string | null;
  coMentorTitle: string | null;
  coMentorDepartment: string | null;
  coMentorEmail: string | null;
  members: number;
  meetingsHeld: number;
  lastMeetingAt: string | Date | null;
  goalsDone: number;
  goalsTotal: number;
  mentorSkills: unknown;
};

function summaryQuery(db: Db) {
  return db
    .select(summaryColumns)
    .from(mentoringGroups)
    .innerJoin(programs, eq(programs.id, mentoringGroups.programId))
    .innerJoin(mentorPerson, eq(mentorPerson.id, mentoringGroups.mentorPersonId))
    .leftJoin(coMentorPerson, eq(coMentorPerson.id, mentoringGroups.coMentorPersonId));
}

export async function findGroupSummary(
  db: Db,
  organisationId: string,
  id: string,
): Promise<GroupSummaryRow | null> {
  const rows = await summaryQuery(db)
    .where(and(eq(mentoringGroups.organisationId, organisationId), eq(mentoringGroups.id, id)))
    .limit(1);
  return (rows[0] as GroupSummaryRow | undefined) ?? null;
}

export interface GroupFilter {
  organisationId: string;
  programId: string;
  statuses?: readonly string[];
  /** Name, description, the mentor's name or skills contain (lower case). */
  q?: string;
  limit: number;
  offset: number;
}

function groupConditions(filter: GroupFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    eq(mentoringGroups.organisationId, filter.organisationId),
    eq(mentoringGroups.programId, filter.programId),
  ];
  if (filter.statuses) conditions.push(inArray(mentoringGroups.status, [...filter.statuses]));
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(lower(${mentoringGroups.name}) like ${like} or lower(${mentoringGroups.description}) like ${like}
        or exists (select 1 from ${people} where ${people.id} = ${mentoringGroups.mentorPersonId} and lower(${people.name}) like ${like})
        or exists (select 1 from ${enrolments} where ${enrolments.id} = ${mentoringGroups.mentorEnrolmentId} and lower(coalesce(${enrolments.profile} ->> 'skillsOffered', '')) like ${like}))`,
    );
  }
  return and(...conditions);
}

/** A page of the program's groups: open first, then active, then closed; newest first within each. */
export async function listGroupSummaries(db: Db, filter: GroupFilter) {
  const where = groupConditions(filter);
  const rows = (await summaryQuery(db)
    .where(where)
    .orderBy(
      sql`case ${mentoringGroups.status} when 'open' then 0 when 'active' then 1 else 2 end`,
      desc(mentoringGroups.createdAt),
      asc(mentoringGroups.id),
    )
    .limit(filter.limit)
    .offset(filter.offset)) as GroupSummaryRow[];
  const [{ total }] = (await db.select({ total: count() }).from(mentoringGroups).where(where)) as [
    { total: number },
  ];
  return { rows, total: Number(total) };
}

/** The group row, locked until the transaction ends: every change of its members goes through this lock. */
export async function lockGroup(tx: Db, organisationId: string, id: string): Promise<GroupRow | null> {
  const rows = await tx
    .select()
    .from(mentoringGroups)
    .where(and(eq(mentoringGroups.organisationId, organisationId), eq(mentoringGroups.id, id)))
    .for('update');
  return rows[0] ?? null;
}

export async function findGroup(db: Db, organisationId: string, id: string): Promise<GroupRow | null> {
  const rows = await db
    .select()
    .from(mentoringGroups)
    .where(and(eq(mentoringGroups.organisationId, organisationId), eq(mentoringGroups.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/** The group the mentor leads in the program now (open or active), if any. */
export async function findLiveGroupOfMentor(
  db: Db,
  programId: string,
  mentorEnrolmentId: string,
): Promise<GroupRow | null> {
  const rows = await db
    .select()
    .from(mentoringGroups)
    .where(
      and(
        eq(mentoringGroups.programId, programId),
        eq(mentoringGroups.mentorEnrolmentId, mentorEnrolmentId),
        ne(mentoringGroups.status, 'closed'),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function insertGroup(tx: Db, values: NewGroup): Promise<GroupRow> {
  const [row] = await tx.insert(mentoringGroups).values(values).returning();
  return row!;
}

export async function updateGroup(
  tx: Db,
  id: string,
  patch: Partial<Omit<NewGroup, 'id' | 'organisationId' | 'programId'>>,
): Promise<GroupRow> {
  const [row] = await tx.update(mentoringGroups).set(patch).where(eq(mentoringGroups.id, id)).returning();
  return row!;
}

/** Members now (active relationships in the group), counted under the caller's lock of the group. */
export async function countMembers(db: Db, groupId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(relationships)
    .where(and(eq(relationships.groupId, groupId), eq(relationships.status, 'active')));
  return Number(row?.n ?? 0);
}

const menteePerson = alias(people, 'mentee_person');

/** The members of some groups (active relationships), in the order they joined. */
export async function listMembers(db: Db, groupIds: readonly string[]) {
  if (groupIds.length === 0) return [];
  return db
    .select({
      groupId: relationships.groupId,
      relationshipId: relationships.id,
      enrolmentId: relationships.menteeEnrolmentId,
      personId: relationships.menteePersonId,
      name: menteePerson.name,
      title: menteePerson.title,
      department: menteePerson.department,
      email: menteePerson.email,
      startedAt: relationships.startedAt,
    })
    .from(relationships)
    .innerJoin(menteePerson, eq(menteePerson.id, relationships.menteePersonId))
    .where(and(inArray(relationships.groupId, [...groupIds]), eq(relationships.status, 'active')))
    .orderBy(asc(relationships.startedAt), asc(relationships.id));
}

/** The caller's relationship in a group: active first, else the latest. */
export async function memberRelationship(db: Db, groupId: string, personId: string) {
  const rows = await db
    .select({
      id: relationships.id,
      status: relationships.status,
      enrolmentId: relationships.menteeEnrolmentId,
    })
    .from(relationships)
    .where(and(eq(relationships.groupId, groupId), eq(relationships.menteePersonId, personId)))
    .orderBy(sql`case ${relationships.status} when 'active' then 0 else 1 end`, desc(relationships.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

/** The active relationship of a mentee enrolment in a group. */
export async function activeMembership(db: Db, groupId: string, menteeEnrolmentId: string) {
  const rows = await db
    .select({ id: relationships.id })
    .from(relationships)
    .where(
      and(
        eq(relationships.groupId, groupId),
        eq(relationships.menteeEnrolmentId, menteeEnrolmentId),
        eq(relationships.status, 'active'),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** The active relationships of a group, to end when it closes. */
export async function activeRelationshipIds(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ id: relationships.id })
    .from(relationships)
    .where(and(eq(relationships.groupId, groupId), eq(relationships.status, 'active')))
    .orderBy(asc(relationships.id));
  return rows.map((row) => row.id);
}

/** The group a mentee enrolment is a member of now, if any. */
export async function currentGroupOfMentee(db: Db, organisationId: string, menteeEnrolmentId: string) {
  const rows = await db
    .select({ id: mentoringGroups.id, name: mentoringGroups.name })
    .from(relationships)
    .innerJoin(mentoringGroups, eq(mentoringGroups.id, relationships.groupId))
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.menteeEnrolmentId, menteeEnrolmentId),
        eq(relationships.status, 'active'),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** Enrolments of the program with their person, for the ids given. */
export async function enrolmentsWithPeople(db: Db, organisationId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      enrolment: enrolments,
      name: people.name,
      title: people.title,
      department: people.department,
      email: people.email,
      personStatus: people.status,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(and(eq(enrolments.organisationId, organisationId), inArray(enrolments.id, [...ids])));
}

/** The caller's approved enrolment in the program with this role, if any. */
export async function myEnrolment(db: Db, programId: string, personId: string, role: 'mentor' | 'mentee') {
  const rows = await db
    .select()
    .from(enrolments)
    .where(
      and(
        eq(enrolments.programId, programId),
        eq(enrolments.personId, personId),
        eq(enrolments.role, role),
        eq(enrolments.status, 'approved'),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * The caller's groups: those they lead or co-lead, and those they are (current) or were (past) a member of.
 * Current: the group is not closed and they lead it or are an active member.
 */
export async function listMyGroups(
  db: Db,
  organisationId: string,
  personId: string,
  state: 'current' | 'past' | 'all',
  limit: number,
  offset: number,
) {
  const leads = or(
    eq(mentoringGroups.mentorPersonId, personId),
    eq(mentoringGroups.coMentorPersonId, personId),
  );
  const activeMember = sql`exists (select 1 from ${relationships} where ${relationships.groupId} = ${mentoringGroups.id} and ${relationships.menteePersonId} = ${personId} and ${relationships.status} = 'active')`;
  const everMember = sql`exists (select 1 from ${relationships} where ${relationships.groupId} = ${mentoringGroups.id} and ${relationships.menteePersonId} = ${personId} and ${relationships.status} in ('active', 'completed', 'ended_early'))`;
  const current = and(ne(mentoringGroups.status, 'closed'), or(leads, activeMember));
  const mine = or(leads, everMember);
  const where = and(
    eq(mentoringGroups.organisationId, organisationId),
    state === 'current' ? current : state === 'past' ? and(mine, sql`not (${current})`) : mine,
  );
  const rows = (await db
    .select({ ...summaryColumns, current: sql<boolean>`(${current})` })
    .from(mentoringGroups)
    .innerJoin(programs, eq(programs.id, mentoringGroups.programId))
    .innerJoin(mentorPerson, eq(mentorPerson.id, mentoringGroups.mentorPersonId))
    .leftJoin(coMentorPerson, eq(coMentorPerson.id, mentoringGroups.coMentorPersonId))
    .where(where)
    .orderBy(desc(mentoringGroups.createdAt), asc(mentoringGroups.id))
    .limit(limit)
    .offset(offset)) as (GroupSummaryRow & { current: boolean })[];
  const [{ total }] = (await db.select({ total: count() }).from(mentoringGroups).where(where)) as [
    { total: number },
  ];
  return { rows, total: Number(total) };
}
