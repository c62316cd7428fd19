import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { jobs } from '../db/schema.ts';
import { createOrganisation, createPerson } from '../testing/factories.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import {
  DATABASE_MAINTENANCE_JOB,
  databaseMaintenanceJob,
  scheduleDatabaseMaintenance,
  scheduleDatabaseMaintenanceSoon,
} from './database-maintenance.job.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

const queued = () =>
  t.ctx.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, DATABASE_MAINTENANCE_JOB), eq(jobs.status, 'queued')));

test('the embedded database gets a daily VACUUM (ANALYZE): its planner learns the tables’ sizes; PostgreSQL is left to autovacuum', async () => {
  if (t.ctx.dbKind === 'postgres') {
    assert.equal(await scheduleDatabaseMaintenance(t.ctx), false);
    assert.equal((await queued()).length, 0, 'nothing is queued on PostgreSQL');
    return;
  }
  // Several processes starting at once still queue one run, ten minutes after start-up.
  await Promise.all([scheduleDatabaseMaintenance(t.ctx), scheduleDatabaseMaintenance(t.ctx)]);
  const [first, ...others] = await queued();
  assert.equal(others.length, 0);
  assert.equal(first!.runAt.getTime() - t.ctx.now().getTime(), 10 * 60_000);

  const org = await createOrganisation(t.ctx.db);
  for (let n = 0; n < 30; n++) await createPerson(t.ctx.db, org.id);
  const estimate = async () =>
    Number(
      (
        (await t.ctx.db.execute(sql`select reltuples from pg_class where relname = 'people'`)) as unknown as {
          rows: { reltuples: number }[];
        }
      ).rows[0]!.reltuples,
    );
  const [{ people }] = (
    (await t.ctx.db.execute(sql`select count(*)::int as people from people`)) as unknown as {
      rows: { people: number }[];
    }
  ).rows as [{ people: number }];
  assert.notEqual(await estimate(), people, 'before: the planner does not know how many people there are');

  await t.ctx.db.delete(jobs).where(eq(jobs.kind, DATABASE_MAINTENANCE_JOB));
  const result = await databaseMaintenanceJob(t.ctx, {} as never);
  assert.equal(await estimate(), people, 'after: it does');
  assert.equal(result.next, 'queued');
  const [next] = await queued();
  assert.equal(next!.runAt.getTime() - t.ctx.now().getTime(), 24 * 3_600_000, 'the next run is a day later');
});

test('after a large change the next run moves to within a minute, once; nothing is queued on PostgreSQL', async () => {
  if (t.ctx.dbKind === 'postgres') {
    assert.equal(await scheduleDatabaseMaintenanceSoon(t.ctx), false);
    assert.equal((await queued()).length, 0);
    return;
  }
  await scheduleDatabaseMaintenance(t.ctx, { inMs: 24 * 3_600_000 });
  await Promise.all([scheduleDatabaseMaintenanceSoon(t.ctx), scheduleDatabaseMaintenanceSoon(t.ctx)]);
  const [soon, ...others] = await queued();
  assert.equal(others.length, 0, 'the daily run moved, not a second one');
  assert.equal(soon!.runAt.getTime() - t.ctx.now().getTime(), 60_000);
  // Asking again later never pushes it back.
  t.clock.advance(30_000);
  await scheduleDatabaseMaintenanceSoon(t.ctx);
  const [still] = await queued();
  assert.equal(still!.runAt.getTime(), soon!.runAt.getTime());
  // With none queued (a run in progress), one is queued.
  await t.ctx.db.delete(jobs).where(eq(jobs.kind, DATABASE_MAINTENANCE_JOB));
  await scheduleDatabaseMaintenanceSoon(t.ctx);
  assert.equal((await queued()).length, 1);
});
