import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, count, eq, sql } from 'drizzle-orm';
import { auditLog, jobs, notifications, outbox, users } from '../../db/schema.ts';
import { hashPassword } from '../../lib/passwords.ts';
import {
  createOrganisation,
  createPerson,
  createSignedInUser,
  createTwoOrganisations,
} from '../../testing/factories.ts';
import { createTestApp, sessionCookieFrom, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof createTwoOrganisations>>;
before(async () => {
  t = await createTestApp();
  world = await createTwoOrganisations(t.ctx.db);
});
after(async () => {
  await t.close();
});

const password = 'a long enough passphrase';

function invite(payload: object, cookie = world.admin.cookie) {
  return t.app.inject({ method: 'POST', url: '/api/users/invitations', headers: { cookie }, payload });
}

async function mailsTo(address: string) {
  return t.ctx.db.select().from(outbox).where(eq(outbox.toAddress, address)).orderBy(outbox.createdAt);
}

function invitationToken(text: string): string {
  const match = text.match(/\/invitations\/([A-Za-z0-9_-]+)/);
  assert.ok(match, `no invitation link in: ${text}`);
  return match[1]!;
}

async function countRows(table: typeof outbox | typeof jobs | typeof users) {
  const [row] = await t.ctx.db.select({ n: count() }).from(table);
  return Number(row!.n);
}

describe('invitations', () => {
  test('an admin invites someone; the email links to a page that lets them choose a password and sign in', async () => {
    const email = `grace-${randomUUID().slice(0, 6)}@example.com`;
    const response = await invite({ email: email.toUpperCase(), name: 'Grace Hopper' });
    assert.equal(response.statusCode, 201, response.body);
    const invited = response.json();
    assert.equal(invited.email, email);
    assert.equal(invited.status, 'invited');
    assert.equal(invited.role, 'member');

    const [mail] = await mailsTo(email);
    assert.ok(mail);
    assert.equal(mail.kind, 'invitation');
    assert.equal(mail.organisationId, world.org.id);
    assert.equal(mail.subject, `${world.admin.user.name} invited you to join ${world.org.name} on Trellis`);
    assert.ok(mail.textBody.includes(`${t.config.publicUrl}/invitations/`));
    assert.ok(mail.htmlBody?.includes('Accept the invitation'));
    const [job] = await t.ctx.db.select().from(jobs).where(sql`${jobs.payload}->>'outboxId' = ${mail.id}`);
    assert.equal(job?.kind, 'deliver_email', 'a delivery job was queued with the message');

    const token = invitationToken(mail.textBody);
    const info = await t.app.inject({ method: 'GET', url: `/api/auth/invitations/${token}` });
    assert.equal(info.statusCode, 200);
    assert.deepEqual(info.json(), { email, name: 'Grace Hopper', organisationName: world.org.name });

    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept',
      payload: { token, password },
    });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().id, invited.id);
    const cookie = sessionCookieFrom(accepted);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.json().email, email);

    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email, password },
    });
    assert.equal(signIn.statusCode, 200);

    const reused = await t.app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept',
      payload: { token, password: 'another passphrase here' },
    });
    assert.equal(reused.statusCode, 410);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/api/auth/invitations/${token}` })).statusCode,
      410,
    );
  });

  test('without SMTP the admin gets the one-time link once, in the answer to the audited invitation', async () => {
    const email = `linked-${randomUUID().slice(0, 6)}@example.com`;
    const response = await invite({ email });
    assert.equal(response.statusCode, 201);
    const { invitationLink } = response.json();
    const token = invitationLink.url.split('/').pop();
    assert.equal(invitationLink.url, `${t.config.publicUrl}/invitations/${token}`);
    assert.equal(
      Date.parse(invitationLink.expiresAt),
      t.clock.now.getTime() + t.config.invitationTtlHours * 3_600_000,
    );
    assert.equal(token, invitationToken((await mailsTo(email))[0]!.textBody), 'the link of the email');
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, response.json().id), eq(auditLog.action, 'user.invited')));
    assert.deepEqual(entry?.details, { email, role: 'member', delivery: 'link' });

    const resent = await t.app.inject({
      method: 'POST',
      url: `/api/users/${response.json().id}/invitation`,
      headers: { cookie: world.admin.cookie },
    });
    assert.equal(resent.statusCode, 200);
    const newToken = resent.json().invitationLink.url.split('/').pop();
    assert.notEqual(newToken, token);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/api/auth/invitations/${token}` })).statusCode,
      410,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/api/auth/invitations/${newToken}` })).statusCode,
      200,
    );
  });

  test('an unknown invitation link is 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/auth/invitations/${'x'.repeat(43)}` });
    assert.equal(response.statusCode, 404);
  });

  test('the account is tied to the person with the same email, or the person given by id', async () => {
    const byEmail = await createPerson(t.ctx.db, world.org.id, { name: 'Katherine Johnson' });
    const response = await invite({ email: byEmail.email });
    assert.equal(response.statusCode, 201);
    assert.equal(response.json().personId, byEmail.id);
    assert.equal(response.json().name, 'Katherine Johnson', 'the name comes from the directory');

    const byId = await createPerson(t.ctx.db, world.org.id);
    const linked = await invite({
      email: `other-address-${randomUUID().slice(0, 6)}@example.com`,
      personId: byId.id,
    });
    assert.equal(linked.statusCode, 201);
    assert.equal(linked.json().personId, byId.id);

    const again = await invite({ email: `third-${randomUUID().slice(0, 6)}@example.com`, personId: byId.id });
    assert.equal(again.statusCode, 409, 'a person has at most one account');

    const foreign = await createPerson(t.ctx.db, world.other.id);
    const crossOrg = await invite({
      email: `x-${randomUUID().slice(0, 6)}@example.com`,
      personId: foreign.id,
    });
    assert.equal(crossOrg.statusCode, 404, "another organisation's person is not found");
  });

  test('inviting an email that already has an account is 409, and leaves no email behind', async () => {
    const outboxBefore = await countRows(outbox);
    const jobsBefore = await countRows(jobs);
    for (const email of [world.member.user.email, world.otherAdmin.user.email.toUpperCase()]) {
      const response = await invite({ email });
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().error.code, 'conflict');
    }
    assert.equal(await countRows(outbox), outboxBefore);
    assert.equal(await countRows(jobs), jobsBefore);
  });

  test('the account, its email and its delivery job commit together or not at all', async () => {
    // Make the last write of the invitation (the audit row) fail after the email has been queued.
    await t.ctx.db.execute(sql`
      create function refuse_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit refused for the test'; end $$`);
    await t.ctx.db.execute(
      sql`create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()`,
    );
    try {
      const before = [await countRows(outbox), await countRows(jobs), await countRows(users)];
      const email = `atomic-${randomUUID().slice(0, 6)}@example.com`;
      const response = await invite({ email });
      assert.equal(response.statusCode, 500);
      assert.equal(response.json().error.message, 'Something went wrong on our side', 'no internals leak');
      assert.deepEqual([await countRows(outbox), await countRows(jobs), await countRows(users)], before);
    } finally {
      await t.ctx.db.execute(sql`drop trigger refuse_audit on audit_log`);
      await t.ctx.db.execute(sql`drop function refuse_audit()`);
    }
  });

  test('resending gives a new link and the old one stops working', async () => {
    const email = `resend-${randomUUID().slice(0, 6)}@example.com`;
    const invited = (await invite({ email })).json();
    const oldToken = invitationToken((await mailsTo(email))[0]!.textBody);

    const resend = await t.app.inject({
      method: 'POST',
      url: `/api/users/${invited.id}/invitation`,
      headers: { cookie: world.admin.cookie },
    });
    assert.equal(resend.statusCode, 200, resend.body);
    const mails = await mailsTo(email);
    assert.equal(mails.length, 2);
    const newToken = invitationToken(mails[1]!.textBody);
    assert.notEqual(newToken, oldToken);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/api/auth/invitations/${oldToken}` })).statusCode,
      410,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/api/auth/invitations/${newToken}` })).statusCode,
      200,
    );

    const otherOrg = await t.app.inject({
      method: 'POST',
      url: `/api/users/${invited.id}/invitation`,
      headers: { cookie: world.otherAdmin.cookie },
    });
    assert.equal(otherOrg.statusCode, 404);
    const active = await t.app.inject({
      method: 'POST',
      url: `/api/users/${world.member.user.id}/invitation`,
      headers: { cookie: world.admin.cookie },
    });
    assert.equal(active.statusCode, 409);
  });

  test('bad invitation input is a 400 naming the field', async () => {
    const cases: Array<[object, RegExp]> = [
      [{ email: 'nope' }, /body\.email/],
      [{ email: 'a@example.com', role: 'owner' }, /body\.role/],
      [{ email: 'a@example.com', personId: 'not-a-uuid' }, /body\.personId/],
      [{ email: 'a@example.com', admin: true }, /admin: unknown field/],
    ];
    for (const [payload, field] of cases) {
      const response = await invite(payload);
      assert.equal(response.statusCode, 400, response.body);
      assert.match(response.json().error.message, field);
    }
  });
});

describe('the list of accounts', () => {
  test('is paginated, searchable and limited to the organisation', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: '/api/users?pageSize=2',
      headers: { cookie: world.admin.cookie },
    });
    assert.equal(page.statusCode, 200);
    const body = page.json();
    assert.equal(body.items.length, 2);
    assert.equal(body.pageSize, 2);
    assert.ok(body.total > 2);
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/users?pageSize=200',
      headers: { cookie: world.admin.cookie },
    });
    const emails = all.json().items.map((u: { email: string }) => u.email);
    assert.ok(emails.includes(world.member.user.email));
    assert.ok(!emails.includes(world.otherAdmin.user.email), "another organisation's accounts never show");

    const search = await t.app.inject({
      method: 'GET',
      url: `/api/users?q=${encodeURIComponent(world.member.user.name.toUpperCase())}`,
      headers: { cookie: world.admin.cookie },
    });
    assert.deepEqual(
      search.json().items.map((u: { id: string }) => u.id),
      [world.member.user.id],
    );

    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/users?page=zero',
      headers: { cookie: world.admin.cookie },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /querystring\.page/);
  });
});

describe('changing role and status', () => {
  function patch(id: string, payload: object, cookie = world.admin.cookie) {
    return t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: { cookie }, payload });
  }

  test('an admin cannot demote or disable themselves, nor leave the organisation without an admin', async () => {
    const self = world.admin.user.id;
    const demote = await patch(self, { role: 'member' });
    assert.equal(demote.statusCode, 409);
    assert.match(demote.json().error.message, /your own admin rights/);
    assert.equal((await patch(self, { status: 'disabled' })).statusCode, 409);
  });

  test('promoting, demoting and disabling others works; a disabled account is signed out', async () => {
    const org = await createOrganisation(t.ctx.db);
    const first = await createSignedInUser(t.ctx.db, org.id, { role: 'admin' });
    const second = await createSignedInUser(t.ctx.db, org.id, { role: 'member' });

    const promoted = await patch(second.user.id, { role: 'admin' }, first.cookie);
    assert.equal(promoted.statusCode, 200);
    assert.equal(promoted.json().role, 'admin');

    // The second admin now demotes the first: allowed, one admin remains.
    const demoted = await patch(first.user.id, { role: 'member' }, second.cookie);
    assert.equal(demoted.statusCode, 200);
    assert.equal(demoted.json().role, 'member');
    const nowMember = await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { cookie: first.cookie },
    });
    assert.equal(nowMember.statusCode, 403, 'the demotion takes effect at once');

    const disabled = await patch(first.user.id, { status: 'disabled' }, second.cookie);
    assert.equal(disabled.statusCode, 200);
    assert.equal(disabled.json().status, 'disabled');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first.cookie } });
    assert.equal(me.statusCode, 401);

    const entries = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organisationId, org.id), eq(auditLog.action, 'user.updated')));
    assert.equal(entries.length, 3, 'each change is in the audit log');
  });

  test("another organisation's admin gets 404, and an invited account cannot be made active", async () => {
    assert.equal(
      (await patch(world.member.user.id, { role: 'admin' }, world.otherAdmin.cookie)).statusCode,
      404,
    );
    assert.equal((await patch(randomUUID(), { role: 'admin' })).statusCode, 404);
    const email = `pending-${randomUUID().slice(0, 6)}@example.com`;
    const invited = (await invite({ email })).json();
    assert.equal((await patch(invited.id, { status: 'active' })).statusCode, 409);
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: Array<[object, RegExp]> = [
      [{ role: 'owner' }, /body\.role/],
      [{ status: 'invited' }, /body\.status/],
      [{ name: 'x' }, /name: unknown field/],
    ];
    for (const [payload, field] of cases) {
      const response = await patch(world.member.user.id, payload);
      assert.equal(response.statusCode, 400, response.body);
      assert.match(response.json().error.message, field);
    }
    const badId = await patch('not-a-uuid', { role: 'admin' });
    assert.equal(badId.statusCode, 400);
    assert.match(badId.json().error.message, /params\.id/);
  });
});

describe("an admin resets someone's password (no SMTP server)", () => {
  async function team() {
    const org = await createOrganisation(t.ctx.db, { name: 'Reset Co' });
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin', name: 'Ada Admin' });
    const person = await createPerson(t.ctx.db, org.id, { name: 'Grace Member' });
    const member = await createSignedInUser(t.ctx.db, org.id, {
      name: 'Grace Member',
      personId: person.id,
      passwordHash: await hashPassword(password),
    });
    return { org, admin, member, person };
  }
  function reset(id: string, cookie: string) {
    return t.app.inject({ method: 'POST', url: `/api/users/${id}/password-reset`, headers: { cookie } });
  }

  test('signs them out everywhere, tells them without the link, shows the admin a link that works once', async () => {
    const { org, admin, member, person } = await team();
    const response = await reset(member.user.id, admin.cookie);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.delivery, 'link');
    assert.match(body.link.url, new RegExp(`^${t.config.publicUrl}/reset-password/[A-Za-z0-9_-]{40,}$`));
    assert.ok(Date.parse(body.link.expiresAt) > t.clock.now.getTime());
    const token = body.link.url.split('/').pop();

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: member.cookie } });
    assert.equal(me.statusCode, 401, 'signed out everywhere');

    const mails = await mailsTo(member.user.email);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.kind, 'password_reset_notice');
    assert.match(mails[0]!.textBody, /Ada Admin reset the password/);
    assert.ok(
      !mails[0]!.textBody.includes(token) && !mails[0]!.htmlBody?.includes(token),
      'no link in the notice',
    );
    const [notice] = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, person.id), eq(notifications.kind, 'password_reset')));
    assert.match(notice!.body, /Ada Admin reset your password/);

    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organisationId, org.id), eq(auditLog.action, 'user.password_reset')));
    assert.equal(entry?.actorUserId, admin.user.id);
    assert.equal(entry?.targetId, member.user.id);
    assert.ok(!JSON.stringify(entry?.details).includes(token), 'the audit log holds no link');

    const confirm = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password-reset/confirm',
        payload: { token, password: 'grace chose a new one' },
        remoteAddress: '10.50.0.1',
      });
    assert.equal((await confirm()).statusCode, 204);
    assert.equal((await confirm()).statusCode, 410, 'the link works once');
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: member.user.email, password: 'grace chose a new one' },
      remoteAddress: '10.50.0.2',
    });
    assert.equal(signIn.statusCode, 200);
  });

  test('a second reset retires the first link', async () => {
    const { admin, member } = await team();
    const first = (await reset(member.user.id, admin.cookie)).json().link.url.split('/').pop();
    assert.equal((await reset(member.user.id, admin.cookie)).statusCode, 200);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token: first, password: 'grace chose a new one' },
      remoteAddress: '10.50.1.1',
    });
    assert.equal(confirm.statusCode, 410);
  });

  test('is refused to members (403), signed-out callers (401), other organisations (404), and for oneself', async () => {
    const { admin, member } = await team();
    const target = member.user.id;
    assert.equal((await reset(target, member.cookie)).statusCode, 403);
    assert.equal(
      (await t.app.inject({ method: 'POST', url: `/api/users/${target}/password-reset` })).statusCode,
      401,
    );
    assert.equal((await reset(target, world.otherAdmin.cookie)).statusCode, 404);
    assert.equal((await reset(randomUUID(), admin.cookie)).statusCode, 404);
    const badId = await reset('not-a-uuid', admin.cookie);
    assert.equal(badId.statusCode, 400);
    assert.match(badId.json().error.message, /params\.id/);
    const self = await reset(admin.user.id, admin.cookie);
    assert.equal(self.statusCode, 409);
    assert.match(self.json().error.message, /My account/);
    assert.equal((await mailsTo(member.user.email)).length, 0, 'nothing was sent');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: member.cookie } });
    assert.equal(me.statusCode, 200, 'nobody was signed out');
  });

  test('an invited or disabled account is refused with what to do instead', async () => {
    const { org, admin } = await team();
    const invited = await createSignedInUser(t.ctx.db, org.id, { status: 'invited' });
    const disabled = await createSignedInUser(t.ctx.db, org.id, { status: 'disabled' });
    const forInvited = await reset(invited.user.id, admin.cookie);
    assert.equal(forInvited.statusCode, 409);
    assert.match(forInvited.json().error.message, /resend the invitation/);
    const forDisabled = await reset(disabled.user.id, admin.cookie);
    assert.equal(forDisabled.statusCode, 409);
    assert.match(forDisabled.json().error.message, /enable it first/);
  });
});

describe('the audit log', () => {
  test("shows the organisation's admin actions, newest first, and nothing of other organisations", async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/audit?pageSize=100',
      headers: { cookie: world.admin.cookie },
    });
    assert.equal(response.statusCode, 200);
    const items = response.json().items as Array<{
      action: string;
      actor: { id: string } | null;
      createdAt: string;
    }>;
    assert.ok(items.some((item) => item.action === 'user.invited'));
    assert.ok(items.every((item) => item.actor?.id === world.admin.user.id));
    const times = items.map((item) => item.createdAt);
    assert.deepEqual([...times].sort().reverse(), times);

    const other = await t.app.inject({
      method: 'GET',
      url: '/api/audit',
      headers: { cookie: world.otherAdmin.cookie },
    });
    assert.equal(other.json().total, 0);
  });
});

// Last: moving the clock days ahead expires the factories' sessions too.
describe('expiry', () => {
  test('an invitation expires after the configured time', async () => {
    const email = `late-${randomUUID().slice(0, 6)}@example.com`;
    assert.equal((await invite({ email })).statusCode, 201);
    const token = invitationToken((await mailsTo(email))[0]!.textBody);
    t.clock.advance(t.config.invitationTtlHours * 3_600_000 + 60_000);
    const info = await t.app.inject({ method: 'GET', url: `/api/auth/invitations/${token}` });
    assert.equal(info.statusCode, 410);
    assert.equal(info.json().error.code, 'gone');
    const accept = await t.app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept',
      payload: { token, password },
    });
    assert.equal(accept.statusCode, 410);
  });
});
