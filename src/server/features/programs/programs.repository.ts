import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  ilike,
  inArray,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, programCoordinators, programs, relationships, users } from '../../db/schema.ts';
import { likeContaining } from '../../db/sql-text.ts';
import type { ProgramRow } from './program-access.repository.ts';

export async function insertProgram(db: Db, values: typeof programs.$inferInsert): Promise<ProgramRow> {
  const [row] = await db.insert(programs).values(values).returning();
  return row!;
}

export async function updateProgram(
  db: Db,
  organisationId: string,
  id: string,
  patch: Partial<typeof programs.$inferInsert>,
): Promise<ProgramRow> {
  const [row] = await db
    .update(programs)
    .set(patch)
    .where(and(eq(programs.organisationId, organisationId), eq(programs.id, id)))
    .returning();
  return row!;
}

/** Set the program's status only if it is still `from` (a no-op otherwise). */
export async function updateStatusIf(db: Db, id: string, from: string, to: string, now: Date): Promise<void> {
  await db
    .update(programs)
    .set({ status: to, updatedAt: now })
    .where(and(eq(programs.id, id), eq(programs.status, from)));
}

export async function updateAgreementTemplate(db: Db, id: string, content: unknown): Promise<void> {
  await db.update(programs).set({ agreementTemplate: content }).where(eq(programs.id, id));
}

export async function updateCriteria(db: Db, id: string, criteria: unknown, now: Date): Promise<void> {
  await db.update(programs).set({ criteria, updatedAt: now }).where(eq(programs.id, id));
}

export async function deleteProgram(db: Db, organisationId: string, id: string): Promise<void> {
  await db.delete(programs).where(and(eq(programs.organisationId, organisationId), eq(programs.id, id)));
}

/** Lock the program row: enrolment changes that depend on capacity (waitlist) and transitions serialise on it. */
export async function lockProgram(db: Db, organisationId: string, id: string): Promise<ProgramRow | null> {
  const rows = await db
    .select()
    .from(programs)
    .where(and(eq(programs.organisationId, organisationId), eq(programs.id, id)))
    .for('update');
  return rows[0] ?? null;
}

interface ProgramListFilter {
  organisationId: string;
  /** null: every program (admins); else what this member may see. */
  member: { userId: string; personId: string | null } | null;
  status?: string;
  q?: string;
  limit: number;
  offset: number;
}

export interface ProgramCountsRow {
  mentors: number;
  mentees: number;
  pendingApproval: number;
  waitlisted: number;
  mentorCapacity: number;
  matchedMentees: number;
  activeRelationships: number;
}

const emptyCounts = (): ProgramCountsRow => ({
  mentors: 0,
  mentees: 0,
  pendingApproval: 0,
  waitlisted: 0,
  mentorCapacity: 0,
  matchedMentees: 0,
  activeRelationships: 0,
});

/**
 * A page of the programs the filter lets the caller see, newest first, each with its enrolment and relationship
 * counts and whether the member coordinates it, and the total: one statement. The page is cut from the programs
 * alone (the total is a window over the filtered rows, computed before the limit); the counts are lateral lookups
 * of each program on the page through the enrolments' and relationships' program indexes, so they follow the page,
 * not the organisation. A page past the end has no row to carry the total, so only then is it counted apart.
 */
export async function listPrograms(db: Db, filter: ProgramListFilter) {
  const conditions: SQL[] = [eq(programs.organisationId, filter.organisationId)];
  if (filter.status) conditions.push(eq(programs.status, filter.status));
  if (filter.q) conditions.push(ilike(programs.name, likeContaining(filter.q)));
  if (filter.member) {
    const visible: SQL[] = [
      inArray(programs.status, ['enrolling', 'running']),
      inArray(
        programs.id,
        db
          .select({ id: programCoordinators.programId })
          .from(programCoordinators)
          .where(eq(programCoordinators.userId, filter.member.userId)),
      ),
    ];
    // Enrolled people see their programs in every status but draft (a draft exists for its staff only).
    if (filter.member.personId) {
      visible.push(
        and(
          ne(programs.status, 'draft'),
          inArray(
            programs.id,
            db
              .select({ id: enrolments.programId })
              .from(enrolments)
              .where(eq(enrolments.personId, filter.member.personId)),
          ),
        )!,
      );
    }
    conditions.push(or(...visible)!);
  }
  const where = and(...conditions);
  const page = db
    .select({ ...getTableColumns(programs), total: sql<number>`count(*) over ()`.as('total') })
    .from(programs)
    .where(where)
    .orderBy(desc(programs.createdAt), asc(programs.id))
    .limit(filter.limit)
    .offset(filter.offset)
    .as('page');
  const { total: _total, ...programColumns } = page._.selectedFields;
  const approved = (role: string) => sql`${enrolments.status} = 'approved' and ${enrolments.role} = ${role}`;
  const enrolled = db
    .select({
      mentors: sql<number>`count(*) filter (where ${approved('mentor')})`.mapWith(Number).as('mentors'),
      mentorCapacity:
        sql<number>`coalesce(sum(${enrolments.capacity}) filter (where ${approved('mentor')}), 0)`
          .mapWith(Number)
          .as('mentor_capacity'),
      mentees: sql<number>`count(*) filter (where ${approved('mentee')})`.mapWith(Number).as('mentees'),
      pendingApproval: sql<number>`count(*) filter (where ${enrolments.status} = 'pending_approval')`
        .mapWith(Number)
        .as('pending_approval'),
      waitlisted: sql<number>`count(*) filter (where ${enrolments.status} = 'waitlisted')`
        .mapWith(Number)
        .as('waitlisted'),
    })
    .from(enrolments)
    .where(eq(enrolments.programId, page.id))
    .as('enrolled');
  // Only active and proposed relationships count (active ones, and mentees matched by either): the program's
  // history of ended pairs is left to the index.
  const related = db
    .select({
      activeRelationships: sql<number>`count(*) filter (where ${relationships.status} = 'active')`
        .mapWith(Number)
        .as('active_relationships'),
      matchedMentees: sql<number>`count(distinct ${relationships.menteeEnrolmentId})`
        .mapWith(Number)
        .as('matched_mentees'),
    })
    .from(relationships)
    .where(and(eq(relationships.programId, page.id), inArray(relationships.status, ['active', 'proposed'])))
    .as('related');
  const coordinates = filter.member
    ? sql<boolean>`exists (select 1 from ${programCoordinators} where ${programCoordinators.programId} = ${page.id} and ${programCoordinators.userId} = ${filter.member.userId})`
    : sql<boolean>`true`;
  const found = await db
    .select({
      program: programColumns,
      total: page.total,
      coordinates,
      counts: {
        mentors: enrolled.mentors,
        mentees: enrolled.mentees,
        pendingApproval: enrolled.pendingApproval,
        waitlisted: enrolled.waitlisted,
        mentorCapacity: enrolled.mentorCapacity,
        matchedMentees: related.matchedMentees,
        activeRelationships: related.activeRelationships,
      },
    })
    .from(page)
    .leftJoinLateral(enrolled, sql`true`)
    .leftJoinLateral(related, sql`true`)
    .orderBy(desc(page.createdAt), asc(page.id));
  const rows = found.map((row) => ({
    program: row.program as ProgramRow,
    counts: { ...row.counts } as ProgramCountsRow,
    coordinates: Boolean(row.coordinates),
  }));
  if (found.length > 0 || filter.offset === 0) return { rows, total: Number(found[0]?.total ?? 0) };
  const [total] = await db.select({ n: count() }).from(programs).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

/** Enrolment and relationship counts for several programs: two grouped queries (active and proposed pairs only). */
export async function countsForPrograms(
  db: Db,
  organisationId: string,
  programIds: readonly string[],
): Promise<Map<string, ProgramCountsRow>> {
  const result = new Map<string, ProgramCountsRow>(programIds.map((id) => [id, emptyCounts()]));
  if (programIds.length === 0) return result;
  const enrolled = await db
    .select({
      programId: enrolments.programId,
      role: enrolments.role,
      status: enrolments.status,
      n: count(),
      capacity: sql<number>`coalesce(sum(${enrolments.capacity}), 0)`.mapWith(Number),
    })
    .from(enrolments)
    .where(and(eq(enrolments.organisationId, organisationId), inArray(enrolments.programId, [...programIds])))
    .groupBy(enrolments.programId, enrolments.role, enrolments.status);
  for (const row of enrolled) {
    const counts = result.get(row.programId)!;
    const n = Number(row.n);
    if (row.status === 'approved' && row.role === 'mentor') {
      counts.mentors += n;
      counts.mentorCapacity += row.capacity;
    } else if (row.status === 'approved') counts.mentees += n;
    else if (row.status === 'pending_approval') counts.pendingApproval += n;
    else if (row.status === 'waitlisted') counts.waitlisted += n;
  }
  const related = await db
    .select({
      programId: relationships.programId,
      active: sql<number>`count(*) filter (where ${relationships.status} = 'active')`.mapWith(Number),
      matched: sql<number>`count(distinct ${relationships.menteeEnrolmentId})`.mapWith(Number),
    })
    .from(relationships)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        inArray(relationships.programId, [...programIds]),
        inArray(relationships.status, ['active', 'proposed']),
      ),
    )
    .groupBy(relationships.programId);
  for (const row of related) {
    const counts = result.get(row.programId)!;
    counts.activeRelationships = row.active;
    counts.matchedMentees = row.matched;
  }
  return result;
}

export async function personEnrolmentsInProgram(db: Db, programId: string, personId: string) {
  return db
    .select({ id: enrolments.id, role: enrolments.role, status: enrolments.status })
    .from(enrolments)
    .where(and(eq(enrolments.programId, programId), eq(enrolments.personId, personId)))
    .orderBy(asc(enrolments.createdAt));
}

export async function hasRelationships(db: Db, programId: string): Promise<boolean> {
  const rows = await db
    .select({ id: relationships.id })
    .from(relationships)
    .where(eq(relationships.programId, programId))
    .limit(1);
  return rows.length > 0;
}

export async function listCoordinators(db: Db, organisationId: string, programId: string) {
  return db
    .select({
      userId: programCoordinators.userId,
      name: users.name,
      email: users.email,
      addedAt: programCoordinators.createdAt,
    })
    .from(programCoordinators)
    .innerJoin(users, eq(users.id, programCoordinators.userId))
    .where(
      and(
        eq(programCoordinators.organisationId, organisationId),
        eq(programCoordinators.programId, programId),
      ),
    )
    .orderBy(asc(users.name));
}

export async function findOrganisationUser(db: Db, organisationId: string, userId: string) {
  const rows = await db
    .select({ id: users.id, status: users.status })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.id, userId), ne(users.status, 'disabled')))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertCoordinator(db: Db, organisationId: string, programId: string, userId: string) {
  const rows = await db
    .insert(programCoordinators)
    .values({ organisationId, programId, userId })
    .onConflictDoNothing()
    .returning({ userId: programCoordinators.userId });
  return rows.length > 0;
}

export async function deleteCoordinator(db: Db, organisationId: string, programId: string, userId: string) {
  const rows = await db
    .delete(programCoordinators)
    .where(
      and(
        eq(programCoordinators.organisationId, organisationId),
        eq(programCoordinators.programId, programId),
        eq(programCoordinators.userId, userId),
      ),
    )
    .returning({ userId: programCoordinators.userId });
  return rows.length > 0;
}

/**
 * Programs an actor runs, for their home: every program of the organisation for an admin, the ones they coordinate
 * otherwise; closed programs left out. Newest first, with whether the user coordinates each.
 */
export async function listStaffedPrograms(
  db: Db,
  input: { organisationId: string; userId: string; admin: boolean; limit: number },
) {
  const coordinates = sql<boolean>`exists (select 1 from ${programCoordinators} where ${programCoordinators.programId} = ${programs.id} and ${programCoordinators.userId} = ${input.userId})`;
  return db
    .select({ program: programs, coordinates })
    .from(programs)
    .where(
      and(
        eq(programs.organisationId, input.organisationId),
        ne(programs.status, 'closed'),
        input.admin ? undefined : coordinates,
      ),
    )
    .orderBy(desc(programs.createdAt), asc(programs.id))
    .limit(input.limit);
}

/**
 * Programs open for enrolment that the person is not in yet (no enrolment, or only a withdrawn or rejected one),
 * the ones closing soonest first.
 */
export async function listJoinablePrograms(db: Db, organisationId: string, personId: string, limit: number) {
  return db
    .select()
    .from(programs)
    .where(
      and(
        eq(programs.organisationId, organisationId),
        eq(programs.status, 'enrolling'),
        sql`not exists (select 1 from ${enrolments} where ${enrolments.programId} = ${programs.id} and ${enrolments.personId} = ${personId} and ${enrolments.status} not in ('withdrawn', 'rejected'))`,
      ),
    )
    .orderBy(sql`${programs.enrolmentClosesOn} asc nulls last`, desc(programs.createdAt), asc(programs.id))
    .limit(limit);
}
