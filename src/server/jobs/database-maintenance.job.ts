import type { AppContext } from '../context.ts';
import { vacuumAnalyze } from '../db/maintenance.ts';
import { enqueueJobBy, enqueueJobUnlessQueued, type RunningJob } from './job-queue.ts';

export const DATABASE_MAINTENANCE_JOB = 'database_maintenance';
const everyMs = 24 * 3_600_000;

/**
 * On the embedded database only, make sure the daily `database_maintenance` job is queued (at start-up, first run
 * after `inMs`, and by each run). PostgreSQL's autovacuum does the same work by itself, so nothing is queued there.
 */
export async function scheduleDatabaseMaintenance(
  ctx: AppContext,
  options: { inMs?: number } = {},
): Promise<boolean> {
  if (ctx.dbKind !== 'pglite') return false;
  const runAt = new Date(ctx.now().getTime() + (options.inMs ?? 10 * 60_000));
  const job = await ctx.db.transaction((tx) =>
    enqueueJobUnlessQueued(tx, { kind: DATABASE_MAINTENANCE_JOB, runAt, maxAttempts: 3 }),
  );
  return job !== null;
}

/**
 * After a change large enough to mislead the planner (a people import of many rows), on the embedded database: run
 * the maintenance within a minute instead of at its daily time, by moving the queued run earlier (or queueing one).
 */
export async function scheduleDatabaseMaintenanceSoon(ctx: AppContext): Promise<boolean> {
  if (ctx.dbKind !== 'pglite') return false;
  const runAt = new Date(ctx.now().getTime() + 60_000);
  await ctx.db.transaction((tx) =>
    enqueueJobBy(tx, { kind: DATABASE_MAINTENANCE_JOB, runAt, maxAttempts: 3 }),
  );
  return true;
}

/** Job `database_maintenance`, daily on PGlite: VACUUM (ANALYZE), then queue the next run. */
export async function databaseMaintenanceJob(ctx: AppContext, _job: RunningJob) {
  const started = performance.now();
  await vacuumAnalyze(ctx.db);
  const next = await scheduleDatabaseMaintenance(ctx, { inMs: everyMs });
  return {
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    next: next ? 'queued' : 'already queued',
  };
}
