import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import {
  flashSlots,
  jobs,
  meetings,
  notifications,
  outbox,
  relationships,
  sessions,
} from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import { createMemberPerson, createParticipant } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { closeDueFlashSessions, topUpAllPatterns } from './flash.service.ts';

const DAY = 24 * 3600 * 1000;

/** `YYYY-MM-DDTHH:mm` in UTC, `days` from the clock at `hour`:00. */
function _localIn(now: Date, days: number, hour: number): string {
  const d = new Date(now.getTime() + days * DAY);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

describe('flash mentoring', () => {
  let t: TestApp;
  let orgs: Awaited<ReturnType<typeof createTwoOrganisations>>;
  let program: Awaited<ReturnType<typeof createProgram>>;
  let mentor: Awaited<ReturnType<typeof createParticipant>>;
  let otherMentor: Awaited<ReturnType<typeof createParticipant>>;
  let mentee: Awaited<ReturnType<typeof createParticipant>>;
  let coordinator: string;
  let outsider: string;

  const advanceDays = async (days: number) => {
    t.clock.advance(days * DAY);
    await t.ctx.db.update(sessions).set({
      expiresAt: new Date(t.clock.now.getTime() + DAY),
      lastSeenAt: t.clock.now,
      createdAt: t.clock.now,
    });
  };
  const url = (path: string) => `/api/programs/${program.id}/flash${path}`;
  const slotCount = async () => (await t.ctx.db.select().from(flashSlots)).length;

  before(async () => {
    t = await createTestApp();
    // A fixed Wednesday morning, so month and weekday arithmetic reads plainly.
    t.clock.now = new Date('2030-04-03T08:00:00Z');
    await advanceDays(0);
    orgs = await createTwoOrganisations(t.ctx.db);
    program = await createProgram(t.ctx.db, orgs.org.id, {
      name: 'Ask an expert',
      type: 'flash',
      status: 'running',
    });
    mentor = await createParticipant(t.ctx.db, program, 'mentor', {
      person: { name: 'Maya Mentor', timeZone: 'UTC' },
      profile: { skillsOffered: ['Negotiation', 'Public speaking'] },
    });
    otherMentor = await createParticipant(t.ctx.db, program, 'mentor', {
      person: { name: 'Omar Other', timeZone: 'UTC' },
      profile: { skillsOffered: ['Finance'] },
    });
    mentee = await createParticipant(t.ctx.db, program, 'mentee', {
      person: { name: 'Nina Newcomer', timeZone: 'America/New_York' },
    });
    const coord = await createMemberPerson(t.ctx.db, orgs.org.id);
    await addCoordinator(t.ctx.db, orgs.org.id, program.id, coord.user.id);
    coordinator = coord.cookie;
    outsider = (await createMemberPerson(t.ctx.db, orgs.org.id)).cookie;
    await advanceDays(0);
  });
  after(() => t.close());

  it('gives a mentor their availability with a default cap and their directory zone, and saves new settings', async () => {
    const first = await t.call('GET', url('/availability'), mentor.cookie);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().monthlyCap, 4);
    assert.equal(first.json().timeZone, 'UTC');
    assert.deepEqual(first.json().slots, []);
    const saved = await t.call('PUT', url('/settings'), mentor.cookie, {
      monthlyCap: 2,
      timeZone: 'Europe/London',
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().monthlyCap, 2);
    assert.equal(saved.json().timeZone, 'Europe/London');
    const bad = await t.call('PUT', url('/settings'), mentor.cookie, {
      monthlyCap: 0,
      timeZone: 'Mars/Base',
    });
    assert.equal(bad.statusCode, 400);
    const paths = bad.json().error.details.issues.map((i: { path: string }) => i.path);
    assert.ok(paths.includes('body.monthlyCap') && paths.includes('body.timeZone'), bad.body);
  });

  it('adds a slot by hand, refusing one in the past (body.startsAt) and one that overlaps (naming its time)', async () => {
    // 10:00 in London on 10 April 2030 is 09:00 UTC (summer time).
    const added = await t.call('POST', url('/slots'), mentor.cookie, {
      startsAt: '2030-04-10T10:00',
      durationMinutes: 45,
    });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().startsAt, '2030-04-10T09:00:00.000Z');
    assert.equal(added.json().timeZone, 'Europe/London');
    assert.equal(added.json().status, 'open');
    const before = await slotCount();

    const past = await t.call('POST', url('/slots'), mentor.cookie, { startsAt: '2030-04-01T10:00' });
    assert.equal(past.statusCode, 400, past.body);
    assert.equal(past.json().error.details.issues[0].path, 'body.startsAt');
    assert.match(past.json().error.message, /future/);

    const overlapping = await t.call('POST', url('/slots'), mentor.cookie, {
      startsAt: '2030-04-10T10:30',
      durationMinutes: 30,
    });
    assert.equal(overlapping.statusCode, 409, overlapping.body);
    assert.match(overlapping.json().error.message, /overlaps your slot on Wed 10 Apr 2030, 10:00/);
    assert.equal(overlapping.json().error.details.slotId, added.json().id);

    const malformed = await t.call('POST', url('/slots'), mentor.cookie, {
      startsAt: '10 April',
      durationMinutes: 5,
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(await slotCount(), before, 'nothing written by the refusals');
  });

  it('expands a weekly pattern six weeks ahead, idempotently, and tops it up as time passes', async () => {
    // Mondays 16:00 London time.
    const res = await t.call('POST', url('/patterns'), mentor.cookie, { weekday: 0, startTime: '16:00' });
    assert.equal(res.statusCode, 201, res.body);
    const fromPattern = (slots: { id: string; startsAt: string; patternId: string | null }[]) =>
      slots.filter((s) => s.patternId);
    assert.equal(fromPattern(res.json().slots).length, 6);
    for (const slot of fromPattern(res.json().slots)) {
      assert.equal(new Date(slot.startsAt).getUTCDay(), 1, 'a Monday');
      assert.equal(slot.startsAt.slice(11, 16), '15:00', '16:00 in London is 15:00 UTC in summer');
    }
    const again = await t.call('POST', url('/patterns'), mentor.cookie, { weekday: 0, startTime: '16:00' });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().error.message, /Mondays at 16:00/);
    // Reading again adds nothing; neither does the job.
    const read = await t.call('GET', url('/availability'), mentor.cookie);
    assert.equal(fromPattern(read.json().slots).length, 6);
    assert.equal(await topUpAllPatterns(t.ctx), 0);

    // The mentor cancels the first one: it stays cancelled.
    const firstId = fromPattern(read.json().slots)[0].id;
    const cancelled = await t.call('POST', `/api/flash/slots/${firstId}/cancel`, mentor.cookie);
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal(cancelled.json().status, 'cancelled');
    assert.equal(await topUpAllPatterns(t.ctx), 0, 'a cancelled slot is not brought back');

    // A week later the job adds the seventh Monday.
    await advanceDays(7);
    assert.equal(await topUpAllPatterns(t.ctx), 1);
    await advanceDays(-7);
  });

  it('lets a mentee search mentors by skill and see their open slots in the mentee’s own zone', async () => {
    const res = await t.call('GET', url('/mentors?skill=negotiation'), mentee.cookie);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.timeZone, 'America/New_York');
    assert.equal(body.total, 1);
    assert.equal(body.items[0].name, 'Maya Mentor');
    assert.deepEqual(body.items[0].skillsOffered, ['Negotiation', 'Public speaking']);
    const handSlot = body.items[0].nextSlots.find(
      (s: { startsAt: string }) => s.startsAt === '2030-04-10T09:00:00.000Z',
    );
    assert.ok(handSlot, 'the hand-added slot is listed');
    assert.equal(handSlot.localTime, '05:00', '09:00 UTC is 05:00 in New York');
    assert.match(handSlot.when, /05:00 GMT-4/);

    const words = await t.call('GET', url('/mentors?q=omar'), mentee.cookie);
    assert.deepEqual(
      words.json().items.map((m: { name: string }) => m.name),
      ['Omar Other'],
    );
    const paged = await t.call('GET', url('/mentors?pageSize=1&page=2'), mentee.cookie);
    assert.equal(paged.json().total, 2);
    assert.equal(paged.json().items.length, 1);
  });

  it('books a slot: an active flash relationship, one meeting with the agenda, the mentor’s invitation with .ics', async () => {
    const slot = (await t.call('GET', url('/availability'), mentor.cookie))
      .json()
      .slots.find((s: { startsAt: string }) => s.startsAt === '2030-04-10T09:00:00.000Z');
    const res = await t.call('POST', `/api/flash/slots/${slot.id}/book`, mentee.cookie, {
      topic: 'Negotiation',
      agenda: 'How to ask for a raise without sounding greedy',
    });
    assert.equal(res.statusCode, 201, res.body);
    const session = res.json();
    assert.equal(session.myRole, 'mentee');
    assert.equal(session.partner.name, 'Maya Mentor');
    assert.equal(session.localTime, '05:00');
    assert.equal(session.relationshipStatus, 'active');

    const [rel] = await t.ctx.db
      .select()
      .from(relationships)
      .where(eq(relationships.id, session.relationshipId));
    assert.equal(rel!.origin, 'flash');
    assert.equal(rel!.status, 'active');
    const rows = await t.ctx.db.select().from(meetings).where(eq(meetings.relationshipId, rel!.id));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.startsAt.toISOString(), '2030-04-10T09:00:00.000Z');
    assert.equal(rows[0]!.durationMinutes, 45);
    assert.match(rows[0]!.agenda, /What I want from this conversation[\s\S]*ask for a raise/);
    const invited = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, mentor.person.id), eq(notifications.kind, 'meeting_scheduled')));
    assert.equal(invited.length, 1);
    assert.match(invited[0]!.title, /Nina Newcomer invited you to a meeting: Flash session: Negotiation/);
    const attachments = JSON.stringify(invited[0]);
    assert.match(attachments, /BEGIN:VCALENDAR/);

    // The booker's sessions list and the mentor's slot show it.
    const mine = await t.call('GET', url('/sessions?when=upcoming'), mentee.cookie);
    assert.equal(mine.json().total, 1);
    const mentorView = (await t.call('GET', url('/availability'), mentor.cookie)).json();
    const booked = mentorView.slots.find((s: { id: string }) => s.id === slot.id);
    assert.equal(booked.status, 'booked');
    assert.equal(booked.booking.name, 'Nina Newcomer');
    assert.equal(booked.booking.topic, 'Negotiation');
    assert.equal(mentorView.bookedThisMonth, 1);

    // Home shows the session as a relationship, without asking for a mentoring agreement.
    const home = (await t.call('GET', '/api/home', mentee.cookie)).json();
    assert.ok(
      home.relationships.some((r: { id?: string; relationshipId?: string }) =>
        [r.id, r.relationshipId].includes(rel!.id),
      ),
      JSON.stringify(home.relationships),
    );
    assert.deepEqual(
      home.waiting.items.filter((item: { kind: string }) => item.kind === 'agreement_to_sign'),
      [],
    );

    // Booking it again: the slot is taken.
    const again = await t.call('POST', `/api/flash/slots/${slot.id}/book`, mentee.cookie, {
      topic: 'Negotiation',
      agenda: 'Again',
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().error.message, /This slot was just booked/);
    // The mentor cannot cancel a booked slot from here.
    const cancel = await t.call('POST', `/api/flash/slots/${slot.id}/cancel`, mentor.cookie);
    assert.equal(cancel.statusCode, 409);
    void outbox;
  });

  it('refuses a booking past the mentor’s monthly cap (counted in their zone), writing nothing', async () => {
    // Cap 2: one April session is booked; add two more April slots and book them.
    const a = await t.call('POST', url('/slots'), mentor.cookie, { startsAt: '2030-04-20T09:00' });
    const b = await t.call('POST', url('/slots'), mentor.cookie, { startsAt: '2030-04-21T09:00' });
    assert.equal(a.statusCode, 201, a.body);
    const ok = await t.call('POST', `/api/flash/slots/${a.json().id}/book`, mentee.cookie, {
      topic: 'Public speaking',
      agenda: 'Stage fright',
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const relationshipsBefore = (await t.ctx.db.select().from(relationships)).length;
    const full = await t.call('POST', `/api/flash/slots/${b.json().id}/book`, mentee.cookie, {
      topic: 'Public speaking',
      agenda: 'More stage fright',
    });
    assert.equal(full.statusCode, 409, full.body);
    assert.match(full.json().error.message, /at most 2 flash sessions a month and April 2030 is full/);
    assert.equal((await t.ctx.db.select().from(relationships)).length, relationshipsBefore);
    const [still] = await t.ctx.db.select().from(flashSlots).where(eq(flashSlots.id, b.json().id));
    assert.equal(still!.status, 'open', 'the slot stays open');
    assert.equal(still!.bookedByPersonId, null);
  });

  it('refuses bad booking input by field, and people who may not book or publish', async () => {
    const slots = (await t.call('GET', url('/availability'), mentor.cookie)).json().slots;
    const open = slots.find((s: { status: string }) => s.status === 'open');
    const noAgenda = await t.call('POST', `/api/flash/slots/${open.id}/book`, mentee.cookie, { topic: 'X' });
    assert.equal(noAgenda.statusCode, 400);
    assert.equal(noAgenda.json().error.details.issues[0].path, 'body.agenda');
    // A mentor books: only mentees book.
    const byMentor = await t.call('POST', `/api/flash/slots/${open.id}/book`, otherMentor.cookie, {
      topic: 'X',
      agenda: 'Y',
    });
    assert.equal(byMentor.statusCode, 403);
    // A mentee publishes: only mentors do.
    const byMentee = await t.call('POST', url('/slots'), mentee.cookie, { startsAt: '2030-05-01T09:00' });
    assert.equal(byMentee.statusCode, 403);
    assert.equal((await t.call('GET', url('/availability'), outsider)).statusCode, 403);
    // Someone else's slot cannot be cancelled (it is not theirs to see).
    assert.equal(
      (await t.call('POST', `/api/flash/slots/${open.id}/cancel`, otherMentor.cookie)).statusCode,
      404,
    );
    // The summary is staff's.
    assert.equal((await t.call('GET', url('/summary'), mentee.cookie)).statusCode, 403);
    assert.equal((await t.call('GET', url('/summary'))).statusCode, 401);
    assert.equal(open.status, 'open');
  });

  it('shows another organisation nothing (404)', async () => {
    const slots = (await t.call('GET', url('/availability'), mentor.cookie)).json().slots;
    const open = slots.find((s: { status: string }) => s.status === 'open');
    const other = orgs.otherAdmin.cookie;
    for (const [method, path, body] of [
      ['GET', url('/availability')],
      ['GET', url('/mentors')],
      ['GET', url('/sessions')],
      ['GET', url('/summary')],
      ['PUT', url('/settings'), { monthlyCap: 3, timeZone: 'UTC' }],
      ['POST', url('/slots'), { startsAt: '2030-05-01T09:00' }],
      ['POST', url('/patterns'), { weekday: 1, startTime: '09:00' }],
      ['DELETE', url(`/patterns/${randomUUID()}`)],
      ['POST', `/api/flash/slots/${open.id}/book`, { topic: 'X', agenda: 'Y' }],
      ['POST', `/api/flash/slots/${open.id}/cancel`],
    ] as const) {
      const res = await t.call(method, path, other, body);
      assert.equal(res.statusCode, 404, `${method} ${path}: ${res.body}`);
    }
  });

  it('refuses flash routes on a program that is not a flash program', async () => {
    const plain = await createProgram(t.ctx.db, orgs.org.id, { status: 'running' });
    const res = await t.call('GET', `/api/programs/${plain.id}/flash/mentors`, mentee.cookie);
    assert.equal(res.statusCode, 409);
    assert.match(res.json().error.message, /not a flash mentoring program/);
  });

  it('never calls a flash pair quiet or without meetings in pair health', async () => {
    // Six days after the first session (closing is after seven), with no meeting marked held.
    await advanceDays(13);
    const res = await t.call('GET', `/api/programs/${program.id}/relationship-health`, coordinator);
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().items.length >= 1);
    for (const item of res.json().items) {
      const codes = item.reasons.map((r: { code: string }) => r.code);
      assert.ok(!codes.includes('quiet') && !codes.includes('no_meeting'), codes.join(','));
    }
    await advanceDays(-13);
  });

  it('closes the session once both rated it, and otherwise the closing days after the session', async () => {
    const list = (await t.call('GET', url('/sessions'), mentee.cookie)).json().items;
    const [first, second] = list as { relationshipId: string; startsAt: string }[];
    // Just after the first session: mark it held, both rate.
    await advanceDays(7.5);
    const meetingOf = async (relationshipId: string) =>
      (await t.ctx.db.select().from(meetings).where(eq(meetings.relationshipId, relationshipId)))[0]!;
    const m = await meetingOf(first!.relationshipId);
    assert.equal((await t.call('POST', `/api/meetings/${m.id}/held`, mentor.cookie)).statusCode, 200);
    const rate = (cookie: string, rating: number) =>
      t.call('POST', `/api/meetings/${m.id}/feedback`, cookie, { rating, helped: [], comment: '' });
    assert.equal((await rate(mentee.cookie, 5)).statusCode, 200);
    assert.equal(await closeDueFlashSessions(t.ctx), 0, 'one side only: still open');
    assert.equal((await rate(mentor.cookie, 4)).statusCode, 200);
    const queued = await t.ctx.db.select().from(jobs).where(eq(jobs.kind, 'close_flash_sessions'));
    assert.ok(queued.length >= 3, 'a closing job per booking and per rating');
    assert.equal(await closeDueFlashSessions(t.ctx), 1);
    const statusOf = async (id: string) =>
      (await t.ctx.db.select().from(relationships).where(eq(relationships.id, id)))[0]!.status;
    assert.equal(await statusOf(first!.relationshipId), 'completed');
    assert.equal(await statusOf(second!.relationshipId), 'active');

    // The second session (20 April) closes seven days after it ended, with no feedback.
    await advanceDays(16);
    assert.equal(await closeDueFlashSessions(t.ctx), 0);
    await advanceDays(1);
    assert.equal(await closeDueFlashSessions(t.ctx), 1);
    assert.equal(await statusOf(second!.relationshipId), 'completed');
    const told = await t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.relationshipId, second!.relationshipId),
          eq(notifications.kind, 'relationship_completed'),
        ),
      );
    assert.equal(told.length, 2, 'both sides are told');
    // Its feedback was the meeting's rating: home asks for no closing survey.
    const homeAfter = (await t.call('GET', '/api/home', mentee.cookie)).json();
    assert.deepEqual(
      homeAfter.waiting.items.filter((item: { kind: string }) => item.kind === 'closing_survey_due'),
      [],
    );

    // Staff's card: sessions held, ratings from both sides, top topics, mentors with open slots.
    const summary = await t.call('GET', url('/summary'), coordinator);
    assert.equal(summary.statusCode, 200, summary.body);
    assert.equal(summary.json().sessionsHeld, 1);
    assert.equal(summary.json().booked, 2);
    assert.deepEqual(summary.json().averageRating, { mentor: 4, mentee: 5, ratings: 2 });
    assert.deepEqual(
      summary.json().topTopics.map((x: { topic: string }) => x.topic),
      ['Negotiation', 'Public speaking'],
    );
    assert.equal((await t.call('GET', url('/summary'), orgs.admin.cookie)).statusCode, 200);
  });
});
