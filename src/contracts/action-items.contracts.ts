import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';
import { plainDate } from './workspace-shapes.contracts.ts';

/** Action items of a pair (§6): one owner of the two, an optional due date, attached to a meeting or to the pair. */

export const actionItem = z.object({
  id: z.uuid(),
  relationshipId: z.uuid(),
  meetingId: z.uuid().nullable(),
  meetingTitle: z.string().nullable(),
  title: z.string(),
  owner: z.object({ personId: z.uuid(), name: z.string() }).nullable(),
  dueOn: plainDate.nullable(),
  done: z.boolean(),
  doneAt: isoDateTime.nullable(),
  createdBy: z.object({ personId: z.uuid(), name: z.string() }).nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ActionItem = z.infer<typeof actionItem>;

const actionItemStatuses = ['open', 'done', 'all'] as const;

export const actionItemsQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(actionItemStatuses).default('all'),
  meetingId: z.uuid().optional(),
});
export type ActionItemsQuery = z.infer<typeof actionItemsQuery>;

export const actionItemsPage = z.object({
  items: z.array(actionItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  readOnly: z.boolean(),
});
export type ActionItemsPage = z.infer<typeof actionItemsPage>;

const title = z.string().trim().min(1, 'is required').max(300);

export const createActionItemInput = z.strictObject({
  title,
  /** The mentor or the mentee of the pair. */
  ownerPersonId: z.uuid(),
  dueOn: plainDate.nullable().optional(),
  meetingId: z.uuid().nullable().optional(),
});
export type CreateActionItemInput = z.infer<typeof createActionItemInput>;

export const updateActionItemInput = z.strictObject({
  title: title.optional(),
  ownerPersonId: z.uuid().optional(),
  dueOn: plainDate.nullable().optional(),
  done: z.boolean().optional(),
});
export type UpdateActionItemInput = z.infer<typeof updateActionItemInput>;
