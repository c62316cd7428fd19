import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { programQuestions } from '../../db/schema.ts';

export type QuestionRow = typeof programQuestions.$inferSelect;

export async function listQuestions(
  db: Db,
  organisationId: string,
  programId: string,
): Promise<QuestionRow[]> {
  return db
    .select()
    .from(programQuestions)
    .where(
      and(eq(programQuestions.organisationId, organisationId), eq(programQuestions.programId, programId)),
    )
    .orderBy(asc(programQuestions.position), asc(programQuestions.createdAt), asc(programQuestions.id));
}

export async function findQuestion(db: Db, programId: string, id: string): Promise<QuestionRow | null> {
  const rows = await db
    .select()
    .from(programQuestions)
    .where(and(eq(programQuestions.programId, programId), eq(programQuestions.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function nextPosition(db: Db, programId: string): Promise<number> {
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${programQuestions.position}) + 1, 0)`.mapWith(Number) })
    .from(programQuestions)
    .where(eq(programQuestions.programId, programId));
  return row?.next ?? 0;
}

export async function insertQuestion(
  db: Db,
  values: typeof programQuestions.$inferInsert,
): Promise<QuestionRow> {
  const [row] = await db.insert(programQuestions).values(values).returning();
  return row!;
}

export async function updateQuestion(
  db: Db,
  id: string,
  patch: Partial<typeof programQuestions.$inferInsert>,
): Promise<QuestionRow> {
  const [row] = await db.update(programQuestions).set(patch).where(eq(programQuestions.id, id)).returning();
  return row!;
}

export async function deleteQuestion(db: Db, id: string): Promise<void> {
  await db.delete(programQuestions).where(eq(programQuestions.id, id));
}

export async function setPositions(db: Db, programId: string, ids: readonly string[]): Promise<void> {
  for (const [position, id] of ids.entries()) {
    await db
      .update(programQuestions)
      .set({ position })
      .where(and(eq(programQuestions.programId, programId), eq(programQuestions.id, id)));
  }
}
