import { and, count, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { people, relationships } from '../../db/schema.ts';

const mentorPerson = alias(people, 'closing_mentor');
const menteePerson = alias(people, 'closing_mentee');

const openStatuses = ['active', 'proposed'];

/** A program's relationships still open, by status (active pairs, proposals and requests awaiting an answer). */
export async function countOpenRelationships(db: Db, organisationId: string, programId: string) {
  const rows = await db
    .select({ status: relationships.status, n: count() })
    .from(relationships)
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.programId, programId),
        inArray(relationships.status, openStatuses),
      ),
    )
    .groupBy(relationships.status);
  const of = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0);
  return { active: of('active'), proposed: of('proposed') };
}

/** The program's open relationships with both people's names, locked for the caller's transaction. */
export async function lockOpenRelationships(tx: Db, organisationId: string, programId: string) {
  return tx
    .select({
      id: relationships.id,
      organisationId: relationships.organisationId,
      programId: relationships.programId,
      status: relationships.status,
      mentorPersonId: relationships.mentorPersonId,
      menteePersonId: relationships.menteePersonId,
      mentorName: mentorPerson.name,
      menteeName: menteePerson.name,
      mentorStatus: mentorPerson.status,
      menteeStatus: menteePerson.status,
    })
    .from(relationships)
    .innerJoin(mentorPerson, eq(mentorPerson.id, relationships.mentorPersonId))
    .innerJoin(menteePerson, eq(menteePerson.id, relationships.menteePersonId))
    .where(
      and(
        eq(relationships.organisationId, organisationId),
        eq(relationships.programId, programId),
        inArray(relationships.status, openStatuses),
      ),
    )
    .orderBy(relationships.createdAt, relationships.id)
    .for('update', { of: relationships });
}

/** Move many locked relationships from one status to a final one in one statement per thousand. */
export async function endRelationships(
  tx: Db,
  input: { ids: readonly string[]; from: string; to: string; reason: string; reasonCode: string; at: Date },
): Promise<number> {
  let changed = 0;
  for (let start = 0; start < input.ids.length; start += 1000) {
    const rows = await tx
      .update(relationships)
      .set({
        status: input.to,
        reason: input.reason,
        reasonCode: input.reasonCode,
        endedAt: input.at,
        updatedAt: input.at,
      })
      .where(
        and(
          inArray(relationships.id, [...input.ids.slice(start, start + 1000)]),
          eq(relationships.status, input.from),
        ),
      )
      .returning({ id: relationships.id });
    changed += rows.length;
  }
  return changed;
}
