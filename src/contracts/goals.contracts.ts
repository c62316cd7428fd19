import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';
import { goalProgressModes, goalStatuses, plainDate } from './workspace-shapes.contracts.ts';

const milestone = z.object({
  id: z.uuid(),
  title: z.string(),
  dueOn: plainDate.nullable(),
  reached: z.boolean(),
  reachedAt: isoDateTime.nullable(),
  position: z.number().int(),
});
export type Milestone = z.infer<typeof milestone>;

const goal = z.object({
  id: z.uuid(),
  relationshipId: z.uuid(),
  /** Specific: what exactly the mentee wants to achieve. */
  title: z.string(),
  measurable: z.string(),
  achievable: z.string(),
  relevant: z.string(),
  /** Time-bound. */
  dueOn: plainDate.nullable(),
  status: z.enum(goalStatuses),
  progressMode: z.enum(goalProgressModes),
  /** Set by hand in `percent` mode. */
  progressPercent: z.number().int(),
  /** What the progress bar shows: 0–100. */
  progress: z.number().int(),
  milestones: z.array(milestone),
  createdBy: z.object({ personId: z.uuid(), name: z.string() }).nullable(),
  completedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Goal = z.infer<typeof goal>;

/** A celebration the partner has not seen yet (an unread `celebration` notification of this relationship). */
const celebration = z.object({
  notificationId: z.uuid(),
  title: z.string(),
  body: z.string(),
  createdAt: isoDateTime,
});
export type Celebration = z.infer<typeof celebration>;

export const goalsQuery = z.strictObject({
  ...paginationQuery,
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export const goalsPage = z.object({
  items: z.array(goal),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Unread celebrations for the caller in this relationship, newest first (at most 10). */
  celebrations: z.array(celebration),
  readOnly: z.boolean(),
});
export type GoalsPage = z.infer<typeof goalsPage>;

const title = z.string().trim().min(1, 'is required').max(200);
const smartText = z.string().trim().max(2000);
const milestoneTitle = z.string().trim().min(1, 'is required').max(200);

export const newMilestoneInput = z.strictObject({
  title: milestoneTitle,
  dueOn: plainDate.nullable().optional(),
});

export const createGoalInput = z.strictObject({
  title,
  measurable: smartText.default(''),
  achievable: smartText.default(''),
  relevant: smartText.default(''),
  dueOn: plainDate.nullable().optional(),
  progressMode: z.enum(goalProgressModes).default('milestones'),
  milestones: z.array(newMilestoneInput).max(50).default([]),
});
export type CreateGoalInput = z.infer<typeof createGoalInput>;
export type CreateGoalRequest = z.input<typeof createGoalInput>;

export const updateGoalInput = z.strictObject({
  title: title.optional(),
  measurable: smartText.optional(),
  achievable: smartText.optional(),
  relevant: smartText.optional(),
  dueOn: plainDate.nullable().optional(),
  status: z.enum(goalStatuses).optional(),
  progressMode: z.enum(goalProgressModes).optional(),
  progressPercent: z.number().int().min(0).max(100).optional(),
});
export type UpdateGoalInput = z.infer<typeof updateGoalInput>;

export const updateMilestoneInput = z.strictObject({
  title: milestoneTitle.optional(),
  dueOn: plainDate.nullable().optional(),
  reached: z.boolean().optional(),
});
export type UpdateMilestoneInput = z.infer<typeof updateMilestoneInput>;
export type NewMilestoneInput = z.infer<typeof newMilestoneInput>;

export const milestoneParams = z.strictObject({ id: z.uuid(), milestoneId: z.uuid() });

/** A change's result, plus what the caller should celebrate right away (null when nothing). */
export const goalChange = z.object({
  goal,
  celebrate: z.enum(['milestone_reached', 'goal_done']).nullable(),
});
export type GoalChange = z.infer<typeof goalChange>;
