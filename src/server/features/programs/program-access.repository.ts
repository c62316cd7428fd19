import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { programCoordinators, programs } from '../../db/schema.ts';

export type ProgramRow = typeof programs.$inferSelect;

/** The program with this id in this organisation, or null. */
export async function findProgram(
  db: Db,
  organisationId: string,
  programId: string,
): Promise<ProgramRow | null> {
  const rows = await db
    .select()
    .from(programs)
    .where(and(eq(programs.organisationId, organisationId), eq(programs.id, programId)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * The program with this id in this organisation and whether the user coordinates it, in one round trip (the access
 * check of every program route runs it), or null.
 */
export async function findProgramForUser(
  db: Db,
  organisationId: string,
  programId: string,
  userId: string,
): Promise<{ program: ProgramRow; coordinates: boolean } | null> {
  const rows = await db
    .select({
      program: programs,
      coordinates: sql<boolean>`exists (select 1 from ${programCoordinators} where ${programCoordinators.programId} = ${programs.id} and ${programCoordinators.userId} = ${userId})`,
    })
    .from(programs)
    .where(and(eq(programs.organisationId, organisationId), eq(programs.id, programId)))
    .limit(1);
  const row = rows[0];
  return row ? { program: row.program, coordinates: Boolean(row.coordinates) } : null;
}

/** Whether the user coordinates the program. */
export async function isCoordinator(db: Db, programId: string, userId: string): Promise<boolean> {
  const rows = await db
    .select({ userId: programCoordinators.userId })
    .from(programCoordinators)
    .where(and(eq(programCoordinators.programId, programId), eq(programCoordinators.userId, userId)))
    .limit(1);
  return rows.length > 0;
}
