import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { builtInJobHandlers } from './job-handlers.ts';
import {
  claimNextJob,
  insertJob,
  type JobRow,
  markJobDone,
  markJobFailed,
  requeueStaleJobs,
  updateJobProgress,
} from './jobs.repository.ts';

/** What a handler sees of the job it runs. */
export interface RunningJob {
  id: number;
  kind: string;
  payload: unknown;
  organisationId: string | null;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
  /** Store progress for the UI and renew the lock; call it at least every few minutes in a long job. */
  setProgress(progress: unknown): Promise<void>;
}

/** Runs one job; throw to fail the attempt (it is retried with backoff), return a JSON value to store as result. */
export type JobHandler = (ctx: AppContext, job: RunningJob) => Promise<unknown>;

const registeredHandlers = new Map<string, JobHandler>();

/** Add a job kind for every runner started afterwards (built-in kinds are listed in job-handlers.ts). */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  registeredHandlers.set(kind, handler);
}

export interface EnqueueJobInput {
  kind: string;
  payload?: unknown;
  organisationId?: string | null;
  /**
   * When the job becomes due. Pass `ctx.now()` for "as soon as possible": the runner compares with the app's
   * clock, so a test that holds the clock still would not see a job stamped with the wall clock. Defaults to the
   * wall clock.
   */
  runAt?: Date;
  maxAttempts?: number;
}

const wakeUps = new Set<() => void>();

/**
 * Add a job in the caller's transaction: it runs only if the transaction commits, and survives restarts
 * because it is a row. Runners in this process are woken at once; others find it at their next poll.
 */
export async function enqueueJob(tx: Db, input: EnqueueJobInput): Promise<JobRow> {
  const row = await insertJob(tx, { ...input, runAt: input.runAt ?? new Date() });
  // The row is visible only once the caller commits, a moment from now: wake the runners twice.
  for (const delay of [5, 100]) {
    setTimeout(() => {
      for (const wake of wakeUps) wake();
    }, delay).unref();
  }
  return row;
}

export interface JobRunnerOptions {
  /** Extra or replacement handlers for this runner (tests use this). */
  handlers?: Record<string, JobHandler>;
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
export function startJobRunner(ctx: AppContext, options: JobRunnerOptions = {}): JobRunner {
  const handlers = new Map<string, JobHandler>([
    ...Object.entries(builtInJobHandlers),
    ...registeredHandlers,
    ...Object.entries(options.handlers ?? {}),
  ]);
  const kinds = [...handlers.keys()];
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const lockTimeoutMs = options.lockTimeoutMs ?? 10 * 60_000;
  const runnerId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let stopping = false;
  let wake: (() => void) | null = null;
  let lastStaleCheck = 0;

  const wakeUp = () => wake?.();
  wakeUps.add(wakeUp);

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
      wakeUps.delete(wakeUp);
      wake?.();
      await finished;
    },
  };
}
