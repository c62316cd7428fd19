import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog, outbox, people, sessions, users } from '../../db/schema.ts';
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
  test('wrong passwords from one address make that address wait 2, 4, 8 … seconds; the owner elsewhere gets in', async () => {
    const { user } = await userWithPassword();
    const attacker = '10.1.0.1';
    for (let i = 0; i < 5; i++) {
      assert.equal((await signIn(user.email, 'wrong password', attacker)).statusCode, 401);
    }
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      // Refused before the password is checked, even the right one.
      const refused = await signIn(user.email, password, attacker);
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(refused.json().error.code, 'rate_limited');
      assert.equal(refused.cookies.length, 0);
      const retryAfter = Number(refused.headers['retry-after']);
      assert.match(refused.json().error.message, new RegExp(`Wait ${retryAfter} seconds, then try again`));
      waits.push(retryAfter);
      t.clock.advance(retryAfter * 1000);
      assert.equal((await signIn(user.email, 'wrong password', attacker)).statusCode, 401);
    }
    assert.deepEqual(waits, [2, 4, 8, 16], 'each further failure doubles the wait');

    // Meanwhile the owner, from their own address, is not held up at all.
    const owner = await signIn(user.email, password, '10.1.9.9');
    assert.equal(owner.statusCode, 200, owner.body);

    // The wait expires: then the right password works from the attacker's address too, and clears its count.
    t.clock.advance(32_000);
    assert.equal((await signIn(user.email, password, attacker)).statusCode, 200);
    assert.equal((await signIn(user.email, 'wrong password', attacker)).statusCode, 401);
    assert.equal((await signIn(user.email, password, attacker)).statusCode, 200);
  });

  test('the wait never grows beyond 15 minutes, and unknown emails are limited like known ones', async () => {
    for (const email of ['nobody-known@example.com', (await userWithPassword()).user.email]) {
      let longest = 0;
      for (let i = 0; i < 16; i++) {
        const response = await signIn(email, 'wrong password', '10.1.1.1');
        if (response.statusCode === 429) {
          const retryAfter = Number(response.headers['retry-after']);
          longest = Math.max(longest, retryAfter);
          t.clock.advance(retryAfter * 1000);
          assert.equal((await signIn(email, 'wrong password', '10.1.1.1')).statusCode, 401);
        } else {
          assert.equal(response.statusCode, 401);
        }
      }
      assert.equal(longest, 15 * 60, email);
      t.clock.advance(15 * 60_000);
    }
  });

  test('a success clears the failures of that account from that address', async () => {
    const { user } = await userWithPassword();
    for (let i = 0; i < 4; i++) await signIn(user.email, 'wrong password', '10.2.0.1');
    assert.equal((await signIn(user.email, password, '10.2.0.1')).statusCode, 200);
    for (let i = 0; i < 4; i++) await signIn(user.email, 'wrong password', '10.2.0.1');
    assert.equal((await signIn(user.email, password, '10.2.0.1')).statusCode, 200);
  });

  test('twenty failures from one address slow it down for every account, not other addresses', async () => {
    const { user } = await userWithPassword();
    for (let i = 0; i < 20; i++) {
      assert.equal((await signIn(`guess-${i}@example.com`, 'whatever', '10.3.0.1')).statusCode, 401);
    }
    const blocked = await signIn(user.email, password, '10.3.0.1');
    assert.equal(blocked.statusCode, 429);
    assert.match(blocked.json().error.message, /from your network/);
    assert.equal(blocked.headers['retry-after'], '2');
    assert.equal((await signIn(user.email, password, '10.3.0.2')).statusCode, 200);
    t.clock.advance(2000);
    assert.equal((await signIn(user.email, password, '10.3.0.1')).statusCode, 200);
  });

  test('X-Forwarded-For is ignored unless TRUST_PROXY is set: a client cannot pick a fresh address', async () => {
    const { user } = await userWithPassword();
    const spoofing = (email: string, pass: string, forwardedFor: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email, password: pass },
        remoteAddress: '10.6.0.1',
        headers: { 'x-forwarded-for': forwardedFor },
      });
    // Spraying many accounts, naming a new address each time.
    for (let i = 0; i < 20; i++) {
      assert.equal(
        (await spoofing(`sprayed-${i}@example.com`, 'whatever', `198.51.100.${i}`)).statusCode,
        401,
      );
    }
    const refused = await spoofing(user.email, password, '198.51.100.77');
    assert.equal(refused.statusCode, 429, 'the address is the connection’s, whatever the header says');
    const [session] = await t.ctx.db.select().from(sessions).where(eq(sessions.ip, '198.51.100.77'));
    assert.equal(session, undefined);
  });

  test('an IPv6 client is limited by its /64 network, not by each of its addresses', async () => {
    const { user } = await userWithPassword();
    for (let i = 1; i <= 5; i++) {
      assert.equal((await signIn(user.email, 'wrong password', `2001:db8:1:2::${i}`)).statusCode, 401);
    }
    assert.equal((await signIn(user.email, password, '2001:db8:1:2:ffff::9')).statusCode, 429);
    assert.equal((await signIn(user.email, password, '2001:db8:1:3::1')).statusCode, 200);
  });
});

describe('behind a proxy (TRUST_PROXY)', () => {
  let proxied: TestApp;
  let hops: TestApp;
  before(async () => {
    proxied = await createTestApp({ TRUST_PROXY: '10.7.0.0/24' });
    hops = await createTestApp({ TRUST_PROXY: '1' });
  });
  after(async () => {
    await proxied?.close();
    await hops?.close();
  });

  async function proxiedUser(app: TestApp) {
    const org = await createOrganisation(app.ctx.db);
    return (await createSignedInUser(app.ctx.db, org.id, { passwordHash: await hashPassword(password) }))
      .user;
  }
  function via(app: TestApp, email: string, pass: string, peer: string, forwardedFor: string) {
    return app.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email, password: pass },
      remoteAddress: peer,
      headers: { 'x-forwarded-for': forwardedFor, 'user-agent': 'Proxied browser' },
    });
  }

  test('the trusted proxy names the client: limits follow the client, and the session records its address', async () => {
    const user = await proxiedUser(proxied);
    for (let i = 0; i < 5; i++) {
      assert.equal(
        (await via(proxied, user.email, 'wrong password', '10.7.0.5', '203.0.113.1')).statusCode,
        401,
      );
    }
    assert.equal((await via(proxied, user.email, password, '10.7.0.6', '203.0.113.1')).statusCode, 429);
    const owner = await via(proxied, user.email, password, '10.7.0.5', '203.0.113.2');
    assert.equal(owner.statusCode, 200, 'another client behind the same proxy is not held up');
    const signedIn = await proxied.ctx.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, user.id), eq(sessions.userAgent, 'Proxied browser')));
    assert.deepEqual(
      signedIn.map((session) => session.ip),
      ['203.0.113.2'],
    );
  });

  test('a peer that is not a trusted proxy cannot name another address', async () => {
    const user = await proxiedUser(proxied);
    for (let i = 0; i < 5; i++) {
      const response = await via(proxied, user.email, 'wrong password', '192.0.2.10', `203.0.113.${10 + i}`);
      assert.equal(response.statusCode, 401);
    }
    assert.equal((await via(proxied, user.email, password, '192.0.2.10', '203.0.113.99')).statusCode, 429);
  });

  test('a hop count trusts that many proxies in front of Trellis', async () => {
    const user = await proxiedUser(hops);
    for (let i = 0; i < 5; i++) {
      const response = await via(
        hops,
        user.email,
        'wrong password',
        '10.8.0.1',
        `192.0.2.66, 203.0.113.${i}`,
      );
      assert.equal(response.statusCode, 401);
    }
    // One hop: the client is the last address the proxy appended, whatever the client wrote before it.
    assert.equal(
      (await via(hops, user.email, password, '10.8.0.1', '192.0.2.66, 203.0.113.50')).statusCode,
      200,
    );
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
    // The page checks the link when it opens, which does not use it up.
    const check = () => t.app.inject({ method: 'GET', url: `/api/auth/password-reset/${token}` });
    for (let opened = 0; opened < 2; opened++) {
      const checked = await check();
      assert.equal(checked.statusCode, 200, checked.body);
      assert.deepEqual(checked.json(), { email: user.email });
    }

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
    const reopened = await check();
    assert.equal(reopened.statusCode, 410, 'opening a used link says so at once');
    assert.match(reopened.json().error.message, /already been used/);
  });

  test('a reset link expires after an hour', async () => {
    const { user } = await userWithPassword();
    await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: user.email } });
    const token = tokenFromLink((await latestMailTo(user.email))!.textBody, '/reset-password');
    t.clock.advance(61 * 60_000);
    const opened = await t.app.inject({ method: 'GET', url: `/api/auth/password-reset/${token}` });
    assert.equal(opened.statusCode, 410);
    assert.match(opened.json().error.message, /expired/);
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

  test('bad links from one address are slowed down (reset, invitation alike); other addresses are not', async () => {
    const confirmFrom = (token: string, ip: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token, password: 'a brand new passphrase' },
        remoteAddress: ip,
      });
    for (let i = 0; i < 5; i++) {
      assert.equal((await confirmFrom(`guessed-reset-token-${i}`, '10.5.1.1')).statusCode, 404);
      const invitation = await t.app.inject({
        method: 'GET',
        url: `/api/auth/invitations/guessed-invitation-${i}`,
        remoteAddress: '10.5.1.1',
      });
      assert.equal(invitation.statusCode, 404);
    }
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept',
      payload: { token: 'guessed-invitation-x', password: 'a brand new passphrase' },
      remoteAddress: '10.5.1.1',
    });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '2');
    assert.match(refused.json().error.message, /Too many attempts with invitation links\. Wait 2 seconds/);

    const { user } = await userWithPassword();
    await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: user.email } });
    const token = tokenFromLink((await latestMailTo(user.email))!.textBody, '/reset-password');
    assert.equal((await confirmFrom(token, '10.5.1.1')).statusCode, 429, 'even a good link waits there');
    assert.equal((await confirmFrom(token, '10.5.1.2')).statusCode, 204, 'and works from elsewhere');
  });

  test('a used link tried again and again is slowed down, from any address', async () => {
    const { user } = await userWithPassword();
    await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: user.email } });
    const token = tokenFromLink((await latestMailTo(user.email))!.textBody, '/reset-password');
    const confirm = (ip: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token, password: 'a brand new passphrase' },
        remoteAddress: ip,
      });
    assert.equal((await confirm('10.5.2.1')).statusCode, 204);
    for (let i = 0; i < 5; i++) assert.equal((await confirm(`10.5.3.${i}`)).statusCode, 410);
    const refused = await confirm('10.5.4.1');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], '2');
  });

  test('a password reset is in the audit log of the organisation', async () => {
    const { user, org } = await userWithPassword();
    await t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { email: user.email } });
    const token = tokenFromLink((await latestMailTo(user.email))!.textBody, '/reset-password');
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'a brand new passphrase' },
      remoteAddress: '10.5.5.1',
    });
    assert.equal(confirm.statusCode, 204);
    const entries = await t.ctx.db.select().from(auditLog).where(eq(auditLog.organisationId, org.id));
    assert.deepEqual(entries.map((entry) => [entry.action, entry.targetId]).sort(), [
      ['user.password_reset_completed', user.id],
      ['user.password_reset_requested', user.id],
    ]);
  });

  test('an unknown token is 404 and bad input is 400 naming the field', async () => {
    const unknownOpened = await t.app.inject({
      method: 'GET',
      url: `/api/auth/password-reset/${'y'.repeat(43)}`,
      remoteAddress: '10.9.0.1',
    });
    assert.equal(unknownOpened.statusCode, 404);
    assert.match(unknownOpened.json().error.message, /not valid/);
    const cut = await t.app.inject({
      method: 'GET',
      url: '/api/auth/password-reset/abc',
      remoteAddress: '10.9.0.1',
    });
    assert.equal(cut.statusCode, 400);
    assert.equal(cut.json().error.details.issues[0].path, 'params.token');
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
