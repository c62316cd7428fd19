import type {
  CreateGroupGoalInput,
  GroupGoal,
  GroupGoalsPage,
  UpdateGroupGoalInput,
} from '../../../contracts/group-workspace.contracts.ts';
import type { GoalStatus } from '../../../contracts/workspace-shapes.contracts.ts';
import { notFound } from '../../../core/errors.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { groupForMember, lockedGroupForMember } from '../groups/group-access.ts';
import * as repo from './group-goals.repository.ts';

/**
 * Goals of the whole group (issue 14): any current member adds, edits and completes them; progress is a percent
 * set by hand. Each mentee's own goals stay on their relationship with the mentor (the pair goals routes).
 */

function toGroupGoal(row: repo.GroupGoalWithCreator): GroupGoal {
  return {
    id: row.id,
    groupId: row.groupId,
    title: row.title,
    measurable: row.measurable,
    dueOn: row.dueOn,
    status: row.status as GoalStatus,
    progressPercent: row.progressPercent,
    createdBy: row.createdByPersonId
      ? { personId: row.createdByPersonId, name: row.creatorName ?? 'Someone' }
      : null,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** For the group's overview (the caller has authorised the group already). */
export async function groupGoalsOf(db: Db, groupId: string): Promise<GroupGoal[]> {
  return (await repo.listGroupGoals(db, groupId)).map(toGroupGoal);
}

export async function listGroupGoals(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
): Promise<GroupGoalsPage> {
  const ws = await groupForMember(ctx, actor, groupId, 'read');
  return { items: await groupGoalsOf(ctx.db, ws.groupId), readOnly: ws.readOnly };
}

export async function createGroupGoal(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  input: CreateGroupGoalInput,
): Promise<GroupGoal> {
  await groupForMember(ctx, actor, groupId, 'write');
  return ctx.db.transaction(async (tx) => {
    const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
    const now = ctx.now();
    const row = await repo.insertGroupGoal(tx, {
      organisationId: ws.organisationId,
      groupId: ws.groupId,
      title: input.title,
      measurable: input.measurable,
      dueOn: input.dueOn ?? null,
      position: await repo.nextGroupGoalPosition(tx, ws.groupId),
      createdByPersonId: ws.personId,
      createdAt: now,
      updatedAt: now,
    });
    return toGroupGoal({ ...row, creatorName: ws.actor.name });
  });
}

export async function updateGroupGoal(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  goalId: string,
  input: UpdateGroupGoalInput,
): Promise<GroupGoal> {
  await groupForMember(ctx, actor, groupId, 'write');
  return ctx.db.transaction(async (tx) => {
    const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
    const goal = await repo.findGroupGoal(tx, ws.groupId, goalId);
    if (!goal) throw notFound('Goal');
    const now = ctx.now();
    const status = input.status ?? goal.status;
    const progressPercent = status === 'done' ? 100 : (input.progressPercent ?? goal.progressPercent);
    const updated = await repo.updateGroupGoal(tx, goal.id, {
      title: input.title ?? goal.title,
      measurable: input.measurable ?? goal.measurable,
      dueOn: input.dueOn !== undefined ? input.dueOn : goal.dueOn,
      status,
      progressPercent,
      completedAt: status === 'done' ? (goal.completedAt ?? now) : null,
      updatedAt: now,
    });
    return toGroupGoal({ ...updated, creatorName: goal.creatorName });
  });
}

export async function deleteGroupGoal(
  ctx: AppContext,
  actor: Actor | null,
  groupId: string,
  goalId: string,
): Promise<void> {
  await groupForMember(ctx, actor, groupId, 'write');
  await ctx.db.transaction(async (tx) => {
    const ws = await lockedGroupForMember(ctx, actor, groupId, tx);
    const goal = await repo.findGroupGoal(tx, ws.groupId, goalId);
    if (!goal) throw notFound('Goal');
    await repo.deleteGroupGoal(tx, goal.id);
  });
}
