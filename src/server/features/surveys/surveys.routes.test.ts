import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import {
  auditLog,
  jobs,
  meetingFeedback,
  meetings,
  notifications,
  programs,
  relationships,
} from '../../db/schema.ts';
import { createMemberPerson } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import {
  createWorkspaceFixture,
  setRelationshipStatus,
  type WorkspaceFixture,
} from '../../testing/workspace-factories.ts';
import { announceCheckInsJob, announceOpenedCheckIns } from './surveys.service.ts';

const DAY = 24 * 3600 * 1000;

describe('surveys API', () => {
  let t: TestApp;

  const call: TestApp['call'] = (...args) => t.call(...args);
  const surveysUrl = (f: WorkspaceFixture, rest = '') =>
    `/api/relationships/${f.relationship.id}/surveys${rest}`;
  const checkIn = (f: WorkspaceFixture, cookie: string, payload: unknown) =>
    call('POST', surveysUrl(f, '/check-in'), cookie, payload);
  const closing = (f: WorkspaceFixture, cookie: string, payload: unknown) =>
    call('POST', surveysUrl(f, '/closing'), cookie, payload);
  const rematch = (f: WorkspaceFixture, cookie: string, payload: unknown) =>
    call('POST', `/api/relationships/${f.relationship.id}/rematch-request`, cookie, payload);
  const startedDaysAgo = async (relationshipId: string, days: number) => {
    await t.ctx.db
      .update(relationships)
      .set({ startedAt: new Date(t.clock.now.getTime() - days * DAY) })
      .where(eq(relationships.id, relationshipId));
  };
  const attentionNotes = (personId: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), eq(notifications.kind, 'survey_attention')));
  /** A fixture whose organisation admin is also a person of the directory (so they have an inbox). */
  const fixture = async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const adminPerson = await createMemberPerson(t.ctx.db, f.organisationId, { name: 'Ada Admin' }, 'admin');
    return { ...f, adminPerson };
  };

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('opens the check-in after 30 days, takes one answer per side, and tells the partner only that it came', async () => {
    const f = await fixture();
    const fresh = await call('GET', surveysUrl(f), f.mentee.cookie);
    assert.equal(fresh.statusCode, 200, fresh.body);
    const startedAt = new Date(t.clock.now.getTime() - 60_000);
    assert.equal(fresh.json().checkIn.checkInDays, 30);
    assert.equal(fresh.json().checkIn.open, false);
    assert.equal(fresh.json().checkIn.availableFrom, new Date(startedAt.getTime() + 30 * DAY).toISOString());
    assert.equal(fresh.json().closing.open, false);
    assert.equal(fresh.json().canRequestRematch, true);
    const early = await checkIn(f, f.mentee.cookie, { rating: 4 });
    assert.equal(early.statusCode, 409, early.body);

    await startedDaysAgo(f.relationship.id, 31);
    assert.equal((await call('GET', surveysUrl(f), f.mentee.cookie)).json().checkIn.open, true);
    const answered = await checkIn(f, f.mentee.cookie, {
      rating: 4,
      comment: 'Good so far, private thought 5521',
      shareComment: false,
    });
    assert.equal(answered.statusCode, 201, answered.body);
    assert.equal(answered.json().checkIn.open, false);
    assert.equal(answered.json().checkIn.myAnswer.rating, 4);
    assert.equal(answered.json().checkIn.partnerAnswered, false);
    const again = await checkIn(f, f.mentee.cookie, { rating: 5 });
    assert.equal(again.statusCode, 409, again.body);

    const partner = await call('GET', surveysUrl(f), f.mentor.cookie);
    assert.equal(partner.json().checkIn.partnerAnswered, true);
    assert.equal(partner.json().checkIn.open, true);
    assert.equal(partner.json().checkIn.myAnswer, null);
    assert.ok(!partner.body.includes('5521'));
    // A good fit bothers nobody.
    assert.equal((await attentionNotes(f.coordinator.person.id)).length, 0);
  });

  it('follows the program’s check-in schedule', async () => {
    const f = await fixture();
    await t.ctx.db
      .update(programs)
      .set({ surveySchedule: { checkInDays: 7 } })
      .where(eq(programs.id, f.program.id));
    await startedDaysAgo(f.relationship.id, 8);
    const surveys = (await call('GET', surveysUrl(f), f.mentor.cookie)).json();
    assert.equal(surveys.checkIn.checkInDays, 7);
    assert.equal(surveys.checkIn.open, true);
  });

  it('tells the program’s coordinators and admins about a poor fit, never the partner', async () => {
    const f = await fixture();
    await startedDaysAgo(f.relationship.id, 31);
    const response = await checkIn(f, f.mentee.cookie, {
      rating: 2,
      comment: 'We do not click',
      shareComment: true,
    });
    assert.equal(response.statusCode, 201, response.body);
    for (const staff of [f.coordinator.person.id, f.adminPerson.person.id]) {
      const [note] = await attentionNotes(staff);
      assert.ok(note, 'staff are notified');
      assert.equal(note.link, `/programs/${f.program.id}/feedback`);
      assert.match(note.title, /Ivy Mentee \(mentee\) rated the fit 2\/5/);
      assert.ok(!note.body.includes('click'), 'the comment stays in the app');
    }
    assert.equal((await attentionNotes(f.mentor.person.id)).length, 0);
    assert.equal((await attentionNotes(f.mentee.person.id)).length, 0);
    assert.equal((await attentionNotes(f.outsider.person.id)).length, 0);
  });

  it('takes a rematch request once while the relationship is active, for staff only', async () => {
    const f = await fixture();
    const asked = await rematch(f, f.mentor.cookie, { reason: 'Our goals do not overlap' });
    assert.equal(asked.statusCode, 201, asked.body);
    assert.equal(asked.json().rematchRequest.comment, 'Our goals do not overlap');
    assert.equal(asked.json().canRequestRematch, false);
    assert.equal((await rematch(f, f.mentor.cookie, { reason: 'again' })).statusCode, 409);
    assert.equal((await attentionNotes(f.coordinator.person.id)).length, 1);
    assert.match(
      (await attentionNotes(f.coordinator.person.id))[0]!.title,
      /Maya Mentor \(mentor\) asked for a rematch/,
    );
    assert.equal((await attentionNotes(f.mentee.person.id)).length, 0);
    const partner = (await call('GET', surveysUrl(f), f.mentee.cookie)).json();
    assert.equal(partner.rematchRequest, null);
    assert.equal(partner.canRequestRematch, true);
    assert.ok(!JSON.stringify(partner).includes('overlap'));

    // A check-in may also ask for a rematch.
    await startedDaysAgo(f.relationship.id, 40);
    const withWish = await checkIn(f, f.mentee.cookie, { rating: 4, rematchRequested: true });
    assert.equal(withWish.statusCode, 201, withWish.body);
    assert.equal((await attentionNotes(f.coordinator.person.id)).length, 2);

    // Staff resolve the request and keep the pair: the one who asked is told; the staff's note stays theirs.
    const attention = await call('GET', `/api/programs/${f.program.id}/attention`, f.coordinator.cookie);
    const request = attention.json().items.find((i: { kind: string }) => i.kind === 'rematch_request');
    const resolved = await call('POST', `/api/survey-responses/${request.id}/resolve`, f.coordinator.cookie, {
      note: 'Talked it through, staying together',
    });
    assert.equal(resolved.statusCode, 200, resolved.body);
    const handled = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, f.mentor.person.id), eq(notifications.kind, 'rematch_handled')));
    assert.equal(handled.length, 1);
    assert.equal(
      handled[0]!.title,
      `Program staff have looked at your request for a rematch in ${f.program.name}`,
    );
    assert.match(handled[0]!.body, /your relationship with Ivy Mentee continues for now/);
    assert.ok(!handled[0]!.body.includes('Talked'), 'the staff’s note is not shown');
    assert.equal(handled[0]!.link, `/mentoring/relationships/${f.relationship.id}`);
  });

  it('announces an open check-in to each side once, when it opens, unless they answered', async () => {
    const f = await fixture();
    await t.ctx.db
      .update(programs)
      .set({ surveySchedule: { checkInDays: 7 } })
      .where(eq(programs.id, f.program.id));
    // Started 8 days ago: the check-in opened a day ago. The mentor has answered already.
    await startedDaysAgo(f.relationship.id, 8);
    assert.equal((await checkIn(f, f.mentor.cookie, { rating: 5 })).statusCode, 201);
    const later = await fixture();
    await t.ctx.db
      .update(programs)
      .set({ surveySchedule: { checkInDays: 7 } })
      .where(eq(programs.id, later.program.id));
    await startedDaysAgo(later.relationship.id, 3);
    const dueNotes = (personId: string) =>
      t.ctx.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.personId, personId), eq(notifications.kind, 'check_in_due')));

    const now = t.clock.now;
    const run = await announceCheckInsJob(t.ctx, {
      id: 1,
      kind: 'announce_check_ins',
      payload: { since: new Date(now.getTime() - 2 * DAY).toISOString() },
      organisationId: null,
      attempt: 1,
      maxAttempts: 5,
      setProgress: async () => {},
    });
    assert.ok((run as { announced: number }).announced >= 1);
    const [note] = await dueNotes(f.mentee.person.id);
    assert.ok(note, 'the mentee is told');
    assert.equal(note.title, 'How is it going with Maya Mentor? Your check-in is open');
    assert.match(note.body, new RegExp(`goes to the staff of ${f.program.name}, never to Maya Mentor`));
    assert.equal(note.link, `/mentoring/relationships/${f.relationship.id}`);
    assert.deepEqual(note.emailExtras, { programId: f.program.id, actionLabel: 'Answer the check-in' });
    assert.equal((await dueNotes(f.mentor.person.id)).length, 0, 'the mentor answered already');
    assert.equal((await dueNotes(later.mentee.person.id)).length, 0, 'not open yet');
    // The next run starts where this one ended, and a retried window sends nothing twice.
    const [next] = await t.ctx.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, 'announce_check_ins'), eq(jobs.status, 'queued')));
    assert.deepEqual(next?.payload, { since: now.toISOString() });
    assert.equal(next!.runAt.getTime(), now.getTime() + 3_600_000);
    assert.equal(await announceOpenedCheckIns(t.ctx, new Date(now.getTime() - 2 * DAY), now), 0);
    // Five days on, the later pair's check-in (day 7, four days from now) has opened.
    const inFiveDays = new Date(now.getTime() + 5 * DAY);
    assert.ok((await announceOpenedCheckIns(t.ctx, now, inFiveDays)) >= 2);
    assert.equal((await dueNotes(later.mentee.person.id)).length, 1);
    assert.equal((await dueNotes(later.mentor.person.id)).length, 1);
  });

  it('opens the closing survey once the relationship is over, and closes the rest', async () => {
    const f = await fixture();
    await startedDaysAgo(f.relationship.id, 100);
    const tooEarly = await closing(f, f.mentor.cookie, { rating: 5, nps: 10 });
    assert.equal(tooEarly.statusCode, 409, tooEarly.body);
    await setRelationshipStatus(t.ctx.db, f.relationship.id, 'completed');
    const open = (await call('GET', surveysUrl(f), f.mentor.cookie)).json();
    assert.equal(open.closing.open, true);
    assert.equal(open.checkIn.open, false);
    assert.equal(open.canRequestRematch, false);
    const done = await closing(f, f.mentor.cookie, {
      rating: 5,
      nps: 9,
      comment: 'Great',
      shareComment: true,
    });
    assert.equal(done.statusCode, 201, done.body);
    assert.equal(done.json().closing.myAnswer.nps, 9);
    assert.equal(done.json().closing.open, false);
    assert.equal((await closing(f, f.mentor.cookie, { rating: 5, nps: 9 })).statusCode, 409);
    assert.equal((await call('GET', surveysUrl(f), f.mentee.cookie)).json().closing.partnerAnswered, true);
    assert.equal((await checkIn(f, f.mentee.cookie, { rating: 3 })).statusCode, 409);
    assert.equal((await rematch(f, f.mentee.cookie, { reason: 'late' })).statusCode, 409);
    // ended early works the same
    const g = await fixture();
    await setRelationshipStatus(t.ctx.db, g.relationship.id, 'ended_early');
    assert.equal((await closing(g, g.mentee.cookie, { rating: 2, nps: 3 })).statusCode, 201);
  });

  it('names the field of a bad answer', async () => {
    const f = await fixture();
    await startedDaysAgo(f.relationship.id, 31);
    const cases: [(payload: unknown) => ReturnType<typeof checkIn>, unknown, string][] = [
      [(p) => checkIn(f, f.mentee.cookie, p), { rating: 0 }, 'body.rating'],
      [(p) => checkIn(f, f.mentee.cookie, p), { rating: 6 }, 'body.rating'],
      [(p) => checkIn(f, f.mentee.cookie, p), { rating: 'good' }, 'body.rating'],
      [(p) => checkIn(f, f.mentee.cookie, p), {}, 'body.rating'],
      [(p) => checkIn(f, f.mentee.cookie, p), { rating: 3, comment: 'x'.repeat(4001) }, 'body.comment'],
      [
        (p) => checkIn(f, f.mentee.cookie, p),
        { rating: 3, rematchRequested: 'yes' },
        'body.rematchRequested',
      ],
      [(p) => closing(f, f.mentee.cookie, p), { rating: 3, nps: 11 }, 'body.nps'],
      [(p) => closing(f, f.mentee.cookie, p), { rating: 3 }, 'body.nps'],
      [(p) => rematch(f, f.mentee.cookie, p), { reason: '  ' }, 'body.reason'],
      [(p) => rematch(f, f.mentee.cookie, p), {}, 'body.reason'],
    ];
    for (const [send, payload, path] of cases) {
      const response = await send(payload);
      assert.equal(response.statusCode, 400, `${JSON.stringify(payload).slice(0, 60)}: ${response.body}`);
      assert.equal(response.json().error.details.issues[0].path, path);
    }
  });

  it('refuses staff and everyone outside the pair on the pair’s surveys', async () => {
    const f = await fixture();
    await startedDaysAgo(f.relationship.id, 31);
    for (const cookie of [
      f.admin.cookie,
      f.adminPerson.cookie,
      f.coordinator.cookie,
      f.outsider.cookie,
      f.otherMentor.cookie,
      f.otherAdmin.cookie,
    ]) {
      assert.equal((await call('GET', surveysUrl(f), cookie)).statusCode, 404);
      assert.equal((await checkIn(f, cookie, { rating: 3 })).statusCode, 404);
      assert.equal((await closing(f, cookie, { rating: 3, nps: 5 })).statusCode, 404);
      assert.equal((await rematch(f, cookie, { reason: 'x' })).statusCode, 404);
    }
    assert.equal((await call('GET', surveysUrl(f), undefined)).statusCode, 401);
    assert.equal((await checkIn(f, '', { rating: 3 })).statusCode, 401);
  });

  describe('program staff', () => {
    let f: Awaited<ReturnType<typeof fixture>>;
    const feedbackUrl = (query = '') => `/api/programs/${f.program.id}/feedback${query}`;
    const attentionUrl = (query = '') => `/api/programs/${f.program.id}/attention${query}`;

    before(async () => {
      f = await fixture();
      // The pair started 40 days ago: its check-in is due; the other pair started a minute ago: not yet.
      await startedDaysAgo(f.relationship.id, 40);
      const [meeting] = await t.ctx.db
        .insert(meetings)
        .values({
          organisationId: f.organisationId,
          relationshipId: f.relationship.id,
          title: 'Kick-off',
          startsAt: new Date(t.clock.now.getTime() - 10 * DAY),
          durationMinutes: 30,
          timeZone: 'UTC',
          icsUid: `${randomUUID()}@trellis.test`,
          status: 'held',
        })
        .returning();
      const base = {
        organisationId: f.organisationId,
        relationshipId: f.relationship.id,
        meetingId: meeting!.id,
        programId: f.program.id,
      };
      await t.ctx.db.insert(meetingFeedback).values([
        {
          ...base,
          personId: f.mentee.person.id,
          role: 'mentee',
          rating: 5,
          helped: ['advice', 'encouragement'],
          comment: 'Shared meeting praise',
          shareComment: true,
          createdAt: new Date(t.clock.now.getTime() - 9 * DAY),
        },
        {
          ...base,
          personId: f.mentor.person.id,
          role: 'mentor',
          rating: 4,
          helped: ['advice'],
          comment: 'Unshared meeting grumble 7781',
          shareComment: false,
        },
      ]);
      assert.equal(
        (
          await checkIn(f, f.mentee.cookie, {
            rating: 1,
            comment: 'Unshared check-in 4410',
            shareComment: false,
          })
        ).statusCode,
        201,
      );
      assert.equal(
        (
          await checkIn(f, f.mentor.cookie, {
            rating: 4,
            comment: 'Shared check-in fine',
            shareComment: true,
          })
        ).statusCode,
        201,
      );
      assert.equal((await rematch(f, f.mentor.cookie, { reason: 'Different time zones' })).statusCode, 201);
    });

    it('shows staff the numbers and only the comments shared with them, by role and never by name', async () => {
      for (const cookie of [f.admin.cookie, f.coordinator.cookie]) {
        const response = await call('GET', feedbackUrl(), cookie);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        assert.equal(body.meetings.count, 2);
        assert.equal(body.meetings.mean, 4.5);
        assert.deepEqual(
          body.meetings.distribution.map((d: { count: number }) => d.count),
          [0, 0, 0, 1, 1],
        );
        const helped = Object.fromEntries(
          body.meetings.helped.map((h: { option: string; count: number }) => [h.option, h.count]),
        );
        assert.equal(helped.advice, 2);
        assert.equal(helped.encouragement, 1);
        assert.equal(helped.listening, 0);
        assert.equal(body.checkIn.answers, 2);
        assert.equal(body.checkIn.meanFit, 2.5);
        assert.equal(body.checkIn.lowFit, 1);
        assert.equal(body.checkIn.expected, 2);
        assert.equal(body.checkIn.responseRate, 1);
        assert.equal(body.closing.answers, 0);
        assert.equal(body.closing.nps.score, null);
        assert.equal(body.openAttention, 2);
        assert.deepEqual(
          body.comments.items.map((c: { comment: string; role: string; source: string }) => [
            c.source,
            c.role,
            c.comment,
          ]),
          [
            ['check_in', 'mentor', 'Shared check-in fine'],
            ['meeting', 'mentee', 'Shared meeting praise'],
          ],
        );
        assert.equal(body.comments.total, 2);
        for (const secret of ['7781', '4410', 'Maya', 'Ivy', f.mentor.person.id, f.mentee.person.id]) {
          assert.ok(!response.body.includes(secret), `feedback leaks ${secret}`);
        }
      }
      const paged = (await call('GET', feedbackUrl('?pageSize=1&page=2'), f.admin.cookie)).json();
      assert.equal(paged.comments.items.length, 1);
      assert.equal(paged.comments.items[0].comment, 'Shared meeting praise');
    });

    it('computes NPS from closing answers', async () => {
      const g = await fixture();
      await setRelationshipStatus(t.ctx.db, g.relationship.id, 'completed');
      await setRelationshipStatus(t.ctx.db, g.otherRelationship.id, 'completed');
      await closing(g, g.mentee.cookie, { rating: 5, nps: 10 });
      await closing(g, g.mentor.cookie, { rating: 3, nps: 7 });
      await call(
        'POST',
        `/api/relationships/${g.otherRelationship.id}/surveys/closing`,
        g.otherMentee.cookie,
        {
          rating: 1,
          nps: 2,
        },
      );
      await call(
        'POST',
        `/api/relationships/${g.otherRelationship.id}/surveys/closing`,
        g.otherMentor.cookie,
        {
          rating: 5,
          nps: 9,
        },
      );
      const body = (await call('GET', `/api/programs/${g.program.id}/feedback`, g.coordinator.cookie)).json();
      assert.equal(body.closing.answers, 4);
      assert.equal(body.closing.meanRating, 3.5);
      assert.deepEqual(body.closing.nps, { score: 25, promoters: 2, passives: 1, detractors: 1 });
      assert.equal(body.checkIn.expected, 0);
      assert.equal(body.checkIn.responseRate, null);
    });

    it('lists what needs attention with both names, the comment only when shared', async () => {
      const response = await call('GET', attentionUrl(), f.coordinator.cookie);
      assert.equal(response.statusCode, 200, response.body);
      const { items, total } = response.json();
      assert.equal(total, 2);
      const byKind = Object.fromEntries(items.map((item: { kind: string }) => [item.kind, item]));
      assert.equal(byKind.check_in.rating, 1);
      assert.equal(byKind.check_in.raisedBy, 'mentee');
      assert.equal(byKind.check_in.comment, null);
      assert.equal(byKind.check_in.mentor.name, 'Maya Mentor');
      assert.equal(byKind.check_in.mentee.name, 'Ivy Mentee');
      assert.equal(byKind.check_in.mentee.enrolmentId, f.mentee.enrolment.id);
      assert.equal(byKind.check_in.program.name, 'Grow 2026');
      assert.equal(byKind.rematch_request.comment, 'Different time zones');
      assert.equal(byKind.rematch_request.raisedBy, 'mentor');
      assert.equal(byKind.rematch_request.resolvedAt, null);
      assert.ok(!response.body.includes('4410'));
      assert.ok(!response.body.includes('Shared check-in fine'), 'a good check-in is not flagged');
    });

    it('refuses members, outsiders and other organisations on staff routes', async () => {
      for (const cookie of [f.mentor.cookie, f.mentee.cookie, f.outsider.cookie, f.otherMentor.cookie]) {
        assert.equal((await call('GET', feedbackUrl(), cookie)).statusCode, 403);
        assert.equal((await call('GET', attentionUrl(), cookie)).statusCode, 403);
      }
      assert.equal((await call('GET', feedbackUrl(), f.otherAdmin.cookie)).statusCode, 404);
      assert.equal((await call('GET', attentionUrl(), f.otherAdmin.cookie)).statusCode, 404);
      assert.equal((await call('GET', feedbackUrl(), undefined)).statusCode, 401);
      const bad = await call('GET', attentionUrl('?status=closed'), f.admin.cookie);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details.issues[0].path, 'querystring.status');
      // A coordinator of another program is not staff of this one.
      const elsewhere = await fixture();
      assert.equal((await call('GET', feedbackUrl(), elsewhere.coordinator.cookie)).statusCode, 404);
    });

    it('lets staff resolve a flagged answer once, audited; nobody else', async () => {
      const open = (await call('GET', attentionUrl(), f.admin.cookie)).json().items;
      const item = open.find((i: { kind: string }) => i.kind === 'check_in');
      const url = `/api/survey-responses/${item.id}/resolve`;
      for (const cookie of [f.mentor.cookie, f.mentee.cookie, f.outsider.cookie, f.otherAdmin.cookie]) {
        assert.equal((await call('POST', url, cookie, {})).statusCode, 404);
      }
      assert.equal((await call('POST', url, undefined, {})).statusCode, 401);
      const tooLong = await call('POST', url, f.coordinator.cookie, { note: 'x'.repeat(2001) });
      assert.equal(tooLong.statusCode, 400);
      assert.equal(tooLong.json().error.details.issues[0].path, 'body.note');

      const resolved = await call('POST', url, f.coordinator.cookie, { note: 'Talked to both' });
      assert.equal(resolved.statusCode, 200, resolved.body);
      assert.ok(resolved.json().resolvedAt);
      assert.equal(resolved.json().resolvedBy, 'Cora Coordinator');
      assert.equal((await call('POST', url, f.admin.cookie, {})).statusCode, 409);
      const [audit] = await t.ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'survey_response.resolved'), eq(auditLog.targetId, item.id)));
      assert.ok(audit);
      assert.equal(audit.actorUserId, f.coordinator.user.id);

      const stillOpen = (await call('GET', attentionUrl(), f.admin.cookie)).json();
      assert.equal(stillOpen.total, 1);
      const done = (await call('GET', attentionUrl('?status=resolved'), f.admin.cookie)).json();
      assert.deepEqual(
        done.items.map((i: { id: string }) => i.id),
        [item.id],
      );
      assert.equal((await call('GET', feedbackUrl(), f.admin.cookie)).json().openAttention, 1);
      // The person who answered sees that staff dealt with it.
      assert.ok((await call('GET', surveysUrl(f), f.mentee.cookie)).json().checkIn.myAnswer.resolvedAt);

      // A good check-in needs no resolving; an unknown id is not found.
      const mine = await call('GET', surveysUrl(f), f.mentor.cookie);
      const good = mine.json().checkIn.myAnswer;
      assert.ok(good, mine.body);
      assert.equal(
        (await call('POST', `/api/survey-responses/${good.id}/resolve`, f.admin.cookie, {})).statusCode,
        404,
      );
      assert.equal(
        (await call('POST', `/api/survey-responses/${randomUUID()}/resolve`, f.admin.cookie)).statusCode,
        404,
      );
    });
  });
});
