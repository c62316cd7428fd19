import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { createOrganisation } from '../testing/factories.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { mayWrite, sharedReading } from './data-version.ts';
import { organisations } from './schema.ts';

describe('which statements may write', () => {
  it('counts only plain selects, and withs without a data-changing part, as reads', () => {
    assert.equal(mayWrite('select 1'), false);
    assert.equal(mayWrite('\n  SELECT "id" from "people" where "updated_at" > $1'), false);
    assert.equal(mayWrite('with recent as (select 1) select * from recent'), false);
    assert.equal(
      mayWrite('with moved as (update people set name = $1 returning id) select * from moved'),
      true,
    );
    assert.equal(mayWrite('WITH gone AS (DELETE FROM sessions RETURNING 1) SELECT count(*) FROM gone'), true);
    assert.equal(mayWrite('insert into people (name) values ($1)'), true);
    assert.equal(mayWrite('update people set name = $1'), true);
    assert.equal(mayWrite('delete from people'), true);
    assert.equal(mayWrite('begin'), true);
    assert.equal(mayWrite('/* a comment first */ select 1'), true, 'anything unusual counts as a write');
  });
});

describe('shared readings of the data version', () => {
  it('gives the callers of one turn one reading, taken after the last of them asked', async () => {
    let reads = 0;
    const version = sharedReading(async () => String(++reads));
    const together = await Promise.all([version(), version(), version()]);
    assert.deepEqual(together, ['1', '1', '1']);
    assert.equal(await version(), '2');
  });

  it('never gives a caller a reading that was already under way when it asked', async () => {
    let reads = 0;
    let release: () => void = () => {};
    const version = sharedReading(async () => {
      const n = ++reads;
      if (n === 1) await new Promise<void>((resolve) => (release = resolve));
      return String(n);
    });
    const first = version();
    await new Promise((resolve) => setImmediate(resolve));
    // The first reading has been sent; a caller now must get a later one.
    const second = version();
    release();
    assert.equal(await first, '1');
    assert.equal(await second, '2');
  });

  it('passes a failed reading on to its callers', async () => {
    const version = sharedReading(async () => {
      throw new Error('database down');
    });
    await assert.rejects(version(), /database down/);
  });
});

describe('the data version of the database', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  it('stays while only reads run, and moves with every committed or rolled-back write', async () => {
    const { db } = database;
    const org = await createOrganisation(db);
    const stays = async (work: () => Promise<unknown>) => {
      // On PostgreSQL other databases of the server move it too: a reading that moved is retried a few times.
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const before = await database.dataVersion();
        await work();
        if ((await database.dataVersion()) === before) return true;
      }
      return false;
    };
    const moves = async (work: () => Promise<unknown>) => {
      const before = await database.dataVersion();
      await work();
      return (await database.dataVersion()) !== before;
    };
    assert.ok(await stays(() => db.select().from(organisations).where(eq(organisations.id, org.id))));
    assert.ok(
      await stays(() => db.execute(sql`with o as (select id from organisations) select count(*) from o`)),
    );
    assert.ok(
      await moves(() =>
        db.update(organisations).set({ name: 'Renamed' }).where(eq(organisations.id, org.id)),
      ),
    );
    assert.ok(await moves(() => createOrganisation(db)));
    assert.ok(
      await moves(() =>
        db.transaction(async (tx) => {
          await tx
            .update(organisations)
            .set({ name: 'In a transaction' })
            .where(eq(organisations.id, org.id));
        }),
      ),
    );
    assert.ok(
      await moves(() =>
        db
          .transaction(async (tx) => {
            await tx.update(organisations).set({ name: 'Rolled back' }).where(eq(organisations.id, org.id));
            throw new Error('roll back');
          })
          .catch(() => {}),
      ),
    );
    if (database.url) {
      // PostgreSQL: a write by another client (another process) moves it too.
      const other = new pg.Pool({ connectionString: database.url, max: 1 });
      try {
        assert.ok(
          await moves(() =>
            other.query('update organisations set name = $1 where id = $2', ['Else', org.id]),
          ),
        );
      } finally {
        await other.end();
      }
    }
  });

  it('has moved, on PGlite, while a write is still running (a read that overlaps it cannot keep its answer)', async (t) => {
    if (database.kind !== 'pglite') return t.skip('PostgreSQL moves when the write commits: the snapshot');
    const before = await database.dataVersion();
    const writing = database.db.update(organisations).set({ name: 'Running' }).execute();
    const during = await database.dataVersion();
    await writing;
    const afterwards = await database.dataVersion();
    assert.notEqual(during, before);
    assert.notEqual(afterwards, during);
  });
});
