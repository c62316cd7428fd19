import { and, asc, eq, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { groupGoals, people } from '../../db/schema.ts';

export type GroupGoalRow = typeof groupGoals.$inferSelect;
export type GroupGoalWithCreator = GroupGoalRow & { creatorName: string | null };

const withCreator = { goal: groupGoals, creatorName: people.name };

export async function listGroupGoals(db: Db, groupId: string): Promise<GroupGoalWithCreator[]> {
  const rows = await db
    .select(withCreator)
    .from(groupGoals)
    .leftJoin(people, eq(people.id, groupGoals.createdByPersonId))
    .where(eq(groupGoals.groupId, groupId))
    .orderBy(asc(groupGoals.position), asc(groupGoals.createdAt), asc(groupGoals.id));
  return rows.map((row) => ({ ...row.goal, creatorName: row.creatorName }));
}

export async function findGroupGoal(db: Db, groupId: string, goalId: string) {
  const rows = await db
    .select(withCreator)
    .from(groupGoals)
    .leftJoin(people, eq(people.id, groupGoals.createdByPersonId))
    .where(and(eq(groupGoals.groupId, groupId), eq(groupGoals.id, goalId)))
    .limit(1);
  const row = rows[0];
  return row ? { ...row.goal, creatorName: row.creatorName } : null;
}

export async function nextGroupGoalPosition(db: Db, groupId: string): Promise<number> {
  const rows = await db
    .select({ last: max(groupGoals.position) })
    .from(groupGoals)
    .where(eq(groupGoals.groupId, groupId));
  return (rows[0]?.last ?? -1) + 1;
}

export async function insertGroupGoal(db: Db, values: typeof groupGoals.$inferInsert): Promise<GroupGoalRow> {
  const [row] = await db.insert(groupGoals).values(values).returning();
  return row!;
}

export async function updateGroupGoal(
  db: Db,
  goalId: string,
  values: Partial<typeof groupGoals.$inferInsert>,
): Promise<GroupGoalRow> {
  const [row] = await db.update(groupGoals).set(values).where(eq(groupGoals.id, goalId)).returning();
  return row!;
}

export async function deleteGroupGoal(db: Db, goalId: string): Promise<void> {
  await db.delete(groupGoals).where(eq(groupGoals.id, goalId));
}
