import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { AppContext } from '../context.ts';
import { type JobHandler, onJobEnqueued, type RunningJob } from './job-queue.ts';
import {
  claimNextJob,
  type JobRow,
  markJobDone,
  markJobFailed,
  requeueStaleJobs,
  updateJobProgress,
} from './jobs.repository.ts';

interface JobRunnerOptions {
  /** The job kinds this runner runs, by name: `main.ts` passes the application's (jobs/job-handlers.ts). */
  handlers: Record<string, JobHandler>;
  pollIntervalMs?: number;
  /** A running job whose lock is older than this is taken to be orphaned by a crash and requeued. */
  lockTimeoutMs?: number;
  /** Backoff of attempt n is min(baseMs × 2^n, maxMs). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface JobRunner {
  /** Finish the job in hand, then stop. */
  stop(): Promise<void>;
  readonly id: string;
}

export function retryDelayMs(attempt: number, baseMs = 5000, maxMs = 3_600_000): number {
  return Math.min(baseMs * 2 ** attempt, maxMs);
}

/** Poll the jobs table and run due jobs one at a time until stopped. */
export function startJobRunner(ctx: AppContext, options: JobRunnerOptions): JobRunner {
  const handlers = new Map<string, JobHandler>(Object.entries(options.handlers));
  const kinds = [...handlers.keys()];
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const lockTimeoutMs = options.lockTimeoutMs ?? 10 * 60_000;
  const runnerId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let stopping = false;
  let wake: (() => void) | null = null;
  let lastStaleCheck = 0;

  const wakeUp = () => wake?.();
  const stopWaking = onJobEnqueued(wakeUp);

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function runOne(job: JobRow): Promise<void> {
    const handler = handlers.get(job.kind)!;
    const running: RunningJob = {
      id: job.id,
      kind: job.kind,
      payload: job.payload,
      organisationId: job.organisationId,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      setProgress: (progress) =>
        updateJobProgress(ctx.db, { id: job.id, lockedBy: runnerId, now: ctx.now(), progress }),
    };
    try {
      const result = await handler(ctx, running);
      await markJobDone(ctx.db, { id: job.id, lockedBy: runnerId, now: ctx.now(), result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retry = job.attempts < job.maxAttempts;
      const retryAt = retry
        ? new Date(
            ctx.now().getTime() + retryDelayMs(job.attempts, options.backoffBaseMs, options.backoffMaxMs),
          )
        : null;
      ctx.log.warn(
        { jobId: job.id, kind: job.kind, attempt: job.attempts, err: error, retryAt },
        'job failed',
      );
      await markJobFailed(ctx.db, {
        id: job.id,
        lockedBy: runnerId,
        now: ctx.now(),
        error: message,
        retryAt,
      });
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      try {
        const now = ctx.now();
        if (Math.abs(now.getTime() - lastStaleCheck) >= Math.min(lockTimeoutMs, 60_000)) {
          lastStaleCheck = now.getTime();
          const requeued = await requeueStaleJobs(ctx.db, {
            lockedBefore: new Date(now.getTime() - lockTimeoutMs),
            now,
          });
          if (requeued > 0) ctx.log.warn({ requeued }, 'requeued jobs left running by a stopped runner');
        }
        const job = await claimNextJob(ctx.db, { kinds, now, lockedBy: runnerId });
        if (job) {
          await runOne(job);
          continue;
        }
      } catch (error) {
        // The database may be briefly unreachable; keep the runner alive and try again at the next poll.
        ctx.log.error({ err: error }, 'job runner could not poll the jobs table');
      }
      if (!stopping) await sleep(pollIntervalMs);
    }
  }

  const finished = loop();
  return {
    id: runnerId,
    stop: async () => {
      stopping = true;
      stopWaking();
      wake?.();
      await finished;
    },
  };
}
