import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enrolments, people, programs, relationshipEvents, relationships } from '../../db/schema.ts';

/** The organisation's active people with what choosing a past cohort needs (their hire date included). */
export async function listCohortCandidates(db: Db, organisationId: string) {
  return db
    .select({
      id: people.id,
      email: people.email,
      department: people.department,
      jobFunction: people.jobFunction,
      level: people.level,
      hireDate: people.hireDate,
      languages: people.languages,
    })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.status, 'active')))
    .orderBy(asc(people.email));
}

/** A past program: closed, with the dates it was set up and closed. */
export async function closeProgramInThePast(
  db: Db,
  programId: string,
  at: { createdAt: Date; closedAt: Date },
): Promise<void> {
  await db
    .update(programs)
    .set({ status: 'closed', createdAt: at.createdAt, updatedAt: at.closedAt })
    .where(eq(programs.id, programId));
}

/** Approved enrolments; returns their ids in the order given. */
export async function insertCohortEnrolments(
  db: Db,
  rows: (typeof enrolments.$inferInsert)[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(enrolments).values(rows).returning({ id: enrolments.id });
  return inserted.map((row) => row.id);
}

/** The cohort's relationships with their first history event (published by the program team). */
export async function insertCohortRelationships(
  db: Db,
  rows: (typeof relationships.$inferInsert)[],
  publishedBy: string,
): Promise<void> {
  if (rows.length === 0) return;
  const inserted = await db
    .insert(relationships)
    .values(rows)
    .returning({ id: relationships.id, organisationId: relationships.organisationId });
  await db.insert(relationshipEvents).values(
    inserted.map((row, i) => ({
      organisationId: row.organisationId,
      relationshipId: row.id,
      fromStatus: null,
      toStatus: 'active',
      actorUserId: publishedBy,
      details: { kind: 'created', actor: 'staff' },
      createdAt: rows[i]!.startedAt ?? undefined,
    })),
  );
}
