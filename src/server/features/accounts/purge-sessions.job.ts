import type { AppContext } from '../../context.ts';
import type { RunningJob } from '../../jobs/job-queue.ts';
import { purgeSessionsAndAttempts, schedulePurgeSessions } from './accounts.service.ts';

/**
 * Job `purge_sessions`, daily: deletes expired and idle sessions and the sign-in and link attempts no limit looks
 * at any more, then queues the next run (unless one is already queued) in the same transaction.
 */
export async function purgeSessionsJob(ctx: AppContext, _job: RunningJob) {
  const purged = await purgeSessionsAndAttempts(ctx);
  return {
    ...purged,
    next: (await schedulePurgeSessions(ctx, { inMs: 24 * 3_600_000 })) ? 'queued' : 'already queued',
  };
}
