import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, people, programs, relationships } from '../../db/schema.ts';
import { likeContaining } from '../../db/sql-text.ts';

export type EnrolmentRow = typeof enrolments.$inferSelect;

const enrolmentColumns = {
  enrolment: enrolments,
  programName: programs.name,
  programStatus: programs.status,
  person: {
    id: people.id,
    name: people.name,
    email: people.email,
    title: people.title,
    department: people.department,
    level: people.level,
  },
};

export type EnrolmentWithPerson = {
  enrolment: EnrolmentRow;
  programName: string;
  programStatus: string;
  person: {
    id: string;
    name: string;
    email: string;
    title: string | null;
    department: string | null;
    level: number | null;
  };
};

function selectWithPerson(db: Db) {
  return db
    .select(enrolmentColumns)
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .innerJoin(programs, eq(programs.id, enrolments.programId));
}

export async function findEnrolment(
  db: Db,
  organisationId: string,
  id: string,
): Promise<EnrolmentWithPerson | null> {
  const rows = await selectWithPerson(db)
    .where(and(eq(enrolments.organisationId, organisationId), eq(enrolments.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function listPersonEnrolments(db: Db, organisationId: string, personId: string) {
  return selectWithPerson(db)
    .where(and(eq(enrolments.organisationId, organisationId), eq(enrolments.personId, personId)))
    .orderBy(asc(enrolments.createdAt), asc(enrolments.id));
}

interface EnrolmentFilter {
  organisationId: string;
  programId: string;
  role?: string;
  status?: string;
  q?: string;
  limit: number;
  offset: number;
}

/**
 * A page of one program's enrolments with each person, by name, and the total: one statement (the total is a window
 * over the filtered rows, computed before the limit). The program's name and status are the caller's to add: it has
 * the program row already. A page past the end has no row to carry the total, so only then is it counted apart.
 */
export async function listProgramEnrolments(
  db: Db,
  filter: EnrolmentFilter,
): Promise<{ rows: Omit<EnrolmentWithPerson, 'programName' | 'programStatus'>[]; total: number }> {
  const conditions: SQL[] = [
    eq(enrolments.organisationId, filter.organisationId),
    eq(enrolments.programId, filter.programId),
  ];
  if (filter.role) conditions.push(eq(enrolments.role, filter.role));
  if (filter.status) conditions.push(eq(enrolments.status, filter.status));
  if (filter.q) {
    const pattern = likeContaining(filter.q.toLowerCase());
    conditions.push(
      or(ilike(people.name, pattern), ilike(people.email, pattern), ilike(people.title, pattern))!,
    );
  }
  const where = and(...conditions);
  const rows = await db
    .select({
      enrolment: enrolments,
      person: enrolmentColumns.person,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(where)
    .orderBy(asc(people.name), asc(enrolments.id))
    .limit(filter.limit)
    .offset(filter.offset);
  if (rows.length > 0 || filter.offset === 0) {
    return { rows: rows.map(({ total: _, ...row }) => row), total: rows[0]?.total ?? 0 };
  }
  const [total] = await db
    .select({ n: count() })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(where);
  return { rows: [], total: Number(total?.n ?? 0) };
}

/** A person's enrolments in one program (both roles, any status). */
export async function enrolmentsOfPersonInProgram(db: Db, programId: string, personId: string) {
  return db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.programId, programId), eq(enrolments.personId, personId)));
}

/** Existing enrolments of several people in one program. */
export async function enrolmentsOfPeopleInProgram(db: Db, programId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.programId, programId), inArray(enrolments.personId, [...personIds])));
}

/** Many enrolments without reading them back (bulk and CSV enrolment). */
export async function insertEnrolmentsQuickly(
  db: Db,
  values: (typeof enrolments.$inferInsert)[],
): Promise<void> {
  for (let start = 0; start < values.length; start += 1000) {
    await db.insert(enrolments).values(values.slice(start, start + 1000));
  }
}

export async function insertEnrolments(
  db: Db,
  values: (typeof enrolments.$inferInsert)[],
): Promise<EnrolmentRow[]> {
  const rows: EnrolmentRow[] = [];
  for (let start = 0; start < values.length; start += 1000) {
    rows.push(
      ...(await db
        .insert(enrolments)
        .values(values.slice(start, start + 1000))
        .returning()),
    );
  }
  return rows;
}

export async function updateEnrolment(
  db: Db,
  id: string,
  patch: Partial<typeof enrolments.$inferInsert>,
): Promise<EnrolmentRow> {
  const [row] = await db.update(enrolments).set(patch).where(eq(enrolments.id, id)).returning();
  return row!;
}

export async function updateEnrolmentStatuses(db: Db, ids: readonly string[], status: string, at: Date) {
  if (ids.length === 0) return;
  await db
    .update(enrolments)
    .set({ status, updatedAt: at })
    .where(inArray(enrolments.id, [...ids]));
}

/** Mentor places and approved mentees of a program: what the waitlist compares. */
export async function capacityOfProgram(db: Db, programId: string) {
  const [row] = await db
    .select({
      places:
        sql<number>`coalesce(sum(${enrolments.capacity}) filter (where ${enrolments.role} = 'mentor'), 0)`.mapWith(
          Number,
        ),
      mentees: sql<number>`count(*) filter (where ${enrolments.role} = 'mentee')`.mapWith(Number),
    })
    .from(enrolments)
    .where(and(eq(enrolments.programId, programId), eq(enrolments.status, 'approved')));
  return { places: row?.places ?? 0, mentees: row?.mentees ?? 0 };
}

/** The first `limit` waitlisted mentees, in enrolment order. */
export async function firstWaitlisted(db: Db, programId: string, limit: number) {
  if (limit <= 0) return [];
  return db
    .select({ id: enrolments.id, personId: enrolments.personId })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.programId, programId),
        eq(enrolments.role, 'mentee'),
        eq(enrolments.status, 'waitlisted'),
      ),
    )
    .orderBy(asc(enrolments.createdAt), asc(enrolments.id))
    .limit(limit);
}

/** Relationships holding a mentor's place (active, or proposed and waiting for an answer). */
export async function countHeldPlaces(db: Db, mentorEnrolmentId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(relationships)
    .where(
      and(
        eq(relationships.mentorEnrolmentId, mentorEnrolmentId),
        inArray(relationships.status, ['active', 'proposed']),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Active people of the organisation among these ids (id, email, name). */
export async function findActivePeople(db: Db, organisationId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: people.id, name: people.name, email: people.email })
    .from(people)
    .where(
      and(
        eq(people.organisationId, organisationId),
        inArray(people.id, [...ids]),
        eq(people.status, 'active'),
      ),
    );
}

/** Active people of the organisation by lower-cased email. */
export async function findActivePeopleByEmail(db: Db, organisationId: string, emails: readonly string[]) {
  if (emails.length === 0) return [];
  return db
    .select({ id: people.id, email: people.email })
    .from(people)
    .where(
      and(
        eq(people.organisationId, organisationId),
        inArray(sql`lower(${people.email})`, [...emails]),
        eq(people.status, 'active'),
      ),
    );
}

/** Lock the program row: enrolment changes that depend on places (the waitlist) serialise on it. */
export async function lockProgramRow(db: Db, organisationId: string, id: string) {
  const rows = await db
    .select()
    .from(programs)
    .where(and(eq(programs.organisationId, organisationId), eq(programs.id, id)))
    .for('update');
  return rows[0] ?? null;
}

/** Lock a mentee's open self-select requests (proposed relationships they asked for). */
export async function lockOpenRequestsOfMentee(db: Db, menteeEnrolmentId: string) {
  return db
    .select()
    .from(relationships)
    .where(
      and(
        eq(relationships.menteeEnrolmentId, menteeEnrolmentId),
        eq(relationships.status, 'proposed'),
        eq(relationships.origin, 'request'),
      ),
    )
    .orderBy(asc(relationships.createdAt))
    .for('update');
}

/** Per program: enrolments waiting for staff's approval, and since when: one grouped query. */
export async function countPendingApproval(db: Db, organisationId: string, programIds: readonly string[]) {
  if (programIds.length === 0) return [];
  return db
    .select({
      programId: enrolments.programId,
      count: count(),
      oldest: sql<Date>`min(${enrolments.createdAt})`.mapWith(enrolments.createdAt),
    })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.organisationId, organisationId),
        inArray(enrolments.programId, [...programIds]),
        eq(enrolments.status, 'pending_approval'),
      ),
    )
    .groupBy(enrolments.programId);
}
