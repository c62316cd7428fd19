import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import {
  auditLog,
  jobs,
  outbox,
  sessions,
  signInAttempts,
  tokenAttempts,
  type users,
} from '../../db/schema.ts';
import { builtInJobHandlers } from '../../jobs/job-handlers.ts';
import { startJobRunner } from '../../jobs/job-runner.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { createOrganisation, createSignedInUser } from '../../testing/factories.ts';
import { createTestApp, sessionCookieFrom, type TestApp } from '../../testing/test-app.ts';
import { schedulePurgeSessions } from './accounts.service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ SESSION_IDLE_MINUTES: String(7 * 24 * 60) });
});
after(async () => {
  await t.close();
});

const password = 'correct horse battery';
let addressCounter = 0;

async function account(overrides: Partial<typeof users.$inferInsert> = {}) {
  const org = await createOrganisation(t.ctx.db);
  const { user } = await createSignedInUser(t.ctx.db, org.id, {
    passwordHash: await hashPassword(password),
    ...overrides,
  });
  return { org, user };
}

/** Sign in from a device of its own (user agent, address); returns the cookie. */
async function signInFrom(email: string, device: string, pass = password) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email, password: pass },
    remoteAddress: `10.20.${Math.floor(addressCounter / 250)}.${(addressCounter++ % 250) + 1}`,
    headers: { 'user-agent': device },
  });
  assert.equal(response.statusCode, 200, response.body);
  return sessionCookieFrom(response);
}

function me(cookie: string) {
  return t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
}

async function sessionOf(userId: string, device: string) {
  const [row] = await t.ctx.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.userAgent, device)));
  return row;
}

describe('session activity', () => {
  test('last use is recorded at most once a minute, so reading pages does not write every time', async () => {
    const { user } = await account();
    const cookie = await signInFrom(user.email, 'Laptop');
    const signedInAt = (await sessionOf(user.id, 'Laptop'))!.lastSeenAt.getTime();
    t.clock.advance(30_000);
    assert.equal((await me(cookie)).statusCode, 200);
    assert.equal((await sessionOf(user.id, 'Laptop'))!.lastSeenAt.getTime(), signedInAt, 'not rewritten yet');
    t.clock.advance(31_000);
    assert.equal((await me(cookie)).statusCode, 200);
    assert.equal((await sessionOf(user.id, 'Laptop'))!.lastSeenAt.getTime(), t.clock.now.getTime());
  });

  test('a session unused for longer than SESSION_IDLE_MINUTES ends; one in use lives to its full lifetime', async () => {
    const { user } = await account();
    const idle = await signInFrom(user.email, 'Idle tablet');
    const busy = await signInFrom(user.email, 'Busy laptop');
    const days = (n: number) => t.clock.advance(n * 24 * 3_600_000);
    days(3);
    assert.equal((await me(busy)).statusCode, 200, 'day 3');
    days(3);
    assert.equal((await me(busy)).statusCode, 200, 'day 6');
    days(1);
    t.clock.advance(60_000);
    assert.equal((await me(idle)).statusCode, 401, 'unused for 7 days and a minute');
    assert.equal((await me(busy)).statusCode, 200, 'day 7: used yesterday');
    days(6);
    assert.equal((await me(busy)).statusCode, 200, 'day 13');
    days(1);
    assert.equal((await me(busy)).statusCode, 401, 'day 14: the session lifetime is over, used or not');
  });
});

describe('my sessions', () => {
  test('lists where I am signed in, newest use first, marking this device; nobody else’s', async () => {
    const { user } = await account();
    const laptop = await signInFrom(user.email, 'Firefox on Linux');
    t.clock.advance(120_000);
    const phone = await signInFrom(user.email, 'Safari on iPhone');
    const { user: other } = await account();
    await signInFrom(other.email, 'Someone else');

    const response = await t.app.inject({
      method: 'GET',
      url: '/api/auth/sessions',
      headers: { cookie: laptop },
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    const mine = body.items.filter((item: { userAgent: string | null }) => item.userAgent !== null);
    assert.deepEqual(
      mine.map((item: { userAgent: string; current: boolean }) => [item.userAgent, item.current]),
      [
        ['Safari on iPhone', false],
        ['Firefox on Linux', true],
      ],
    );
    assert.match(mine[0].ip, /^10\.20\./);
    assert.equal(mine[0].device, 'Safari on iOS');
    assert.ok(mine[0].createdAt && mine[0].lastSeenAt && mine[0].expiresAt);
    assert.ok(!response.body.includes('Someone else'));
    assert.ok(
      !response.body.includes((await sessionOf(user.id, 'Firefox on Linux'))!.tokenHash),
      'no token hash',
    );

    const fromPhone = await t.app.inject({
      method: 'GET',
      url: '/api/auth/sessions',
      headers: { cookie: phone },
    });
    const current = fromPhone.json().items.find((item: { current: boolean }) => item.current);
    assert.equal(current.userAgent, 'Safari on iPhone');

    const paged = await t.app.inject({
      method: 'GET',
      url: '/api/auth/sessions?pageSize=1',
      headers: { cookie: laptop },
    });
    assert.equal(paged.json().items.length, 1);
    assert.equal(paged.json().total, body.total);
  });

  test('names the device from its user agent', async () => {
    const { user } = await account();
    const cookie = await signInFrom(
      user.email,
      'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    );
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: { cookie } });
    const current = response.json().items.find((item: { current: boolean }) => item.current);
    assert.equal(current.device, 'Firefox on Linux');
  });

  test('I can sign one of my devices out; another account’s session is not found', async () => {
    const { user } = await account();
    const laptop = await signInFrom(user.email, 'Laptop to keep');
    const lost = await signInFrom(user.email, 'Lost phone');
    const lostId = (await sessionOf(user.id, 'Lost phone'))!.id;
    const { user: other } = await account();
    const otherCookie = await signInFrom(other.email, 'Other person');
    const otherId = (await sessionOf(other.id, 'Other person'))!.id;

    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/sessions/${otherId}`,
      headers: { cookie: laptop },
    });
    assert.equal(foreign.statusCode, 404);
    assert.equal((await me(otherCookie)).statusCode, 200, 'the other account is still signed in');
    const unknown = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/sessions/${randomUUID()}`,
      headers: { cookie: laptop },
    });
    assert.equal(unknown.statusCode, 404);
    const badId = await t.app.inject({
      method: 'DELETE',
      url: '/api/auth/sessions/nope',
      headers: { cookie: laptop },
    });
    assert.equal(badId.statusCode, 400);
    assert.match(badId.json().error.message, /params\.id/);

    const ended = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/sessions/${lostId}`,
      headers: { cookie: laptop },
    });
    assert.equal(ended.statusCode, 204);
    assert.equal((await me(lost)).statusCode, 401, 'the lost phone is signed out');
    assert.equal((await me(laptop)).statusCode, 200);
    assert.equal(ended.cookies.length, 0, 'this device keeps its cookie');

    const laptopId = (await sessionOf(user.id, 'Laptop to keep'))!.id;
    const self = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/sessions/${laptopId}`,
      headers: { cookie: laptop },
    });
    assert.equal(self.statusCode, 204);
    assert.equal(
      self.cookies.find((c) => c.name === 'trellis_session')?.value,
      '',
      'ending this one clears the cookie',
    );
    assert.equal((await me(laptop)).statusCode, 401);
  });

  test('signed out, the session routes are 401', async () => {
    for (const [method, url] of [
      ['GET', '/api/auth/sessions'],
      ['DELETE', `/api/auth/sessions/${randomUUID()}`],
      ['POST', '/api/auth/password'],
    ] as const) {
      const response = await t.app.inject({
        method,
        url,
        ...(method === 'POST'
          ? { payload: { currentPassword: password, newPassword: 'whatever long' } }
          : {}),
      });
      assert.equal(response.statusCode, 401, `${method} ${url}`);
    }
  });
});

describe('changing my password', () => {
  function change(cookie: string, payload: object, ip = '10.30.0.1') {
    return t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload,
      remoteAddress: ip,
    });
  }

  test('needs the current password, signs every other device out, keeps this one, and is audited', async () => {
    const { user, org } = await account();
    const here = await signInFrom(user.email, 'Here');
    const elsewhere = await signInFrom(user.email, 'Elsewhere');
    const newPassword = 'a fresh new passphrase';

    const wrong = await change(here, { currentPassword: 'not my password', newPassword });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.message, 'body.currentPassword: is not your current password');
    const short = await change(here, { currentPassword: password, newPassword: 'short' });
    assert.equal(short.statusCode, 400);
    assert.match(short.json().error.message, /body\.newPassword/);
    const same = await change(here, { currentPassword: password, newPassword: password });
    assert.equal(same.statusCode, 400);
    assert.match(same.json().error.message, /body\.newPassword: must differ/);
    assert.equal((await me(elsewhere)).statusCode, 200, 'nothing changed so far');

    const changed = await change(here, { currentPassword: password, newPassword });
    assert.equal(changed.statusCode, 204, changed.body);
    assert.equal((await me(here)).statusCode, 200, 'this device stays signed in');
    assert.equal((await me(elsewhere)).statusCode, 401, 'every other device is signed out');
    await signInFrom(user.email, 'Next day', newPassword);
    const old = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: user.email, password },
      remoteAddress: '10.30.9.9',
    });
    assert.equal(old.statusCode, 401);

    const [audit] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organisationId, org.id), eq(auditLog.action, 'user.password_changed')));
    assert.equal(audit?.actorUserId, user.id);
    const [notice] = await t.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, user.email), eq(outbox.kind, 'password_changed')));
    assert.match(notice!.textBody, /was just changed/);
  });

  test('guessing the current password from a stolen session is slowed down like sign-in', async () => {
    const { user } = await account();
    const cookie = await signInFrom(user.email, 'Stolen');
    for (let i = 0; i < 5; i++) {
      assert.equal(
        (
          await change(
            cookie,
            { currentPassword: `guess ${i}`, newPassword: 'attacker passphrase' },
            '10.31.0.1',
          )
        ).statusCode,
        400,
      );
    }
    const refused = await change(
      cookie,
      { currentPassword: password, newPassword: 'attacker passphrase' },
      '10.31.0.1',
    );
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '2');
  });
});

describe('the purge_sessions job', () => {
  test('deletes expired and idle sessions and old attempts, keeps the rest, and queues itself once a day', async () => {
    const { user } = await account();
    const live = await signInFrom(user.email, 'Live');
    const now = t.clock.now.getTime();
    const day = 24 * 3_600_000;
    await t.ctx.db.insert(sessions).values([
      {
        tokenHash: `expired-${randomUUID()}`,
        userId: user.id,
        organisationId: user.organisationId,
        createdAt: new Date(now - 20 * day),
        lastSeenAt: new Date(now - 60_000),
        expiresAt: new Date(now - 1000),
        userAgent: 'Expired',
      },
      {
        tokenHash: `idle-${randomUUID()}`,
        userId: user.id,
        organisationId: user.organisationId,
        createdAt: new Date(now - 8 * day),
        lastSeenAt: new Date(now - 8 * day),
        expiresAt: new Date(now + day),
        userAgent: 'Idle',
      },
    ]);
    const marker = `purge-${randomUUID()}@example.com`;
    await t.ctx.db.insert(signInAttempts).values([
      { email: marker, ip: '10.40.0.1', succeeded: false, createdAt: new Date(now - 2 * day) },
      { email: marker, ip: '10.40.0.1', succeeded: false, createdAt: new Date(now - 60_000) },
    ]);
    await t.ctx.db.insert(tokenAttempts).values({
      kind: 'invitation',
      tokenHash: marker,
      ip: '10.40.0.1',
      succeeded: false,
      createdAt: new Date(now - 2 * day),
    });

    // Several processes starting at once: still one queued purge.
    await Promise.all([
      schedulePurgeSessions(t.ctx),
      schedulePurgeSessions(t.ctx),
      schedulePurgeSessions(t.ctx),
    ]);
    const queued = () =>
      t.ctx.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, 'purge_sessions'), eq(jobs.status, 'queued')));
    assert.equal((await queued()).length, 1);

    const runner = startJobRunner(t.ctx, { pollIntervalMs: 20, handlers: builtInJobHandlers });
    try {
      for (const deadline = Date.now() + 10_000; ; ) {
        const done = await t.ctx.db
          .select()
          .from(jobs)
          .where(and(eq(jobs.kind, 'purge_sessions'), eq(jobs.status, 'done')));
        if (done.length > 0) break;
        if (Date.now() > deadline) throw new Error('the purge did not run');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await runner.stop();
    }

    const left = await t.ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    assert.deepEqual(
      left.map((row) => row.userAgent),
      ['Live'],
    );
    assert.equal((await me(live)).statusCode, 200);
    const attempts = await t.ctx.db.select().from(signInAttempts).where(eq(signInAttempts.email, marker));
    assert.equal(attempts.length, 1, 'the recent attempt is kept');
    assert.equal(
      (await t.ctx.db.select().from(tokenAttempts).where(eq(tokenAttempts.tokenHash, marker))).length,
      0,
    );

    const next = await queued();
    assert.equal(next.length, 1, 'exactly one next run');
    assert.equal(next[0]!.runAt.getTime(), t.clock.now.getTime() + day);
    assert.equal(await schedulePurgeSessions(t.ctx), false, 'start-up finds it and adds none');
  });
});
