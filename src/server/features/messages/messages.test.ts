import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { jobs, notifications, outbox, programMessageSettings, users } from '../../db/schema.ts';
import { createOrganisation, createPerson, createSignedInUser } from '../../testing/factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import {
  createMemberPerson,
  createParticipant,
  createRelationshipRow,
} from '../../testing/relationship-factories.ts';
import { createTestApp, issuePaths, type TestApp } from '../../testing/test-app.ts';
import { notifyPeople } from '../notifications/notifications.service.ts';
import { emailPendingNotices, sendDueDigests } from './messages.service.ts';
import { sendStaffDigests } from './staff-digest.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  // 12:00 UTC on a weekday: waking hours in London and Paris, the middle of the night in Tokyo... not quite:
  // 21:00 in Tokyo, after its waking hours.
  t.clock.now = new Date('2026-03-10T12:00:00Z');
});
after(async () => {
  await t.close();
});

async function notify(personId: string, organisationId: string, kind: string, extra: object = {}) {
  await t.ctx.db.transaction((tx) =>
    notifyPeople(tx, [
      {
        organisationId,
        personId,
        kind,
        title: `Title of ${kind}`,
        body: `Body of ${kind} <b>not bold</b>`,
        link: '/relationships/00000000-0000-4000-8000-000000000000',
        ...extra,
      },
    ]),
  );
}

async function mailTo(address: string) {
  return t.ctx.db.select().from(outbox).where(eq(outbox.toAddress, address)).orderBy(outbox.createdAt);
}

async function newOrgWithMember(person: Parameters<typeof createPerson>[2] = {}) {
  const org = await createOrganisation(t.ctx.db, { name: 'Acme Mentoring' });
  const member = await createMemberPerson(t.ctx.db, org.id, { timeZone: 'Europe/London', ...person });
  return { org, member };
}

describe('the email twin of a notice', () => {
  test('a notice is emailed once: HTML and text, in the organisation name, link to the exact page, one-click unsubscribe', async () => {
    const { org, member } = await newOrgWithMember();
    await notify(member.person.id, org.id, 'agreement_to_sign', {
      email: { details: ['Goal: lead a team'], actionLabel: 'Sign the agreement' },
    });
    const queuedJob = await t.ctx.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'email_notices'), eq(jobs.organisationId, org.id)));
    assert.equal(queuedJob.length, 1, 'the emailer job is queued with the notice');

    assert.deepEqual(await emailPendingNotices(t.ctx, org.id), { queued: 1, digest: 0, skipped: 0 });
    assert.deepEqual(await emailPendingNotices(t.ctx, org.id), { queued: 0, digest: 0, skipped: 0 });
    const [mail, ...more] = await mailTo(member.person.email);
    assert.ok(mail);
    assert.equal(more.length, 0);
    assert.equal(mail.subject, 'Title of agreement_to_sign');
    assert.match(mail.htmlBody ?? '', /Acme Mentoring/);
    assert.match(mail.htmlBody ?? '', /&lt;b&gt;not bold/, 'user text is escaped in HTML');
    assert.match(mail.textBody, /Goal: lead a team/);
    assert.match(
      mail.textBody,
      /http:\/\/localhost:3000\/relationships\/00000000-0000-4000-8000-000000000000/,
    );
    assert.equal(mail.personId, member.person.id);
    assert.equal(mail.notBefore, null, 'in waking hours it goes at once');
    const headers = mail.headers as Record<string, string>;
    assert.match(headers['List-Unsubscribe']!, /^<http:\/\/localhost:3000\/api\/unsubscribe\/[^>]+>$/);
    assert.equal(headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    const [notice] = await t.ctx.db
      .select()
      .from(notifications)
      .where(eq(notifications.personId, member.person.id));
    assert.equal(notice!.emailStatus, 'queued');
  });

  test('outside the recipient’s waking hours the email waits for 08:00 in their zone', async () => {
    const { org, member } = await newOrgWithMember({ timeZone: 'Asia/Tokyo' });
    await notify(member.person.id, org.id, 'meeting_scheduled');
    await emailPendingNotices(t.ctx, org.id);
    const [mail] = await mailTo(member.person.email);
    // 12:00 UTC is 21:00 in Tokyo: the next 08:00 there is 23:00 UTC the same day.
    assert.equal(mail!.notBefore?.toISOString(), '2026-03-10T23:00:00.000Z');
    const [delivery] = await t.ctx.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'deliver_email'), eq(jobs.organisationId, org.id)));
    assert.equal(delivery!.runAt.toISOString(), '2026-03-10T23:00:00.000Z', 'delivery is held too');
  });

  test('a person without an account gets an invitation in the email, hidden from admins', async () => {
    const org = await createOrganisation(t.ctx.db, { name: 'Acme Mentoring' });
    const person = await createPerson(t.ctx.db, org.id, { timeZone: 'Europe/London' });
    await notify(person.id, org.id, 'relationship_started');
    await emailPendingNotices(t.ctx, org.id);
    const [mail] = await mailTo(person.email);
    assert.match(mail!.textBody, /http:\/\/localhost:3000\/invitations\/\S+/);
    assert.equal(mail!.carriesSecret, true);
    assert.doesNotMatch(mail!.redactedTextBody ?? '', /\/invitations\//);
    const [account] = await t.ctx.db.select().from(users).where(eq(users.personId, person.id));
    assert.equal(account!.status, 'invited');

    // A second notice: a fresh link again, and the account is not duplicated.
    await notify(person.id, org.id, 'meeting_scheduled');
    await emailPendingNotices(t.ctx, org.id);
    assert.equal((await mailTo(person.email)).length, 2);
    assert.equal((await t.ctx.db.select().from(users).where(eq(users.personId, person.id))).length, 1);
  });

  test('someone who can sign in gets no invitation; a leaver gets no email', async () => {
    const { org, member } = await newOrgWithMember();
    await notify(member.person.id, org.id, 'relationship_started');
    const leaver = await createPerson(t.ctx.db, org.id, { status: 'inactive' });
    await notify(leaver.id, org.id, 'relationship_started');
    assert.deepEqual(await emailPendingNotices(t.ctx, org.id), { queued: 1, digest: 0, skipped: 1 });
    const [mail] = await mailTo(member.person.email);
    assert.doesNotMatch(mail!.textBody, /\/invitations\//);
    assert.equal(mail!.carriesSecret, false);
  });

  test('two emailers at once email each notice once', async () => {
    const { org, member } = await newOrgWithMember();
    for (let i = 0; i < 30; i++)
      await notify(member.person.id, org.id, 'action_item_assigned', { dedupeKey: `k${i}` });
    const results = await Promise.all([
      emailPendingNotices(t.ctx, org.id),
      emailPendingNotices(t.ctx, org.id),
    ]);
    assert.equal(results[0].queued + results[1].queued, 30);
    assert.equal((await mailTo(member.person.email)).length, 30);
  });
});

describe('message preferences', () => {
  test('defaults are listed; an account without a profile is told only security email applies', async () => {
    const { member } = await newOrgWithMember();
    const mine = await t.call('GET', '/api/me/message-preferences', member.cookie);
    assert.equal(mine.statusCode, 200);
    const body = mine.json();
    assert.equal(body.applies, true);
    assert.equal(body.digest, 'off');
    assert.equal(
      body.categories.find((c: { category: string }) => c.category === 'meetings').channel,
      'email',
    );

    const org = await createOrganisation(t.ctx.db);
    const admin = await createSignedInUser(t.ctx.db, org.id, { role: 'admin' });
    const adminView = await t.call('GET', '/api/me/message-preferences', admin.cookie);
    assert.equal(adminView.json().applies, false);
    const refused = await t.call('PUT', '/api/me/message-preferences', admin.cookie, { digest: 'daily' });
    assert.equal(refused.statusCode, 409);
    assert.equal((await t.call('GET', '/api/me/message-preferences')).statusCode, 401);
    assert.equal((await t.call('PUT', '/api/me/message-preferences', undefined, {})).statusCode, 401);
  });

  test('bad values are refused naming the field, and nothing changes', async () => {
    const { member } = await newOrgWithMember();
    for (const [payload, path] of [
      [{ channels: { meetings: 'carrier pigeon' } }, 'body.channels.meetings'],
      [{ channels: { gossip: 'email' } }, 'body.channels'],
      [{ digest: 'hourly' }, 'body.digest'],
      [{ extra: true }, 'body'],
    ] as const) {
      const response = await t.call('PUT', '/api/me/message-preferences', member.cookie, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.ok(
        issuePaths(response).some((p) => p.startsWith(path)),
        `${JSON.stringify(payload)} → ${issuePaths(response)}`,
      );
    }
    const mine = await t.call('GET', '/api/me/message-preferences', member.cookie);
    assert.ok(
      mine
        .json()
        .categories.every((c: { channel: string; defaultChannel: string }) => c.channel === c.defaultChannel),
    );
  });

  test('in-app only: the notice appears in the app but is not emailed; off: no notice at all', async () => {
    const { org, member } = await newOrgWithMember();
    const saved = await t.call('PUT', '/api/me/message-preferences', member.cookie, {
      channels: { meetings: 'in_app', goals_and_actions: 'off' },
    });
    assert.equal(saved.statusCode, 200);
    await notify(member.person.id, org.id, 'meeting_scheduled');
    await notify(member.person.id, org.id, 'action_item_assigned');
    await emailPendingNotices(t.ctx, org.id);
    assert.equal((await mailTo(member.person.email)).length, 0);
    const bell = await t.call('GET', '/api/notifications', member.cookie);
    assert.deepEqual(
      bell.json().items.map((n: { kind: string }) => n.kind),
      ['meeting_scheduled'],
    );
  });

  test('a choice made after the notice, before its email went, still counts', async () => {
    const { org, member } = await newOrgWithMember();
    await notify(member.person.id, org.id, 'meeting_scheduled');
    await t.call('PUT', '/api/me/message-preferences', member.cookie, { channels: { meetings: 'in_app' } });
    assert.deepEqual(await emailPendingNotices(t.ctx, org.id), { queued: 0, digest: 0, skipped: 1 });
  });
});

describe('the digest', () => {
  test('non-urgent notices wait for a daily digest, urgent ones go at once; an empty digest is not sent', async () => {
    const { org, member } = await newOrgWithMember();
    await t.call('PUT', '/api/me/message-preferences', member.cookie, { digest: 'daily' });
    await notify(member.person.id, org.id, 'goal_added');
    await notify(member.person.id, org.id, 'milestone_reached');
    await notify(member.person.id, org.id, 'meeting_scheduled');
    assert.deepEqual(await emailPendingNotices(t.ctx, org.id), { queued: 1, digest: 2, skipped: 0 });
    assert.equal(await sendDueDigests(t.ctx, org.id), 0, 'not before a day has passed');

    t.clock.advance(24 * 3_600_000);
    assert.equal(await sendDueDigests(t.ctx, org.id), 1);
    const mails = await mailTo(member.person.email);
    assert.equal(mails.length, 2);
    const digest = mails.find((m) => m.kind === 'digest')!;
    assert.match(digest.textBody, /Title of goal_added/);
    assert.match(digest.textBody, /Title of milestone_reached/);
    assert.doesNotMatch(digest.textBody, /Title of meeting_scheduled/);

    t.clock.advance(24 * 3_600_000);
    assert.equal(await sendDueDigests(t.ctx, org.id), 0, 'nothing new: no digest');
    await notify(member.person.id, org.id, 'goal_done');
    await emailPendingNotices(t.ctx, org.id);
    assert.equal(await sendDueDigests(t.ctx, org.id), 1, 'a day since the last one: the new item goes');
  });
});

describe('one-click unsubscribe', () => {
  async function linkFor() {
    const { org, member } = await newOrgWithMember();
    await notify(member.person.id, org.id, 'meeting_scheduled');
    await emailPendingNotices(t.ctx, org.id);
    const [mail] = await mailTo(member.person.email);
    const header = (mail!.headers as Record<string, string>)['List-Unsubscribe']!;
    const url = header.slice(1, -1).replace('http://localhost:3000', '');
    return { org, member, url, token: url.split('/').pop()! };
  }

  test('a signed link works without signing in (RFC 8058 form post), and later email of that kind stops', async () => {
    const { org, member, url } = await linkFor();
    const described = await t.call('GET', url);
    assert.equal(described.statusCode, 200);
    assert.deepEqual(described.json(), { category: 'meetings', label: 'Meetings', channel: 'email' });
    const done = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().channel, 'in_app');
    await notify(member.person.id, org.id, 'meeting_rescheduled');
    await emailPendingNotices(t.ctx, org.id);
    assert.equal((await mailTo(member.person.email)).length, 1, 'no second email about meetings');
    const prefs = await t.call('GET', '/api/me/message-preferences', member.cookie);
    assert.equal(
      prefs.json().categories.find((c: { category: string }) => c.category === 'meetings').channel,
      'in_app',
    );
    // Twice is harmless; the web page posts JSON.
    assert.equal((await t.call('POST', url, undefined, {})).statusCode, 200);
  });

  test('a tampered link is refused with the same answer whether or not the person exists', async () => {
    const { token, member } = await linkFor();
    const [personId, , signature] = token.split('.');
    const flipped = signature!.startsWith('A') ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
    const forged = [
      `${personId}.meetings.${flipped}`,
      `${personId}.requests.${signature}`,
      `00000000-0000-4000-8000-000000000000.meetings.${signature}`,
      'not-a-token-at-all',
    ];
    const answers = new Set<string>();
    for (const bad of forged) {
      for (const method of ['GET', 'POST'] as const) {
        const response = await t.call(
          method,
          `/api/unsubscribe/${bad}`,
          undefined,
          method === 'POST' ? {} : undefined,
        );
        assert.ok([400, 404].includes(response.statusCode), `${bad} → ${response.statusCode}`);
        if (response.statusCode === 404) answers.add(response.json().error.message);
      }
    }
    assert.equal(answers.size, 1, 'one message for every forged link');
    const prefs = await t.call('GET', '/api/me/message-preferences', member.cookie);
    assert.ok(
      prefs
        .json()
        .categories.every((c: { channel: string }) => c.channel === 'email' || c.channel === 'in_app'),
    );
    assert.equal(
      prefs.json().categories.find((c: { category: string }) => c.category === 'requests').channel,
      'email',
    );
  });
});

describe('the weekly staff digest', () => {
  test('a coordinator gets one on Monday in their waking hours with the week of their program; not twice; not when empty', async () => {
    const org = await createOrganisation(t.ctx.db, { name: 'Acme Mentoring' });
    const program = await createProgram(t.ctx.db, org.id, { name: 'Rising Leaders', status: 'running' });
    const coordinator = await createMemberPerson(t.ctx.db, org.id, { timeZone: 'Europe/London' });
    await addCoordinator(t.ctx.db, org.id, program.id, coordinator.user.id);
    const quiet = await createProgram(t.ctx.db, org.id, { name: 'Nothing happens here', status: 'running' });
    await addCoordinator(t.ctx.db, org.id, quiet.id, coordinator.user.id);

    // Monday 7 December 2026, 09:00 in London.
    t.clock.now = new Date('2026-12-07T09:00:00Z');
    const mentor = await createParticipant(t.ctx.db, program, 'mentor');
    const mentee = await createParticipant(t.ctx.db, program, 'mentee');
    await createRelationshipRow(t.ctx.db, {
      organisationId: org.id,
      programId: program.id,
      mentor: { id: mentor.enrolment.id, personId: mentor.person.id },
      mentee: { id: mentee.enrolment.id, personId: mentee.person.id },
      status: 'active',
      createdAt: new Date('2026-12-03T10:00:00Z'),
    });

    const digestsTo = async () =>
      (await mailTo(coordinator.user.email)).filter((mail) => mail.kind === 'staff_digest');
    t.clock.now = new Date('2026-12-07T06:00:00Z'); // 06:00 in London: too early
    await sendStaffDigests(t.ctx);
    assert.equal((await digestsTo()).length, 0);
    t.clock.now = new Date('2026-12-07T09:00:00Z');
    await sendStaffDigests(t.ctx);
    const [digest, ...more] = await digestsTo();
    assert.equal(more.length, 0);
    assert.match(digest!.subject, /Your programs this week/);
    assert.match(digest!.textBody, /Rising Leaders/);
    assert.match(digest!.textBody, /1 new pair started this week/);
    assert.doesNotMatch(
      digest!.textBody,
      /Nothing happens here/,
      'a program with nothing to say is left out',
    );
    assert.ok((digest!.headers as Record<string, string>)['List-Unsubscribe']);

    t.clock.advance(3_600_000);
    await sendStaffDigests(t.ctx);
    assert.equal((await digestsTo()).length, 1, 'once a week');

    // Paused for the program: its section is left out (and with nothing else to say, no digest at all).
    await t.ctx.db.insert(programMessageSettings).values({
      programId: program.id,
      organisationId: org.id,
      pausedKinds: ['staff_digest'],
    });
    t.clock.now = new Date('2026-12-14T09:00:00Z');
    await createRelationshipRow(t.ctx.db, {
      organisationId: org.id,
      programId: program.id,
      mentor: { id: mentor.enrolment.id, personId: mentor.person.id },
      mentee: {
        id: (await createParticipant(t.ctx.db, program, 'mentee')).enrolment.id,
        personId: mentee.person.id,
      },
      status: 'active',
      createdAt: new Date('2026-12-10T10:00:00Z'),
    });
    await sendStaffDigests(t.ctx);
    assert.equal((await digestsTo()).length, 1, 'paused: nothing sent');
    await t.ctx.db.delete(programMessageSettings);

    // Next Monday, nothing new: no digest.
    t.clock.now = new Date('2026-12-21T09:00:00Z');
    await sendStaffDigests(t.ctx);
    assert.equal((await digestsTo()).length, 1, 'nothing to say, nothing sent');
  });
});
