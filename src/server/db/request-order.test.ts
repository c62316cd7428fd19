import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../testing/test-database.ts';
import { createOrderedGate, currentTicket, newTicket, runInRequestOrder } from './request-order.ts';

describe('oldest request first (decision 040)', () => {
  it('lets the waiter with the oldest ticket go next, equal tickets in the order they came', async () => {
    const gate = createOrderedGate();
    const ran: string[] = [];
    let open!: () => void;
    const holder = gate.run(1, () => new Promise<void>((resolve) => (open = resolve)));
    const waiters = [
      gate.run(5, async () => ran.push('5')),
      gate.run(3, async () => ran.push('3a')),
      gate.run(9, async () => ran.push('9')),
      gate.run(3, async () => ran.push('3b')),
      gate.run(2, async () => ran.push('2')),
    ];
    assert.equal(gate.waiting(), 5);
    await new Promise((resolve) => setImmediate(resolve));
    open();
    await Promise.all([holder, ...waiters]);
    assert.deepEqual(ran, ['2', '3a', '3b', '5', '9']);
    assert.equal(gate.waiting(), 0);
  });

  it('runs one holder at a time and goes on after one fails', async () => {
    const gate = createOrderedGate();
    let running = 0;
    let most = 0;
    const work = (fail: boolean) =>
      gate.run(newTicket(), async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        if (fail) throw new Error('failed');
      });
    const results = await Promise.allSettled([work(false), work(true), work(false), work(false)]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.equal(most, 1);
  });

  it('gives code outside a request a ticket later than every request before it', () => {
    const request = newTicket();
    assert.equal(
      runInRequestOrder(request, () => currentTicket()),
      request,
    );
    const outside = currentTicket();
    assert.ok(outside > request);
    assert.ok(currentTicket() > outside);
  });

  it('on PGlite, finishes the request that came first before a later one takes its next turns', async (t) => {
    const database = await createTestDatabase();
    t.after(() => database.close());
    if (database.kind !== 'pglite')
      return t.skip('the order is PGlite’s: PostgreSQL runs statements side by side');
    const order: string[] = [];
    // Eight requests of four statements each, asked at once; each records its turn in the order PGlite ran it.
    const request = (name: string) =>
      runInRequestOrder(newTicket(), async () => {
        for (let step = 1; step <= 4; step++) {
          await database.db.execute(sql.raw(`select ${step}`));
          order.push(`${name}${step}`);
        }
      });
    await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(request));
    // Served in the order asked, each request would take one turn per round: a1 b1 … h1 a2 … and the first request
    // would end only in the last round. Oldest first, it ends long before the last request has had its second turn.
    assert.ok(
      order.indexOf('a4') < order.indexOf('h2'),
      `the first request ended after the last one's second turn: ${order.join(' ')}`,
    );
    const ends = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((name) => order.indexOf(`${name}4`));
    assert.deepEqual(
      ends,
      [...ends].sort((x, y) => x - y),
      `requests ended out of order: ${order.join(' ')}`,
    );
  });
  it('on PGlite, lets waiting I/O in between two statements (decision 036)', async (t) => {
    const database = await createTestDatabase();
    t.after(() => database.close());
    if (database.kind !== 'pglite')
      return t.skip('PGlite runs its statements on this thread; PostgreSQL does not');
    let done = 0;
    const statements = Array.from({ length: 20 }, (_, i) =>
      runInRequestOrder(newTicket(), async () => {
        await database.db.execute(sql.raw(`select ${i}`));
        done += 1;
      }),
    );
    // A request arriving now is read (an I/O callback; setImmediate runs in the same phase) before the queue is done.
    let doneWhenRead = -1;
    setImmediate(() => {
      doneWhenRead = done;
    });
    await Promise.all(statements);
    assert.ok(doneWhenRead >= 0 && doneWhenRead < 20, `read after ${doneWhenRead} of 20 statements`);
  });
});
