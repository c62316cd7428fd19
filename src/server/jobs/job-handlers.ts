import { purgeSessionsJob } from '../features/accounts/purge-sessions.job.ts';
import { deliverEmailJob } from '../features/mail/mail-delivery.ts';
import { matchRunJob } from '../features/match-runs/match-runs.service.ts';
import { expireRequestsJob } from '../features/requests/expire-requests.job.ts';
import type { JobHandler } from './job-queue.ts';

/** Every job kind the application runs, by name. Add a line here when a feature adds a kind. */
export const builtInJobHandlers: Record<string, JobHandler> = {
  deliver_email: deliverEmailJob,
  expire_requests: expireRequestsJob,
  match_run: matchRunJob,
  purge_sessions: purgeSessionsJob,
};
