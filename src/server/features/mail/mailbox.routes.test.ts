import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { jobs, outbox } from '../../db/schema.ts';
import { builtInJobHandlers } from '../../jobs/job-handlers.ts';
import { startJobRunner } from '../../jobs/job-runner.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { enqueueEmail } from './mail.service.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof createTwoOrganisations>>;
before(async () => {
  t = await createTestApp();
  world = await createTwoOrganisations(t.ctx.db);
});
after(async () => {
  await t.close();
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

function get(url: string, cookie = world.admin.cookie) {
  return t.app.inject({ method: 'GET', url, headers: { cookie } });
}

describe('the built-in mailbox (no SMTP server configured)', () => {
  const first = `first-${randomUUID().slice(0, 6)}@example.com`;
  const second = `second-${randomUUID().slice(0, 6)}@example.com`;

  test('queued email is kept in the mailbox, newest first, and can be read and filtered', async () => {
    for (const email of [first, second]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/users/invitations',
        headers: { cookie: world.admin.cookie },
        payload: { email },
      });
      assert.equal(response.statusCode, 201);
      t.clock.advance(1000);
    }
    const pending = await get('/api/mailbox');
    assert.deepEqual(
      pending.json().items.map((m: { status: string }) => m.status),
      ['pending', 'pending'],
    );

    const runner = startJobRunner(t.ctx, { pollIntervalMs: 20, handlers: builtInJobHandlers });
    try {
      await eventually(async () => {
        const rows = await t.ctx.db.select().from(outbox).where(eq(outbox.organisationId, world.org.id));
        return rows.every((row) => row.status === 'stored');
      }, 'delivery to the mailbox');
    } finally {
      await runner.stop();
    }

    const list = await get('/api/mailbox');
    assert.equal(list.statusCode, 200);
    const body = list.json();
    assert.equal(body.total, 2);
    assert.deepEqual(
      body.items.map((m: { toAddress: string }) => m.toAddress),
      [second, first],
      'newest first',
    );
    assert.equal(body.items[0].status, 'stored');
    assert.equal(body.items[0].kind, 'invitation');
    assert.ok(body.items[0].sentAt);
    assert.equal(body.items[0].textBody, undefined, 'the list carries no bodies');

    const filtered = await get(`/api/mailbox?to=${encodeURIComponent(first.slice(0, 12).toUpperCase())}`);
    assert.deepEqual(
      filtered.json().items.map((m: { toAddress: string }) => m.toAddress),
      [first],
    );

    const message = await get(`/api/mailbox/${body.items[0].id}`);
    assert.equal(message.statusCode, 200);
    assert.match(message.json().textBody, /invited you to join/);
    assert.match(message.json().textBody, /\/invitations\/[A-Za-z0-9_-]{20,}/);
    assert.match(message.json().htmlBody, /<a href="http/);

    const paged = await get('/api/mailbox?pageSize=1&page=2');
    assert.deepEqual(
      paged.json().items.map((m: { toAddress: string }) => m.toAddress),
      [first],
    );
  });

  test("another organisation's admin sees none of it and gets 404 on its ids; members get 403", async () => {
    const [row] = await t.ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.organisationId, world.org.id))
      .limit(1);
    const other = await get('/api/mailbox', world.otherAdmin.cookie);
    assert.equal(other.json().total, 0);
    assert.equal((await get(`/api/mailbox/${row!.id}`, world.otherAdmin.cookie)).statusCode, 404);
    assert.equal((await get(`/api/mailbox/${row!.id}`, world.member.cookie)).statusCode, 403);
    assert.equal((await get('/api/mailbox', world.member.cookie)).statusCode, 403);
    const signedOut = await t.app.inject({ method: 'GET', url: `/api/mailbox/${row!.id}` });
    assert.equal(signedOut.statusCode, 401);
    assert.equal((await get(`/api/mailbox/${randomUUID()}`)).statusCode, 404);
  });

  test('bad input is a 400 naming the field', async () => {
    const badId = await get('/api/mailbox/not-a-uuid');
    assert.equal(badId.statusCode, 400);
    assert.match(badId.json().error.message, /params\.id/);
    const badPage = await get('/api/mailbox?pageSize=1000');
    assert.equal(badPage.statusCode, 400);
    assert.match(badPage.json().error.message, /querystring\.pageSize/);
    const unknown = await get('/api/mailbox?from=x');
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /from/);
  });
});

describe('enqueueEmail', () => {
  test('the message and its delivery job exist only if the caller commits', async () => {
    const to = `rollback-${randomUUID().slice(0, 6)}@example.com`;
    await assert.rejects(
      t.ctx.db.transaction(async (tx) => {
        await enqueueEmail(tx, {
          organisationId: world.org.id,
          to,
          subject: 'Never sent',
          text: 'This change was rolled back.',
          kind: 'test',
          now: t.clock.now,
        });
        throw new Error('the change that caused the email failed');
      }),
      /the change that caused the email failed/,
    );
    assert.equal((await t.ctx.db.select().from(outbox).where(eq(outbox.toAddress, to))).length, 0);

    const committed = await t.ctx.db.transaction((tx) =>
      enqueueEmail(tx, {
        organisationId: world.org.id,
        to,
        subject: 'Sent',
        text: 'This change committed.',
        kind: 'test',
        now: t.clock.now,
      }),
    );
    const queued = await t.ctx.db
      .select()
      .from(jobs)
      .where(sql`${jobs.payload}->>'outboxId' = ${committed.id}`);
    assert.equal(queued.length, 1);
    assert.equal(queued[0]!.kind, 'deliver_email');
  });
});
