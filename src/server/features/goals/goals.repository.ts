import { and, asc, count, eq, inArray, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { goalMilestones, goals, people } from '../../db/schema.ts';

export type GoalRow = typeof goals.$inferSelect;
export type MilestoneRow = typeof goalMilestones.$inferSelect;
export type GoalWithCreator = GoalRow & { creatorName: string | null };

/** A page of the pair's goals in their order, with who created each. */
export async function listGoals(
  db: Db,
  relationshipId: string,
  limit: number,
  offset: number,
): Promise<{ rows: GoalWithCreator[]; total: number }> {
  const where = eq(goals.relationshipId, relationshipId);
  const [rows, [totals]] = await Promise.all([
    db
      .select({ goal: goals, creatorName: people.name })
      .from(goals)
      .leftJoin(people, eq(people.id, goals.createdByPersonId))
      .where(where)
      .orderBy(asc(goals.position), asc(goals.createdAt), asc(goals.id))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(goals).where(where),
  ]);
  return {
    rows: rows.map((row) => ({ ...row.goal, creatorName: row.creatorName })),
    total: Number(totals?.total ?? 0),
  };
}

export async function findGoalWithCreator(db: Db, goalId: string): Promise<GoalWithCreator | null> {
  const rows = await db
    .select({ goal: goals, creatorName: people.name })
    .from(goals)
    .leftJoin(people, eq(people.id, goals.createdByPersonId))
    .where(eq(goals.id, goalId))
    .limit(1);
  const row = rows[0];
  return row ? { ...row.goal, creatorName: row.creatorName } : null;
}

/** The goal, if it belongs to the organisation (the caller's relationship is checked by the service). */
export async function findGoal(db: Db, organisationId: string, goalId: string): Promise<GoalRow | null> {
  const rows = await db
    .select()
    .from(goals)
    .where(and(eq(goals.organisationId, organisationId), eq(goals.id, goalId)))
    .limit(1);
  return rows[0] ?? null;
}

/** The goal locked until the transaction ends: milestone ticks and status changes of one goal queue up. */
export async function lockGoal(db: Db, goalId: string): Promise<GoalRow | null> {
  const rows = await db.select().from(goals).where(eq(goals.id, goalId)).for('update');
  return rows[0] ?? null;
}

export async function milestonesOf(db: Db, goalIds: string[]): Promise<MilestoneRow[]> {
  if (goalIds.length === 0) return [];
  return db
    .select()
    .from(goalMilestones)
    .where(inArray(goalMilestones.goalId, goalIds))
    .orderBy(asc(goalMilestones.position), asc(goalMilestones.createdAt), asc(goalMilestones.id));
}

export async function nextGoalPosition(db: Db, relationshipId: string): Promise<number> {
  const [row] = await db
    .select({ last: max(goals.position) })
    .from(goals)
    .where(eq(goals.relationshipId, relationshipId));
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

export async function nextMilestonePosition(db: Db, goalId: string): Promise<number> {
  const [row] = await db
    .select({ last: max(goalMilestones.position) })
    .from(goalMilestones)
    .where(eq(goalMilestones.goalId, goalId));
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

export async function insertGoal(db: Db, values: typeof goals.$inferInsert): Promise<GoalRow> {
  const [row] = await db.insert(goals).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateGoal(db: Db, goalId: string, values: Partial<typeof goals.$inferInsert>) {
  await db.update(goals).set(values).where(eq(goals.id, goalId));
}

export async function deleteGoal(db: Db, goalId: string) {
  await db.delete(goals).where(eq(goals.id, goalId));
}

export async function insertMilestones(db: Db, rows: (typeof goalMilestones.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(goalMilestones).values(rows).returning();
}

export async function findMilestone(
  db: Db,
  goalId: string,
  milestoneId: string,
): Promise<MilestoneRow | null> {
  const rows = await db
    .select()
    .from(goalMilestones)
    .where(and(eq(goalMilestones.goalId, goalId), eq(goalMilestones.id, milestoneId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function updateMilestone(
  db: Db,
  milestoneId: string,
  values: Partial<typeof goalMilestones.$inferInsert>,
) {
  await db.update(goalMilestones).set(values).where(eq(goalMilestones.id, milestoneId));
}

export async function deleteMilestone(db: Db, milestoneId: string) {
  await db.delete(goalMilestones).where(eq(goalMilestones.id, milestoneId));
}
