import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { ProfileGapsResponse } from '../../../contracts/mentoring-profiles.contracts.ts';
import { auditLog, jobs, notifications, sessions } from '../../db/schema.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { createPerson, createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import {
  addCoordinator,
  createProgram,
  createQuestion,
  enrolPerson,
} from '../../testing/program-factories.ts';
import { createRelationshipRow } from '../../testing/relationship-factories.ts';
import { createTestApp, issuePaths, type TestApp } from '../../testing/test-app.ts';

/* Issue 13 §4: before a run, staff see who has an empty or thin profile and can remind them, once a day at most. */
describe('thin profiles before a match run', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let otherAdmin: string;
  let coordinator: string;
  let coordinatorUserId: string;
  let member: string;
  let programId: string;
  let otherProgramId: string;
  const person: Record<string, string> = {};
  const enrolment: Record<string, string> = {};

  const gaps = async (query = '', cookie = coordinator) => {
    const response = await t.call('GET', `/api/programs/${programId}/profile-gaps${query}`, cookie);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as ProfileGapsResponse;
  };
  /** Moving the clock past a day ends the test sessions: the coordinator signs in again. */
  const advance = async (ms: number) => {
    t.clock.advance(ms);
    const token = newToken();
    await t.ctx.db.insert(sessions).values({
      tokenHash: hashToken(token),
      userId: coordinatorUserId,
      organisationId: orgId,
      expiresAt: new Date(t.clock.now.getTime() + 24 * 3600 * 1000),
    });
    coordinator = `trellis_session=${token}`;
  };
  const remind = (body: unknown, cookie = coordinator, id = programId) =>
    t.call('POST', `/api/programs/${id}/profile-gaps/reminders`, cookie, body);
  const remindersTo = async (name: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.personId, person[name]!), eq(notifications.kind, 'enrolment.profile_reminder')),
      );

  before(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const two = await createTwoOrganisations(db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    otherAdmin = two.otherAdmin.cookie;
    member = two.member.cookie;
    const program = await createProgram(db, orgId, { status: 'matching', name: 'Data guild' });
    programId = program.id;
    otherProgramId = (await createProgram(db, orgId, { status: 'enrolling', name: 'Sales guild' })).id;
    const coord = await createSignedInUser(db, orgId);
    coordinator = coord.cookie;
    coordinatorUserId = coord.user.id;
    await addCoordinator(db, orgId, programId, coord.user.id);
    await addCoordinator(db, orgId, otherProgramId, coord.user.id);
    const required = await createQuestion(db, orgId, programId, { required: true, audience: 'both' });
    for (const name of [
      'Complete Mentee',
      'Thin Mentee',
      'Empty Mentee',
      'Paired Mentee',
      'Pending Mentee',
      'Gappy Mentor',
      'Full Mentor',
    ]) {
      person[name] = (await createPerson(db, orgId, { name, email: `${name.replace(' ', '.')}@x.test` })).id;
    }
    const enrol = async (name: string, role: 'mentor' | 'mentee', extra: Record<string, unknown> = {}) => {
      enrolment[name] = (
        await enrolPerson(db, { organisationId: orgId, programId, personId: person[name]!, role, ...extra })
      ).id;
    };
    const answered = { answers: { [required.id]: 'Sales' } };
    await enrol('Complete Mentee', 'mentee', {
      profile: { skillsWanted: ['SQL'], goals: 'Lead' },
      ...answered,
    });
    await enrol('Thin Mentee', 'mentee', { profile: { skillsWanted: ['SQL'] }, ...answered });
    await enrol('Empty Mentee', 'mentee');
    await enrol('Paired Mentee', 'mentee');
    await enrol('Pending Mentee', 'mentee', { status: 'pending_approval' });
    await enrol('Gappy Mentor', 'mentor', { profile: { goals: 'Teach' }, capacity: 2 });
    await enrol('Full Mentor', 'mentor', { capacity: 1 });
    await createRelationshipRow(db, {
      organisationId: orgId,
      programId,
      mentor: { id: enrolment['Full Mentor']!, personId: person['Full Mentor']! },
      mentee: { id: enrolment['Paired Mentee']!, personId: person['Paired Mentee']! },
      status: 'active',
      origin: 'match_run',
    });
  });
  after(() => t.close());

  it('counts and lists the people the next run reads with empty or thin profiles, empty first', async () => {
    const found = await gaps();
    assert.deepEqual(found.mentees, {
      total: 3,
      withGaps: 2,
      empty: 1,
      noSkills: 1,
      noGoals: 2,
      unansweredQuestions: 1,
    });
    assert.deepEqual(found.mentors, {
      total: 1,
      withGaps: 1,
      empty: 0,
      noSkills: 1,
      noGoals: 0,
      unansweredQuestions: 1,
    });
    assert.deepEqual(
      found.items.map((item) => [item.name, item.gaps, item.empty]),
      [
        ['Empty Mentee', ['skills', 'goals', 'questions'], true],
        ['Gappy Mentor', ['skills', 'questions'], false],
        ['Thin Mentee', ['goals'], false],
      ],
    );
    assert.equal(found.remindable, 3);
    assert.equal(found.items[0]!.lastRemindedAt, null);
    assert.equal(found.items[0]!.email, 'Empty.Mentee@x.test');

    const mentors = await gaps('?role=mentor');
    assert.deepEqual(
      mentors.items.map((item) => item.name),
      ['Gappy Mentor'],
    );
    const paged = await gaps('?pageSize=1&page=2');
    assert.deepEqual(
      paged.items.map((item) => item.name),
      ['Gappy Mentor'],
    );
    assert.equal(paged.total, 3);
  });

  it('is for the program’s staff only: members 403, another organisation 404, signed out 401', async () => {
    assert.equal((await gaps('', admin)).mentees.total, 3, 'admins are staff of every program');
    const participant = await createSignedInUser(t.ctx.db, orgId, { personId: person['Thin Mentee'] });
    for (const cookie of [member, participant.cookie]) {
      const list = await t.call('GET', `/api/programs/${programId}/profile-gaps`, cookie);
      assert.equal(list.statusCode, 403);
      const send = await remind({}, cookie);
      assert.equal(send.statusCode, 403);
    }
    assert.equal(
      (await t.call('GET', `/api/programs/${programId}/profile-gaps`, otherAdmin)).statusCode,
      404,
    );
    assert.equal((await remind({}, otherAdmin)).statusCode, 404);
    assert.equal((await t.call('GET', `/api/programs/${programId}/profile-gaps`)).statusCode, 401);
    assert.equal(
      (await t.call('POST', `/api/programs/${programId}/profile-gaps/reminders`, undefined, {})).statusCode,
      401,
    );
    // A coordinator of another program only: refused here.
    const elsewhere = await createSignedInUser(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, otherProgramId, elsewhere.user.id);
    assert.equal(
      (await t.call('GET', `/api/programs/${programId}/profile-gaps`, elsewhere.cookie)).statusCode,
      403,
    );
  });

  it('refuses reminders for a closed program', async () => {
    const closed = await createProgram(t.ctx.db, orgId, { status: 'closed' });
    const response = await remind({}, admin, closed.id);
    assert.equal(response.statusCode, 409);
  });

  it('reminds them by notice and email, linking to their form, audited, and not twice within a day', async () => {
    const sent = await remind({});
    assert.equal(sent.statusCode, 200, sent.body);
    const { told, ...counts } = sent.json();
    assert.deepEqual(counts, { reminded: 3, remindedRecently: 0, complete: 0 });
    assert.equal(told.people, 3);
    assert.equal(told.byEmail + told.inAppOnly + told.inDigest, 3);
    const [notice] = await remindersTo('Empty Mentee');
    assert.equal(notice!.title, 'Complete your profile for Data guild');
    assert.match(
      notice!.body,
      /missing the skills you want to develop, your career goals and the program’s required questions/,
    );
    assert.equal(notice!.link, `/mentoring/enrolments/${enrolment['Empty Mentee']}/edit`);
    assert.equal(notice!.emailStatus, 'pending', 'the emailer sends it as the person chose');
    assert.ok((await t.ctx.db.select().from(jobs).where(eq(jobs.kind, 'email_notices'))).length > 0);
    assert.equal((await remindersTo('Complete Mentee')).length, 0);
    assert.equal((await remindersTo('Paired Mentee')).length, 0);
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, programId), eq(auditLog.action, 'program.profile_reminders_sent')));
    assert.equal((entry!.details as { reminded: number }).reminded, 3);

    const listed = await gaps();
    assert.equal(listed.remindable, 0);
    assert.ok(listed.items.every((item) => item.lastRemindedAt !== null));

    await advance(23 * 3600 * 1000);
    const again = (await remind({})).json();
    assert.deepEqual([again.reminded, again.remindedRecently, again.told.people], [0, 3, 0]);
    // Another program the person is in asks the same day: still once a day per person.
    assert.equal((await remindersTo('Thin Mentee')).length, 1);

    await advance(2 * 3600 * 1000);
    const next = await remind({ enrolmentIds: [enrolment['Thin Mentee'], enrolment['Complete Mentee']] });
    assert.equal(next.statusCode, 200, next.body);
    assert.deepEqual([next.json().reminded, next.json().remindedRecently, next.json().complete], [1, 0, 1]);
    assert.equal((await remindersTo('Thin Mentee')).length, 2);
    assert.equal((await remindersTo('Empty Mentee')).length, 1);
  });

  it('refuses enrolments the run does not read, naming each, and sends nothing', async () => {
    await advance(2 * 24 * 3600 * 1000);
    const response = await remind({
      enrolmentIds: [enrolment['Empty Mentee'], enrolment['Pending Mentee'], enrolment['Paired Mentee']],
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(issuePaths(response), ['body.enrolmentIds[1]', 'body.enrolmentIds[2]']);
    assert.equal((await remindersTo('Empty Mentee')).length, 1, 'nothing half-sent');
    const badId = await remind({ enrolmentIds: ['nope'] });
    assert.equal(badId.statusCode, 400);
    assert.ok(issuePaths(badId)[0]!.startsWith('body.enrolmentIds'));
    const empty = await remind({ enrolmentIds: [] });
    assert.equal(empty.statusCode, 400);
    const badPage = await t.call('GET', `/api/programs/${programId}/profile-gaps?pageSize=0`, coordinator);
    assert.equal(badPage.statusCode, 400);
    assert.equal(issuePaths(badPage)[0], 'querystring.pageSize');
    const badRole = await t.call('GET', `/api/programs/${programId}/profile-gaps?role=boss`, coordinator);
    assert.equal(badRole.statusCode, 400);
    assert.equal(issuePaths(badRole)[0], 'querystring.role');
  });
});
