import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { outbox, people, sessions, users } from '../../db/schema.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { createOrganisation, createSignedInUser } from '../../testing/factories.ts';
import { createTestApp, sessionCookieFrom, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

const password = 'correct horse battery';

async function userWithPassword(overrides: Partial<typeof users.$inferInsert> = {}) {
  const org = await createOrganisation(t.ctx.db);
  const { user, cookie } = await createSignedInUser(t.ctx.db, org.id, {
    passwordHash: await hashPassword(password),
    ...overrides,
  });
  return { org, user, cookie };
}

function signIn(email: string, pass: string, ip = '10.0.0.1') {
  return t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email, password: pass },
    remoteAddress: ip,
  });
}

async function latestMailTo(address: string) {
  const [row] = await t.ctx.db
    .select()
    .from(outbox)
    .where(eq(outbox.toAddress, address))
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  return row;
}

function tokenFromLink(text: string, pathPrefix: string): string {
  const match = text.match(new RegExp(`${pathPrefix}/([A-Za-z0-9_-]+)`));
  assert.ok(match, `no ${pathPrefix} link in: ${text}`);
  return match[1]!;
}

describe('first-run setup', () => {
  test('an empty instance needs setup; setup creates the organisation and admin, and signs in', async () => {
    const status = await t.app.inject({ method: 'GET', url: '/api/setup' });
    assert.equal(status.statusCode, 200);
    assert.deepEqual(status.json(), { needsSetup: true });

    const response = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        organisationName: 'Acme Corp Ümlaut',
        adminName: 'Ada Lovelace',
        email: 'Ada@Example.com',
        password,
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    const me = response.json();
    assert.equal(me.email, 'ada@example.com');
    assert.equal(me.role, 'admin');
    assert.equal(me.organisation.name, 'Acme Corp Ümlaut');
    assert.equal(me.organisation.slug, 'acme-corp-umlaut');
    assert.ok(me.personId, 'the admin has an entry in the directory');
    const [person] = await t.ctx.db.select().from(people).where(eq(people.id, me.personId));
    assert.equal(person!.name, 'Ada Lovelace');

    const cookie = sessionCookieFrom(response);
    const meAgain = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(meAgain.statusCode, 200);
    assert.equal(meAgain.json().id, me.id);

    const after = await t.app.inject({ method: 'GET', url: '/api/setup' });
    assert.deepEqual(after.json(), { needsSetup: false });
  });

  test('a second setup is refused with 409 and changes nothing', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: {
        organisationName: 'Evil Corp',
        adminName: 'Mallory',
        email: 'mallory@example.com',
        password,
      },
    });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'conflict');
    const mallory = await t.ctx.db.select().from(users).where(eq(users.email, 'mallory@example.com'));
    assert.equal(mallory.length, 0);
  });

  test('bad setup input gets a 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ organisationName: 'A Co', adminName: 'A', email: 'not-an-email', password }, 'body.email'],
      [
        { organisationName: 'A Co', adminName: 'A', email: 'a@example.com', password: 'short' },
        'body.password',
      ],
      [{ organisationName: 42, adminName: 'A', email: 'a@example.com', password }, 'body.organisationName'],
      [
        { organisationName: 'A Co', adminName: 'A', email: 'a@example.com', password, isAdmin: true },
        'isAdmin',
      ],
    ];
    for (const [payload, field] of cases) {
      const response = await t.app.inject({ method: 'POST', url: '/api/setup', payload: payload as object });
      assert.equal(response.statusCode, 400, `${field}: ${response.body}`);
      assert.match(response.json().error.message, new RegExp(field.replace('.', '\\.')));
    }
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { 'content-type': 'application/json' },
      payload: '{"organisationName": ',
    });
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.json().error.message, /^body: malformed JSON/);
  });
});

describe('sign-in and sign-out', () => {
  test('signing in sets a secure HttpOnly SameSite=Lax session cookie and returns the account', async () => {
    const { user, org } = await userWithPassword();
    const response = await signIn(user.email.toUpperCase(), password);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().id, user.id);
    assert.equal(response.json().organisation.id, org.id);
    const cookie = response.cookies.find((c) => c.name === 'trellis_session');
    assert.ok(cookie);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.maxAge, t.config.sessionTtlHours * 3600);
    const [stored] = await t.ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    assert.ok(stored);
    assert.notEqual(stored.tokenHash, cookie.value, 'the database holds a hash, not the token');
  });

  test('a wrong password and an unknown email get the same 401', async () => {
    const { user } = await userWithPassword();
    const wrongPassword = await signIn(user.email, 'not the password', '10.0.1.1');
    const unknownEmail = await signIn('nobody@example.com', password, '10.0.1.1');
    assert.equal(wrongPassword.statusCode, 401);
    assert.equal(unknownEmail.statusCode, 401);
    assert.deepEqual(wrongPassword.json(), unknownEmail.json());
    assert.equal(wrongPassword.cookies.length, 0);
  });

  test('disabled and invited accounts cannot sign in', async () => {
    const { user: disabled } = await userWithPassword({ status: 'disabled' });
    const { user: invited } = await userWithPassword({ status: 'invited' });
    assert.equal((await signIn(disabled.email, password, '10.0.2.1')).statusCode, 401);
    assert.equal((await signIn(invited.email, password, '10.0.2.1')).statusCode, 401);
  });

  test('me is 401 when signed out or with a made-up cookie', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode, 401);
    const forged = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: 'trellis_session=made-up' },
    });
    assert.equal(forged.statusCode, 401);
    assert.equal(forged.json().error.code, 'unauthenticated');
  });

  test('signing out ends the session and clears the cookie', async () => {
    const { user } = await userWithPassword();
    const cookie = sessionCookieFrom(await signIn(user.email, password, '10.0.3.1'));
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } });
    assert.equal(out.statusCode, 204);
    const cleared = out.cookies.find((c) => c.name === 'trellis_session');
    assert.ok(cleared);
    assert.equal(cleared.value, '');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 401, 'the old cookie no longer works');
  });

  test('a session expires after the configured time', async () => {
    const { user } = await userWithPassword();
    const cookie = sessionCookieFrom(await signIn(user.email, password, '10.0.4.1'));
    t.clock.advance(t.config.sessionTtlHours * 3_600_000 + 1000);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  test('a state-changing request from another site is refused', async () => {
    const { user } = await userWithPassword();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { origin: 'https://evil.example', host: 'trellis.example' },
      payload: { email: user.email, password },
    });
    assert.equal(response.statusCode, 403);
  });
});

describe('sign-in rate limiting', () => {
  test('five failures for one account block it for 15 minutes, even with the right password', async () => {
    const { user } = await userWithPassword();
    for (let i = 0; i < 5; i++) {
      // Different addresses: the per-account limit must not depend on the address.
      assert.equal((await signIn(user.email, 'wrong password', `10.1.0.${i}`)).statusCode, 401);
    }
    const blocked = await signIn(user.email, password, '10.1.0.99');
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().error.code, 'rate_limited');
    const retryAfter = Number(blocked.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
    assert.equal(blocked.cookies.length, 0);

    t.clock.advance(retryAfter * 1000 + 1000);
    assert.equal((await signIn(user.email, password, '10.1.0.99')).statusCode, 200);
  });

  test('a success clears the failures of that account', async () => {
    const { user } = await userWithPassword();
    for (let i = 0; i < 4; i++) await signIn(user.email, 'wrong password', '10.2.0.1');
    assert.equal((await signIn(user.email, password, '10.2.0.1')).statusCode, 200);
    for (let i = 0; i < 4; i++) await signIn(user.email, 'wrong password', '10.2.0.1');
    assert.equal((await signIn(user.email, password, '10.2.0.1')).statusCode, 200);
  });

  test('twenty failures from one address block it for every account, not other addresses', async () => {
    const { user } = await userWithPassword();
    for (let i = 0; i < 20; i++) {
      assert.equal((await signIn(`guess-${i}@example.com`, 'whatever', '10.3.0.1')).statusCode, 401);
    }
    const blocked = await signIn(user.email, password, '10.3.0.1');
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal((await signIn(user.email, password, '10.3.0.2')).statusCode, 200);
  });
});

describe('password reset', () => {
  test('end to end: the emailed link sets a new password once, and signs the account out everywhere', async () => {
    const { user } = await userWithPassword();
    const oldCookie = sessionCookieFrom(await signIn(user.email, password, '10.4.0.1'));

    const request = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: user.email },
    });
    assert.equal(request.statusCode, 202);
    const mail = await latestMailTo(user.email);
    assert.ok(mail, 'a reset email is in the outbox');
    assert.equal(mail.kind, 'password_reset');
    assert.ok(mail.textBody.includes(`${t.config.publicUrl}/reset-password/`));
    const token = tokenFromLink(mail.textBody, '/reset-password');

    const newPassword = 'a brand new passphrase';
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: newPassword },
    });
    assert.equal(confirm.statusCode, 204, confirm.body);

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: oldCookie } });
    assert.equal(me.statusCode, 401, 'existing sessions are revoked');
    assert.equal((await signIn(user.email, password, '10.4.0.1')).statusCode, 401);
    assert.equal((await signIn(user.email, newPassword, '10.4.0.1')).statusCode, 200);

    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'yet another passphrase' },
    });
    assert.equal(again.statusCode, 410, 'the link works once');
    assert.equal(again.json().error.code, 'gone');
  });

  test('a reset link expires after an hour', async () => {
    const { user } = await userWithPassword();
    await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: user.email } });
    const token = tokenFromLink((await latestMailTo(user.email))!.textBody, '/reset-password');
    t.clock.advance(61 * 60_000);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'a brand new passphrase' },
    });
    assert.equal(response.statusCode, 410);
    assert.equal((await signIn(user.email, password, '10.5.0.1')).statusCode, 200, 'password unchanged');
  });

  test('unknown, invited and disabled accounts get the same 202 and no email', async () => {
    const { user: invited } = await userWithPassword({ status: 'invited' });
    const { user: disabled } = await userWithPassword({ status: 'disabled' });
    for (const email of ['nobody-here@example.com', invited.email, disabled.email]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset',
        payload: { email },
      });
      assert.equal(response.statusCode, 202);
      assert.equal(await latestMailTo(email), undefined);
    }
  });

  test('an unknown token is 404 and bad input is 400 naming the field', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token: 'x'.repeat(43), password: 'a brand new passphrase' },
    });
    assert.equal(unknown.statusCode, 404);
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token: 'x'.repeat(43), password: 'short' },
    });
    assert.equal(short.statusCode, 400);
    assert.match(short.json().error.message, /body\.password/);
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email: ['a@example.com'] },
    });
    assert.equal(wrongType.statusCode, 400);
    assert.match(wrongType.json().error.message, /body\.email/);
  });
});
