import type { AppContext } from '../../context.ts';
import { enqueueJobUnlessQueued, type RunningJob } from '../../jobs/job-queue.ts';
import { closeDueFlashSessions, FLASH_TICK_JOB, topUpAllPatterns } from './flash.service.ts';

/**
 * Job `close_flash_sessions`: queued when a flash session is booked (for its closing deadline) and whenever one side
 * rates the session; closes whatever is due in its organisation, so a missed or retried job catches up.
 */
export async function closeFlashSessionsJob(ctx: AppContext, job: RunningJob) {
  return { closed: await closeDueFlashSessions(ctx, job.organisationId) };
}

const tickEveryMs = 6 * 3_600_000;

/** Make sure the recurring `flash_tick` job is queued (at start-up and by each run), once however many processes. */
export async function scheduleFlashTick(ctx: AppContext, options: { inMs?: number } = {}): Promise<boolean> {
  const runAt = new Date(ctx.now().getTime() + (options.inMs ?? 0));
  const job = await ctx.db.transaction((tx) =>
    enqueueJobUnlessQueued(tx, { kind: FLASH_TICK_JOB, runAt, maxAttempts: 3 }),
  );
  return job !== null;
}

/**
 * Job `flash_tick`, every six hours: keep every weekly pattern expanded six weeks ahead, and close the flash
 * sessions that are due (a safety net for a lost closing job), then queue the next run.
 */
export async function flashTickJob(ctx: AppContext, _job: RunningJob) {
  const next = await scheduleFlashTick(ctx, { inMs: tickEveryMs });
  const added = await topUpAllPatterns(ctx);
  const closed = await closeDueFlashSessions(ctx);
  return { added, closed, next: next ? 'queued' : 'already queued' };
}
