import type { JobProgress } from '../../contracts/jobs.contracts.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import {
  advanceQueuedJob,
  findLatestJob,
  hasQueuedJob,
  insertJob,
  type JobRow,
  lockJobKind,
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

interface EnqueueJobInput {
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

/** Call `wake` whenever a job is enqueued in this process; returns the function that stops it. */
export function onJobEnqueued(wake: () => void): () => void {
  wakeUps.add(wake);
  return () => wakeUps.delete(wake);
}

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

/**
 * Add a job unless one of its kind is already queued, in the caller's transaction: for recurring jobs that
 * reschedule themselves and are also ensured at start-up, so several processes starting (or a retried run) never
 * pile up copies. Returns the new job, or null when one was already waiting.
 */
export async function enqueueJobUnlessQueued(tx: Db, input: EnqueueJobInput & { kind: string }) {
  await lockJobKind(tx, input.kind);
  if (await hasQueuedJob(tx, input.kind)) return null;
  return enqueueJob(tx, input);
}

/**
 * Make sure a recurring job of this kind runs by `input.runAt`: the queued one is moved earlier, or, with none
 * queued, one is added (in the caller's transaction, like `enqueueJobUnlessQueued`).
 */
export async function enqueueJobBy(tx: Db, input: EnqueueJobInput & { kind: string; runAt: Date }) {
  await lockJobKind(tx, input.kind);
  if (await advanceQueuedJob(tx, input.kind, input.runAt)) return;
  await enqueueJob(tx, input);
}

/** What a bulk action shows of its job: where it stands, its progress and its result. */
export type JobView = Pick<
  JobRow,
  'id' | 'kind' | 'status' | 'payload' | 'progress' | 'result' | 'lastError' | 'createdAt' | 'finishedAt'
>;

/** What a bulk action's job stores as its progress and, once done, its result. */
export interface JobFigures {
  total?: number;
  processed?: number;
  sent?: number;
  /** Why the job stopped early, for a person. */
  stopped?: string;
}

/**
 * Where a bulk action's job stands, for its progress: the figures it stored last (its result once done, its progress
 * before), the total of its payload until it has counted, and `failedMessage` — the feature's own sentence for a
 * person — once it failed.
 */
export function jobProgressOf(row: JobView, failedMessage: string): JobProgress {
  const payload = (row.payload ?? {}) as { total?: number };
  const figures = ((row.status === 'done' ? row.result : row.progress) ?? {}) as JobFigures;
  return {
    id: row.id,
    status: row.status as JobProgress['status'],
    total: figures.total ?? payload.total ?? 0,
    processed: figures.processed ?? 0,
    sent: figures.sent ?? 0,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.status === 'failed' ? failedMessage : (figures.stopped ?? null),
  };
}

/** The newest job of a kind in an organisation, optionally the newest whose payload holds `key = value`. */
export async function latestJobOf(
  db: Db,
  input: { organisationId: string; kind: string; payload?: { key: string; value: string } },
): Promise<JobView | null> {
  return findLatestJob(db, input);
}
