import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import {
  auditLog,
  jobs,
  meetings,
  notifications,
  outbox,
  relationships,
  scheduledMessages,
} from '../../db/schema.ts';
import {
  createNudgeFixture,
  insertActionItem,
  insertAgreementVersion,
  insertMeeting,
  insertSurveyAnswer,
} from '../../testing/nudge-factories.ts';
import { createParticipant, createRelationshipRow } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { messageTickJob, runMessageTick, scheduleMessageTick } from './nudges.service.ts';

// Reminders and nudges driven by the movable clock: each fires at its time and not before, once however many
// ticks, in the recipient's waking hours; activity cancels what is no longer owed; pauses hold, switches cancel.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A Monday, 10:00 UTC (10:00 in London).
const T0 = new Date('2026-03-02T10:00:00Z');
const at = (days: number, hours = 0) => new Date(T0.getTime() + days * DAY + hours * HOUR);

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

type Fixture = Awaited<ReturnType<typeof createNudgeFixture>>;

async function fixture(options: Partial<Parameters<typeof createNudgeFixture>[1]> = {}) {
  t.clock.now = T0;
  return createNudgeFixture(t.ctx.db, { now: T0, ...options });
}

/** Move the clock to `when` and run one tick for the fixture's organisation. */
async function tickAt(f: Fixture, when: Date) {
  t.clock.now = when;
  return runMessageTick(t.ctx, { organisationId: f.organisationId });
}

async function notes(f: Fixture, kind: string) {
  return t.ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.organisationId, f.organisationId), eq(notifications.kind, kind)))
    .orderBy(asc(notifications.createdAt));
}

async function rows(f: Fixture, kind: string) {
  return t.ctx.db
    .select()
    .from(scheduledMessages)
    .where(and(eq(scheduledMessages.organisationId, f.organisationId), eq(scheduledMessages.kind, kind)))
    .orderBy(asc(scheduledMessages.sendAt), asc(scheduledMessages.causeKey));
}

const personIds = (list: { personId: string | null }[]) => list.map((n) => n.personId).sort();

describe('message tick', () => {
  it('keeps one message_tick job queued however often it is ensured; each run queues the next five minutes on', async () => {
    t.clock.now = T0;
    const queued = () =>
      t.ctx.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, 'message_tick'), eq(jobs.status, 'queued')));
    assert.equal(await scheduleMessageTick(t.ctx), true);
    assert.equal(await scheduleMessageTick(t.ctx), false, 'a second process starting finds it queued');
    const [job] = await queued();
    assert.equal(job!.runAt.getTime(), T0.getTime());
    // The runner claims it (running), then it runs: the next one is queued first.
    await t.ctx.db.update(jobs).set({ status: 'running' }).where(eq(jobs.id, job!.id));
    const result = (await messageTickJob(t.ctx, {
      id: job!.id,
      kind: 'message_tick',
      payload: {},
      organisationId: null,
      attempt: 1,
      maxAttempts: 3,
      setProgress: async () => {},
    })) as { next: string };
    assert.equal(result.next, 'queued');
    const [next, ...more] = await queued();
    assert.equal(more.length, 0);
    assert.equal(next!.runAt.getTime(), T0.getTime() + 5 * 60_000);
  });

  it('nudges a pair with no first meeting on day 7, not before, and only once across repeated ticks', async () => {
    const f = await fixture();
    await tickAt(f, T0);
    const planned = await rows(f, 'no_first_meeting');
    assert.equal(planned.length, 2);
    assert.ok(planned.every((r) => r.status === 'scheduled' && r.sendAt.getTime() === at(7).getTime()));
    assert.match(planned[0]!.reason, /No meeting held or planned since the start on 2 Mar 2026 \(7 days\)/);

    await tickAt(f, new Date(at(7).getTime() - 60_000));
    assert.equal((await notes(f, 'no_first_meeting')).length, 0);

    const result = await tickAt(f, at(7));
    assert.ok(result.sent >= 2);
    for (const when of [at(7), at(7, 0.1), at(8)]) await tickAt(f, when);
    const sent = await notes(f, 'no_first_meeting');
    assert.deepEqual(personIds(sent), [f.mentee.person.id, f.mentor.person.id].sort());
    const toMentor = sent.find((n) => n.personId === f.mentor.person.id)!;
    assert.equal(toMentor.title, 'Time to plan your first meeting with Ivy');
    assert.match(toMentor.body, /You started mentoring with Ivy Mentee in Grow 2026 7 days ago/);
    assert.equal(toMentor.link, `/mentoring/relationships/${f.relationship.id}/meetings`);
    assert.equal(toMentor.relationshipId, f.relationship.id);
    assert.equal(toMentor.emailStatus, 'pending');
    assert.deepEqual(toMentor.emailExtras, { programId: f.program.id, actionLabel: 'Plan a meeting' });
    const after = await rows(f, 'no_first_meeting');
    assert.ok(after.every((r) => r.status === 'sent' && r.sentAt?.getTime() === at(7).getTime()));
  });

  it('holds a nudge for a person in a far time zone until 08:00 where they are', async () => {
    // 10:00 UTC on 9 March is 23:00 in Auckland (UTC+13): the mentee's nudge waits for 08:00 there (19:00 UTC).
    const f = await fixture({ menteeZone: 'Pacific/Auckland' });
    await tickAt(f, at(7));
    assert.deepEqual(personIds(await notes(f, 'no_first_meeting')), [f.mentor.person.id]);
    const waiting = (await rows(f, 'no_first_meeting')).find(
      (r) => r.recipientPersonId === f.mentee.person.id,
    )!;
    assert.equal(waiting.sendAt.toISOString(), '2026-03-09T19:00:00.000Z');
    await tickAt(f, new Date('2026-03-09T18:59:00Z'));
    assert.equal((await notes(f, 'no_first_meeting')).length, 1);
    await tickAt(f, new Date('2026-03-09T19:00:00Z'));
    assert.deepEqual(
      personIds(await notes(f, 'no_first_meeting')),
      [f.mentee.person.id, f.mentor.person.id].sort(),
    );
  });

  it('reminds both 24 hours and 1 hour before a meeting, each once; moving the meeting cancels its reminders', async () => {
    const f = await fixture();
    const meeting = await insertMeeting(t.ctx.db, f.relationship, {
      startsAt: at(3, 4),
      at: T0,
      title: 'First chat',
    });
    await tickAt(f, T0);
    assert.equal((await rows(f, 'meeting_reminder')).length, 4);

    await tickAt(f, at(2, 4));
    const first = await notes(f, 'meeting_reminder');
    assert.equal(first.length, 2);
    assert.match(first[0]!.title, /^Reminder: “First chat” with (Maya|Ivy), Thu 5 Mar 2026, 14:00 GMT$/);
    assert.deepEqual(first[0]!.emailExtras, {
      programId: f.program.id,
      actionLabel: 'Open the meeting',
      details: ['When: Thu 5 Mar 2026, 14:00 GMT'],
    });
    await tickAt(f, at(3, 2.99));
    assert.equal((await notes(f, 'meeting_reminder')).length, 2);
    await tickAt(f, at(3, 3));
    await tickAt(f, at(3, 3.5));
    assert.equal((await notes(f, 'meeting_reminder')).length, 4);

    // A second meeting, moved before any reminder went: its reminders follow it.
    const second = await insertMeeting(t.ctx.db, f.relationship, { startsAt: at(10), at: at(3, 4) });
    await tickAt(f, at(3, 5));
    const movedAt = at(3, 6);
    await t.ctx.db
      .update(meetings)
      .set({ startsAt: at(12), updatedAt: movedAt, sequence: 1 })
      .where(eq(meetings.id, second.id));
    await tickAt(f, movedAt);
    const ofSecond = (await rows(f, 'meeting_reminder')).filter((r) => r.causeKey.includes(second.id));
    assert.equal(ofSecond.filter((r) => r.status === 'cancelled').length, 4);
    assert.ok(
      ofSecond
        .filter((r) => r.status === 'cancelled')
        .every(
          (r) =>
            r.cancelReason === 'The meeting was moved or cancelled, or a later reminder replaced this one',
        ),
    );
    assert.equal(ofSecond.filter((r) => r.status === 'scheduled').length, 4);
    assert.ok(meeting);
  });

  it('cancels a pending quiet-pair nudge when a meeting is planned, and counts quiet days again from that meeting', async () => {
    const f = await fixture();
    await insertMeeting(t.ctx.db, f.relationship, { startsAt: at(0, 1), at: T0, status: 'held' });
    await tickAt(f, at(1));
    const quiet = await rows(f, 'quiet_pair');
    assert.equal(quiet.length, 2);
    assert.equal(quiet[0]!.sendAt.toISOString(), at(21, 1).toISOString());
    assert.equal(quiet[0]!.reason, 'No meeting since 2 Mar 2026 (21 days)');

    await insertMeeting(t.ctx.db, f.relationship, { startsAt: at(12), at: at(10) });
    await tickAt(f, at(10));
    const cancelled = await rows(f, 'quiet_pair');
    assert.ok(
      cancelled.every(
        (r) => r.status === 'cancelled' && r.cancelReason === 'The pair met or planned a meeting',
      ),
    );

    // The meeting's time has passed: the pair is quiet from then, a new cause.
    await tickAt(f, at(13));
    const fresh = (await rows(f, 'quiet_pair')).filter((r) => r.status === 'scheduled');
    assert.equal(fresh.length, 2);
    assert.equal(fresh[0]!.dueAt.toISOString(), at(33).toISOString());
    await tickAt(f, at(21, 1));
    assert.equal((await notes(f, 'quiet_pair')).length, 0, 'the old quiet spell is not nudged');
  });

  it('escalates to the program’s coordinators a pair still quiet 7 days after its nudge, once; a meeting planned meanwhile cancels it', async () => {
    const f = await fixture();
    await insertMeeting(t.ctx.db, f.relationship, { startsAt: at(0, 1), at: T0, status: 'held' });
    await tickAt(f, at(21, 1));
    assert.equal((await notes(f, 'quiet_pair')).length, 2);
    // The next tick plans the escalation from the moment the nudge was sent.
    await tickAt(f, at(21, 1.1));
    const [escalation] = await rows(f, 'escalation');
    assert.equal(escalation!.status, 'scheduled');
    assert.equal(escalation!.sendAt.toISOString(), at(28, 1).toISOString());
    assert.equal(escalation!.recipientPersonId, null);

    await tickAt(f, at(28, 0.99));
    assert.equal((await notes(f, 'escalation')).length, 0);
    await tickAt(f, at(28, 1));
    await tickAt(f, at(28, 2));
    const told = await notes(f, 'escalation');
    assert.deepEqual(personIds(told), [f.coordinator.person.id]);
    assert.equal(told[0]!.title, 'Maya Mentor and Ivy Mentee are still not meeting');
    assert.equal(told[0]!.link, `/programs/${f.program.id}/relationships`);

    // Another pair, nudged, then plans a meeting before the escalation is due.
    const g = await fixture();
    await insertMeeting(t.ctx.db, g.relationship, { startsAt: at(0, 1), at: T0, status: 'held' });
    await tickAt(g, at(21, 1));
    await tickAt(g, at(21, 1.1));
    assert.equal((await rows(g, 'escalation'))[0]!.status, 'scheduled');
    await insertMeeting(t.ctx.db, g.relationship, { startsAt: at(30), at: at(25) });
    await tickAt(g, at(25));
    const [stopped] = await rows(g, 'escalation');
    assert.equal(stopped!.status, 'cancelled');
    assert.equal(stopped!.cancelReason, 'The pair met or planned a meeting after the nudge');
    await tickAt(g, at(28, 1));
    assert.equal((await notes(g, 'escalation')).length, 0);
  });

  it('emails an escalation to the organisation’s admins when the program has no coordinator and they have no person', async () => {
    const f = await fixture({ coordinator: false });
    await insertMeeting(t.ctx.db, f.relationship, { startsAt: at(0, 1), at: T0, status: 'held' });
    await tickAt(f, at(21, 1));
    await tickAt(f, at(28, 1));
    assert.equal((await notes(f, 'escalation')).length, 0);
    const mail = await t.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.organisationId, f.organisationId), eq(outbox.kind, 'escalation')));
    assert.equal(mail.length, 1);
    assert.equal(mail[0]!.toAddress, f.admin.user.email);
    assert.equal(mail[0]!.programId, f.program.id);
    assert.equal(mail[0]!.subject, 'Maya Mentor and Ivy Mentee are still not meeting');
    assert.match(mail[0]!.textBody, new RegExp(`/programs/${f.program.id}/relationships`));
  });

  it('asks whoever has not signed the agreement 7 days after the version was proposed', async () => {
    const f = await fixture();
    await insertAgreementVersion(t.ctx.db, f.relationship, { version: 1, at: at(2), mentorSignedAt: at(2) });
    await tickAt(f, at(9, -0.1));
    assert.equal((await notes(f, 'agreement_unsigned')).length, 0);
    await tickAt(f, at(9));
    const [asked, ...more] = await notes(f, 'agreement_unsigned');
    assert.equal(more.length, 0);
    assert.equal(asked!.personId, f.mentee.person.id);
    assert.equal(asked!.title, 'Your mentoring agreement with Maya is waiting for your signature');
    assert.match(asked!.body, /^Maya has signed it\./);
    assert.equal(asked!.link, `/mentoring/relationships/${f.relationship.id}/agreement`);
  });

  it('reminds of the check-in 3 days after it opened, only whoever has not answered', async () => {
    const f = await fixture();
    await insertSurveyAnswer(t.ctx.db, f.relationship, {
      personId: f.mentor.person.id,
      role: 'mentor',
      kind: 'check_in',
      at: at(31),
    });
    await tickAt(f, at(33, -0.1));
    assert.equal((await notes(f, 'survey_reminder')).length, 0);
    await tickAt(f, at(33));
    assert.deepEqual(personIds(await notes(f, 'survey_reminder')), [f.mentee.person.id]);
  });

  it('reminds the owner of an overdue action item the morning after its due date', async () => {
    const f = await fixture();
    await insertActionItem(t.ctx.db, f.relationship, {
      title: 'Read the book',
      dueOn: '2026-03-10',
      ownerPersonId: f.mentee.person.id,
      at: T0,
    });
    await tickAt(f, new Date('2026-03-11T07:59:00Z'));
    assert.equal((await notes(f, 'action_item_overdue')).length, 0);
    await tickAt(f, new Date('2026-03-11T08:00:00Z'));
    const [overdue, ...more] = await notes(f, 'action_item_overdue');
    assert.equal(more.length, 0);
    assert.equal(overdue!.personId, f.mentee.person.id);
    assert.equal(overdue!.title, 'Overdue: Read the book');
    assert.match(overdue!.body, /was due on Tue 10 March 2026/);
  });

  it('tells both 14 days before the agreed end date', async () => {
    const f = await fixture();
    await insertAgreementVersion(t.ctx.db, f.relationship, {
      version: 1,
      at: T0,
      mentorSignedAt: T0,
      menteeSignedAt: T0,
      endDate: '2026-04-15',
    });
    // 1 April 00:00 in London (BST) is 23:00 UTC the day before; sent at 08:00 BST.
    await tickAt(f, new Date('2026-04-01T06:59:00Z'));
    assert.equal((await notes(f, 'ending_soon')).length, 0);
    await tickAt(f, new Date('2026-04-01T07:00:00Z'));
    const told = await notes(f, 'ending_soon');
    assert.equal(told.length, 2);
    assert.match(told[0]!.title, /ends on Wed 15 April 2026$/);
  });

  it('reminds the mentor of a request still waiting after 3 days', async () => {
    const f = await fixture();
    const mentor = await createParticipant(t.ctx.db, f.program, 'mentor', { person: { name: 'Nia Mentor' } });
    const mentee = await createParticipant(t.ctx.db, f.program, 'mentee', { person: { name: 'Leo Mentee' } });
    const request = await createRelationshipRow(t.ctx.db, {
      organisationId: f.organisationId,
      programId: f.program.id,
      mentor: mentor.enrolment,
      mentee: mentee.enrolment,
      createdAt: T0,
      expiresAt: at(7),
    });
    await tickAt(f, at(3, -0.1));
    assert.equal((await notes(f, 'request_reminder')).length, 0);
    await tickAt(f, at(3));
    const [reminder] = await notes(f, 'request_reminder');
    assert.equal(reminder!.personId, mentor.person.id);
    assert.equal(reminder!.title, 'Leo Mentee is waiting for your answer');
    assert.equal(reminder!.link, `/mentoring/requests#request-${request.id}`);
  });

  it('warns both after long inactivity and closes the relationship after the notice, when switched on', async () => {
    const f = await fixture();
    const put = await t.call('PUT', `/api/programs/${f.program.id}/message-settings`, f.coordinator.cookie, {
      nudges: { inactive_closure: { enabled: true, days: 30, noticeDays: 7 } },
    });
    assert.equal(put.statusCode, 200, put.body);
    await tickAt(f, at(30, -0.1));
    assert.equal((await notes(f, 'inactive_warning')).length, 0);
    await tickAt(f, at(30));
    const warned = await notes(f, 'inactive_warning');
    assert.equal(warned.length, 2);
    assert.equal(warned[0]!.title.endsWith('will close in 7 days'), true);

    await tickAt(f, at(37, -0.1));
    const [still] = await t.ctx.db
      .select()
      .from(relationships)
      .where(eq(relationships.id, f.relationship.id));
    assert.equal(still!.status, 'active');
    await tickAt(f, at(37));
    await tickAt(f, at(37, 1));
    const [closed] = await t.ctx.db
      .select()
      .from(relationships)
      .where(eq(relationships.id, f.relationship.id));
    assert.equal(closed!.status, 'ended_early');
    assert.equal(closed!.reasonCode, 'inactive');
    const told = await notes(f, 'inactive_closed');
    assert.deepEqual(personIds(told), [f.mentee.person.id, f.mentor.person.id].sort());
    assert.equal(
      told.find((n) => n.personId === f.mentor.person.id)!.title,
      'Your mentoring relationship with Ivy was closed',
    );
    const audit = await t.ctx.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.organisationId, f.organisationId),
          eq(auditLog.action, 'relationship.closed_inactive'),
        ),
      );
    assert.equal(audit.length, 1);
    // What the relationship no longer needs is cancelled.
    const left = (
      await t.ctx.db
        .select()
        .from(scheduledMessages)
        .where(eq(scheduledMessages.relationshipId, f.relationship.id))
    ).filter((r) => r.status === 'scheduled' && r.kind !== 'survey_reminder');
    assert.deepEqual(left, []);
  });

  it('holds a paused kind and sends it once resumed', async () => {
    const f = await fixture();
    const pause = await t.call(
      'PUT',
      `/api/programs/${f.program.id}/message-settings`,
      f.coordinator.cookie,
      {
        pausedKinds: ['no_first_meeting'],
      },
    );
    assert.equal(pause.statusCode, 200, pause.body);
    await tickAt(f, at(7));
    await tickAt(f, at(8));
    assert.equal((await notes(f, 'no_first_meeting')).length, 0);
    assert.equal((await notes(f, 'agreement_unsigned')).length, 2, 'other kinds go out');
    const list = await t.call(
      'GET',
      `/api/programs/${f.program.id}/messages/scheduled?kind=no_first_meeting`,
      f.coordinator.cookie,
    );
    assert.equal(list.statusCode, 200, list.body);
    const items = list.json().items as { paused: boolean; recipientName: string }[];
    assert.equal(items.length, 2);
    assert.ok(items.every((item) => item.paused));
    assert.deepEqual(items.map((item) => item.recipientName).sort(), ['Ivy Mentee', 'Maya Mentor']);

    const resume = await t.call(
      'PUT',
      `/api/programs/${f.program.id}/message-settings`,
      f.coordinator.cookie,
      {
        pausedKinds: [],
      },
    );
    assert.equal(resume.statusCode, 200);
    await tickAt(f, at(8, 0.1));
    assert.equal((await notes(f, 'no_first_meeting')).length, 2);
  });

  it('cancels the scheduled messages of a kind switched off, and plans them again when switched back on', async () => {
    const f = await fixture();
    await tickAt(f, T0);
    assert.equal((await rows(f, 'quiet_pair')).filter((r) => r.status === 'scheduled').length, 2);
    const off = await t.call('PUT', `/api/programs/${f.program.id}/message-settings`, f.coordinator.cookie, {
      nudges: { quiet_pair: { enabled: false } },
    });
    assert.equal(off.statusCode, 200, off.body);
    const cancelled = await rows(f, 'quiet_pair');
    assert.ok(
      cancelled.every((r) => r.status === 'cancelled' && r.cancelReason === 'Switched off for this program'),
    );
    await tickAt(f, at(21));
    assert.equal((await notes(f, 'quiet_pair')).length, 0);

    const on = await t.call('PUT', `/api/programs/${f.program.id}/message-settings`, f.coordinator.cookie, {
      nudges: { quiet_pair: { enabled: true } },
    });
    assert.equal(on.statusCode, 200);
    assert.ok((await rows(f, 'quiet_pair')).every((r) => r.status === 'scheduled'));
    await tickAt(f, at(21, 0.1));
    assert.equal((await notes(f, 'quiet_pair')).length, 2);
  });
});
