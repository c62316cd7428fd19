import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PGlite, types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { openDatabase } from './client.ts';
import {
  createStatementCache,
  preparedQuery,
  preparedQueryInTransaction,
  type StatementCache,
} from './pglite-statements.ts';

// PGlite runs Trellis's statements as prepared statements (decision 038): parsed once per text, then bound and
// executed. What a caller gets must be what PGlite's own `query` gives, for every kind of value, error and
// transaction, and the statements kept must stay within the limit.
describe('prepared statements on the embedded database', {
  skip: process.env.TEST_DB_KIND === 'postgres' ? 'embedded-store behaviour' : false,
}, () => {
  let db: PGlite;
  let cache: StatementCache;
  const kept = async () =>
    Number(
      (
        await db.query<{ n: number }>(
          'select count(*)::int as n from pg_prepared_statements where not from_sql',
        )
      ).rows[0]!.n,
    );
  before(async () => {
    db = await PGlite.create();
    await db.exec(`create table things (id int primary key, name text, at timestamptz, tags text[], doc jsonb,
      on_hold boolean, due date)`);
  });
  after(async () => {
    await db.close();
  });

  it('gives the rows PGlite’s query gives, for dates, arrays, JSON, booleans, nulls and both row modes', async () => {
    cache = createStatementCache();
    const insert = 'insert into things values ($1, $2, $3, $4, $5, $6, $7) returning *';
    const at = new Date('2026-03-29T01:30:00.000Z');
    const values = (id: number) => [id, 'Ada', at, ['a', 'b,c'], { n: [1, 2] }, true, '2026-12-05'];
    const mine = await preparedQuery(db, cache, insert, values(1));
    const theirs = await db.query(insert, values(2));
    assert.deepEqual({ ...mine.rows[0]!, id: 2 }, theirs.rows[0]);
    assert.deepEqual(mine.fields, theirs.fields);
    assert.equal(mine.affectedRows, 1);
    const nulls = await preparedQuery(db, cache, insert, [3, null, undefined, null, null, null, null]);
    assert.deepEqual(nulls.rows[0], {
      id: 3,
      name: null,
      at: null,
      tags: null,
      doc: null,
      on_hold: null,
      due: null,
    });
    // Drizzle's options: rows as arrays, its own parsers for timestamps.
    const options = { rowMode: 'array' as const, parsers: { [types.TIMESTAMPTZ]: (value: string) => value } };
    const select = 'select id, at, tags from things where id = any($1) order by id';
    const arrays = await preparedQuery(db, cache, select, [[1, 3]], options);
    assert.deepEqual(arrays.rows, (await db.query(select, [[1, 3]], options)).rows);
    assert.equal(typeof (arrays.rows[0] as unknown[])[1], 'string');
    // Statements without rows.
    const update = await preparedQuery(db, cache, 'update things set name = $1 where id > $2', ['Grace', 1]);
    assert.equal(update.affectedRows, 2);
    assert.deepEqual(update.rows, []);
  });

  it('parses a text once and runs it again from the kept statement', async () => {
    cache = createStatementCache();
    const text = 'select name from things where id = $1';
    for (let i = 0; i < 5; i++) assert.equal((await preparedQuery(db, cache, text, [1])).rows.length, 1);
    assert.equal(cache.parsed, 1);
    await preparedQuery(db, cache, 'select 1 as one');
    assert.equal(cache.parsed, 2);
  });

  it('reports a bad statement as PGlite does, keeps nothing of it, and goes on', async () => {
    cache = createStatementCache();
    const before = await kept();
    await assert.rejects(
      preparedQuery(db, cache, 'select nope from things where id = $1', [1]),
      (error: unknown) => {
        const e = error as { code: string; message: string; query: string; params: unknown[] };
        assert.equal(e.code, '42703');
        assert.match(e.message, /column "nope" does not exist/);
        assert.equal(e.query, 'select nope from things where id = $1');
        assert.deepEqual(e.params, [1]);
        return true;
      },
    );
    assert.equal(cache.statements.size, 0);
    assert.equal(await kept(), before);
    // A kept statement that fails when executed (a unique violation) stays usable.
    const insert = 'insert into things (id, name) values ($1, $2)';
    await assert.rejects(preparedQuery(db, cache, insert, [1, 'again']), { code: '23505' });
    await preparedQuery(db, cache, insert, [10, 'new']);
    assert.equal(
      (await preparedQuery(db, cache, 'select name from things where id = $1', [10])).rows.length,
      1,
    );
  });

  it('keeps at most the limit, closing the least recently used', async () => {
    cache = createStatementCache(3);
    const before = await kept();
    const texts = [1, 2, 3, 4, 5].map((n) => `select ${n} as n`);
    await preparedQuery(db, cache, texts[0]!);
    await preparedQuery(db, cache, texts[1]!);
    await preparedQuery(db, cache, texts[2]!);
    await preparedQuery(db, cache, texts[0]!); // used again: now the newest
    await preparedQuery(db, cache, texts[3]!); // evicts texts[1]
    await preparedQuery(db, cache, texts[4]!); // closes texts[1]'s statement, evicts texts[2]
    assert.deepEqual([...cache.statements.keys()], [texts[0], texts[3], texts[4]]);
    assert.ok((await kept()) - before <= 4, 'the evicted statements are closed on PostgreSQL');
    assert.deepEqual((await preparedQuery(db, cache, texts[1]!)).rows, [{ n: 2 }]);
  });

  it('re-prepares a statement whose result changed with the table, outside a transaction', async () => {
    cache = createStatementCache();
    await db.exec('create table shapes (a int); insert into shapes values (1)');
    const text = 'select * from shapes';
    assert.deepEqual((await preparedQuery(db, cache, text)).rows, [{ a: 1 }]);
    await db.exec('alter table shapes add column b int default 2');
    assert.deepEqual((await preparedQuery(db, cache, text)).rows, [{ a: 1, b: 2 }]);
    assert.equal(cache.parsed, 2);
    // Inside a transaction the error is the caller's (the transaction is aborted), and the next run prepares anew.
    await db.exec('alter table shapes add column c int default 3');
    await assert.rejects(
      db.transaction((tx) => preparedQueryInTransaction(db, cache, () => tx.closed, text)),
      { code: '0A000' },
    );
    assert.deepEqual((await preparedQuery(db, cache, text)).rows, [{ a: 1, b: 2, c: 3 }]);
  });

  it('in a transaction: rolled back with it, statements kept after it, refused once it is closed', async () => {
    cache = createStatementCache();
    const insert = 'insert into things (id, name) values ($1, $2)';
    await assert.rejects(
      db.transaction(async (tx) => {
        await preparedQueryInTransaction(db, cache, () => tx.closed, insert, [
          20,
          'in a rolled-back transaction',
        ]);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    const count = 'select count(*)::int as n from things where id = $1';
    assert.deepEqual((await preparedQuery(db, cache, count, [20])).rows, [{ n: 0 }]);
    await preparedQuery(db, cache, insert, [20, 'kept']);
    assert.deepEqual((await preparedQuery(db, cache, count, [20])).rows, [{ n: 1 }]);
    assert.equal(cache.parsed, 2, 'the statement parsed in the rolled-back transaction was used after it');
    let closedTx: { closed: boolean } | null = null;
    await db.transaction(async (tx) => {
      closedTx = tx;
    });
    await assert.rejects(
      preparedQueryInTransaction(db, cache, () => closedTx!.closed, count, [20]),
      /Transaction is closed/,
    );
  });

  it('a statement sent while a transaction runs waits for its end, as PGlite’s query does', async () => {
    cache = createStatementCache();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const order: string[] = [];
    const transaction = db.transaction(async (tx) => {
      await preparedQueryInTransaction(
        db,
        cache,
        () => tx.closed,
        'update things set name = $1 where id = 1',
        ['uncommitted'],
      );
      await held;
      await preparedQueryInTransaction(
        db,
        cache,
        () => tx.closed,
        'update things set name = $1 where id = 1',
        ['committed'],
      );
      order.push('commit');
    });
    const outside = preparedQuery<{ name: string }>(
      db,
      cache,
      'select name from things where id = $1',
      [1],
    ).then((result) => {
      order.push('read');
      return result.rows[0]!.name;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await transaction;
    assert.equal(await outside, 'committed');
    assert.deepEqual(order, ['commit', 'read']);
  });
});

describe('prepared statements through Drizzle on the embedded database', {
  skip: process.env.TEST_DB_KIND === 'postgres' ? 'embedded-store behaviour' : false,
}, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-prepared-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a failed transaction leaves the statements usable, and a repeated read is prepared once', async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: dir, durable: false });
    try {
      const { db } = database;
      await db.execute(sql`create table notes (id int primary key, body text)`);
      const statements = async () =>
        Number(
          (
            (await db.execute(sql`select count(*)::int as n from pg_prepared_statements`)) as unknown as {
              rows: { n: number }[];
            }
          ).rows[0]!.n,
        );
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.execute(sql`insert into notes values (${1}, ${'first'})`);
          await tx.execute(sql`insert into notes values (${1}, ${'duplicate'})`);
        }),
      );
      await db.execute(sql`insert into notes values (${1}, ${'first'})`);
      const read = async () =>
        ((await db.execute(sql`select body from notes where id = ${1}`)) as unknown as { rows: unknown[] })
          .rows;
      await read();
      const kept = await statements();
      for (let i = 0; i < 10; i++) assert.deepEqual(await read(), [{ body: 'first' }]);
      assert.equal(await statements(), kept, 'reading again adds no statement');
    } finally {
      await database.close();
    }
  });
});
