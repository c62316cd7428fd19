import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { skills } from '../../db/schema.ts';

export type SkillRow = typeof skills.$inferSelect;

export async function listSkills(db: Db, organisationId: string): Promise<SkillRow[]> {
  return db
    .select()
    .from(skills)
    .where(eq(skills.organisationId, organisationId))
    .orderBy(asc(sql`lower(${skills.name})`));
}

/** Insert a skill; null when the organisation already has one of that name (any case). */
export async function insertSkill(
  db: Db,
  values: { organisationId: string; name: string; category: string | null },
): Promise<SkillRow | null> {
  const rows = await db.insert(skills).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function insertSkills(
  db: Db,
  organisationId: string,
  entries: readonly { name: string; category: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insert(skills)
    .values(entries.map((entry) => ({ organisationId, ...entry })))
    .onConflictDoNothing();
}

export async function deleteSkill(db: Db, organisationId: string, id: string): Promise<SkillRow | null> {
  const rows = await db
    .delete(skills)
    .where(and(eq(skills.organisationId, organisationId), eq(skills.id, id)))
    .returning();
  return rows[0] ?? null;
}
