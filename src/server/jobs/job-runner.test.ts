import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { openDatabase } from '../db/client.ts';
import { jobs } from '../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { enqueueJob, type JobHandler } from './job-queue.ts';
import { retryDelayMs, startJobRunner } from './job-runner.ts';
import { claimNextJob, findJob } from './jobs.repository.ts';

let database: TestDatabase;
const clock = {
  now: new Date(),
  advance(ms: number) {
    clock.now = new Date(clock.now.getTime() + ms);
  },
};
let ctx: AppContext;

const silentLog = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  child() {
    return silentLog;
  },
  level: 'silent',
  silent() {},
} as unknown as AppContext['log'];

before(async () => {
  database = await createTestDatabase();
  ctx = {
    db: database.db,
    dbKind: database.kind,
    config: loadConfig({ TRELLIS_DATA_DIR: '.tmp/unused', LOG_LEVEL: 'silent' }),
    log: silentLog,
    now: () => clock.now,
  };
});
after(async () => {
  await database.close();
});

async function eventually<T>(probe: () => Promise<T | null | undefined | false>, what: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const jobRow = (id: number) => findJob(ctx.db, id);

describe('job runner', () => {
  test('a job queued while no runner can run it is done by the next runner started', async () => {
    const job = await enqueueJob(ctx.db, { kind: 'test_survivor', payload: { n: 1 }, runAt: clock.now });
    // A runner that does not know the kind leaves the job alone…
    const first = startJobRunner(ctx, { pollIntervalMs: 20, handlers: {} });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await first.stop();
    assert.equal((await jobRow(job.id))!.status, 'queued');
    // …and the next one runs it.
    const seen: unknown[] = [];
    const second = startJobRunner(ctx, {
      pollIntervalMs: 20,
      handlers: {
        test_survivor: async (_ctx, running) => {
          seen.push(running.payload);
          return { ok: true };
        },
      },
    });
    const done = await eventually(
      async () => (await jobRow(job.id))?.status === 'done' && jobRow(job.id),
      'done',
    );
    await second.stop();
    assert.deepEqual(seen, [{ n: 1 }]);
    assert.deepEqual(done!.result, { ok: true });
    assert.equal(done!.attempts, 1);
  });

  test('a job left running by a crashed runner is requeued after the lock timeout and run', async () => {
    const job = await enqueueJob(ctx.db, { kind: 'test_orphan', runAt: clock.now });
    const claimed = await claimNextJob(ctx.db, {
      kinds: ['test_orphan'],
      now: clock.now,
      lockedBy: 'crashed',
    });
    assert.equal(claimed?.id, job.id);
    let runs = 0;
    const runner = startJobRunner(ctx, {
      pollIntervalMs: 20,
      lockTimeoutMs: 60_000,
      handlers: { test_orphan: async () => void runs++ },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(runs, 0, 'a fresh lock is respected');
    clock.advance(61_000);
    await eventually(async () => (await jobRow(job.id))?.status === 'done', 'the orphan to be run');
    await runner.stop();
    assert.equal(runs, 1);
    assert.equal((await jobRow(job.id))!.attempts, 2, 'the crashed attempt counts');
  });

  test('a failing job is retried with exponential backoff, then marked failed with the last error', async () => {
    let calls = 0;
    const flaky: JobHandler = async () => {
      calls++;
      if (calls < 3) throw new Error(`boom ${calls}`);
      return 'fine';
    };
    const job = await enqueueJob(ctx.db, { kind: 'test_flaky', runAt: clock.now, maxAttempts: 5 });
    const runner = startJobRunner(ctx, { pollIntervalMs: 20, handlers: { test_flaky: flaky } });

    const afterFirst = await eventually(
      async () =>
        (await jobRow(job.id))?.attempts === 1 && (await jobRow(job.id))?.status === 'queued'
          ? jobRow(job.id)
          : null,
      'first failure',
    );
    assert.equal(afterFirst!.lastError, 'boom 1');
    assert.equal(afterFirst!.runAt.getTime(), clock.now.getTime() + retryDelayMs(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(calls, 1, 'not retried before its time');

    clock.advance(retryDelayMs(1));
    const afterSecond = await eventually(
      async () =>
        (await jobRow(job.id))?.attempts === 2 && (await jobRow(job.id))?.status === 'queued'
          ? jobRow(job.id)
          : null,
      'second failure',
    );
    assert.equal(afterSecond!.runAt.getTime(), clock.now.getTime() + retryDelayMs(2), 'the delay doubles');
    assert.equal(retryDelayMs(2), 2 * retryDelayMs(1));

    clock.advance(retryDelayMs(2));
    const done = await eventually(
      async () => (await jobRow(job.id))?.status === 'done' && jobRow(job.id),
      'success',
    );
    assert.equal(done!.attempts, 3);
    assert.equal(done!.lastError, null);

    const hopeless = await enqueueJob(ctx.db, { kind: 'test_hopeless', runAt: clock.now, maxAttempts: 2 });
    await runner.stop();
    const second = startJobRunner(ctx, {
      pollIntervalMs: 20,
      handlers: {
        test_hopeless: async () => {
          throw new Error('never works');
        },
      },
    });
    await eventually(async () => (await jobRow(hopeless.id))?.attempts === 1, 'first attempt');
    clock.advance(retryDelayMs(1));
    const failed = await eventually(
      async () => (await jobRow(hopeless.id))?.status === 'failed' && jobRow(hopeless.id),
      'failure',
    );
    await second.stop();
    assert.equal(failed!.attempts, 2);
    assert.equal(failed!.lastError, 'never works');
    assert.ok(failed!.finishedAt);
  });

  test('an enqueued job wakes a runner in the same process at once; stop() waits for the job in hand', async () => {
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    const runner = startJobRunner(ctx, {
      pollIntervalMs: 60_000,
      handlers: {
        test_slow: async () => {
          release();
          await new Promise((resolve) => setTimeout(resolve, 300));
          finished = true;
        },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const t0 = Date.now();
    const job = await enqueueJob(ctx.db, { kind: 'test_slow', runAt: clock.now });
    await started;
    assert.ok(Date.now() - t0 < 2000, 'picked up without waiting for the next poll');
    await runner.stop();
    assert.equal(finished, true);
    assert.equal((await jobRow(job.id))!.status, 'done');
  });

  test('two runners never run the same job', async () => {
    // PGlite runs about 20 claims a second (one single-threaded engine); PostgreSQL gets the full 200.
    const total = database.url ? 200 : 60;
    const runs = new Map<number, number>();
    const byRunner = new Map<string, number>();
    const handlerFor =
      (name: string): JobHandler =>
      async (_ctx, job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        byRunner.set(name, (byRunner.get(name) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 1));
      };
    // On PostgreSQL the second runner has its own pool, as a second process would.
    const secondDatabase = database.url
      ? await openDatabase({ kind: 'postgres', url: database.url, poolSize: 3 })
      : null;
    const secondCtx: AppContext = secondDatabase ? { ...ctx, db: secondDatabase.db } : ctx;
    const ids: number[] = [];
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < total; i++)
        ids.push((await enqueueJob(tx, { kind: 'test_once', runAt: clock.now })).id);
    });
    const runners = [
      startJobRunner(ctx, { pollIntervalMs: 10, handlers: { test_once: handlerFor('a') } }),
      startJobRunner(secondCtx, { pollIntervalMs: 10, handlers: { test_once: handlerFor('b') } }),
    ];
    if (secondDatabase) {
      // A third runner on the first pool, so claims race inside one pool as well as across pools.
      runners.push(startJobRunner(ctx, { pollIntervalMs: 10, handlers: { test_once: handlerFor('c') } }));
    }
    try {
      await eventually(
        async () => {
          const rows = await ctx.db.select({ status: jobs.status }).from(jobs).where(inArray(jobs.id, ids));
          return rows.every((row) => row.status === 'done');
        },
        'all jobs',
        60_000,
      );
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
      await secondDatabase?.close();
    }
    assert.equal(runs.size, total);
    assert.deepEqual(
      [...runs.entries()].filter(([, n]) => n !== 1),
      [],
      'every job ran exactly once',
    );
    assert.ok(
      (byRunner.get('a') ?? 0) > 0 && (byRunner.get('b') ?? 0) > 0,
      `both ran jobs: ${[...byRunner]}`,
    );
    const attempts = await ctx.db
      .select({ attempts: jobs.attempts })
      .from(jobs)
      .where(eq(jobs.kind, 'test_once'));
    assert.ok(attempts.every((row) => row.attempts === 1));
  });
});
