import { z } from 'zod';
import { isoDateTime, paginationQuery } from './common.ts';
import { resourceAudiences, resourceKinds } from './workspace-shapes.contracts.ts';

/** A program's library (§6): guides, discussion prompts and mentor training modules, Markdown or a link. */

const resourceKind = z.enum(resourceKinds);
export type ResourceKind = z.infer<typeof resourceKind>;
const resourceAudience = z.enum(resourceAudiences);
export type ResourceAudience = z.infer<typeof resourceAudience>;

export const RESOURCE_BODY_MAX = 50_000;

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https link' })
  .max(2000)
  .describe('An http or https link');

const title = z.string().trim().min(1, 'is required').max(200);
const body = z.string().trim().max(RESOURCE_BODY_MAX).describe('Markdown (no raw HTML is rendered)');
const url = z.union([httpUrl, z.literal('').transform(() => null), z.null()]);

export const createResourceInput = z.strictObject({
  kind: resourceKind,
  title,
  body: body.default(''),
  url: url.optional(),
  audience: resourceAudience.default('both'),
});
export type CreateResourceInput = z.infer<typeof createResourceInput>;

export const updateResourceInput = z.strictObject({
  kind: resourceKind.optional(),
  title: title.optional(),
  body: body.optional(),
  url: url.optional(),
  audience: resourceAudience.optional(),
});
export type UpdateResourceInput = z.infer<typeof updateResourceInput>;

export const programResourcesQuery = z.strictObject({
  ...paginationQuery,
  kind: resourceKind.optional(),
});
export type ProgramResourcesQuery = z.infer<typeof programResourcesQuery>;

/** One resource as the caller sees it: `done` is the caller's own completion; staff also get the count. */
export const programResource = z.object({
  id: z.uuid(),
  programId: z.uuid(),
  kind: resourceKind,
  title: z.string(),
  body: z.string(),
  url: z.string().nullable(),
  audience: resourceAudience,
  position: z.number().int(),
  done: z.boolean(),
  completedAt: isoDateTime.nullable(),
  /** Staff only: how many people marked it done (null for participants). */
  completionCount: z.number().int().nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type ProgramResource = z.infer<typeof programResource>;

export const programResourcesPage = z.object({
  items: z.array(programResource),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** `staff` see every resource with completion counts; participants see those for their role(s). */
  viewer: z.enum(['staff', 'participant']),
  /** The caller's roles in the program (empty for staff who take no part). */
  roles: z.array(z.enum(['mentor', 'mentee'])),
});
export type ProgramResourcesPage = z.infer<typeof programResourcesPage>;
