import { and, asc, count, desc, eq, getTableColumns, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  enrolments,
  mentoringGroups,
  people,
  programs,
  relationshipEvents,
  relationships,
  users,
} from '../../db/schema.ts';

export type RelationshipRow = typeof relationships.$inferSelect;
export type NewRelationship = typeof relationships.$inferInsert;
export type EnrolmentRow = typeof enrolments.$inferSelect;

interface NewRelationshipEvent {
  organisationId: string;
  relationshipId: string;
  fromStatus: string | null;
  toStatus: string;
  actorUserId: string | null;
  reason?: string | null;
  details?: unknown;
  at: Date;
}

const mentorPerson = alias(people, 'mentor_person');
const menteePerson = alias(people, 'mentee_person');

/** Columns of a relationship with its program's name and both people: one row per relationship. */
const summaryColumns = {
  relationship: relationships,
  programName: programs.name,
  mentorName: mentorPerson.name,
  mentorTitle: mentorPerson.title,
  mentorDepartment: mentorPerson.department,
  mentorJobFunction: mentorPerson.jobFunction,
  mentorLevel: mentorPerson.level,
  menteeName: menteePerson.name,
  menteeTitle: menteePerson.title,
  menteeDepartment: menteePerson.department,
  menteeJobFunction: menteePerson.jobFunction,
  menteeLevel: menteePerson.level,
  mentorStatus: mentorPerson.status,
  menteeStatus: menteePerson.status,
  groupName: mentoringGroups.name,
};

export type RelationshipSummaryRow = {
  relationship: RelationshipRow;
  programName: string;
  mentorName: string;
  mentorTitle: string | null;
  mentorDepartment: string | null;
  mentorJobFunction: string | null;
  mentorLevel: number | null;
  menteeName: string;
  menteeTitle: string | null;
  menteeDepartment: string | null;
  menteeJobFunction: string | null;
  menteeLevel: number | null;
  /** The people's directory status: active, inactive (left) or erased. */
  mentorStatus: string;
  menteeStatus: string;
  /** The group's name, for a relationship in a mentoring group. */
  groupName: string | null;
};

/** One side of a pair as the summary shows it, read by a scalar sub-select (see findRelationshipSummary). */
interface SummaryPerson {
  name: string;
  title: string | null;
  department: string | null;
  jobFunction: string | null;
  level: number | null;
  status: string;
}

/** Qualified on purpose: Drizzle leaves columns unqualified in a one-table select, inside a sub-select too. */
const relationshipColumn = (name: string) => sql.raw(`"relationships"."${name}"`);

const summaryPerson = (personColumn: string) =>
  sql<SummaryPerson | null>`(select json_build_object('name', p.name, 'title', p.title, 'department', p.department,
    'jobFunction', p.job_function, 'level', p.level, 'status', p.status)
    from ${people} p where p.id = ${relationshipColumn(personColumn)})`;

/**
 * One relationship of the organisation with its program name and both people, or null. Every workspace request
 * starts here (the access check), so it reads the program, the people and the group by scalar sub-selects through
 * their primary keys: the same rows as the joins of the lists, at a third of the planning time of a five-way join.
 */
export async function findRelationshipSummary(
  db: Db,
  organisationId: string,
  id: string,
): Promise<RelationshipSummaryRow | null> {
  const rows = await db
    .select({
      relationship: relationships,
      programName: sql<
        string | null
      >`(select pr.name from ${programs} pr where pr.id = ${relationshipColumn('program_id')})`,
      mentor: summaryPerson('mentor_person_id'),
      mentee: summaryPerson('mentee_person_id'),
      groupName: sql<
        string | null
      >`(select g.name from ${mentoringGroups} g where g.id = ${relationshipColumn('group_id')})`,
    })
    .from(relationships)
    .where(and(eq(relationships.organisationId, organisationId), eq(relationships.id, id)))
    .limit(1);
  const row = rows[0];
  // The joins this stands for are inner joins: a relationship without its program or people is not found.
  if (!row || row.programName === null || !row.mentor || !row.mentee) return null;
  const { mentor, mentee } = row;
  return {
    relationship: row.relationship,
    programName: row.programName,
    mentorName: mentor.name,
    mentorTitle: mentor.title,
    mentorDepartment: mentor.department,
    mentorJobFunction: mentor.jobFunction,
    mentorLevel: mentor.level,
    menteeName: mentee.name,
    menteeTitle: mentee.title,
    menteeDepartment: mentee.department,
    menteeJobFunction: mentee.jobFunction,
    menteeLevel: mentee.level,
    mentorStatus: mentor.status,
    menteeStatus: mentee.status,
    groupName: row.groupName,
  };
}

export interface RelationshipFilter {
  organisationId: string;
  programId?: string;
  /** Relationships where this person is the mentor or the mentee (or only one side, with `side`). */
  personId?: string;
  side?: 'mentor' | 'mentee';
  statuses?: readonly string[];
  origin?: string;
  ids?: readonly string[];
  /** Only relationships where one side (or both) has left the organisation. */
  leftOrganisation?: boolean;
  limit: number;
  offset: number;
}

/** The person no longer works here: deactivated (or marked inactive by an import) or erased. */
const hasLeft = (personId: AnyPgColumn) =>
  sql`exists (select 1 from ${people} where ${people.id} = ${personId} and ${people.status} <> 'active')`;

function filterConditions(filter: RelationshipFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(relationships.organisationId, filter.organisationId)];
  if (filter.programId) conditions.push(eq(relationships.programId, filter.programId));
  if (filter.personId) {
    if (filter.side === 'mentor') conditions.push(eq(relationships.mentorPersonId, filter.personId));
    else if (filter.side === 'mentee') conditions.push(eq(relationships.menteePersonId, filter.personId));
    else
      conditions.push(
        or(
          eq(relationships.mentorPersonId, filter.personId),
          eq(relationships.menteePersonId, filter.personId),
        ),
      );
  }
  if (filter.statuses) conditions.push(inArray(relationships.status, [...filter.statuses]));
  if (filter.origin) conditions.push(eq(relationships.origin, filter.origin));
  if (filter.ids) conditions.push(inArray(relationships.id, [...filter.ids]));
  if (filter.leftOrganisation)
    conditions.push(or(hasLeft(relationships.mentorPersonId), hasLeft(relationships.menteePersonId)));
  return and(...conditions);
}

/**
 * A page of relationships matching the filter, newest first, with the total, in one statement: the page is cut from
 * the relationships alone (its sort keys are theirs; the total is a window over the filtered rows, computed before
 * the limit), then only its rows are joined to their people, program and group. A page past the end has no row to
 * carry the total, so only then is it counted apart.
 */
export async function listRelationshipSummaries(db: Db, filter: RelationshipFilter) {
  const where = filterConditions(filter);
  const page = db
    .select({
      ...getTableColumns(relationships),
      total: sql<number>`count(*) over ()`.as('total'),
    })
    .from(relationships)
    .where(where)
    .orderBy(desc(relationships.createdAt), desc(relationships.id))
    .limit(filter.limit)
    .offset(filter.offset)
    .as('page');
  const { total: _total, ...pageColumns } = page._.selectedFields;
  const found = await db
    .select({ ...summaryColumns, relationship: pageColumns, total: page.total })
    .from(page)
    .innerJoin(programs, eq(programs.id, page.programId))
    .innerJoin(mentorPerson, eq(mentorPerson.id, page.mentorPersonId))
    .innerJoin(menteePerson, eq(menteePerson.id, page.menteePersonId))
    .leftJoin(mentoringGroups, eq(mentoringGroups.id, page.groupId))
    .orderBy(desc(page.createdAt), desc(page.id));
  const rows: RelationshipSummaryRow[] = found.map(({ total: _, ...row }) => row);
  if (found.length > 0 || filter.offset === 0) return { rows, total: Number(found[0]?.total ?? 0) };
  const [{ total }] = (await db.select({ total: count() }).from(relationships).where(where)) as [
    { total: number },
  ];
  return { rows, total };
}

/** The relationship row, locked until the transaction ends (every state change goes through this). */
export async function lockRelationship(
  tx: Db,
  organisationId: string,
  id: string,
): Promise<RelationshipRow | null> {
  const rows = await tx
    .select()
    .from(relationships)
    .where(and(eq(relationships.organisationId, organisationId), eq(relationships.id, id)))
    .for('update');
  return rows[0] ?? null;
}

/**
 * The enrolment row, locked until the transaction ends. Locking the mentor's enrolment serialises every change
 * to that mentor's places, so counting and then activating cannot overbook under concurrency. `FOR NO KEY UPDATE`
 * (the row lock an UPDATE takes) conflicts with itself but not with the key-share locks that inserting a
 * relationship referencing the enrolment takes, so other writers are not held up for nothing.
 */
export async function lockEnrolment(
  tx: Db,
  organisationId: string,
  id: string,
): Promise<EnrolmentRow | null> {
  const rows = await tx
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.organisationId, organisationId), eq(enrolments.id, id)))
    .for('no key update');
  return rows[0] ?? null;
}

export async function findEnrolment(
  db: Db,
  organisationId: string,
  id: string,
): Promise<EnrolmentRow | null> {
  const rows = await db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.organisationId, organisationId), eq(enrolments.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/** Places a mentor holds: active relationships and pairs proposed by a published match run. */
const holdsPlace = sql`(${relationships.status} = 'active' or (${relationships.status} = 'proposed' and ${relationships.origin} <> 'request'))`;

export async function countHeldPlaces(db: Db, mentorEnrolmentId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(relationships)
    .where(and(eq(relationships.mentorEnrolmentId, mentorEnrolmentId), holdsPlace));
  return Number(row?.n ?? 0);
}

/** Whether the mentee already has a mentor in the program (active, or proposed by a published run). */
export async function menteeHasMentor(
  db: Db,
  menteeEnrolmentId: string,
  exceptId?: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: relationships.id })
    .from(relationships)
    .where(
      and(
        eq(relationships.menteeEnrolmentId, menteeEnrolmentId),
        holdsPlace,
        exceptId ? ne(relationships.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Mentee–mentor person pairs that already had a relationship in the program (hard rule "previous pair"). */
export async function listPreviousPairs(db: Db, programId: string, menteePersonId?: string) {
  return db
    .select({ menteeId: relationships.menteePersonId, mentorId: relationships.mentorPersonId })
    .from(relationships)
    .where(
      and(
        eq(relationships.programId, programId),
        inArray(relationships.status, ['active', 'completed', 'ended_early', 'declined']),
        menteePersonId ? eq(relationships.menteePersonId, menteePersonId) : undefined,
      ),
    );
}

export async function insertRelationship(tx: Db, values: NewRelationship): Promise<RelationshipRow> {
  const [row] = await tx.insert(relationships).values(values).returning();
  return row!;
}

/** Move a relationship from one status to another; null when it was no longer in `from` (lost a race). */
export async function updateRelationshipStatus(
  tx: Db,
  id: string,
  from: string,
  patch: Partial<Pick<NewRelationship, 'status' | 'reason' | 'reasonCode' | 'startedAt' | 'endedAt'>> & {
    updatedAt: Date;
  },
): Promise<RelationshipRow | null> {
  const rows = await tx
    .update(relationships)
    .set(patch)
    .where(and(eq(relationships.id, id), eq(relationships.status, from)))
    .returning();
  return rows[0] ?? null;
}

export async function insertRelationshipEvents(tx: Db, events: NewRelationshipEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(relationshipEvents).values(
    events.map((event) => ({
      organisationId: event.organisationId,
      relationshipId: event.relationshipId,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actorUserId: event.actorUserId,
      reason: event.reason ?? null,
      details: event.details ?? null,
      createdAt: event.at,
    })),
  );
}

/** The history of one or more relationships, oldest first, with the name of whoever acted. */
export async function listRelationshipEvents(
  db: Db,
  organisationId: string,
  relationshipIds: readonly string[],
) {
  if (relationshipIds.length === 0) return [];
  return db
    .select({
      id: relationshipEvents.id,
      relationshipId: relationshipEvents.relationshipId,
      fromStatus: relationshipEvents.fromStatus,
      toStatus: relationshipEvents.toStatus,
      reason: relationshipEvents.reason,
      details: relationshipEvents.details,
      createdAt: relationshipEvents.createdAt,
      actorName: users.name,
    })
    .from(relationshipEvents)
    .leftJoin(users, eq(users.id, relationshipEvents.actorUserId))
    .where(
      and(
        eq(relationshipEvents.organisationId, organisationId),
        inArray(relationshipEvents.relationshipId, [...relationshipIds]),
      ),
    )
    .orderBy(asc(relationshipEvents.createdAt), asc(relationshipEvents.id));
}

/** Open self-select requests of a mentee in a program (optionally all but one), locked for the transaction. */
export async function lockPendingRequestsOfMentee(tx: Db, menteeEnrolmentId: string, exceptId?: string) {
  return tx
    .select()
    .from(relationships)
    .where(
      and(
        eq(relationships.menteeEnrolmentId, menteeEnrolmentId),
        eq(relationships.status, 'proposed'),
        eq(relationships.origin, 'request'),
        exceptId ? ne(relationships.id, exceptId) : undefined,
      ),
    )
    .orderBy(asc(relationships.createdAt))
    .for('update');
}

/**
 * A cheap fingerprint of everything a program's scoring context is built from: its enrolments, the people of the
 * organisation (levels, managers, languages), and the relationships that hold a place or make a previous pair.
 * Open requests are left out on purpose: they change all the time and are read live (`listMentorLoads`).
 */
export async function scoringFingerprint(db: Db, organisationId: string, programId: string): Promise<string> {
  // Counts as well as the latest update time: two changes stamped with the same instant must still differ.
  const [[e], [p], [r]] = await Promise.all([
    db
      .select({
        n: count(),
        approved: sql<string>`count(*) filter (where ${enrolments.status} = 'approved')`,
        capacity: sql<string | null>`sum(${enrolments.capacity})`,
        latest: sql<string | null>`max(${enrolments.updatedAt})::text`,
      })
      .from(enrolments)
      .where(eq(enrolments.programId, programId)),
    db
      .select({ n: count(), latest: sql<string | null>`max(${people.updatedAt})::text` })
      .from(people)
      .where(eq(people.organisationId, organisationId)),
    db
      .select({
        n: count(),
        held: sql<string>`count(*) filter (where ${holdsPlace})`,
        latest: sql<string | null>`max(${relationships.updatedAt})::text`,
      })
      .from(relationships)
      .where(
        and(
          eq(relationships.programId, programId),
          or(ne(relationships.status, 'proposed'), ne(relationships.origin, 'request')),
        ),
      ),
  ]);
  return JSON.stringify([e, p, r]);
}

/** Per mentor enrolment of the program, now: places held and open requests. */
export async function listMentorLoads(db: Db, programId: string) {
  return db
    .select({
      mentorEnrolmentId: relationships.mentorEnrolmentId,
      held: sql<number>`count(*) filter (where ${holdsPlace})`.mapWith(Number),
      requests:
        sql<number>`count(*) filter (where ${relationships.status} = 'proposed' and ${relationships.origin} = 'request')`.mapWith(
          Number,
        ),
    })
    .from(relationships)
    .where(and(eq(relationships.programId, programId), inArray(relationships.status, ['active', 'proposed'])))
    .groupBy(relationships.mentorEnrolmentId);
}

/** A pair to start from a published match run. */
export interface PublishedPair {
  mentorEnrolmentId: string;
  menteeEnrolmentId: string;
  mentorPersonId: string;
  menteePersonId: string;
  score: number | null;
  /** The mentoring group the mentee joins (group programs, decision 031). */
  groupId?: string | null;
}

const publishedPairColumns = sql.raw(
  '(mentor_enrolment_id uuid, mentee_enrolment_id uuid, mentor_person_id uuid, mentee_person_id uuid, score integer, group_id uuid)',
);

export interface PublishedRun {
  organisationId: string;
  programId: string;
  runId: string;
  actorUserId: string;
  now: Date;
  rows: PublishedPair[];
}

/** Active relationships from a published run, with their first event; returns the new rows' ids and people. */
export async function insertPublishedRelationships(db: Db, input: PublishedRun) {
  const created: { id: string; mentorPersonId: string; menteePersonId: string }[] = [];
  const at = input.now.toISOString();
  for (let start = 0; start < input.rows.length; start += 5000) {
    const batch = input.rows.slice(start, start + 5000).map((row) => ({
      mentor_enrolment_id: row.mentorEnrolmentId,
      mentee_enrolment_id: row.menteeEnrolmentId,
      mentor_person_id: row.mentorPersonId,
      mentee_person_id: row.menteePersonId,
      score: row.score,
      group_id: row.groupId ?? null,
    }));
    const result = await db.execute<{ id: string; mentor_person_id: string; mentee_person_id: string }>(sql`
      insert into relationships (organisation_id, program_id, mentor_enrolment_id, mentee_enrolment_id,
        mentor_person_id, mentee_person_id, status, origin, match_run_id, score, group_id, started_at, created_at,
        updated_at)
      select ${input.organisationId}::uuid, ${input.programId}::uuid, t.mentor_enrolment_id, t.mentee_enrolment_id,
        t.mentor_person_id, t.mentee_person_id, 'active', 'match_run', ${input.runId}::uuid, t.score, t.group_id,
        ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
      from json_to_recordset(${JSON.stringify(batch)}::json) as t ${publishedPairColumns}
      returning id, mentor_person_id, mentee_person_id`);
    const rows = (
      result as unknown as { rows: { id: string; mentor_person_id: string; mentee_person_id: string }[] }
    ).rows;
    for (const row of rows)
      created.push({
        id: row.id,
        mentorPersonId: row.mentor_person_id,
        menteePersonId: row.mentee_person_id,
      });
  }
  if (created.length > 0) {
    for (let start = 0; start < created.length; start += 5000) {
      const ids = created.slice(start, start + 5000).map((row) => row.id);
      await db.execute(sql`
        insert into ${relationshipEvents} (organisation_id, relationship_id, from_status, to_status, actor_user_id,
          details, created_at)
        select ${input.organisationId}::uuid, id, null, 'active', ${input.actorUserId}::uuid,
          ${JSON.stringify({ matchRunId: input.runId })}::jsonb, ${at}::timestamptz
        from (select value::uuid as id from json_array_elements_text(${JSON.stringify(ids)}::json)) as t`);
    }
  }
  return created;
}

/** A person's name and directory status in the organisation (to tell whether they left), or null. */
export async function findPersonStatus(db: Db, organisationId: string, personId: string) {
  const [row] = await db
    .select({ id: people.id, name: people.name, status: people.status })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.id, personId)));
  return row ?? null;
}
