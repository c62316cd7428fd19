import { and, asc, desc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobs } from '../db/schema.ts';

export type JobRow = typeof jobs.$inferSelect;

interface NewJob {
  kind: string;
  payload?: unknown;
  organisationId?: string | null;
  runAt: Date;
  maxAttempts?: number;
}

export async function insertJob(db: Db, job: NewJob): Promise<JobRow> {
  const [row] = await db
    .insert(jobs)
    .values({
      kind: job.kind,
      payload: job.payload ?? {},
      organisationId: job.organisationId ?? null,
      runAt: job.runAt,
      maxAttempts: job.maxAttempts ?? 5,
    })
    .returning();
  return row!;
}

/**
 * Serialise the scheduling of one job kind until the transaction ends (an advisory lock: processes on one
 * PostgreSQL, or runners on one PGlite, see each other's decision).
 */
export async function lockJobKind(db: Db, kind: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`trellis job kind ${kind}`}, 0))`);
}

/** Whether a job of this kind is waiting to run. */
export async function hasQueuedJob(db: Db, kind: string): Promise<boolean> {
  const [row] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.status, 'queued')))
    .limit(1);
  return Boolean(row);
}

/** Move the queued job of this kind, if any, to run by `runAt` (never later than it was); whether one was queued. */
export async function advanceQueuedJob(db: Db, kind: string, runAt: Date): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ runAt: sql`least(${jobs.runAt}, ${runAt.toISOString()}::timestamptz)` })
    .where(and(eq(jobs.kind, kind), eq(jobs.status, 'queued')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Take the next due job of a kind we can run, atomically: SKIP LOCKED lets concurrent runners (processes on one
 * PostgreSQL, or two runners on one PGlite) pass over a row another runner is claiming instead of waiting for it.
 * `now` is a parameter rather than SQL now() so the services' clock (and tests' clock) decides what is due.
 */
export async function claimNextJob(db: Db, input: { kinds: string[]; now: Date; lockedBy: string }) {
  if (input.kinds.length === 0) return null;
  const next = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, input.now), inArray(jobs.kind, input.kinds)))
    .orderBy(asc(jobs.runAt), asc(jobs.id))
    .limit(1)
    .for('update', { skipLocked: true });
  const [row] = await db
    .update(jobs)
    .set({
      status: 'running',
      lockedBy: input.lockedBy,
      lockedAt: input.now,
      attempts: sql`${jobs.attempts} + 1`,
    })
    .where(and(eq(jobs.id, sql`(${next})`), eq(jobs.status, 'queued')))
    .returning();
  return row ?? null;
}

/** Put back jobs whose runner stopped renewing its lock (crashed or killed); give up on those out of attempts. */
export async function requeueStaleJobs(db: Db, input: { lockedBefore: Date; now: Date }): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({
      status: sql`case when ${jobs.attempts} >= ${jobs.maxAttempts} then 'failed' else 'queued' end`,
      lastError: sql`coalesce(${jobs.lastError}, 'the runner stopped while running this job')`,
      finishedAt: sql`case when ${jobs.attempts} >= ${jobs.maxAttempts} then ${input.now}::timestamptz else null end`,
      lockedBy: null,
      lockedAt: null,
    })
    .where(and(eq(jobs.status, 'running'), lt(jobs.lockedAt, input.lockedBefore)))
    .returning({ id: jobs.id });
  return rows.length;
}

export async function markJobDone(
  db: Db,
  input: { id: number; lockedBy: string; now: Date; result: unknown },
) {
  await db
    .update(jobs)
    .set({
      status: 'done',
      finishedAt: input.now,
      result: input.result ?? null,
      lockedBy: null,
      lockedAt: null,
      lastError: null,
    })
    .where(and(eq(jobs.id, input.id), eq(jobs.lockedBy, input.lockedBy)));
}

export async function markJobFailed(
  db: Db,
  input: { id: number; lockedBy: string; now: Date; error: string; retryAt: Date | null },
) {
  await db
    .update(jobs)
    .set(
      input.retryAt
        ? { status: 'queued', runAt: input.retryAt, lastError: input.error, lockedBy: null, lockedAt: null }
        : { status: 'failed', finishedAt: input.now, lastError: input.error, lockedBy: null, lockedAt: null },
    )
    .where(and(eq(jobs.id, input.id), eq(jobs.lockedBy, input.lockedBy)));
}

/** Record progress and renew the lock, so a long job is not mistaken for a crashed one. */
export async function updateJobProgress(
  db: Db,
  input: { id: number; lockedBy: string; now: Date; progress: unknown },
) {
  await db
    .update(jobs)
    .set({ progress: input.progress ?? null, lockedAt: input.now })
    .where(and(eq(jobs.id, input.id), eq(jobs.lockedBy, input.lockedBy)));
}

export async function findJob(db: Db, id: number): Promise<JobRow | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

/**
 * The newest job of a kind in an organisation (a bulk action's progress), optionally the newest whose payload holds
 * `key = value` (e.g. the program it is about).
 */
export async function findLatestJob(
  db: Db,
  input: { organisationId: string; kind: string; payload?: { key: string; value: string } },
): Promise<JobRow | null> {
  const conditions = [eq(jobs.organisationId, input.organisationId), eq(jobs.kind, input.kind)];
  if (input.payload) conditions.push(sql`${jobs.payload} ->> ${input.payload.key} = ${input.payload.value}`);
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .orderBy(desc(jobs.id))
    .limit(1);
  return row ?? null;
}
