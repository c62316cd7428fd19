import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { BulkInvitationJob, BulkInvitationPreview, User } from '../../../contracts/users.contracts.ts';
import { auditLog, jobs, outbox, people, users } from '../../db/schema.ts';
import { startJobRunner } from '../../jobs/job-runner.ts';
import { hashPassword } from '../../lib/passwords.ts';
import {
  createOrganisation,
  createPerson,
  createSignedInUser,
  createTwoOrganisations,
} from '../../testing/factories.ts';
import { addCoordinator, createProgram, enrolPerson } from '../../testing/program-factories.ts';
import { createTestApp, issuePaths, sessionCookieFrom, type TestApp } from '../../testing/test-app.ts';
import { backgroundFrom, bulkInvitationsJob } from './bulk-invitations.service.ts';

let t: TestApp;
let world: Awaited<ReturnType<typeof createTwoOrganisations>>;
before(async () => {
  t = await createTestApp();
  world = await createTwoOrganisations(t.ctx.db);
});
after(async () => {
  await t.close();
});

const unique = () => randomUUID().slice(0, 8);

function post(url: string, payload: unknown, cookie = world.admin.cookie) {
  return t.call('POST', `/api/users/invitations${url}`, cookie, payload);
}

async function preview(audience: object, cookie = world.admin.cookie): Promise<BulkInvitationPreview> {
  const response = await post('/bulk/preview', { audience }, cookie);
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

async function accountOf(personId: string) {
  const [row] = await t.ctx.db.select().from(users).where(eq(users.personId, personId));
  return row ?? null;
}

async function invitationMailsTo(address: string) {
  return t.ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.toAddress, address), eq(outbox.kind, 'invitation')));
}

async function countOf(table: typeof outbox | typeof users | typeof jobs) {
  const [row] = await t.ctx.db.select({ n: count() }).from(table);
  return Number(row!.n);
}

/** An organisation of its own, so counts are not disturbed by the other tests. */
async function freshOrganisation() {
  const org = await createOrganisation(t.ctx.db);
  const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin', name: 'Ada Admin' });
  return { org, admin };
}

describe('bulk invitation of a program’s enrolled people', () => {
  test('the preview counts who gets an invitation and why the others do not; sending invites exactly those', async () => {
    const { org, admin } = await freshOrganisation();
    const program = await createProgram(t.ctx.db, org.id);
    const fresh = await createPerson(t.ctx.db, org.id, { name: 'Fresh Person' });
    const second = await createPerson(t.ctx.db, org.id, { name: 'Second Person' });
    const signedUp = await createPerson(t.ctx.db, org.id);
    await createSignedInUser(t.ctx.db, org.id, { personId: signedUp.id, email: signedUp.email });
    const waiting = await createPerson(t.ctx.db, org.id);
    await t.ctx.db.insert(users).values({
      organisationId: org.id,
      personId: waiting.id,
      email: waiting.email,
      name: waiting.name,
      status: 'invited',
    });
    const noAddress = await createPerson(t.ctx.db, org.id, { email: `no-address-${unique()}` });
    const left = await createPerson(t.ctx.db, org.id, { status: 'inactive' });
    const withdrew = await createPerson(t.ctx.db, org.id);
    const notEnrolled = await createPerson(t.ctx.db, org.id);
    for (const [person, role] of [
      [fresh, 'mentee'],
      [second, 'mentor'],
      [signedUp, 'mentor'],
      [waiting, 'mentee'],
      [noAddress, 'mentee'],
      [left, 'mentee'],
    ] as const)
      await enrolPerson(t.ctx.db, {
        organisationId: org.id,
        programId: program.id,
        personId: person.id,
        role,
      });
    await enrolPerson(t.ctx.db, {
      organisationId: org.id,
      programId: program.id,
      personId: withdrew.id,
      role: 'mentee',
      status: 'withdrawn',
    });
    // Enrolled as mentor and mentee: one person, one invitation.
    await enrolPerson(t.ctx.db, {
      organisationId: org.id,
      programId: program.id,
      personId: second.id,
      role: 'mentee',
      status: 'waitlisted',
    });

    const audience = { source: 'program', programId: program.id };
    const seen = await preview(audience, admin.cookie);
    assert.deepEqual(
      { ...seen, sample: seen.sample.map((person) => person.name).sort() },
      {
        total: 6,
        toInvite: 2,
        hasAccount: 1,
        awaitingAcceptance: 1,
        noEmail: 1,
        inactive: 1,
        duplicates: 0,
        sample: ['Fresh Person', 'Second Person'],
        runsInBackground: false,
      },
    );
    const mentorsOnly = await preview({ ...audience, roles: ['mentor'] }, admin.cookie);
    assert.equal(mentorsOnly.toInvite, 1, 'only the mentor without an account');

    const sent = await post('/bulk', { audience }, admin.cookie);
    assert.equal(sent.statusCode, 200, sent.body);
    assert.deepEqual(sent.json(), { sent: 2, job: null, delivery: 'mailbox' });

    for (const person of [fresh, second]) {
      const account = await accountOf(person.id);
      assert.equal(account?.status, 'invited', `${person.name} has an invited account`);
      assert.equal(account?.email, person.email);
      assert.equal(account?.role, 'member');
      const mails = await invitationMailsTo(person.email);
      assert.equal(mails.length, 1, 'one invitation email');
      assert.equal(mails[0]!.subject, `Ada Admin invited you to join ${org.name} on Trellis`);
      assert.ok(mails[0]!.carriesSecret, 'its link is hidden from the mailbox');
    }
    for (const person of [noAddress, left, withdrew, notEnrolled])
      assert.equal(await accountOf(person.id), null, `${person.name} got no account`);
    assert.equal(
      (await invitationMailsTo(waiting.email)).length,
      0,
      'the invited person is not invited twice',
    );

    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.organisationId, org.id),
          inArray(auditLog.action, ['user.invited', 'user.bulk_invitation']),
        ),
      );
    assert.equal(audits.filter((entry) => entry.action === 'user.invited').length, 2);
    const summary = audits.find((entry) => entry.action === 'user.bulk_invitation');
    assert.equal(summary?.actorUserId, admin.user.id);
    assert.deepEqual(summary?.details, {
      source: 'program',
      programId: program.id,
      roles: ['mentor', 'mentee'],
      total: 6,
      toInvite: 2,
      hasAccount: 1,
      awaitingAcceptance: 1,
      noEmail: 1,
      inactive: 1,
      duplicates: 0,
      invited: 2,
    });

    // Sending again is harmless: nobody is left to invite.
    const again = await preview(audience, admin.cookie);
    assert.equal(again.toInvite, 0);
    assert.equal(again.awaitingAcceptance, 3);
    assert.deepEqual((await post('/bulk', { audience }, admin.cookie)).json(), {
      sent: 0,
      job: null,
      delivery: 'mailbox',
    });
  });

  test('a program of another organisation is not found, and members and signed-out callers are refused', async () => {
    const foreign = await createProgram(t.ctx.db, world.other.id);
    const audience = { source: 'program', programId: foreign.id };
    for (const url of ['/bulk/preview', '/bulk']) {
      const response = await post(url, { audience });
      assert.equal(response.statusCode, 404, response.body);
    }
    const own = await createProgram(t.ctx.db, world.org.id);
    const coordinator = await createSignedInUser(t.ctx.db, world.org.id);
    await addCoordinator(t.ctx.db, world.org.id, own.id, coordinator.user.id);
    for (const cookie of [world.member.cookie, coordinator.cookie]) {
      for (const url of ['/bulk/preview', '/bulk', '/resend']) {
        const response = await post(
          url,
          { audience: { source: 'program', programId: own.id }, only: 'all' },
          cookie,
        );
        assert.equal(response.statusCode, 403, `${url}: ${response.body}`);
      }
    }
    for (const url of ['/bulk', '/pending']) {
      assert.equal(
        (await t.call('GET', `/api/users/invitations${url}`, world.member.cookie)).statusCode,
        403,
      );
      assert.equal((await t.call('GET', `/api/users/invitations${url}`)).statusCode, 401);
    }
    assert.equal((await post('/bulk', { audience: { source: 'directory' } }, '')).statusCode, 401);
  });
});

describe('bulk invitation of part of the directory', () => {
  test('takes the active people of the chosen departments and levels, of the caller’s organisation only', async () => {
    const { org, admin } = await freshOrganisation();
    const department = `Research ${unique()}`;
    const inScope = await createPerson(t.ctx.db, org.id, { department, level: 3 });
    await createPerson(t.ctx.db, org.id, { department, level: 5 });
    await createPerson(t.ctx.db, org.id, { department: 'Sales', level: 3 });
    await createPerson(t.ctx.db, org.id, { department, level: 3, status: 'inactive' });
    // Another organisation's people of the same department are never in the selection.
    await createPerson(t.ctx.db, world.other.id, { department, level: 3 });

    const chosen = await preview(
      { source: 'directory', departments: [department], levels: [3] },
      admin.cookie,
    );
    assert.equal(chosen.total, 1);
    assert.equal(chosen.toInvite, 1);
    assert.deepEqual(chosen.sample, [{ name: inScope.name, email: inScope.email }]);
    assert.equal(
      (await preview({ source: 'directory', departments: [department] }, admin.cookie)).toInvite,
      2,
    );
    const everyone = await preview({ source: 'directory' }, admin.cookie);
    assert.equal(everyone.toInvite, 3, 'every active person of the organisation without an account');

    const sent = await post(
      '/bulk',
      { audience: { source: 'directory', departments: [department], levels: [3] } },
      admin.cookie,
    );
    assert.equal(sent.json().sent, 1);
    assert.equal((await accountOf(inScope.id))?.status, 'invited');
  });
});

describe('bulk invitation of a list of emails', () => {
  test('a list with bad lines is refused whole, each line named, and nothing is written', async () => {
    const before = [await countOf(users), await countOf(outbox), await countOf(jobs)];
    const csv = ['email,name', 'good@example.com,Good', 'bob@,Bob', ',Nameless', 'not an address,X'].join(
      '\n',
    );
    for (const url of ['/bulk/preview', '/bulk']) {
      const response = await post(url, { audience: { source: 'emails', csv } });
      assert.equal(response.statusCode, 400, response.body);
      const body = response.json();
      assert.deepEqual(issuePaths(response), ['body.audience.csv', 'body.audience.csv', 'body.audience.csv']);
      assert.deepEqual(
        body.error.details.issues.map((issue: { message: string }) => issue.message),
        [
          'line 3: “bob@” is not an email address',
          'line 4: no email address',
          'line 5: “not an address” is not an email address',
        ],
      );
      assert.equal(
        body.error.message,
        'The list of emails: line 3: “bob@” is not an email address (and 2 more)',
      );
    }
    const noColumn = await post('/bulk/preview', {
      audience: { source: 'emails', csv: 'name,team\nAda,Research' },
    });
    assert.equal(noColumn.statusCode, 400);
    assert.match(noColumn.json().error.message, /line 1: no column of email addresses/);
    const empty = await post('/bulk/preview', { audience: { source: 'emails', csv: '  ' } });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().error.message, /line 1: the list is empty/);
    const unclosed = await post('/bulk/preview', {
      audience: { source: 'emails', csv: 'email\n"a@example.com\n' },
    });
    assert.equal(unclosed.statusCode, 400);
    assert.match(unclosed.json().error.message, /line 2: a quoted field is opened here and never closed/);
    assert.deepEqual([await countOf(users), await countOf(outbox), await countOf(jobs)], before);
  });

  test('addresses in the directory are tied to their person, others get an account of their own; taken ones are skipped', async () => {
    const { org, admin } = await freshOrganisation();
    const person = await createPerson(t.ctx.db, org.id, { name: 'Listed Person' });
    const stranger = `stranger-${unique()}@example.com`;
    // One address per line, without a header: the first line is an address too.
    const csv = [
      `${person.email.toUpperCase()}`,
      `${stranger}, Sam Stranger`,
      '',
      `${world.otherAdmin.user.email}`,
      `${person.email}`,
    ].join('\n');
    const seen = await preview({ source: 'emails', csv }, admin.cookie);
    assert.equal(seen.total, 3);
    assert.equal(seen.toInvite, 2);
    assert.equal(seen.hasAccount, 1, 'the address of an account in another organisation');
    assert.equal(seen.duplicates, 1);
    assert.deepEqual(seen.sample, [
      { name: 'Listed Person', email: person.email },
      { name: 'Sam Stranger', email: stranger },
    ]);
    const sent = await post('/bulk', { audience: { source: 'emails', csv } }, admin.cookie);
    assert.equal(sent.json().sent, 2);
    assert.equal((await accountOf(person.id))?.email, person.email);
    const [own] = await t.ctx.db.select().from(users).where(eq(users.email, stranger));
    assert.equal(own?.personId, null);
    assert.equal(own?.name, 'Sam Stranger');
    assert.equal(own?.organisationId, org.id);
  });
});

async function waitForJob(cookie: string, id: number): Promise<BulkInvitationJob> {
  for (let tries = 0; tries < 1200; tries++) {
    const latest: BulkInvitationJob | null = (
      await t.call('GET', '/api/users/invitations/bulk', cookie)
    ).json().latest;
    if (latest && latest.id === id && (latest.status === 'done' || latest.status === 'failed')) return latest;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the bulk invitation job did not finish');
}

describe('large selections go to a background job', () => {
  test('more than the request limit are queued, invited in batches with progress, and resent the same way', async () => {
    const { org, admin } = await freshOrganisation();
    const department = `Operations ${unique()}`;
    const size = backgroundFrom + 20;
    const rows = Array.from({ length: size }, (_, index) => ({
      organisationId: org.id,
      name: `Bulk Person ${String(index).padStart(3, '0')}`,
      email: `bulk-${index}-${unique()}@example.com`,
      department,
    }));
    await t.ctx.db.insert(people).values(rows);
    const audience = { source: 'directory', departments: [department] };
    const seen = await preview(audience, admin.cookie);
    assert.equal(seen.toInvite, size);
    assert.equal(seen.runsInBackground, true);

    const usersBefore = await countOf(users);
    const queued = await post('/bulk', { audience }, admin.cookie);
    assert.equal(queued.statusCode, 200, queued.body);
    const { sent, job } = queued.json() as { sent: number; job: BulkInvitationJob };
    assert.equal(sent, 0);
    assert.equal(job.status, 'queued');
    assert.equal(job.total, size);
    assert.equal(await countOf(users), usersBefore, 'nothing is invited in the request');
    const status = (await t.call('GET', '/api/users/invitations/bulk', admin.cookie)).json();
    assert.equal(status.latest.id, job.id);
    // Another organisation does not see it.
    const other = (await t.call('GET', '/api/users/invitations/bulk', world.otherAdmin.cookie)).json();
    assert.notEqual(other.latest?.id, job.id);

    const progress: unknown[] = [];
    const runner = startJobRunner(t.ctx, {
      pollIntervalMs: 20,
      handlers: {
        bulk_invitations: (ctx, running) =>
          bulkInvitationsJob(ctx, {
            ...running,
            setProgress: async (value) => {
              progress.push(value);
              await running.setProgress(value);
            },
          }),
      },
    });
    try {
      const done = await waitForJob(admin.cookie, job.id);
      assert.equal(done.status, 'done');
      assert.deepEqual([done.total, done.processed, done.sent], [size, size, size]);
      assert.ok(progress.length >= 3, 'progress is reported batch after batch');
      assert.deepEqual(progress.at(-1), { total: size, processed: size, sent: size });
      const invited = await t.ctx.db
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.organisationId, org.id), eq(users.status, 'invited')));
      assert.equal(Number(invited[0]!.n), size);
      assert.equal((await invitationMailsTo(rows[0]!.email)).length, 1);

      // Resend to all who have not accepted: as many again, in the background too.
      const pending = (await t.call('GET', '/api/users/invitations/pending', admin.cookie)).json();
      assert.deepEqual(pending, { pending: size, expired: 0, backgroundFrom });
      const resent = await post('/resend', { only: 'all' }, admin.cookie);
      assert.equal(resent.statusCode, 200, resent.body);
      const resendJob = resent.json().job as BulkInvitationJob;
      assert.equal(resendJob.mode, 'resend');
      const finished = await waitForJob(admin.cookie, resendJob.id);
      assert.deepEqual([finished.status, finished.sent], ['done', size]);
      assert.equal((await invitationMailsTo(rows[0]!.email)).length, 2);
    } finally {
      await runner.stop();
    }
  });
});

describe('resending to everyone who has not accepted', () => {
  test('only the expired ones, or all of them; earlier links stop working; accepted accounts are left alone', async () => {
    const org = await createOrganisation(t.ctx.db);
    const password = 'a long enough passphrase';
    const admin = await createSignedInUser(t.ctx.db, org.id, {
      role: 'admin',
      passwordHash: await hashPassword(password),
    });
    // Another organisation's admin resends only theirs.
    const otherResend = await post('/resend', { only: 'all' }, world.otherAdmin.cookie);
    assert.equal(otherResend.statusCode, 200);
    const emails = Array.from({ length: 3 }, (_, index) => `pending-${index}-${unique()}@example.com`);
    const send = await post(
      '/bulk',
      { audience: { source: 'emails', csv: emails.join('\n') } },
      admin.cookie,
    );
    assert.equal(send.json().sent, 3);
    // Two days pass beyond the links' lifetime; then one more person is invited.
    t.clock.advance((t.config.invitationTtlHours + 48) * 3_600_000);
    // The test sessions ended with the moving clock: the admin signs in again.
    const signIn = await t.call('POST', '/api/auth/sign-in', undefined, {
      email: admin.user.email,
      password,
    });
    assert.equal(signIn.statusCode, 200, signIn.body);
    admin.cookie = sessionCookieFrom(signIn);
    const late = `late-${unique()}@example.com`;
    assert.equal(
      (await post('/bulk', { audience: { source: 'emails', csv: late } }, admin.cookie)).json().sent,
      1,
    );

    const pending = (await t.call('GET', '/api/users/invitations/pending', admin.cookie)).json();
    assert.deepEqual(pending, { pending: 4, expired: 3, backgroundFrom });

    // The users page filters by status.
    const list = async (status: string) =>
      ((await t.call('GET', `/api/users?status=${status}`, admin.cookie)).json().items as User[]).map(
        (u) => u.email,
      );
    assert.deepEqual((await list('expired')).sort(), [...emails].sort());
    assert.deepEqual(await list('invited'), [late]);
    assert.deepEqual(await list('active'), [admin.user.email]);
    assert.deepEqual(await list('disabled'), []);
    const [expiredUser] = (await t.call('GET', `/api/users?status=expired&pageSize=1`, admin.cookie)).json()
      .items as User[];
    assert.equal(expiredUser?.invitation?.expired, true);
    const [lateUser] = (await t.call('GET', '/api/users?status=invited', admin.cookie)).json()
      .items as User[];
    assert.equal(lateUser?.invitation?.expired, false, JSON.stringify({ lateUser, now: t.clock.now }));
    assert.equal(
      Date.parse(lateUser!.invitation!.expiresAt!),
      t.clock.now.getTime() + t.config.invitationTtlHours * 3_600_000,
    );
    const bad = await t.call('GET', '/api/users?status=gone', admin.cookie);
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(issuePaths(bad), ['querystring.status']);

    const onlyExpired = await post('/resend', { only: 'expired' }, admin.cookie);
    assert.deepEqual(onlyExpired.json(), { sent: 3, job: null, delivery: 'mailbox' });
    assert.equal((await invitationMailsTo(late)).length, 1, 'the valid invitation is not resent');
    assert.equal((await invitationMailsTo(emails[0]!)).length, 2);
    assert.deepEqual(await list('expired'), []);
    assert.equal((await t.call('GET', '/api/users/invitations/pending', admin.cookie)).json().expired, 0);

    const all = await post('/resend', { only: 'all' }, admin.cookie);
    assert.equal(all.json().sent, 4);
    assert.equal((await invitationMailsTo(late)).length, 2);
    const resentAudit = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organisationId, org.id), eq(auditLog.action, 'user.invitation_resent')));
    assert.equal(resentAudit.length, 7, 'each resent invitation is audited');

    const badInput = await post('/resend', { only: 'some' }, admin.cookie);
    assert.equal(badInput.statusCode, 400);
    assert.deepEqual(issuePaths(badInput), ['body.only']);
  });
});
