import type { AppContext } from '../../context.ts';
import type { RunningJob } from '../../jobs/job-queue.ts';
import { expireDueRequests } from './requests.service.ts';

/**
 * Job `expire_requests`: queued at each request's deadline; expires whatever is due in its organisation (so a
 * missed or retried job catches up).
 */
export async function expireRequestsJob(ctx: AppContext, job: RunningJob) {
  return { expired: await expireDueRequests(ctx, job.organisationId) };
}
