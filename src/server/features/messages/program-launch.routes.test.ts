import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { and, count, eq, sql } from 'drizzle-orm';
import type { LaunchEmailJob, LaunchEmailPreview } from '../../../contracts/program-launch.contracts.ts';
import { auditLog, messageSettings, notifications, outbox, people, users } from '../../db/schema.ts';
import { startJobRunner } from '../../jobs/job-runner.ts';
import { createOrganisation, createPerson, createSignedInUser } from '../../testing/factories.ts';
import { addCoordinator, createProgram, enrolPerson } from '../../testing/program-factories.ts';
import { createTestApp, issuePaths, type TestApp } from '../../testing/test-app.ts';
import { emailPendingNotices } from './messages.service.ts';
import { backgroundFrom, launchEmailJob } from './program-launch.service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  // Noon UTC on a weekday: within everyone's waking hours here, so emails are not held.
  t.clock.now = new Date('2026-03-10T12:00:00Z');
});
after(async () => {
  await t.close();
});

const unique = () => randomUUID().slice(0, 8);

async function organisation() {
  const org = await createOrganisation(t.ctx.db, { name: 'Acme Mentoring' });
  const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin' });
  const program = await createProgram(t.ctx.db, org.id, {
    name: 'Leaders of Tomorrow',
    description: 'Six months with a mentor from another part of the company.',
    goals: 'Grow the next team leads.',
    enrolmentClosesOn: '2026-04-01',
    startsOn: '2026-04-15',
    endsOn: '2026-10-15',
  });
  return { org, admin, program, url: `/api/programs/${program.id}/launch-email` };
}

async function previewOf(url: string, cookie: string, body: object): Promise<LaunchEmailPreview> {
  const response = await t.call('POST', `${url}/preview`, cookie, body);
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

async function mailsTo(address: string) {
  return t.ctx.db.select().from(outbox).where(eq(outbox.toAddress, address)).orderBy(outbox.createdAt);
}

async function launchNotices(personId: string) {
  return t.ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.personId, personId), eq(notifications.kind, 'program_launch')));
}

describe('a program’s launch email', () => {
  test('goes to the departments picked, once per person, with a link to enrol; people without an account are invited in it', async () => {
    const { org, admin, program, url } = await organisation();
    const department = `Research ${unique()}`;
    const newcomer = await createPerson(t.ctx.db, org.id, { department, level: 3, name: 'Nora Newcomer' });
    const member = await createPerson(t.ctx.db, org.id, { department, level: 5, name: 'Sam Signed-in' });
    await createSignedInUser(t.ctx.db, org.id, {
      personId: member.id,
      email: member.email,
      name: member.name,
    });
    const enrolled = await createPerson(t.ctx.db, org.id, { department, level: 3 });
    await enrolPerson(t.ctx.db, {
      organisationId: org.id,
      programId: program.id,
      personId: enrolled.id,
      role: 'mentee',
    });
    const quiet = await createPerson(t.ctx.db, org.id, { department, level: 3 });
    await t.ctx.db.insert(messageSettings).values({
      personId: quiet.id,
      organisationId: org.id,
      channels: { enrolment: 'off' },
      unsubscribeKey: 'k'.repeat(43),
    });
    await createPerson(t.ctx.db, org.id, { department, level: 3, status: 'inactive' });
    const elsewhere = await createPerson(t.ctx.db, org.id, { department: 'Sales', level: 3 });

    const audience = { kind: 'directory', departments: [department] };
    assert.deepEqual(await previewOf(url, admin.cookie, { audience }), {
      total: 4,
      recipients: 2,
      byEmail: 2,
      withInvitation: 1,
      alreadyEnrolled: 1,
      alreadySent: 0,
      optedOut: 1,
      noEmail: 0,
      inactive: 0,
      notInDirectory: { count: 0, examples: [] },
      duplicates: 0,
      runsInBackground: false,
    });
    const levelThree = await previewOf(url, admin.cookie, {
      audience: { kind: 'directory', departments: [department], levels: [3] },
    });
    assert.equal(levelThree.recipients, 1, 'only the newcomer is of level 3 and not enrolled');

    const sent = await t.call('POST', url, admin.cookie, {
      audience,
      message: 'Applications close soon — join us!',
    });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.deepEqual(sent.json(), { sent: 2, job: null });
    assert.equal((await launchNotices(elsewhere.id)).length, 0, 'another department is not told');
    assert.equal(
      (await launchNotices(quiet.id)).length,
      0,
      'someone who turned enrolment messages off is not told',
    );
    const [notice] = await launchNotices(newcomer.id);
    assert.equal(notice?.title, 'Leaders of Tomorrow is open for enrolment');
    assert.equal(notice?.link, `/mentoring/programs/${program.id}/enrol`);
    assert.match(notice!.body, /^Applications close soon — join us!\n\nSix months with a mentor/);

    // The emailer sends them: the newcomer's email carries an invitation, hidden in the mailbox.
    await emailPendingNotices(t.ctx, org.id);
    const [toNewcomer] = await mailsTo(newcomer.email);
    assert.equal(toNewcomer?.subject, 'Leaders of Tomorrow is open for enrolment');
    assert.equal(toNewcomer?.kind, 'program_launch');
    assert.equal(toNewcomer?.programId, program.id, 'staff see it among the program’s sent messages');
    assert.ok(toNewcomer?.carriesSecret, 'it holds an invitation link');
    assert.match(toNewcomer!.textBody, /Create my account/);
    assert.ok(toNewcomer!.textBody.includes(`${t.config.publicUrl}/mentoring/programs/${program.id}/enrol`));
    assert.match(toNewcomer!.textBody, /Enrol by: 1 April 2026/);
    const [account] = await t.ctx.db.select().from(users).where(eq(users.personId, newcomer.id));
    assert.equal(account?.status, 'invited', 'an invited account was made for them');
    const [toMember] = await mailsTo(member.email);
    assert.equal(toMember?.carriesSecret, false);
    assert.match(toMember!.textBody, /Enrol now/);
    // Why they get it: they are invited to the programs, not (yet) taking part.
    assert.match(toMember!.textBody, /because .* is inviting people to its mentoring programs/);
    assert.doesNotMatch(toMember!.textBody, /because you take part in mentoring/);
    assert.ok(
      (toMember!.headers as Record<string, string>)['List-Unsubscribe']?.includes('/api/unsubscribe/'),
      'a one-click unsubscribe link',
    );

    const [audit] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, program.id), eq(auditLog.action, 'program.launch_email_sent')));
    assert.equal(audit?.actorUserId, admin.user.id);
    assert.equal((audit!.details as { sent: number }).sent, 2);

    // Not twice, unless sent again on purpose.
    const again = await previewOf(url, admin.cookie, { audience });
    assert.deepEqual([again.recipients, again.alreadySent], [0, 2]);
    assert.deepEqual((await t.call('POST', url, admin.cookie, { audience })).json(), { sent: 0, job: null });
    assert.equal((await launchNotices(newcomer.id)).length, 1);
    const summary = (await t.call('GET', url, admin.cookie)).json();
    assert.deepEqual(summary, {
      sentTo: 2,
      lastSentAt: t.clock.now.toISOString(),
      lastSentBy: admin.user.name,
      job: null,
      enrolmentOpen: true,
    });
    const resent = await t.call('POST', url, admin.cookie, { audience, resend: true });
    assert.deepEqual(resent.json(), { sent: 2, job: null });
    assert.equal((await launchNotices(newcomer.id)).length, 2);
    await emailPendingNotices(t.ctx, org.id);
    assert.equal((await mailsTo(member.email)).length, 2);
    assert.equal((await t.call('GET', url, admin.cookie)).json().sentTo, 2, 'still two people');
  });

  test('a list of emails: bad lines are refused by number; addresses of nobody in the directory are shown', async () => {
    const { org, admin, url } = await organisation();
    const known = await createPerson(t.ctx.db, org.id);
    const bad = await t.call('POST', `${url}/preview`, admin.cookie, {
      audience: { kind: 'emails', csv: `email\n${known.email}\nnot-an-email\n` },
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(issuePaths(bad), ['body.audience.csv']);
    assert.equal(
      bad.json().error.message,
      'The list of emails: line 3: “not-an-email” is not an email address',
    );
    const sendBad = await t.call('POST', url, admin.cookie, { audience: { kind: 'emails', csv: 'x@' } });
    assert.equal(sendBad.statusCode, 400);
    const [noticesBefore] = await t.ctx.db.select({ n: count() }).from(notifications);

    const list = `${known.email.toUpperCase()}\nstranger@example.com\n${known.email}\n`;
    const seen = await previewOf(url, admin.cookie, { audience: { kind: 'emails', csv: list } });
    assert.equal(seen.total, 2);
    assert.equal(seen.recipients, 1);
    assert.equal(seen.duplicates, 1);
    assert.deepEqual(seen.notInDirectory, {
      count: 1,
      examples: [{ line: 2, email: 'stranger@example.com' }],
    });
    const [noticesAfter] = await t.ctx.db.select({ n: count() }).from(notifications);
    assert.equal(noticesAfter!.n, noticesBefore!.n, 'a preview tells nobody');

    const empty = await t.call('POST', `${url}/preview`, admin.cookie, {
      audience: { kind: 'directory', departments: [], levels: [] },
    });
    assert.equal(empty.statusCode, 400);
    assert.deepEqual(issuePaths(empty), ['body.audience.departments']);
    const unknownField = await t.call('POST', url, admin.cookie, {
      audience: { kind: 'everyone' },
      to: 'all',
    });
    assert.equal(unknownField.statusCode, 400);
    const longMessage = await t.call('POST', url, admin.cookie, {
      audience: { kind: 'everyone' },
      message: 'x'.repeat(2001),
    });
    assert.equal(longMessage.statusCode, 400);
    assert.deepEqual(issuePaths(longMessage), ['body.message']);
  });

  test('is for the program’s staff only, another organisation finds nothing, and only while enrolment is open', async () => {
    const { org, admin, program, url } = await organisation();
    await createPerson(t.ctx.db, org.id);
    const coordinator = await createSignedInUser(t.ctx.db, org.id);
    await addCoordinator(t.ctx.db, org.id, program.id, coordinator.user.id);
    const otherProgram = await createProgram(t.ctx.db, org.id);
    const otherCoordinator = await createSignedInUser(t.ctx.db, org.id);
    await addCoordinator(t.ctx.db, org.id, otherProgram.id, otherCoordinator.user.id);
    const member = await createSignedInUser(t.ctx.db, org.id);
    const other = await createOrganisation(t.ctx.db);
    const otherAdmin = await createSignedInUser(t.ctx.db, other.id, { role: 'admin' });
    const body = { audience: { kind: 'everyone' } };

    for (const [cookie, status] of [
      [member.cookie, 403],
      [otherCoordinator.cookie, 403],
      [otherAdmin.cookie, 404],
      [undefined, 401],
    ] as const) {
      assert.equal((await t.call('GET', url, cookie)).statusCode, status);
      assert.equal((await t.call('POST', `${url}/preview`, cookie, body)).statusCode, status);
      assert.equal((await t.call('POST', url, cookie, body)).statusCode, status);
    }
    assert.equal(
      (await t.call('POST', url, coordinator.cookie, body)).json().sent,
      1,
      'the program’s coordinator sends it',
    );

    const draft = await createProgram(t.ctx.db, org.id, { status: 'draft' });
    const refused = await t.call('POST', `/api/programs/${draft.id}/launch-email`, admin.cookie, body);
    assert.equal(refused.statusCode, 409);
    assert.equal(
      refused.json().error.message,
      'Open enrolment first: people cannot enrol in a draft program',
    );
    assert.equal(
      (await t.call('POST', `/api/programs/${draft.id}/launch-email`, member.cookie, body)).statusCode,
      404,
    );
    const running = await createProgram(t.ctx.db, org.id, { status: 'running' });
    assert.equal(
      (await t.call('POST', `/api/programs/${running.id}/launch-email`, admin.cookie, body)).statusCode,
      409,
    );
    assert.equal(
      (await t.call('GET', `/api/programs/${running.id}/launch-email`, admin.cookie)).json().enrolmentOpen,
      false,
    );
  });

  test('a large audience is told by a background job, slice by slice with progress, nobody twice', async () => {
    const { org, admin, url } = await organisation();
    const size = backgroundFrom + 30;
    await t.ctx.db.insert(people).values(
      Array.from({ length: size }, (_, index) => ({
        organisationId: org.id,
        name: `Everyone ${index}`,
        email: `everyone-${index}-${unique()}@example.com`,
      })),
    );
    const seen = await previewOf(url, admin.cookie, { audience: { kind: 'everyone' } });
    assert.deepEqual([seen.recipients, seen.withInvitation, seen.runsInBackground], [size, size, true]);

    const queued = await t.call('POST', url, admin.cookie, { audience: { kind: 'everyone' } });
    assert.equal(queued.statusCode, 200, queued.body);
    const job = queued.json().job as LaunchEmailJob;
    assert.deepEqual([queued.json().sent, job.status, job.total], [0, 'queued', size]);
    const [before] = await t.ctx.db
      .select({ n: count() })
      .from(notifications)
      .where(eq(notifications.organisationId, org.id));
    assert.equal(before!.n, 0, 'nobody is told in the request');
    assert.equal((await t.call('GET', url, admin.cookie)).json().job.id, job.id);

    const progress: { processed: number }[] = [];
    const runner = startJobRunner(t.ctx, {
      pollIntervalMs: 20,
      handlers: {
        program_launch_email: (ctx, running) =>
          launchEmailJob(ctx, {
            ...running,
            setProgress: async (value) => {
              progress.push(value as { processed: number });
              await running.setProgress(value);
            },
          }),
      },
    });
    try {
      let summary = (await t.call('GET', url, admin.cookie)).json();
      for (
        let tries = 0;
        tries < 1200 && summary.job.status !== 'done' && summary.job.status !== 'failed';
        tries++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        summary = (await t.call('GET', url, admin.cookie)).json();
      }
      assert.equal(summary.job.status, 'done');
      assert.deepEqual([summary.job.processed, summary.job.sent, summary.sentTo], [size, size, size]);
      assert.ok(progress.length >= 2, 'progress after each slice');
      // Running the job again (a retry) tells nobody twice.
      const again = await launchEmailJob(t.ctx, {
        id: job.id,
        kind: 'program_launch_email',
        payload: (
          (await t.ctx.db.execute(sql`select payload from jobs where id = ${job.id}`)) as unknown as {
            rows: { payload: unknown }[];
          }
        ).rows[0]!.payload,
        organisationId: org.id,
        attempt: 2,
        maxAttempts: 3,
        setProgress: async () => {},
      });
      assert.equal(again.sent, 0);
      const [told] = await t.ctx.db
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.organisationId, org.id), eq(notifications.kind, 'program_launch')));
      assert.equal(told!.n, size);
    } finally {
      await runner.stop();
    }
  });
});
