import { z } from 'zod';
import { isoDateTime } from './common.ts';

/**
 * A bulk action sent by a background job (bulk invitations, a program's launch email): where it stands. Each
 * feature's own schema extends this one with what it adds.
 */
export const jobProgress = z.object({
  id: z.number().int(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  /** People reached so far (invited, or told). */
  sent: z.number().int(),
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  /** Why it stopped, for a person; null unless it did. */
  error: z.string().nullable(),
});
export type JobProgress = z.infer<typeof jobProgress>;
