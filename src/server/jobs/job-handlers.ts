import { purgeSessionsJob } from '../features/accounts/purge-sessions.job.ts';
import { closeFlashSessionsJob, flashTickJob } from '../features/flash/flash-jobs.ts';
import { deliverEmailJob } from '../features/mail/mail-delivery.ts';
import { matchRunJob } from '../features/match-runs/match-runs.service.ts';
import { emailNoticesJob, sendDigestsJob } from '../features/messages/messages.service.ts';
import { launchEmailJob } from '../features/messages/program-launch.service.ts';
import { messageTickJob } from '../features/nudges/nudges.service.ts';
import { expireRequestsJob } from '../features/requests/expire-requests.job.ts';
import { announceCheckInsJob } from '../features/surveys/surveys.service.ts';
import { bulkInvitationsJob } from '../features/users/bulk-invitations.service.ts';
import { databaseMaintenanceJob } from './database-maintenance.job.ts';
import type { JobHandler } from './job-queue.ts';

/** Every job kind the application runs, by name. Add a line here when a feature adds a kind. */
export const builtInJobHandlers: Record<string, JobHandler> = {
  announce_check_ins: announceCheckInsJob,
  bulk_invitations: bulkInvitationsJob,
  close_flash_sessions: closeFlashSessionsJob,
  database_maintenance: databaseMaintenanceJob,
  deliver_email: deliverEmailJob,
  email_notices: emailNoticesJob,
  expire_requests: expireRequestsJob,
  flash_tick: flashTickJob,
  match_run: matchRunJob,
  message_tick: messageTickJob,
  program_launch_email: launchEmailJob,
  purge_sessions: purgeSessionsJob,
  send_digests: sendDigestsJob,
};
