/**
 * How far a mentee's goal has come, and what a change to it means. Pure: the goals service feeds it rows and
 * stores what it returns.
 */

export type GoalStatusValue = 'not_started' | 'on_track' | 'at_risk' | 'done' | 'dropped';
export type GoalProgressMode = 'percent' | 'milestones';

interface GoalProgressInput {
  status: GoalStatusValue;
  progressMode: GoalProgressMode;
  /** Only read in `percent` mode. */
  progressPercent: number;
  milestones: readonly { reached: boolean }[];
}

/** The goal's progress, 0–100: a done goal is 100; else the hand-set percent or the share of reached milestones. */
export function goalProgress(goal: GoalProgressInput): number {
  if (goal.status === 'done') return 100;
  if (goal.progressMode === 'percent') return clampPercent(goal.progressPercent);
  const total = goal.milestones.length;
  if (total === 0) return 0;
  const reached = goal.milestones.filter((m) => m.reached).length;
  return Math.round((reached / total) * 100);
}

/** A whole number in 0–100 (anything else is rounded and clamped). */
export function clampPercent(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(100, Math.max(0, Math.round(value)));
}

interface GoalStatusChange {
  status: GoalStatusValue;
  completedAt: Date | null;
  /** True when this change finished the goal: time to celebrate. */
  justDone: boolean;
}

/**
 * The goal's status after a change. Marking it done stamps completedAt (once); leaving done clears it. A goal that
 * was not started and now shows progress moves to on track by itself, unless the caller set a status explicitly.
 */
export function nextGoalStatus(input: {
  current: GoalStatusValue;
  completedAt: Date | null;
  requested?: GoalStatusValue | undefined;
  progressAfter: number;
  now: Date;
}): GoalStatusChange {
  let status = input.requested ?? input.current;
  if (input.requested === undefined && status === 'not_started' && input.progressAfter > 0)
    status = 'on_track';
  if (status === 'done') {
    const wasDone = input.current === 'done';
    return {
      status,
      completedAt: wasDone ? (input.completedAt ?? input.now) : input.now,
      justDone: !wasDone,
    };
  }
  return { status, completedAt: null, justDone: false };
}

/** Whether a milestone change is a newly reached milestone (celebrate) — un-ticking or re-saving is not. */
export function milestoneJustReached(
  before: { reachedAt: Date | null },
  reachedAfter: boolean | undefined,
): boolean {
  return reachedAfter === true && before.reachedAt === null;
}
