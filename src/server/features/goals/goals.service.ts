import type {
  CreateGoalInput,
  Goal,
  GoalChange,
  GoalsPage,
  NewMilestoneInput,
  UpdateGoalInput,
  UpdateMilestoneInput,
} from '../../../contracts/goals.contracts.ts';
import { AppError, invalidField, notFound } from '../../../core/errors.ts';
import {
  type GoalProgressMode,
  type GoalStatusValue,
  goalProgress,
  milestoneJustReached,
  nextGoalStatus,
} from '../../../core/workspace/goal-progress.ts';
import { requireActor } from '../../authorise.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import {
  markNotificationSeen,
  notifyPeople,
  unreadNotificationsAbout,
} from '../notifications/notifications.service.ts';
import { recordWorkspaceActivity, recordWorkspaceActivityOnce } from '../workspace/workspace.service.ts';
import { type PairWorkspace, workspaceForPair } from '../workspace/workspace-access.ts';
import * as repo from './goals.repository.ts';

/**
 * The pair's SMART goals with milestones (§6). Only the pair reads and writes them (workspaceForPair); a goal of
 * another pair is a 404. Reaching a milestone or finishing a goal is celebrated with both people.
 */

const MAX_GOALS = 50;
const MAX_MILESTONES = 50;
const MAX_CELEBRATIONS = 10;

function goalsLink(relationshipId: string) {
  return `/mentoring/relationships/${relationshipId}/goals`;
}

function toGoal(row: repo.GoalWithCreator, milestones: repo.MilestoneRow[]): Goal {
  const items = milestones.map((m) => ({
    id: m.id,
    title: m.title,
    dueOn: m.dueOn,
    reached: m.reachedAt !== null,
    reachedAt: m.reachedAt?.toISOString() ?? null,
    position: m.position,
  }));
  const status = row.status as GoalStatusValue;
  const progressMode = row.progressMode as GoalProgressMode;
  return {
    id: row.id,
    relationshipId: row.relationshipId,
    title: row.title,
    measurable: row.measurable,
    achievable: row.achievable,
    relevant: row.relevant,
    dueOn: row.dueOn,
    status,
    progressMode,
    progressPercent: row.progressPercent,
    progress: goalProgress({ status, progressMode, progressPercent: row.progressPercent, milestones: items }),
    milestones: items,
    createdBy: row.createdByPersonId
      ? { personId: row.createdByPersonId, name: row.creatorName ?? 'Someone' }
      : null,
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function loadGoal(db: Db, goalId: string): Promise<Goal> {
  const row = await repo.findGoalWithCreator(db, goalId);
  if (!row) throw notFound('Goal');
  return toGoal(row, await repo.milestonesOf(db, [goalId]));
}

export async function listGoals(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  query: { page: number; pageSize: number },
): Promise<GoalsPage> {
  const workspace = await workspaceForPair(ctx, actor, relationshipId, 'read');
  const { rows, total } = await repo.listGoals(
    ctx.db,
    workspace.relationshipId,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  const milestones = await repo.milestonesOf(
    ctx.db,
    rows.map((row) => row.id),
  );
  const celebrations = await unreadNotificationsAbout(ctx.db, {
    organisationId: workspace.organisationId,
    personId: workspace.personId,
    relationshipId: workspace.relationshipId,
    kind: 'celebration',
    limit: MAX_CELEBRATIONS,
  });
  return {
    items: rows.map((row) =>
      toGoal(
        row,
        milestones.filter((m) => m.goalId === row.id),
      ),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
    celebrations: celebrations.map((c) => ({
      notificationId: c.id,
      title: c.title,
      body: c.body,
      createdAt: c.createdAt.toISOString(),
    })),
    readOnly: workspace.readOnly,
  };
}

function milestoneRows(
  workspace: PairWorkspace,
  goalId: string,
  inputs: NewMilestoneInput[],
  firstPosition: number,
  now: Date,
) {
  return inputs.map((m, index) => ({
    organisationId: workspace.organisationId,
    goalId,
    title: m.title,
    dueOn: m.dueOn ?? null,
    position: firstPosition + index,
    createdAt: now,
  }));
}

export async function createGoal(
  ctx: AppContext,
  actor: Actor | null,
  relationshipId: string,
  input: CreateGoalInput,
): Promise<GoalChange> {
  const workspace = await workspaceForPair(ctx, actor, relationshipId, 'write');
  const goalId = await ctx.db.transaction(async (tx) => {
    const position = await repo.nextGoalPosition(tx, workspace.relationshipId);
    if (position >= MAX_GOALS) {
      const { total } = await repo.listGoals(tx, workspace.relationshipId, 1, 0);
      if (total >= MAX_GOALS) {
        throw new AppError(
          'conflict',
          `A pair can keep at most ${MAX_GOALS} goals: remove one you no longer need`,
        );
      }
    }
    const now = ctx.now();
    const goal = await repo.insertGoal(tx, {
      organisationId: workspace.organisationId,
      relationshipId: workspace.relationshipId,
      title: input.title,
      measurable: input.measurable,
      achievable: input.achievable,
      relevant: input.relevant,
      dueOn: input.dueOn ?? null,
      progressMode: input.progressMode,
      position,
      createdByPersonId: workspace.personId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertMilestones(tx, milestoneRows(workspace, goal.id, input.milestones, 0, now));
    await recordWorkspaceActivity(tx, [
      {
        organisationId: workspace.organisationId,
        relationshipId: workspace.relationshipId,
        actorPersonId: workspace.personId,
        kind: 'goal_added',
        summary: `${workspace.actor.name} added the goal “${goal.title}”`,
        subjectId: goal.id,
        at: now,
      },
    ]);
    return goal.id;
  });
  return { goal: await loadGoal(ctx.db, goalId), celebrate: null };
}

/** The goal and the caller's place in its pair; a goal of another pair (or organisation) is a 404. */
async function goalForPair(ctx: AppContext, actor: Actor | null, goalId: string, mode: 'read' | 'write') {
  const me = requireActor(actor);
  const goal = await repo.findGoal(ctx.db, me.organisationId, goalId);
  if (!goal) throw notFound('Goal');
  const workspace = await workspaceForPair(ctx, me, goal.relationshipId, mode);
  return { goal, workspace };
}

/**
 * Celebrate with both people, once per milestone or goal: a line on the pair's timeline and a notification each.
 * Unticked and ticked again (or reopened and done again), it is not reached twice: false then, and nothing is added.
 */
async function celebrate(
  tx: Db,
  workspace: PairWorkspace,
  event: {
    kind: 'milestone_reached' | 'goal_done';
    subjectId: string;
    title: string;
    body: string;
    summary: string;
  },
  now: Date,
): Promise<boolean> {
  const first = await recordWorkspaceActivityOnce(tx, {
    organisationId: workspace.organisationId,
    relationshipId: workspace.relationshipId,
    actorPersonId: workspace.personId,
    kind: event.kind,
    summary: event.summary,
    subjectId: event.subjectId,
    at: now,
  });
  if (!first) return false;
  const key = (personId: string) => `celebration:${event.kind}:${event.subjectId}:${personId}`;
  await notifyPeople(
    tx,
    [workspace.personId, workspace.partnerPersonId].map((personId) => ({
      organisationId: workspace.organisationId,
      personId,
      kind: 'celebration',
      title: event.title,
      body: event.body,
      link: goalsLink(workspace.relationshipId),
      relationshipId: workspace.relationshipId,
      dedupeKey: key(personId),
      // The one who did it sees it on screen; only the partner gets it by email.
      email: personId === workspace.personId ? (false as const) : { programId: workspace.programId },
    })),
  );
  // The one who did it sees the celebration on screen right away; their copy stays in the bell, already read.
  await markNotificationSeen(tx, workspace.organisationId, key(workspace.personId), now);
  return true;
}

async function celebrateGoalDone(
  tx: Db,
  workspace: PairWorkspace,
  goal: { id: string; title: string },
  now: Date,
): Promise<boolean> {
  return celebrate(
    tx,
    workspace,
    {
      kind: 'goal_done',
      subjectId: goal.id,
      title: `Goal achieved: ${goal.title}`,
      body: `${workspace.actor.name} marked this goal done. Well done, both of you!`,
      summary: `${workspace.actor.name} marked the goal “${goal.title}” done`,
    },
    now,
  );
}

/** Recompute the goal's status after its milestones or progress changed (not started → on track). */
async function settleStatus(tx: Db, goal: repo.GoalRow, requested: GoalStatusValue | undefined, now: Date) {
  const milestones = await repo.milestonesOf(tx, [goal.id]);
  const progressAfter = goalProgress({
    status: 'on_track',
    progressMode: goal.progressMode as GoalProgressMode,
    progressPercent: goal.progressPercent,
    milestones: milestones.map((m) => ({ reached: m.reachedAt !== null })),
  });
  return nextGoalStatus({
    current: goal.status as GoalStatusValue,
    completedAt: goal.completedAt,
    requested,
    progressAfter,
    now,
  });
}

export async function updateGoal(
  ctx: AppContext,
  actor: Actor | null,
  goalId: string,
  input: UpdateGoalInput,
): Promise<GoalChange> {
  const { workspace } = await goalForPair(ctx, actor, goalId, 'write');
  const justDone = await ctx.db.transaction(async (tx) => {
    const locked = await repo.lockGoal(tx, goalId);
    if (!locked) throw notFound('Goal');
    const progressMode = input.progressMode ?? (locked.progressMode as GoalProgressMode);
    if (input.progressPercent !== undefined && progressMode !== 'percent') {
      throw invalidField('body.progressPercent', 'is only used when progress is tracked as a percentage');
    }
    const now = ctx.now();
    const next = {
      ...locked,
      progressMode,
      progressPercent: input.progressPercent ?? locked.progressPercent,
    };
    const status = await settleStatus(tx, next, input.status, now);
    await repo.updateGoal(tx, goalId, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.measurable !== undefined ? { measurable: input.measurable } : {}),
      ...(input.achievable !== undefined ? { achievable: input.achievable } : {}),
      ...(input.relevant !== undefined ? { relevant: input.relevant } : {}),
      ...(input.dueOn !== undefined ? { dueOn: input.dueOn } : {}),
      progressMode,
      progressPercent: next.progressPercent,
      status: status.status,
      completedAt: status.completedAt,
      updatedAt: now,
    });
    return (
      status.justDone &&
      (await celebrateGoalDone(tx, workspace, { id: goalId, title: input.title ?? locked.title }, now))
    );
  });
  return { goal: await loadGoal(ctx.db, goalId), celebrate: justDone ? 'goal_done' : null };
}

export async function deleteGoal(ctx: AppContext, actor: Actor | null, goalId: string): Promise<void> {
  const { goal } = await goalForPair(ctx, actor, goalId, 'write');
  await repo.deleteGoal(ctx.db, goal.id);
}

export async function addMilestone(
  ctx: AppContext,
  actor: Actor | null,
  goalId: string,
  input: NewMilestoneInput,
): Promise<GoalChange> {
  const { workspace } = await goalForPair(ctx, actor, goalId, 'write');
  await ctx.db.transaction(async (tx) => {
    const locked = await repo.lockGoal(tx, goalId);
    if (!locked) throw notFound('Goal');
    const existing = await repo.milestonesOf(tx, [goalId]);
    if (existing.length >= MAX_MILESTONES) {
      throw new AppError('conflict', `A goal can have at most ${MAX_MILESTONES} milestones`);
    }
    const now = ctx.now();
    const position = await repo.nextMilestonePosition(tx, goalId);
    await repo.insertMilestones(tx, milestoneRows(workspace, goalId, [input], position, now));
    await repo.updateGoal(tx, goalId, { updatedAt: now });
  });
  return { goal: await loadGoal(ctx.db, goalId), celebrate: null };
}

export async function updateMilestone(
  ctx: AppContext,
  actor: Actor | null,
  goalId: string,
  milestoneId: string,
  input: UpdateMilestoneInput,
): Promise<GoalChange> {
  const { workspace } = await goalForPair(ctx, actor, goalId, 'write');
  const reached = await ctx.db.transaction(async (tx) => {
    const locked = await repo.lockGoal(tx, goalId);
    if (!locked) throw notFound('Goal');
    const milestone = await repo.findMilestone(tx, goalId, milestoneId);
    if (!milestone) throw notFound('Milestone');
    const now = ctx.now();
    const justReached = milestoneJustReached(milestone, input.reached);
    await repo.updateMilestone(tx, milestoneId, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.dueOn !== undefined ? { dueOn: input.dueOn } : {}),
      ...(input.reached === false ? { reachedAt: null } : {}),
      ...(justReached ? { reachedAt: now } : {}),
    });
    const status = await settleStatus(tx, locked, undefined, now);
    await repo.updateGoal(tx, goalId, {
      status: status.status,
      completedAt: status.completedAt,
      updatedAt: now,
    });
    if (justReached) {
      const title = input.title ?? milestone.title;
      return celebrate(
        tx,
        workspace,
        {
          kind: 'milestone_reached',
          subjectId: milestoneId,
          title: `Milestone reached: ${title}`,
          body: `${workspace.actor.name} ticked off a milestone of “${locked.title}”. One step closer!`,
          summary: `${workspace.actor.name} reached the milestone “${title}” of “${locked.title}”`,
        },
        now,
      );
    }
    return false;
  });
  return { goal: await loadGoal(ctx.db, goalId), celebrate: reached ? 'milestone_reached' : null };
}

export async function deleteMilestone(
  ctx: AppContext,
  actor: Actor | null,
  goalId: string,
  milestoneId: string,
): Promise<GoalChange> {
  await goalForPair(ctx, actor, goalId, 'write');
  await ctx.db.transaction(async (tx) => {
    const locked = await repo.lockGoal(tx, goalId);
    if (!locked) throw notFound('Goal');
    const milestone = await repo.findMilestone(tx, goalId, milestoneId);
    if (!milestone) throw notFound('Milestone');
    await repo.deleteMilestone(tx, milestoneId);
    await repo.updateGoal(tx, goalId, { updatedAt: ctx.now() });
  });
  return { goal: await loadGoal(ctx.db, goalId), celebrate: null };
}
