import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import ical from 'node-ical';
import { meetingFeedback, notifications, programResources, workspaceActivity } from '../../db/schema.ts';
import { createProgram } from '../../testing/program-factories.ts';
import { createTestApp, issuePaths, type TestApp } from '../../testing/test-app.ts';
import {
  createWorkspaceFixture,
  setRelationshipStatus,
  type WorkspaceFixture,
} from '../../testing/workspace-factories.ts';

describe('meetings API', () => {
  let t: TestApp;
  let w: WorkspaceFixture;

  const call: TestApp['call'] = (...args) => t.call(...args);
  const paths = issuePaths;
  const schedule = async (
    cookie: string,
    body: Record<string, unknown> = {},
    relationshipId = w.relationship.id,
  ) => {
    const response = await call('POST', `/api/relationships/${relationshipId}/meetings`, cookie, {
      title: 'Kick-off',
      date: '2027-07-15',
      time: '14:00',
      durationMinutes: 45,
      ...body,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json();
  };
  const activityOf = (kind: string) =>
    t.ctx.db
      .select()
      .from(workspaceActivity)
      .where(and(eq(workspaceActivity.relationshipId, w.relationship.id), eq(workspaceActivity.kind, kind)));
  const notesOf = (personId: string, kind: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), eq(notifications.kind, kind)));
  const parseIcs = (text: string) => {
    const parsed = ical.sync.parseICS(text);
    const events = Object.values(parsed).filter((item) => item?.type === 'VEVENT');
    assert.equal(events.length, 1);
    return events[0] as ical.VEvent;
  };
  /** Every caller who must learn nothing about the pair's meetings. */
  const strangers = () =>
    [
      ['admin', w.admin.cookie],
      ['coordinator', w.coordinator.cookie],
      ['outsider', w.outsider.cookie],
      ['other pair', w.otherMentor.cookie],
      ['other organisation', w.otherAdmin.cookie],
    ] as const;

  before(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://trellis.example.com' });
    w = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
  });
  after(() => t.close());

  it('schedules a meeting in the organiser’s zone, stores it in UTC and tells the partner', async () => {
    // the mentor lives in London: 14:00 in July is 13:00 UTC (summer time)
    const created = await schedule(w.mentor.cookie, { location: 'Café, 2nd floor', agenda: 'Intro' });
    assert.equal(created.startsAt, '2027-07-15T13:00:00.000Z');
    assert.equal(created.endsAt, '2027-07-15T13:45:00.000Z');
    assert.equal(created.timeZone, 'Europe/London');
    assert.equal(created.localDate, '2027-07-15');
    assert.equal(created.localTime, '14:00');
    assert.equal(created.status, 'scheduled');
    assert.equal(created.sequence, 0);
    assert.deepEqual(created.organiser, { personId: w.mentor.person.id, name: 'Maya Mentor' });
    assert.equal(created.hasStarted, false);
    assert.equal(created.myFeedback, null);

    // the mentee names a zone; January in New York is UTC−5
    const other = await schedule(w.mentee.cookie, {
      title: 'Winter check-in',
      date: '2027-01-20',
      time: '09:30',
      timeZone: 'America/New_York',
      videoUrl: 'https://meet.example.com/abc',
    });
    assert.equal(other.startsAt, '2027-01-20T14:30:00.000Z');
    assert.equal(other.videoUrl, 'https://meet.example.com/abc');

    const [activity] = await activityOf('meeting_scheduled');
    assert.ok(activity);
    assert.match(activity.summary, /Kick-off/);
    const [note] = await notesOf(w.mentee.person.id, 'meeting_scheduled');
    assert.ok(note, 'the partner is told');
    assert.equal(note.link, `/mentoring/relationships/${w.relationship.id}/meetings`);
    // in the mentee's own zone (New York): 09:00
    assert.match(note.body, /15 Jul 2027, 09:00/);
    assert.equal((await notesOf(w.mentor.person.id, 'meeting_scheduled')).length, 1, 'only the mentee’s own');

    const shown = await call('GET', `/api/meetings/${created.id}`, w.mentee.cookie);
    assert.equal(shown.statusCode, 200);
    assert.equal(shown.json().location, 'Café, 2nd floor');
  });

  it('handles a local time skipped by the clocks going forward', async () => {
    // New York, 14 March 2027: 02:30 does not exist; it becomes 03:30 GMT-4
    const created = await schedule(w.mentee.cookie, {
      title: 'Early call',
      date: '2027-03-14',
      time: '02:30',
      timeZone: 'America/New_York',
    });
    assert.equal(created.startsAt, '2027-03-14T07:30:00.000Z');
    assert.equal(created.localTime, '03:30');
  });

  it('names the field of every bad input', async () => {
    const url = `/api/relationships/${w.relationship.id}/meetings`;
    const base = { title: 'x', date: '2027-07-15', time: '14:00', durationMinutes: 30 };
    const cases: [Record<string, unknown>, string][] = [
      [{ timeZone: 'Mars/Olympus' }, 'body.timeZone'],
      [{ time: '25:00' }, 'body.time'],
      [{ time: '9:30' }, 'body.time'],
      [{ date: '2027-02-30' }, 'body.date'],
      [{ durationMinutes: 10 }, 'body.durationMinutes'],
      [{ durationMinutes: 481 }, 'body.durationMinutes'],
      [{ videoUrl: 'ftp://example.com/x' }, 'body.videoUrl'],
      [{ videoUrl: 'javascript:alert(1)' }, 'body.videoUrl'],
      [{ title: '   ' }, 'body.title'],
    ];
    for (const [patch, path] of cases) {
      const response = await call('POST', url, w.mentor.cookie, { ...base, ...patch });
      assert.equal(response.statusCode, 400, `${path}: ${response.body}`);
      assert.ok(paths(response).includes(path), `${path} in ${response.body}`);
    }
  });

  it('lists upcoming meetings soonest first and past ones latest first, paginated', async () => {
    const list = async (when: string, extra = '') => {
      const response = await call(
        'GET',
        `/api/relationships/${w.relationship.id}/meetings?when=${when}${extra}`,
        w.mentee.cookie,
      );
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const past = await schedule(w.mentor.cookie, { title: 'Long ago', date: '2020-01-10', time: '10:00' });
    const upcoming = await list('upcoming');
    assert.ok(upcoming.items.length >= 3);
    const starts = upcoming.items.map((m: { startsAt: string }) => m.startsAt);
    assert.deepEqual(starts, [...starts].sort());
    assert.ok(!upcoming.items.some((m: { id: string }) => m.id === past.id));
    const pastPage = await list('past');
    assert.deepEqual(
      pastPage.items.map((m: { id: string }) => m.id),
      [past.id],
    );
    const firstPage = await list('all', '&pageSize=2&page=1');
    assert.equal(firstPage.items.length, 2);
    assert.equal(firstPage.total, upcoming.total + 1);
    assert.equal(firstPage.readOnly, false);
    assert.equal(
      (await call('GET', `/api/relationships/${w.relationship.id}/meetings?when=soon`, w.mentee.cookie))
        .statusCode,
      400,
    );
  });

  it('reschedules with a new SEQUENCE and tells the partner; agenda or title edits stay quiet', async () => {
    const created = await schedule(w.mentor.cookie, {
      title: 'Career map',
      date: '2027-05-05',
      time: '10:00',
    });
    const ics = async (cookie = w.mentee.cookie) => {
      const response = await call('GET', `/api/meetings/${created.id}/ics`, cookie);
      assert.equal(response.statusCode, 200, response.body);
      return response;
    };
    const first = await ics();
    assert.equal(first.headers['content-type'], 'text/calendar; charset=utf-8');
    assert.match(
      String(first.headers['content-disposition']),
      /^attachment; filename="career-map-2027-05-05\.ics"$/,
    );
    const firstEvent = parseIcs(first.body);
    assert.equal(Number(firstEvent.sequence), 0);
    assert.match(firstEvent.uid, /@trellis$/);
    assert.equal(new Date(firstEvent.start).toISOString(), '2027-05-05T09:00:00.000Z');

    const agendaOnly = await call('PATCH', `/api/meetings/${created.id}`, w.mentee.cookie, {
      agenda: 'Talk about the next role',
      title: 'Career map, part 1',
    });
    assert.equal(agendaOnly.statusCode, 200, agendaOnly.body);
    assert.equal(agendaOnly.json().sequence, 0);
    assert.equal(agendaOnly.json().agenda, 'Talk about the next role');
    assert.equal((await notesOf(w.mentor.person.id, 'meeting_rescheduled')).length, 0);

    const moved = await call('PATCH', `/api/meetings/${created.id}`, w.mentee.cookie, { time: '11:30' });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().sequence, 1);
    assert.equal(moved.json().startsAt, '2027-05-05T10:30:00.000Z', 'still in the meeting’s own zone');
    assert.equal((await notesOf(w.mentor.person.id, 'meeting_rescheduled')).length, 1, 'the partner is told');
    assert.equal((await activityOf('meeting_rescheduled')).length, 1);

    const movedAgain = await call('PATCH', `/api/meetings/${created.id}`, w.mentor.cookie, {
      date: '2027-05-06',
      durationMinutes: 90,
      timeZone: 'Asia/Tokyo',
    });
    assert.equal(movedAgain.json().sequence, 2);
    assert.equal(movedAgain.json().startsAt, '2027-05-06T02:30:00.000Z', '11:30 in Tokyo');
    const second = parseIcs((await ics(w.mentor.cookie)).body);
    assert.equal(second.uid, firstEvent.uid, 'the UID never changes');
    assert.equal(Number(second.sequence), 2);
    assert.equal(new Date(second.start).toISOString(), '2027-05-06T02:30:00.000Z');
    assert.equal(new Date(second.end as unknown as string).toISOString(), '2027-05-06T04:00:00.000Z');
    assert.equal(second.summary, 'Career map, part 1');

    const badZone = await call('PATCH', `/api/meetings/${created.id}`, w.mentor.cookie, {
      timeZone: 'Nowhere',
    });
    assert.equal(badZone.statusCode, 400);
    assert.deepEqual(paths(badZone), ['body.timeZone']);

    const cancelled = await call('POST', `/api/meetings/${created.id}/cancel`, w.mentee.cookie);
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal(cancelled.json().status, 'cancelled');
    assert.equal(cancelled.json().sequence, 3);
    assert.equal((await notesOf(w.mentor.person.id, 'meeting_cancelled')).length, 1);
    assert.equal((await activityOf('meeting_cancelled')).length, 1);
    const cancelText = (await ics()).body;
    assert.match(cancelText, /\r\nMETHOD:CANCEL\r\n/);
    const third = parseIcs(cancelText);
    assert.equal(third.uid, firstEvent.uid);
    assert.equal(Number(third.sequence), 3);
    assert.equal(third.status, 'CANCELLED');

    assert.equal((await call('POST', `/api/meetings/${created.id}/cancel`, w.mentee.cookie)).statusCode, 409);
    assert.equal(
      (await call('PATCH', `/api/meetings/${created.id}`, w.mentee.cookie, { time: '12:00' })).statusCode,
      409,
    );
    assert.equal((await call('POST', `/api/meetings/${created.id}/held`, w.mentee.cookie)).statusCode, 409);
  });

  it('emails the partner an invitation, an update and a cancellation of one calendar event', async () => {
    type Extras = {
      programId: string;
      details?: string[];
      actionLabel?: string;
      attachments: { filename: string; contentType: string; content: string }[];
    };
    const noticeOf = async (kind: string) => {
      const rows = await notesOf(w.mentee.person.id, kind);
      const note = rows.find((row) => row.title.includes('Mentoring plan'));
      assert.ok(note, `the mentee is told: ${kind}`);
      const extras = note.emailExtras as Extras;
      assert.equal(note.emailStatus, 'pending');
      assert.equal(extras.programId, w.program.id);
      assert.equal(extras.attachments.length, 1);
      const [invite] = extras.attachments;
      assert.equal(invite!.filename, 'invite.ics');
      return { note, extras, invite: invite!, event: parseIcs(invite!.content) };
    };
    // The mentor (London) invites: the mentee reads New York time, 14:00 BST is 09:00 EDT (GMT-4).
    const created = await schedule(w.mentor.cookie, {
      title: 'Mentoring plan',
      date: '2027-06-10',
      time: '14:00',
      location: 'Room 4',
    });
    const invited = await noticeOf('meeting_scheduled');
    assert.equal(invited.note.title, 'Maya Mentor invited you to a meeting: Mentoring plan');
    assert.match(invited.note.body, /Thu 10 Jun 2027, 09:00 GMT-4, 45 minutes · Room 4/);
    assert.equal(invited.note.link, `/mentoring/relationships/${w.relationship.id}/meetings`);
    assert.equal(invited.invite.contentType, 'text/calendar; method=REQUEST; charset=UTF-8');
    assert.match(invited.invite.content, /\r\nMETHOD:REQUEST\r\n/);
    assert.equal(Number(invited.event.sequence), 0);
    assert.equal(new Date(invited.event.start).toISOString(), '2027-06-10T13:00:00.000Z');
    assert.ok(invited.extras.details?.includes('Where: Room 4'));
    assert.equal(
      (await notesOf(w.mentor.person.id, 'meeting_scheduled')).filter((n) =>
        n.title.includes('Mentoring plan'),
      ).length,
      0,
      'the organiser is not told about their own meeting',
    );

    const moved = await call('PATCH', `/api/meetings/${created.id}`, w.mentor.cookie, { time: '16:00' });
    assert.equal(moved.statusCode, 200, moved.body);
    const update = await noticeOf('meeting_rescheduled');
    assert.equal(update.note.title, 'Maya Mentor moved your meeting: Mentoring plan');
    assert.match(update.note.body, /^Now Thu 10 Jun 2027, 11:00 GMT-4/);
    assert.match(update.note.body, /was Thu 10 Jun 2027, 09:00 GMT-4/);
    assert.equal(update.invite.contentType, 'text/calendar; method=REQUEST; charset=UTF-8');
    assert.equal(update.event.uid, invited.event.uid, 'the same calendar event');
    assert.equal(Number(update.event.sequence), 1, 'a higher SEQUENCE replaces it');
    assert.equal(new Date(update.event.start).toISOString(), '2027-06-10T15:00:00.000Z');

    const cancelled = await call('POST', `/api/meetings/${created.id}/cancel`, w.mentor.cookie);
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const cancel = await noticeOf('meeting_cancelled');
    assert.equal(cancel.note.title, 'Maya Mentor cancelled your meeting: Mentoring plan');
    assert.match(cancel.note.body, /It was planned for Thu 10 Jun 2027, 11:00 GMT-4/);
    assert.equal(cancel.invite.contentType, 'text/calendar; method=CANCEL; charset=UTF-8');
    assert.match(cancel.invite.content, /\r\nMETHOD:CANCEL\r\n/);
    assert.equal(cancel.event.uid, invited.event.uid);
    assert.equal(Number(cancel.event.sequence), 2);
    assert.equal(cancel.event.status, 'CANCELLED');
    // Each version is told once, under its own key.
    assert.deepEqual(
      [invited, update, cancel].map((n) => n.note.dedupeKey),
      [
        `meeting:${created.id}:meeting_scheduled:0`,
        `meeting:${created.id}:meeting_rescheduled:1`,
        `meeting:${created.id}:meeting_cancelled:2`,
      ],
    );
  });

  it('writes an .ics with both people, the workspace link and a long agenda that survives parsing', async () => {
    const agenda = [
      '## Agenda',
      '',
      '1. Goals; what changed, and why',
      `2. ${'Stakeholders, timelines; risks\\trade-offs. '.repeat(12)}`,
      '3. Next steps',
    ].join('\n');
    const created = await schedule(w.mentor.cookie, {
      title: 'Deep dive; plans, options',
      agenda,
      videoUrl: 'https://meet.example.com/xyz',
    });
    const response = await call('GET', `/api/meetings/${created.id}/ics`, w.mentor.cookie);
    const text = response.body;
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /\r\nVERSION:2\.0\r\n/);
    assert.match(text, /\r\nPRODID:/);
    assert.match(text, /\r\nMETHOD:REQUEST\r\n/);
    for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
    const event = parseIcs(text) as ical.VEvent & Record<string, unknown>;
    assert.equal(event.summary, 'Deep dive; plans, options');
    const description = String(event.description);
    assert.ok(description.startsWith(agenda), 'the agenda round-trips');
    assert.ok(
      description.includes(
        `https://trellis.example.com/mentoring/relationships/${w.relationship.id}/meetings`,
      ),
    );
    assert.equal(event.location, 'https://meet.example.com/xyz', 'the video link when there is no place');
    assert.equal(
      String(event.url),
      `https://trellis.example.com/mentoring/relationships/${w.relationship.id}/meetings`,
    );
    const organizer = event.organizer as unknown as { params: { CN: string }; val: string };
    assert.equal(organizer.params.CN, 'Maya Mentor');
    assert.equal(organizer.val, `mailto:${w.mentor.person.email}`);
    const attendees = event.attendee as unknown as { params: { CN: string }; val: string }[];
    assert.deepEqual(
      attendees.map((a) => a.val).sort(),
      [`mailto:${w.mentor.person.email}`, `mailto:${w.mentee.person.email}`].sort(),
    );
  });

  it('marks a meeting held or missed only after its start, with sensible transitions', async () => {
    // starts two minutes from now, on a whole minute, in UTC
    const start = new Date(Math.ceil((t.clock.now.getTime() + 120_000) / 60_000) * 60_000);
    const created = await schedule(w.mentor.cookie, {
      title: 'Soon',
      date: start.toISOString().slice(0, 10),
      time: start.toISOString().slice(11, 16),
      timeZone: 'UTC',
    });
    const held = () => call('POST', `/api/meetings/${created.id}/held`, w.mentee.cookie);
    const noShow = () => call('POST', `/api/meetings/${created.id}/no-show`, w.mentee.cookie);
    assert.equal((await held()).statusCode, 409, 'not before it starts');
    assert.equal((await noShow()).statusCode, 409);
    const feedbackTooEarly = await call('POST', `/api/meetings/${created.id}/feedback`, w.mentee.cookie, {
      rating: 4,
    });
    assert.equal(feedbackTooEarly.statusCode, 409, 'only a held meeting is rated');

    const past = await schedule(w.mentor.cookie, { title: 'Done', date: '2021-06-01', time: '09:00' });
    const missed = await call('POST', `/api/meetings/${past.id}/no-show`, w.mentor.cookie);
    assert.equal(missed.statusCode, 200, missed.body);
    assert.equal(missed.json().status, 'no_show');
    assert.equal(missed.json().hasStarted, true);
    assert.equal((await call('POST', `/api/meetings/${past.id}/no-show`, w.mentor.cookie)).statusCode, 409);
    const heldLater = await call('POST', `/api/meetings/${past.id}/held`, w.mentor.cookie);
    assert.equal(heldLater.statusCode, 200, 'a missed meeting marked by mistake can still be held');
    assert.equal(heldLater.json().status, 'held');
    assert.ok(heldLater.json().heldAt);
    assert.equal((await call('POST', `/api/meetings/${past.id}/held`, w.mentor.cookie)).statusCode, 409);
    assert.equal((await call('POST', `/api/meetings/${past.id}/no-show`, w.mentor.cookie)).statusCode, 409);
    assert.equal((await call('POST', `/api/meetings/${past.id}/cancel`, w.mentor.cookie)).statusCode, 409);
    assert.equal((await activityOf('meeting_held')).length, 1);
    assert.equal(
      (await notesOf(w.mentee.person.id, 'meeting_held')).length,
      1,
      'the partner is asked to rate',
    );

    // the clock moves past the start of the first one
    t.clock.advance(5 * 60_000);
    const nowHeld = await held();
    assert.equal(nowHeld.statusCode, 200, nowHeld.body);
    assert.equal(nowHeld.json().hasStarted, true);
  });

  it('moves a meeting marked held or missed before its planned end from upcoming to past', async () => {
    // two meetings under way (started ten minutes ago, an hour long) and a future one that is cancelled
    const start = new Date(Math.floor((t.clock.now.getTime() - 10 * 60_000) / 60_000) * 60_000);
    const underWay = (title: string) =>
      schedule(w.mentor.cookie, {
        title,
        date: start.toISOString().slice(0, 10),
        time: start.toISOString().slice(11, 16),
        timeZone: 'UTC',
        durationMinutes: 60,
      });
    const held = await underWay('Under way, then held');
    const missed = await underWay('Under way, nobody came');
    const cancelled = await schedule(w.mentor.cookie, { title: 'Called off', date: '2027-09-01' });
    assert.equal(
      (await call('POST', `/api/meetings/${cancelled.id}/cancel`, w.mentor.cookie)).statusCode,
      200,
    );
    const ids = async (when: string) => {
      const response = await call(
        'GET',
        `/api/relationships/${w.relationship.id}/meetings?when=${when}&pageSize=100`,
        w.mentee.cookie,
      );
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items.map((m: { id: string }) => m.id) as string[];
    };
    const before = await ids('upcoming');
    assert.ok(
      before.includes(held.id) && before.includes(missed.id),
      'a meeting under way is still upcoming',
    );

    assert.equal((await call('POST', `/api/meetings/${held.id}/held`, w.mentee.cookie)).statusCode, 200);
    assert.equal((await call('POST', `/api/meetings/${missed.id}/no-show`, w.mentee.cookie)).statusCode, 200);
    const upcoming = await ids('upcoming');
    const past = await ids('past');
    assert.ok(
      !upcoming.includes(held.id) && !upcoming.includes(missed.id),
      'held and missed are not upcoming',
    );
    assert.ok(past.includes(held.id) && past.includes(missed.id), 'they are past');
    // a cancelled future meeting stays with the upcoming ones, so its cancellation can go to the calendar
    assert.ok(upcoming.includes(cancelled.id) && !past.includes(cancelled.id));
    const all = await ids('all');
    assert.equal(all.length, new Set([...upcoming, ...past]).size, 'every meeting is in exactly one list');
  });

  it('takes one rating per person for a held meeting and never shows the partner’s', async () => {
    const past = await schedule(w.mentor.cookie, { title: 'Rated', date: '2022-03-01', time: '09:00' });
    await call('POST', `/api/meetings/${past.id}/held`, w.mentor.cookie);
    const url = `/api/meetings/${past.id}/feedback`;
    const bad = await call('POST', url, w.mentee.cookie, {
      rating: 6,
      helped: ['magic'],
      comment: 'x'.repeat(2001),
    });
    assert.equal(bad.statusCode, 400);
    const badPaths = paths(bad);
    for (const path of ['body.rating', 'body.helped.0', 'body.comment']) {
      assert.ok(badPaths.includes(path), `${path} in ${bad.body}`);
    }
    const rated = await call('POST', url, w.mentee.cookie, {
      rating: 5,
      helped: ['advice', 'perspective', 'advice'],
      comment: 'Very useful; thank you',
      shareComment: true,
    });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal(rated.json().myFeedback.rating, 5);
    assert.deepEqual(rated.json().myFeedback.helped, ['advice', 'perspective']);
    assert.equal(rated.json().partnerHasRated, false);
    const again = await call('POST', url, w.mentee.cookie, { rating: 1 });
    assert.equal(again.statusCode, 409, 'once per person');

    const mentorView = (await call('GET', `/api/meetings/${past.id}`, w.mentor.cookie)).json();
    assert.equal(mentorView.myFeedback, null, 'the mentor never sees the mentee’s rating');
    assert.equal(mentorView.partnerHasRated, true);
    assert.ok(!JSON.stringify(mentorView).includes('Very useful'));

    const [stored] = await t.ctx.db
      .select()
      .from(meetingFeedback)
      .where(eq(meetingFeedback.meetingId, past.id));
    assert.ok(stored);
    assert.equal(stored.programId, w.program.id);
    assert.equal(stored.role, 'mentee');
    assert.equal(stored.shareComment, true);
  });

  it('appends a discussion prompt of the program the caller may see to the agenda', async () => {
    const insertResource = async (values: Partial<typeof programResources.$inferInsert>) => {
      const [row] = await t.ctx.db
        .insert(programResources)
        .values({
          organisationId: w.organisationId,
          programId: w.program.id,
          kind: 'prompt',
          title: 'A prompt',
          body: '',
          audience: 'both',
          ...values,
        })
        .returning();
      return row!;
    };
    const both = await insertResource({
      title: 'Strengths',
      body: 'What do people come to you for?\n\n- one\n- two',
    });
    const mentorOnly = await insertResource({ title: 'For mentors', audience: 'mentor' });
    const guide = await insertResource({ title: 'A guide', kind: 'guide' });
    const otherProgram = await createProgram(t.ctx.db, w.organisationId, { status: 'running' });
    const elsewhere = await insertResource({ title: 'Elsewhere', programId: otherProgram.id });

    const created = await schedule(w.mentee.cookie, { title: 'With prompts', agenda: 'Catch up' });
    const url = `/api/meetings/${created.id}/agenda/prompts`;
    for (const resource of [mentorOnly, guide, elsewhere]) {
      const refused = await call('POST', url, w.mentee.cookie, { resourceId: resource.id });
      assert.equal(refused.statusCode, 404, resource.title);
    }
    assert.equal((await call('POST', url, w.mentee.cookie, { resourceId: randomUUID() })).statusCode, 404);
    assert.equal((await call('POST', url, w.mentee.cookie, { resourceId: 'nope' })).statusCode, 400);
    const added = await call('POST', url, w.mentee.cookie, { resourceId: both.id });
    assert.equal(added.statusCode, 200, added.body);
    assert.equal(
      added.json().agenda,
      'Catch up\n\n## Strengths\n\nWhat do people come to you for?\n\n- one\n- two\n',
    );
    assert.equal(added.json().sequence, 0);
    const mentorAdds = await call('POST', url, w.mentor.cookie, { resourceId: mentorOnly.id });
    assert.equal(mentorAdds.statusCode, 200, 'a mentor-only prompt for the mentor');
    assert.match(mentorAdds.json().agenda, /## For mentors\n$/);
  });

  it('refuses staff, colleagues, other pairs and other organisations with 404 on every meeting route', async () => {
    const created = await schedule(w.mentor.cookie, { title: 'Private' });
    const routes: ['GET' | 'POST' | 'PATCH', string, unknown][] = [
      ['GET', `/api/relationships/${w.relationship.id}/meetings`, undefined],
      [
        'POST',
        `/api/relationships/${w.relationship.id}/meetings`,
        { title: 'x', date: '2027-01-01', time: '10:00', durationMinutes: 30 },
      ],
      ['GET', `/api/meetings/${created.id}`, undefined],
      ['PATCH', `/api/meetings/${created.id}`, { agenda: 'x' }],
      ['POST', `/api/meetings/${created.id}/cancel`, undefined],
      ['POST', `/api/meetings/${created.id}/held`, undefined],
      ['POST', `/api/meetings/${created.id}/no-show`, undefined],
      ['GET', `/api/meetings/${created.id}/ics`, undefined],
      ['POST', `/api/meetings/${created.id}/agenda/prompts`, { resourceId: randomUUID() }],
      ['POST', `/api/meetings/${created.id}/feedback`, { rating: 3 }],
    ];
    for (const [method, url, payload] of routes) {
      assert.equal(
        (await call(method, url, undefined, payload)).statusCode,
        401,
        `${method} ${url} signed out`,
      );
      for (const [who, cookie] of strangers()) {
        const response = await call(method, url, cookie, payload);
        assert.equal(response.statusCode, 404, `${who}: ${method} ${url} → ${response.body}`);
      }
    }
    assert.equal((await call('GET', `/api/meetings/${randomUUID()}`, w.mentor.cookie)).statusCode, 404);
    // nothing changed behind the refusals
    const unchanged = (await call('GET', `/api/meetings/${created.id}`, w.mentor.cookie)).json();
    assert.equal(unchanged.status, 'scheduled');
    assert.equal(unchanged.agenda, '');
    assert.equal(unchanged.sequence, 0);
  });
});

describe('action items API', () => {
  let t: TestApp;
  let w: WorkspaceFixture;
  const call: TestApp['call'] = (...args) => t.call(...args);
  const paths = issuePaths;

  before(async () => {
    t = await createTestApp();
    w = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
  });
  after(() => t.close());

  it('adds, assigns, ticks off and removes action items of a meeting or of the pair', async () => {
    const meeting = await call('POST', `/api/relationships/${w.relationship.id}/meetings`, w.mentor.cookie, {
      title: 'Kick-off',
      date: '2027-02-02',
      time: '10:00',
      durationMinutes: 30,
    });
    const meetingId = meeting.json().id;
    const url = `/api/relationships/${w.relationship.id}/action-items`;
    const first = await call('POST', url, w.mentor.cookie, {
      title: 'Update the CV',
      ownerPersonId: w.mentee.person.id,
      dueOn: '2027-02-10',
      meetingId,
    });
    assert.equal(first.statusCode, 201, first.body);
    const item = first.json();
    assert.equal(item.owner.name, 'Ivy Mentee');
    assert.equal(item.meetingTitle, 'Kick-off');
    assert.equal(item.dueOn, '2027-02-10');
    assert.equal(item.done, false);
    assert.equal(item.createdBy.name, 'Maya Mentor');
    const [assigned] = await t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.personId, w.mentee.person.id), eq(notifications.kind, 'action_item_assigned')),
      );
    assert.ok(assigned, 'the mentee is told they have something to do');
    assert.equal(assigned.title, 'Maya Mentor gave you an action item: Update the CV');
    assert.match(assigned.body, /^Due Wed 10 Feb 2027\./);
    assert.equal(assigned.link, `/mentoring/relationships/${w.relationship.id}/meetings`);
    assert.deepEqual(assigned.emailExtras, { programId: w.program.id, actionLabel: 'See your action items' });

    const second = await call('POST', url, w.mentee.cookie, {
      title: 'Send two articles',
      ownerPersonId: w.mentor.person.id,
    });
    assert.equal(second.statusCode, 201);
    assert.equal(second.json().meetingId, null);

    for (const [payload, path] of [
      [{ title: 'x', ownerPersonId: w.outsider.person.id }, 'body.ownerPersonId'],
      [{ title: 'x', ownerPersonId: w.otherMentee.person.id }, 'body.ownerPersonId'],
      [{ title: '', ownerPersonId: w.mentor.person.id }, 'body.title'],
      [{ title: 'x', ownerPersonId: w.mentor.person.id, dueOn: '2027-13-01' }, 'body.dueOn'],
      [{ title: 'x', ownerPersonId: w.mentor.person.id, meetingId: randomUUID() }, 'body.meetingId'],
    ] as const) {
      const response = await call('POST', url, w.mentor.cookie, payload);
      assert.equal(response.statusCode, 400, `${path}: ${response.body}`);
      assert.ok(paths(response).includes(path), `${path} in ${response.body}`);
    }
    // a meeting of another pair is not a meeting of this one
    const otherMeeting = await call(
      'POST',
      `/api/relationships/${w.otherRelationship.id}/meetings`,
      w.otherMentor.cookie,
      {
        title: 'Theirs',
        date: '2027-02-02',
        time: '10:00',
        durationMinutes: 30,
      },
    );
    const foreign = await call('POST', url, w.mentor.cookie, {
      title: 'x',
      ownerPersonId: w.mentor.person.id,
      meetingId: otherMeeting.json().id,
    });
    assert.equal(foreign.statusCode, 400);
    assert.deepEqual(paths(foreign), ['body.meetingId']);

    const done = await call('PATCH', `/api/action-items/${item.id}`, w.mentee.cookie, { done: true });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().done, true);
    assert.ok(done.json().doneAt);
    const activities = await t.ctx.db
      .select()
      .from(workspaceActivity)
      .where(eq(workspaceActivity.relationshipId, w.relationship.id));
    const kinds = activities.map((a) => a.kind);
    assert.equal(kinds.filter((k) => k === 'action_item_added').length, 2);
    assert.equal(kinds.filter((k) => k === 'action_item_done').length, 1);
    assert.ok(activities.some((a) => a.summary.includes('Update the CV')));

    const list = async (query: string) =>
      (await call('GET', `${url}?${query}`, w.mentor.cookie)).json() as {
        items: { id: string }[];
        total: number;
        readOnly: boolean;
      };
    assert.deepEqual(
      (await list('status=open')).items.map((i) => i.id),
      [second.json().id],
    );
    assert.deepEqual(
      (await list('status=done')).items.map((i) => i.id),
      [item.id],
    );
    const all = await list('status=all');
    assert.deepEqual(
      all.items.map((i) => i.id),
      [second.json().id, item.id],
      'open first',
    );
    assert.deepEqual(
      (await list(`meetingId=${meetingId}`)).items.map((i) => i.id),
      [item.id],
    );
    assert.equal((await list('pageSize=1')).items.length, 1);
    assert.equal((await call('GET', `${url}?status=later`, w.mentor.cookie)).statusCode, 400);

    const reassigned = await call('PATCH', `/api/action-items/${second.json().id}`, w.mentor.cookie, {
      ownerPersonId: w.mentee.person.id,
      dueOn: '2027-03-01',
      title: 'Send three articles',
    });
    assert.equal(reassigned.statusCode, 200, reassigned.body);
    assert.equal(reassigned.json().owner.personId, w.mentee.person.id);
    assert.equal(reassigned.json().title, 'Send three articles');
    const badOwner = await call('PATCH', `/api/action-items/${item.id}`, w.mentee.cookie, {
      ownerPersonId: w.admin.user.personId ?? randomUUID(),
    });
    assert.equal(badOwner.statusCode, 400);
    assert.deepEqual(paths(badOwner), ['body.ownerPersonId']);
    const undone = await call('PATCH', `/api/action-items/${item.id}`, w.mentee.cookie, { done: false });
    assert.equal(undone.json().done, false);

    const removed = await call('DELETE', `/api/action-items/${item.id}`, w.mentee.cookie);
    assert.equal(removed.statusCode, 204);
    assert.equal(
      (await call('PATCH', `/api/action-items/${item.id}`, w.mentee.cookie, { done: true })).statusCode,
      404,
    );
  });

  it('refuses everyone outside the pair with 404', async () => {
    const created = await call(
      'POST',
      `/api/relationships/${w.relationship.id}/action-items`,
      w.mentor.cookie,
      {
        title: 'Secret plan',
        ownerPersonId: w.mentor.person.id,
      },
    );
    const id = created.json().id;
    const routes: ['GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown][] = [
      ['GET', `/api/relationships/${w.relationship.id}/action-items`, undefined],
      [
        'POST',
        `/api/relationships/${w.relationship.id}/action-items`,
        { title: 'x', ownerPersonId: w.mentor.person.id },
      ],
      ['PATCH', `/api/action-items/${id}`, { done: true }],
      ['DELETE', `/api/action-items/${id}`, undefined],
    ];
    for (const [method, url, payload] of routes) {
      assert.equal((await call(method, url, undefined, payload)).statusCode, 401);
      for (const [who, cookie] of [
        ['admin', w.admin.cookie],
        ['coordinator', w.coordinator.cookie],
        ['outsider', w.outsider.cookie],
        ['other pair', w.otherMentee.cookie],
        ['other organisation', w.otherAdmin.cookie],
      ] as const) {
        const response = await call(method, url, cookie, payload);
        assert.equal(response.statusCode, 404, `${who}: ${method} ${url} → ${response.body}`);
      }
    }
    const still = await call('GET', `/api/relationships/${w.relationship.id}/action-items`, w.mentee.cookie);
    const secret = still.json().items.filter((i: { id: string }) => i.id === id);
    assert.equal(secret.length, 1);
    assert.equal(secret[0].done, false);
    assert.equal(still.json().items.filter((i: { title: string }) => i.title === 'x').length, 0);
  });
});

describe('meetings after the relationship ended', () => {
  let t: TestApp;
  let w: WorkspaceFixture;
  const call: TestApp['call'] = (...args) => t.call(...args);

  before(async () => {
    t = await createTestApp();
    w = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
  });
  after(() => t.close());

  it('is read-only, except that a held meeting can still be rated', async () => {
    const schedule = async (title: string, date: string) =>
      (
        await call('POST', `/api/relationships/${w.relationship.id}/meetings`, w.mentor.cookie, {
          title,
          date,
          time: '10:00',
          durationMinutes: 30,
        })
      ).json();
    const held = await schedule('Held one', '2023-05-01');
    await call('POST', `/api/meetings/${held.id}/held`, w.mentor.cookie);
    const past = await schedule('Unmarked', '2023-06-01');
    const future = await schedule('Future', '2027-06-01');
    const item = (
      await call('POST', `/api/relationships/${w.relationship.id}/action-items`, w.mentor.cookie, {
        title: 'Last step',
        ownerPersonId: w.mentee.person.id,
      })
    ).json();
    await setRelationshipStatus(t.ctx.db, w.relationship.id, 'completed');

    const list = await call('GET', `/api/relationships/${w.relationship.id}/meetings`, w.mentee.cookie);
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().readOnly, true);
    assert.equal(list.json().total, 3);
    assert.equal((await call('GET', `/api/meetings/${future.id}`, w.mentee.cookie)).statusCode, 200);
    assert.equal((await call('GET', `/api/meetings/${future.id}/ics`, w.mentee.cookie)).statusCode, 200);
    const items = await call('GET', `/api/relationships/${w.relationship.id}/action-items`, w.mentee.cookie);
    assert.equal(items.statusCode, 200);
    assert.equal(items.json().readOnly, true);

    const writes: ['POST' | 'PATCH' | 'DELETE', string, unknown][] = [
      [
        'POST',
        `/api/relationships/${w.relationship.id}/meetings`,
        { title: 'x', date: '2027-01-01', time: '10:00', durationMinutes: 30 },
      ],
      ['PATCH', `/api/meetings/${future.id}`, { agenda: 'late' }],
      ['POST', `/api/meetings/${future.id}/cancel`, undefined],
      ['POST', `/api/meetings/${past.id}/held`, undefined],
      ['POST', `/api/meetings/${past.id}/no-show`, undefined],
      ['POST', `/api/meetings/${future.id}/agenda/prompts`, { resourceId: randomUUID() }],
      [
        'POST',
        `/api/relationships/${w.relationship.id}/action-items`,
        { title: 'x', ownerPersonId: w.mentor.person.id },
      ],
      ['PATCH', `/api/action-items/${item.id}`, { done: true }],
      ['DELETE', `/api/action-items/${item.id}`, undefined],
    ];
    for (const [method, url, payload] of writes) {
      const response = await call(method, url, w.mentee.cookie, payload);
      assert.equal(response.statusCode, 409, `${method} ${url} → ${response.body}`);
    }
    assert.equal((await call('GET', `/api/meetings/${future.id}`, w.mentee.cookie)).json().agenda, '');

    const rated = await call('POST', `/api/meetings/${held.id}/feedback`, w.mentee.cookie, { rating: 4 });
    assert.equal(rated.statusCode, 200, rated.body);
    assert.equal(rated.json().myFeedback.rating, 4);
    const notHeld = await call('POST', `/api/meetings/${past.id}/feedback`, w.mentee.cookie, { rating: 4 });
    assert.equal(notHeld.statusCode, 409);
  });
});
