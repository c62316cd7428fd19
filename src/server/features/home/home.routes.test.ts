import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Home, WaitingItem } from '../../../contracts/home.contracts.ts';
import { matchRuns, sessions } from '../../db/schema.ts';
import { createPerson } from '../../testing/factories.ts';
import { addCoordinator, createProgram, enrolPerson } from '../../testing/program-factories.ts';
import {
  createMemberPerson,
  createParticipant,
  createRelationshipRow,
} from '../../testing/relationship-factories.ts';
import { createTestApp, issuePaths, type TestApp } from '../../testing/test-app.ts';
import { createWorkspaceFixture, type WorkspaceFixture } from '../../testing/workspace-factories.ts';
import { runMessageTick } from '../nudges/nudges.service.ts';

const DAY = 24 * 3600 * 1000;

describe('home API', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  /**
   * Every request as of the test clock: the factories' sessions are dated by the wall clock, so they are moved to the
   * test clock first (else a clock moved by weeks would find them expired or idle).
   */
  const call: TestApp['call'] = async (...args) => {
    await t.ctx.db
      .update(sessions)
      .set({ lastSeenAt: t.clock.now, expiresAt: new Date(t.clock.now.getTime() + 30 * DAY) });
    return t.call(...args);
  };
  const advance = (ms: number) => t.clock.advance(ms);
  const home = async (cookie: string, query = ''): Promise<Home> => {
    const response = await call('GET', `/api/home${query}`, cookie);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as Home;
  };
  const waiting = async (cookie: string, kind?: WaitingItem['kind']) =>
    (await home(cookie)).waiting.items.filter((item) => !kind || item.kind === kind);
  const ok = async (response: Awaited<ReturnType<TestApp['call']>>, status = 200) => {
    assert.equal(response.statusCode, status, response.body);
    return response.json();
  };
  /** A pair whose agreement both signed, so the other kinds can be looked at alone. */
  const signedPair = async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const url = `/api/relationships/${f.relationship.id}/agreement/sign`;
    await ok(await call('POST', url, f.mentee.cookie, { version: 0 }));
    await ok(await call('POST', url, f.mentor.cookie, { version: 1 }));
    return f;
  };
  const needsOf = (data: Home, programId: string) =>
    data.staff?.programs.find((program) => program.id === programId)?.needs ?? null;

  it('refuses a signed-out caller and names a bad time zone', async () => {
    const signedOut = await call('GET', '/api/home');
    assert.equal(signedOut.statusCode, 401);
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const bad = await call('GET', '/api/home?timeZone=Mars%2FOlympus', f.mentee.cookie);
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(issuePaths(bad), ['querystring.timeZone']);
    const unknown = await call('GET', '/api/home?everything=1', f.mentee.cookie);
    assert.equal(unknown.statusCode, 400, unknown.body);
  });

  it('shows a pair their relationship and the next meeting in the caller’s own time zone', async () => {
    const f = await signedPair();
    const before = await home(f.mentee.cookie);
    assert.equal(before.timeZone, 'America/New_York', 'the directory’s zone when the browser sends none');
    assert.equal(before.relationships.length, 1);
    const card = before.relationships[0]!;
    assert.equal(card.partner.name, 'Maya Mentor');
    assert.equal(card.myRole, 'mentee');
    assert.equal(card.program.name, 'Grow 2026');
    assert.equal(card.link, `/mentoring/relationships/${f.relationship.id}`);
    assert.equal(card.nextMeeting, null);

    // A meeting at 15:00 UTC two days from now.
    const day = new Date(t.clock.now.getTime() + 2 * DAY).toISOString().slice(0, 10);
    const created = await ok(
      await call('POST', `/api/relationships/${f.relationship.id}/meetings`, f.mentor.cookie, {
        title: 'Career plan',
        date: day,
        time: '15:00',
        durationMinutes: 45,
        timeZone: 'UTC',
      }),
      201,
    );
    const mentee = (await home(f.mentee.cookie)).relationships[0]!.nextMeeting!;
    assert.equal(mentee.id, created.id);
    assert.equal(mentee.title, 'Career plan');
    assert.equal(mentee.timeZone, 'America/New_York');
    assert.match(mentee.localTime, /^1[01]:00$/, 'New York is 4 or 5 hours behind UTC');
    assert.equal(mentee.link, `/mentoring/relationships/${f.relationship.id}/meetings`);
    const inTokyo = (await home(f.mentee.cookie, '?timeZone=Asia%2FTokyo')).relationships[0]!.nextMeeting!;
    assert.equal(inTokyo.localTime, '00:00');
    assert.match(inTokyo.when, /00:00 GMT\+9$/);
    const mentor = (await home(f.mentor.cookie)).relationships[0]!;
    assert.equal(mentor.partner.name, 'Ivy Mentee');
    assert.equal(mentor.nextMeeting!.timeZone, 'Europe/London');

    // Past its end, the meeting is no longer next.
    advance(3 * DAY);
    assert.equal((await home(f.mentee.cookie)).relationships[0]!.nextMeeting, null);
  });

  it('asks each side to sign the agreement until they have, and says why', async () => {
    const f = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const [first] = await waiting(f.mentee.cookie, 'agreement_to_sign');
    assert.ok(first, 'a new pair is asked to sign');
    assert.equal(first.title, 'Sign your mentoring agreement with Maya Mentor');
    assert.match(first.why, /template/);
    assert.equal(first.link, `/mentoring/relationships/${f.relationship.id}/agreement`);
    assert.equal(first.relationshipId, f.relationship.id);
    assert.equal(first.dueOn, null);

    const url = `/api/relationships/${f.relationship.id}/agreement/sign`;
    await ok(await call('POST', url, f.mentee.cookie, { version: 0 }));
    assert.deepEqual(await waiting(f.mentee.cookie, 'agreement_to_sign'), []);
    const [mentor] = await waiting(f.mentor.cookie, 'agreement_to_sign');
    assert.match(mentor!.why, /Ivy has signed version 1/);
    await ok(await call('POST', url, f.mentor.cookie, { version: 1 }));
    assert.deepEqual(await waiting(f.mentor.cookie, 'agreement_to_sign'), []);

    // An edit asks both to sign again: the one who edited is told the partner changed nothing.
    await ok(
      await call('PUT', `/api/relationships/${f.relationship.id}/agreement`, f.mentor.cookie, {
        content: {
          goals: 'Lead a design review by June',
          meetingFrequency: 'weekly',
          communicationModes: ['video'],
          confidentiality: 'Between us',
          groundRules: 'Be on time',
          endDate: null,
        },
      }),
    );
    const [edited] = await waiting(f.mentee.cookie, 'agreement_to_sign');
    assert.match(edited!.why, /Maya changed your agreement \(version 2\)/);
    assert.match((await waiting(f.mentor.cookie, 'agreement_to_sign'))[0]!.why, /Version 2 waits/);
  });

  it('opens the check-in on the program’s day and lets it go once answered', async () => {
    const f = await signedPair();
    assert.deepEqual(await waiting(f.mentee.cookie, 'check_in_due'), []);
    advance(31 * DAY);
    const [item] = await waiting(f.mentee.cookie, 'check_in_due');
    assert.ok(item, 'the check-in waits once 30 days have passed');
    assert.equal(item.title, 'Answer the check-in on your mentoring with Maya Mentor');
    assert.equal(item.link, `/mentoring/relationships/${f.relationship.id}`);
    await ok(
      await call('POST', `/api/relationships/${f.relationship.id}/surveys/check-in`, f.mentee.cookie, {
        rating: 4,
      }),
      201,
    );
    assert.deepEqual(await waiting(f.mentee.cookie, 'check_in_due'), []);
    assert.equal((await waiting(f.mentor.cookie, 'check_in_due')).length, 1, 'the mentor still has theirs');
  });

  it('asks both to rate a held meeting, until they have or a month has passed', async () => {
    const f = await signedPair();
    const start = new Date(t.clock.now.getTime() + 3600 * 1000);
    const meeting = await ok(
      await call('POST', `/api/relationships/${f.relationship.id}/meetings`, f.mentee.cookie, {
        title: 'Kick-off',
        date: start.toISOString().slice(0, 10),
        time: start.toISOString().slice(11, 16),
        durationMinutes: 30,
        timeZone: 'UTC',
      }),
      201,
    );
    assert.deepEqual(await waiting(f.mentee.cookie, 'meeting_to_rate'), []);
    advance(2 * 3600 * 1000);
    assert.deepEqual(await waiting(f.mentee.cookie, 'meeting_to_rate'), [], 'not before it is marked held');
    await ok(await call('POST', `/api/meetings/${meeting.id}/held`, f.mentor.cookie));
    const [item] = await waiting(f.mentee.cookie, 'meeting_to_rate');
    assert.equal(item!.title, 'Rate “Kick-off” with Maya Mentor');
    assert.equal(item!.link, `/mentoring/relationships/${f.relationship.id}/meetings`);
    assert.match(item!.why, /never to Maya/);
    await ok(await call('POST', `/api/meetings/${meeting.id}/feedback`, f.mentee.cookie, { rating: 5 }));
    assert.deepEqual(await waiting(f.mentee.cookie, 'meeting_to_rate'), []);
    assert.equal((await waiting(f.mentor.cookie, 'meeting_to_rate')).length, 1);
    advance(31 * DAY);
    assert.deepEqual(await waiting(f.mentor.cookie, 'meeting_to_rate'), [], 'a month later it is not asked');
  });

  it('lists the caller’s overdue action items (and the pair’s), overdue first, until ticked off', async () => {
    const f = await signedPair();
    const today = t.clock.now.toISOString().slice(0, 10);
    const add = async (cookie: string, title: string, ownerPersonId: string, dueOn: string | null) =>
      ok(
        await call('POST', `/api/relationships/${f.relationship.id}/action-items`, cookie, {
          title,
          ownerPersonId,
          dueOn,
        }),
        201,
      );
    const mine = await add(f.mentor.cookie, 'Draft the roadmap one-pager', f.mentee.person.id, today);
    await add(f.mentee.cookie, 'Share two example roadmaps', f.mentor.person.id, today);
    await add(f.mentee.cookie, 'Read the feedback guide', f.mentee.person.id, null);
    assert.deepEqual(await waiting(f.mentee.cookie, 'action_item_overdue'), [], 'due today is not overdue');

    advance(2 * DAY);
    const items = await waiting(f.mentee.cookie, 'action_item_overdue');
    assert.deepEqual(
      items.map((item) => item.title),
      ['Draft the roadmap one-pager'],
      'only the caller’s own, dated item',
    );
    assert.equal(items[0]!.dueOn, today);
    assert.equal(items[0]!.overdue, true);
    assert.equal(items[0]!.link, `/mentoring/relationships/${f.relationship.id}/meetings`);
    const all = (await home(f.mentee.cookie)).waiting.items;
    assert.equal(all[0]!.kind, 'action_item_overdue', 'overdue things come first');

    await ok(await call('PATCH', `/api/action-items/${mine.id}`, f.mentee.cookie, { done: true }));
    assert.deepEqual(await waiting(f.mentee.cookie, 'action_item_overdue'), []);
    assert.deepEqual(
      (await waiting(f.mentor.cookie, 'action_item_overdue')).map((item) => item.title),
      ['Share two example roadmaps'],
    );
  });

  it('asks for the closing survey once the mentoring is over, for a month', async () => {
    const f = await signedPair();
    await ok(await call('POST', `/api/relationships/${f.relationship.id}/complete`, f.mentee.cookie, {}));
    const data = await home(f.mentee.cookie);
    assert.deepEqual(data.relationships, [], 'a completed relationship is no longer current');
    const closing = data.waiting.items.filter((item) => item.kind === 'closing_survey_due');
    assert.equal(closing.length, 1);
    assert.equal(closing[0]!.title, 'Answer the closing survey on your mentoring with Maya Mentor');
    assert.match(closing[0]!.why, /was completed/);
    await ok(
      await call('POST', `/api/relationships/${f.relationship.id}/surveys/closing`, f.mentee.cookie, {
        rating: 5,
        nps: 9,
      }),
      201,
    );
    assert.deepEqual(await waiting(f.mentee.cookie, 'closing_survey_due'), []);
    assert.equal((await waiting(f.mentor.cookie, 'closing_survey_due')).length, 1);
    advance(31 * DAY);
    assert.deepEqual(await waiting(f.mentor.cookie, 'closing_survey_due'), []);
  });

  it('asks a mentor to answer a request before it expires; staff hear of it after three days', async () => {
    const two = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    const organisationId = two.organisationId;
    const program = await createProgram(t.ctx.db, organisationId, {
      name: 'Product Circle',
      matchingMode: 'self_select',
      status: 'running',
    });
    const coordinator = await createMemberPerson(t.ctx.db, organisationId, { name: 'Cleo Coordinator' });
    await addCoordinator(t.ctx.db, organisationId, program.id, coordinator.user.id);
    const mentor = await createParticipant(t.ctx.db, program, 'mentor', {
      person: { name: 'Rafael Duarte', timeZone: 'Asia/Tokyo' },
    });
    const mentee = await createParticipant(t.ctx.db, program, 'mentee', { person: { name: 'Sofia Lind' } });
    const expiresAt = new Date(t.clock.now.getTime() + 7 * DAY);
    const request = await createRelationshipRow(t.ctx.db, {
      organisationId,
      programId: program.id,
      mentor: mentor.enrolment,
      mentee: mentee.enrolment,
      expiresAt,
      createdAt: t.clock.now,
    });
    const [item] = await waiting(mentor.cookie, 'request_to_answer');
    assert.equal(item!.title, 'Answer Sofia Lind’s mentoring request');
    assert.equal(item!.link, '/mentoring/requests');
    assert.equal(item!.program.name, 'Product Circle');
    assert.equal(item!.dueOn, new Date(expiresAt.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 10));
    assert.deepEqual(
      await waiting(mentee.cookie, 'request_to_answer'),
      [],
      'the mentee has nothing to answer',
    );
    assert.equal(needsOf(await home(coordinator.cookie), program.id)?.length, 0, 'not yet three days old');

    // The mentor asks a question: the mentee has it to answer until they do.
    assert.deepEqual(await waiting(mentee.cookie, 'question_to_answer'), []);
    await ok(
      await call('POST', `/api/requests/${request.id}/ask-info`, mentor.cookie, {
        message: 'Which part of product strategy interests you most?',
      }),
    );
    const [question] = await waiting(mentee.cookie, 'question_to_answer');
    assert.equal(question!.title, 'Answer Rafael Duarte’s question about your request');
    assert.match(question!.why, /Which part of product strategy interests you most\?/);
    assert.equal(question!.link, `/mentoring/requests#request-${request.id}`);
    assert.deepEqual(
      await waiting(mentor.cookie, 'question_to_answer'),
      [],
      'the mentor has no question to answer',
    );
    await ok(
      await call('POST', `/api/requests/${request.id}/answer`, mentee.cookie, {
        message: 'Roadmaps, mostly.',
      }),
    );
    assert.deepEqual(await waiting(mentee.cookie, 'question_to_answer'), []);

    advance(4 * DAY);
    const [need] = needsOf(await home(coordinator.cookie), program.id)!;
    assert.equal(need!.kind, 'requests_waiting');
    assert.equal(need!.count, 1);
    assert.equal(need!.title, '1 request waits more than 3 days for a mentor’s answer');
    assert.equal(need!.link, `/programs/${program.id}/relationships`);

    await ok(
      await call('POST', `/api/requests/${request.id}/decline`, mentor.cookie, { reasonCode: 'timing' }),
    );
    assert.deepEqual(await waiting(mentor.cookie, 'request_to_answer'), []);
    assert.deepEqual(needsOf(await home(coordinator.cookie), program.id), []);
  });

  it('shows staff the pairs still quiet after a nudge (escalations) until the pair plans a meeting', async () => {
    const f = await signedPair();
    const escalations = async (cookie: string) =>
      (needsOf(await home(cookie), f.program.id) ?? []).filter((need) => need.kind === 'escalations');
    // No meeting at all: a week in, the pair is nudged; three weeks in, quiet; a week after that, escalated.
    for (let day = 0; day < 40; day++) {
      advance(DAY);
      await runMessageTick(t.ctx, { organisationId: f.organisationId });
    }
    const [need] = await escalations(f.coordinator.cookie);
    assert.equal(need?.count, 2, 'both pairs of the program stayed quiet');
    assert.equal(need!.title, '2 pairs are still quiet after a nudge: a word from you may help');
    assert.equal(need!.link, `/programs/${f.program.id}/relationships`);
    assert.deepEqual(await escalations(f.otherAdmin.cookie), [], 'another organisation sees nothing');

    const day = new Date(t.clock.now.getTime() + 3 * DAY).toISOString().slice(0, 10);
    await ok(
      await call('POST', `/api/relationships/${f.relationship.id}/meetings`, f.mentor.cookie, {
        title: 'Back on track',
        date: day,
        time: '15:00',
        durationMinutes: 45,
        timeZone: 'UTC',
      }),
      201,
    );
    assert.equal(
      (await escalations(f.coordinator.cookie))[0]?.count,
      1,
      'the pair that planned a meeting is off the list',
    );
  });

  it('shows staff the rematch requests, runs to publish and enrolments to approve of their programs only', async () => {
    const f = await signedPair();
    const admin = await createMemberPerson(t.ctx.db, f.organisationId, { name: 'Ada Admin' }, 'admin');
    const programUrl = `/programs/${f.program.id}`;
    const needs = async (cookie: string) => needsOf(await home(cookie), f.program.id);
    assert.deepEqual(await needs(f.coordinator.cookie), []);

    // A rematch request, until staff resolve it.
    await ok(
      await call('POST', `/api/relationships/${f.relationship.id}/rematch-request`, f.mentee.cookie, {
        reason: 'We work on very different things',
      }),
      201,
    );
    const [rematch] = (await needs(f.coordinator.cookie))!;
    assert.deepEqual(
      { kind: rematch!.kind, count: rematch!.count, title: rematch!.title, link: rematch!.link },
      {
        kind: 'rematch_requests',
        count: 1,
        title: '1 rematch request to answer',
        link: `${programUrl}/feedback`,
      },
    );
    assert.equal((await needs(admin.cookie))!.length, 1, 'the organisation’s admin sees it too');
    assert.equal((await home(f.mentee.cookie)).staff, null, 'a participant is not staff');
    const attention = await ok(
      await call('GET', `/api/programs/${f.program.id}/attention`, f.coordinator.cookie),
    );
    await ok(
      await call('POST', `/api/survey-responses/${attention.items[0].id}/resolve`, f.coordinator.cookie, {}),
    );
    assert.deepEqual(await needs(f.coordinator.cookie), []);

    // A solved run waits to be published; a draft older than the published run does not.
    const run = async (number: number, status: string) => {
      const [row] = await t.ctx.db
        .insert(matchRuns)
        .values({
          organisationId: f.organisationId,
          programId: f.program.id,
          number,
          mode: 'optimal',
          status,
        })
        .returning();
      return row!;
    };
    await run(1, 'draft');
    await run(2, 'published');
    assert.deepEqual(
      await needs(f.coordinator.cookie),
      [],
      'a draft older than the published run is passed over',
    );
    const draft = await run(3, 'draft');
    const [ready] = (await needs(f.coordinator.cookie))!;
    assert.equal(ready!.kind, 'runs_to_publish');
    assert.equal(ready!.title, 'Run 3 is ready to publish');
    assert.equal(ready!.link, `${programUrl}/runs/${draft.id}`);
    await ok(
      await call(
        'POST',
        `/api/programs/${f.program.id}/match-runs/${draft.id}/publish`,
        f.coordinator.cookie,
      ),
    );
    assert.deepEqual(await needs(f.coordinator.cookie), []);

    // Enrolments waiting for approval, until approved.
    const applicant = await createPerson(t.ctx.db, f.organisationId, { name: 'Pia Pending' });
    const pending = await enrolPerson(t.ctx.db, {
      organisationId: f.organisationId,
      programId: f.program.id,
      personId: applicant.id,
      role: 'mentor',
      status: 'pending_approval',
    });
    const [approval] = (await needs(f.coordinator.cookie))!;
    assert.equal(approval!.title, '1 enrolment to approve');
    assert.equal(approval!.link, `${programUrl}/enrolments`);
    await ok(await call('POST', `/api/enrolments/${pending.id}/approve`, f.coordinator.cookie));
    assert.deepEqual(await needs(f.coordinator.cookie), []);

    // Another program the coordinator does not run: its admin sees it, the coordinator does not.
    const other = await createProgram(t.ctx.db, f.organisationId, {
      name: 'Sales Mentoring',
      status: 'enrolling',
    });
    const stranger = await createPerson(t.ctx.db, f.organisationId);
    await enrolPerson(t.ctx.db, {
      organisationId: f.organisationId,
      programId: other.id,
      personId: stranger.id,
      role: 'mentee',
      status: 'pending_approval',
    });
    const coordinatorHome = await home(f.coordinator.cookie);
    assert.deepEqual(
      coordinatorHome.staff!.programs.map((p) => p.name),
      ['Grow 2026'],
    );
    assert.equal(coordinatorHome.staff!.programs[0]!.myRole, 'coordinator');
    const adminHome = await home(admin.cookie);
    assert.equal(adminHome.staff!.programs[0]!.name, 'Sales Mentoring', 'programs that need something first');
    assert.equal(adminHome.staff!.programs[0]!.myRole, 'admin');
    assert.equal(adminHome.staff!.programs[0]!.needs[0]!.kind, 'enrolments_to_approve');
  });

  it('shows nobody another person’s items, and another organisation nothing at all', async () => {
    const f: WorkspaceFixture = await createWorkspaceFixture(t.ctx.db, { now: t.clock.now });
    await createProgram(t.ctx.db, f.organisationId, { name: 'Open Doors', status: 'enrolling' });
    const outsider = await home(f.outsider.cookie);
    assert.deepEqual(outsider.waiting, { items: [], total: 0 });
    assert.deepEqual(outsider.relationships, []);
    assert.equal(outsider.staff, null);
    assert.ok(outsider.joinablePrograms.some((p) => p.name === 'Open Doors'));
    const open = outsider.joinablePrograms.find((p) => p.name === 'Open Doors')!;
    assert.equal(open.link, `/mentoring/programs/${open.id}/enrol`);

    // Another mentor of the same program sees their own pair, not this one.
    const otherMentor = await home(f.otherMentor.cookie);
    assert.deepEqual(
      otherMentor.relationships.map((r) => r.partner.name),
      ['Otto Mentee'],
    );
    assert.ok(otherMentor.waiting.items.every((item) => item.relationshipId === f.otherRelationship.id));

    // Another organisation's admin: none of this organisation's programs, people or items.
    const foreign = await call('GET', '/api/home', f.otherAdmin.cookie);
    assert.equal(foreign.statusCode, 200, foreign.body);
    const data = foreign.json() as Home;
    assert.deepEqual(data.staff, { requestsWaitingDays: 3, programs: [], total: 0 });
    assert.deepEqual(data.waiting, { items: [], total: 0 });
    assert.deepEqual(data.joinablePrograms, []);
    assert.ok(!foreign.body.includes(f.program.id) && !foreign.body.includes('Open Doors'));

    // Joining takes a program off the list.
    await enrolPerson(t.ctx.db, {
      organisationId: f.organisationId,
      programId: open.id,
      personId: f.outsider.person.id,
      role: 'mentee',
    });
    assert.ok(!(await home(f.outsider.cookie)).joinablePrograms.some((p) => p.id === open.id));
  });
});
