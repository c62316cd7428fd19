import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, jobs, outbox } from '../../db/schema.ts';
import { builtInJobHandlers } from '../../jobs/job-handlers.ts';
import { startJobRunner } from '../../jobs/job-runner.ts';
import { hashPassword } from '../../lib/passwords.ts';
import {
  createOrganisation,
  createPerson,
  createSignedInUser,
  createTwoOrganisations,
} from '../../testing/factories.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { enqueueEmail, listProgramMail } from './mail.service.ts';
import { deliverEmailJob } from './mail-delivery.ts';

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
    assert.equal(message.json().linkHidden, true);
    assert.match(message.json().textBody, /\[Link hidden: only the recipient can use it\]/);
    assert.doesNotMatch(message.body, /\/invitations\//, 'the invitation link is for the invitee only');
    assert.doesNotMatch(message.json().htmlBody, /<a href=/);

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

describe('one-time links in the mailbox', () => {
  const tokenIn = (text: string, path: string) => {
    const match = text.match(new RegExp(`/${path}/([A-Za-z0-9_-]{20,})`));
    assert.ok(match, `no /${path}/ link in: ${text}`);
    return match[1]!;
  };

  test("an admin never reads another account's reset or invitation link: pending, delivered or failed", async () => {
    const org = await createOrganisation(t.ctx.db);
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin' });
    const colleague = await createSignedInUser(t.ctx.db, org.id, {
      role: 'admin',
      passwordHash: await hashPassword('the colleague passphrase'),
    });
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: colleague.user.email },
    });
    assert.equal(reset.statusCode, 202);
    const invitee = `invitee-${randomUUID().slice(0, 6)}@example.com`;
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/users/invitations',
      headers: { cookie: admin.cookie },
      payload: { email: invitee },
    });
    assert.equal(invited.statusCode, 201);
    const rows = await t.ctx.db.select().from(outbox).where(eq(outbox.organisationId, org.id));
    const resetRow = rows.find((row) => row.kind === 'password_reset')!;
    const invitationRow = rows.find((row) => row.kind === 'invitation')!;
    const secrets = [
      tokenIn(resetRow.textBody, 'reset-password'),
      tokenIn(invitationRow.textBody, 'invitations'),
    ];

    const assertHidden = async (when: string) => {
      const list = await get('/api/mailbox?pageSize=200', admin.cookie);
      assert.equal(list.statusCode, 200);
      for (const row of [resetRow, invitationRow]) {
        const item = list.json().items.find((m: { id: string }) => m.id === row.id);
        assert.equal(item.linkHidden, true, `${when}: ${row.kind} is marked`);
        const detail = await get(`/api/mailbox/${row.id}`, admin.cookie);
        assert.equal(detail.statusCode, 200);
        assert.equal(detail.json().linkHidden, true);
        for (const secret of secrets) {
          assert.ok(!list.body.includes(secret), `${when}: the list holds no link`);
          assert.ok(!detail.body.includes(secret), `${when}: the ${row.kind} detail holds no link`);
        }
        assert.match(detail.json().textBody, /Link hidden|hidden here/);
      }
    };
    await assertHidden('pending');

    // Failed for good: given up on after its last attempt (an SMTP server that refuses connections).
    const refusing = { ...t.ctx, config: { ...t.ctx.config, smtpUrl: 'smtp://127.0.0.1:9' } };
    await assert.rejects(
      deliverEmailJob(refusing, {
        id: 0,
        kind: 'deliver_email',
        payload: { outboxId: resetRow.id },
        organisationId: org.id,
        attempt: 8,
        maxAttempts: 8,
        setProgress: async () => {},
      }),
    );
    const [failed] = await t.ctx.db.select().from(outbox).where(eq(outbox.id, resetRow.id));
    assert.equal(failed!.status, 'failed');
    await assertHidden('failed');

    // Delivered to the built-in mailbox.
    await deliverEmailJob(t.ctx, {
      id: 0,
      kind: 'deliver_email',
      payload: { outboxId: invitationRow.id },
      organisationId: org.id,
      attempt: 1,
      maxAttempts: 8,
      setProgress: async () => {},
    });
    await assertHidden('delivered');

    // Once delivered or given up, the database itself keeps no usable copy of the links.
    const after = await t.ctx.db.select().from(outbox).where(eq(outbox.organisationId, org.id));
    for (const row of after) {
      for (const secret of secrets) {
        assert.ok(
          !`${row.textBody}${row.htmlBody}`.includes(secret),
          `${row.kind} (${row.status}) forgot it`,
        );
      }
    }

    const reads = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organisationId, org.id), eq(auditLog.action, 'mailbox.secret_message_read')));
    assert.equal(reads.length, 6, 'each read of a message meant to carry a link is audited');
    assert.ok(reads.every((entry) => entry.actorUserId === admin.user.id));
  });

  test('an ordinary email is shown whole and its reading is not audited', async () => {
    const org = await createOrganisation(t.ctx.db);
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin' });
    const message = await t.ctx.db.transaction((tx) =>
      enqueueEmail(tx, {
        organisationId: org.id,
        to: 'someone@example.com',
        subject: 'Your meeting tomorrow',
        text: 'See you at https://example.com/meeting',
        kind: 'reminder',
        now: t.clock.now,
      }),
    );
    const detail = await get(`/api/mailbox/${message.id}`, admin.cookie);
    assert.equal(detail.json().linkHidden, false);
    assert.equal(detail.json().textBody, 'See you at https://example.com/meeting');
    const reads = await t.ctx.db.select().from(auditLog).where(eq(auditLog.organisationId, org.id));
    assert.equal(reads.length, 0);
  });
});

describe('what went with a message', () => {
  test('the mailbox shows its files (a calendar invitation with its method), its headers and when it is held', async () => {
    const org = await createOrganisation(t.ctx.db);
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin' });
    const ics =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:m-1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const heldUntil = new Date(t.clock.now.getTime() + 9 * 3_600_000);
    const message = await t.ctx.db.transaction((tx) =>
      enqueueEmail(tx, {
        organisationId: org.id,
        to: 'held@example.com',
        subject: 'Your meeting is cancelled',
        text: 'Ada cancelled the meeting.',
        kind: 'meeting_cancelled',
        now: t.clock.now,
        notBefore: heldUntil,
        attachments: [
          { filename: 'invite.ics', contentType: 'text/calendar; method=CANCEL', content: ics },
          { filename: 'notes.txt', contentType: 'text/plain', content: 'café' },
        ],
        headers: {
          'List-Unsubscribe': '<http://localhost:3000/api/unsubscribe/abc>',
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      }),
    );
    const list = await get('/api/mailbox', admin.cookie);
    assert.equal(list.json().items[0].attachmentCount, 2);
    assert.equal(list.json().items[0].notBefore, heldUntil.toISOString());
    assert.equal(list.json().items[0].attachments, undefined, 'the list carries no files');

    const detail = (await get(`/api/mailbox/${message.id}`, admin.cookie)).json();
    assert.deepEqual(detail.attachments, [
      {
        filename: 'invite.ics',
        contentType: 'text/calendar; method=CANCEL',
        size: ics.length,
        calendarMethod: 'CANCEL',
      },
      { filename: 'notes.txt', contentType: 'text/plain', size: 5, calendarMethod: null },
    ]);
    assert.deepEqual(detail.headers, [
      { name: 'List-Unsubscribe', value: '<http://localhost:3000/api/unsubscribe/abc>' },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ]);
    assert.equal(detail.notBefore, heldUntil.toISOString());
    assert.equal(detail.status, 'pending');
  });
});

describe('enqueueEmail', () => {
  test('a message held for later is delivered then; a not-before already past changes nothing', async () => {
    const now = t.clock.now;
    const later = new Date(now.getTime() + 3 * 3_600_000);
    const earlier = new Date(now.getTime() - 3_600_000);
    const [held, due] = await t.ctx.db.transaction(async (tx) => [
      await enqueueEmail(tx, {
        organisationId: world.org.id,
        to: 'held-later@example.com',
        subject: 'Later',
        text: '.',
        kind: 'test',
        now,
        notBefore: later,
      }),
      await enqueueEmail(tx, {
        organisationId: world.org.id,
        to: 'due-now@example.com',
        subject: 'Now',
        text: '.',
        kind: 'test',
        now,
        notBefore: earlier,
      }),
    ]);
    const runAt = async (id: string) => {
      const [job] = await t.ctx.db.select().from(jobs).where(sql`${jobs.payload}->>'outboxId' = ${id}`);
      return job!.runAt.toISOString();
    };
    assert.equal(await runAt(held.id), later.toISOString());
    assert.equal(await runAt(due.id), now.toISOString());
    assert.equal(held.notBefore?.toISOString(), later.toISOString(), 'the outbox keeps the time');
  });

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

describe('listProgramMail', () => {
  test("a program's messages, newest first, with their recipient and no bodies; nothing of other programs or organisations", async () => {
    const org = await createOrganisation(t.ctx.db);
    const program = await createProgram(t.ctx.db, org.id);
    const otherProgram = await createProgram(t.ctx.db, org.id);
    const person = await createPerson(t.ctx.db, org.id, { name: 'Grace Hopper' });
    const send = (input: { to: string; programId?: string; organisationId?: string; personId?: string }) =>
      t.ctx.db.transaction((tx) =>
        enqueueEmail(tx, {
          organisationId: input.organisationId ?? org.id,
          to: input.to,
          subject: `About ${input.to}`,
          text: 'A body the list never shows.',
          kind: 'meeting_reminder',
          now: t.clock.now,
          ...(input.programId ? { programId: input.programId } : {}),
          ...(input.personId ? { personId: input.personId } : {}),
        }),
      );
    const first = await send({ to: 'grace@example.com', programId: program.id, personId: person.id });
    t.clock.advance(1000);
    const second = await send({ to: 'staff@example.com', programId: program.id });
    await send({ to: 'elsewhere@example.com', programId: otherProgram.id });
    await send({ to: 'no-program@example.com' });
    const otherOrgProgram = await createProgram(t.ctx.db, world.other.id);
    await send({
      to: 'other-org@example.com',
      organisationId: world.other.id,
      programId: otherOrgProgram.id,
    });

    const page = await listProgramMail(t.ctx.db, {
      organisationId: org.id,
      programId: program.id,
      limit: 10,
      offset: 0,
    });
    assert.equal(page.total, 2);
    assert.deepEqual(page.rows, [
      {
        id: second.id,
        kind: 'meeting_reminder',
        toAddress: 'staff@example.com',
        personId: null,
        recipientName: null,
        subject: 'About staff@example.com',
        createdAt: second.createdAt.toISOString(),
        sentAt: null,
        notBefore: null,
        status: 'pending',
      },
      {
        id: first.id,
        kind: 'meeting_reminder',
        toAddress: 'grace@example.com',
        personId: person.id,
        recipientName: 'Grace Hopper',
        subject: 'About grace@example.com',
        createdAt: first.createdAt.toISOString(),
        sentAt: null,
        notBefore: null,
        status: 'pending',
      },
    ]);
    const paged = await listProgramMail(t.ctx.db, {
      organisationId: org.id,
      programId: program.id,
      limit: 1,
      offset: 1,
    });
    assert.deepEqual(
      paged.rows.map((row) => row.id),
      [first.id],
    );
    assert.equal(paged.total, 2);
    const wrongOrg = await listProgramMail(t.ctx.db, {
      organisationId: world.other.id,
      programId: program.id,
      limit: 10,
      offset: 0,
    });
    assert.deepEqual(wrongOrg, { rows: [], total: 0 }, 'another organisation sees nothing of it');
  });
});
