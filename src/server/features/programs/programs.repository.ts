import { and, asc, count, desc, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
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
  const rows = await db
    .select()
    .from(programs)
    .where(where)
    .orderBy(desc(programs.createdAt), asc(programs.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [total] = await db.select({ n: count() }).from(programs).where(where);
  return { rows, total: Number(total?.n ?? 0) };
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

/** Enrolment and relationship counts for several programs: two grouped queries. */
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
      matched:
        sql<number>`count(distinct ${relationships.menteeEnrolmentId}) filter (where ${relationships.status} in ('active', 'proposed'))`.mapWith(
          Number,
        ),
    })
    .from(relationships)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        inArray(relationships.programId, [...programIds]),
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

/** Of these programs, the ones the user coordinates. */
export async function coordinatedAmong(
  db: Db,
  userId: string,
  programIds: readonly string[],
): Promise<Set<string>> {
  if (programIds.length === 0) return new Set();
  const rows = await db
    .select({ programId: programCoordinators.programId })
    .from(programCoordinators)
    .where(
      and(eq(programCoordinators.userId, userId), inArray(programCoordinators.programId, [...programIds])),
    );
  return new Set(rows.map((row) => row.programId));
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
