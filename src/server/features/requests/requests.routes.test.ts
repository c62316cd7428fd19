import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import {
  jobs,
  notifications,
  people as personTable,
  relationshipEvents,
  relationships,
} from '../../db/schema.ts';
import { builtInJobHandlers } from '../../jobs/job-handlers.ts';
import { startJobRunner } from '../../jobs/job-runner.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import {
  createMemberPerson,
  createParticipant,
  createRelationshipRow,
} from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { expireDueRequests } from './requests.service.ts';

type Participant = Awaited<ReturnType<typeof createParticipant>>;
const dayMs = 24 * 3600 * 1000;

describe('self-select: suggestions, requests and answers', () => {
  let t: TestApp;
  let orgId: string;
  let member: string;
  let otherAdmin: string;
  let program: Awaited<ReturnType<typeof createProgram>>;
  let boss: Participant;
  let mia: Participant;
  const mentors: Participant[] = [];

  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const post = (url: string, payload: unknown, cookie?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: cookie ? { cookie } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const request = (p: { id: string }, mentor: Participant, mentee: Participant, message = 'Hello') =>
    post(
      `/api/programs/${p.id}/requests`,
      { mentorEnrolmentId: mentor.enrolment.id, message },
      mentee.cookie,
    );
  const statusOf = async (id: string) =>
    (await t.ctx.db.select().from(relationships).where(eq(relationships.id, id)))[0]!.status;
  const notesOf = (personId: string, kind: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), eq(notifications.kind, kind)));

  /** A fresh self-select program with a mentee, for tests that must not share request counts. */
  async function freshProgram(overrides: Parameters<typeof createProgram>[2] = {}) {
    const p = await createProgram(t.ctx.db, orgId, { matchingMode: 'self_select', ...overrides });
    const mentee = await createParticipant(t.ctx.db, p, 'mentee', { person: { level: 3 } });
    const ms: Participant[] = [];
    for (let k = 0; k < 3; k++)
      ms.push(await createParticipant(t.ctx.db, p, 'mentor', { person: { level: 6 } }));
    return { program: p, mentee, mentors: ms };
  }

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    program = await createProgram(t.ctx.db, orgId, {
      matchingMode: 'self_select',
      maxOpenRequests: 2,
      requestExpiryDays: 7,
      suggestionCount: 3,
    });
    boss = await createParticipant(t.ctx.db, program, 'mentor', {
      person: { name: 'Boss Person', level: 8, department: 'Engineering' },
      profile: { skillsOffered: ['sql', 'leadership'] },
    });
    mia = await createParticipant(t.ctx.db, program, 'mentee', {
      person: { name: 'Mia Mentee', level: 3, department: 'Engineering', managerId: boss.person.id },
      profile: { skillsWanted: ['sql', 'negotiation'], goals: 'grow into a data lead' },
    });
    const specs = [
      { name: 'Ana Data', department: 'Data', skills: ['sql', 'python'] },
      { name: 'Ben Sales', department: 'Sales', skills: ['negotiation'] },
      { name: 'Cleo Both', department: 'Data', skills: ['sql', 'negotiation'] },
      { name: 'Dan Design', department: 'Design', skills: ['figma'] },
    ];
    for (const spec of specs) {
      mentors.push(
        await createParticipant(t.ctx.db, program, 'mentor', {
          person: { name: spec.name, level: 6, department: spec.department },
          profile: { skillsOffered: spec.skills },
          capacity: 2,
        }),
      );
    }
  });
  after(() => t.close());

  it('suggests eligible mentors with reasons, never the mentee’s manager', async () => {
    const response = await get(`/api/programs/${program.id}/suggestions`, mia.cookie);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.items.length, 3, 'program.suggestionCount');
    assert.equal(body.requestsLeft, 2);
    const ids = body.items.map((item: { enrolmentId: string }) => item.enrolmentId);
    assert.ok(!ids.includes(boss.enrolment.id), 'the manager is never suggested');
    assert.equal(body.items[0].name, 'Cleo Both', 'both wanted skills ranks first');
    assert.ok(body.items[0].explanation.summary.includes('skills'));
    assert.ok(
      body.items[0].explanation.criteria.some((c: { criterion: string }) => c.criterion === 'skills'),
    );
    assert.ok(body.items.every((item: { hasSpareCapacity: boolean }) => item.hasSpareCapacity));
  });

  it('browses eligible mentors with filters, score and spare capacity', async () => {
    const all = (await get(`/api/programs/${program.id}/mentors`, mia.cookie)).json();
    assert.equal(all.total, 4, 'the four mentors outside the reporting line');
    assert.ok(all.items.every((item: { enrolmentId: string }) => item.enrolmentId !== boss.enrolment.id));
    assert.ok(all.items[0].score >= all.items[1].score, 'best first');
    const bySkill = (await get(`/api/programs/${program.id}/mentors?skill=SQL`, mia.cookie)).json();
    assert.deepEqual(bySkill.items.map((i: { name: string }) => i.name).sort(), ['Ana Data', 'Cleo Both']);
    const byDepartment = (
      await get(`/api/programs/${program.id}/mentors?department=sales`, mia.cookie)
    ).json();
    assert.deepEqual(
      byDepartment.items.map((i: { name: string }) => i.name),
      ['Ben Sales'],
    );
    const byText = (await get(`/api/programs/${program.id}/mentors?q=figma`, mia.cookie)).json();
    assert.deepEqual(
      byText.items.map((i: { name: string }) => i.name),
      ['Dan Design'],
    );
    const paged = (await get(`/api/programs/${program.id}/mentors?pageSize=1&page=2`, mia.cookie)).json();
    assert.equal(paged.items.length, 1);
    assert.equal(paged.total, 4);
    const bad = await get(`/api/programs/${program.id}/mentors?page=zero`, mia.cookie);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /page/);
    const unknown = await get(`/api/programs/${program.id}/mentors?colour=red`, mia.cookie);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /colour/);
  });

  it('shows a full mentor in browse, flagged, but never suggests them', async () => {
    const { program: p, mentee, mentors: ms } = await freshProgram();
    const other = await createParticipant(t.ctx.db, p, 'mentee');
    const full = ms[0]!;
    for (let k = 0; k < 2; k++) {
      const extra = k === 0 ? other : await createParticipant(t.ctx.db, p, 'mentee');
      await createRelationshipRow(t.ctx.db, {
        organisationId: orgId,
        programId: p.id,
        mentor: full.enrolment,
        mentee: extra.enrolment,
        status: 'active',
        origin: 'match_run',
      });
    }
    const browse = (await get(`/api/programs/${p.id}/mentors`, mentee.cookie)).json();
    const card = browse.items.find((i: { enrolmentId: string }) => i.enrolmentId === full.enrolment.id);
    assert.equal(card.hasSpareCapacity, false);
    assert.equal(card.currentMentees, 2);
    const spare = (await get(`/api/programs/${p.id}/mentors?spareCapacity=true`, mentee.cookie)).json();
    assert.equal(spare.total, 2);
    const suggested = (await get(`/api/programs/${p.id}/suggestions`, mentee.cookie)).json();
    assert.ok(suggested.items.every((i: { enrolmentId: string }) => i.enrolmentId !== full.enrolment.id));
    const refused = await request(p, full, mentee);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.message, /mentor is full/);
  });

  it('scores with the program’s own criteria and its type’s level rule', async () => {
    const p = await createProgram(t.ctx.db, orgId, {
      matchingMode: 'self_select',
      type: 'peer',
      criteria: { weights: { skills: 'must' } },
    });
    const learner = await createParticipant(t.ctx.db, p, 'mentee', {
      person: { level: 4 },
      profile: { skillsWanted: ['sql'] },
    });
    const peer = await createParticipant(t.ctx.db, p, 'mentor', {
      person: { level: 4, name: 'Peer With SQL' },
      profile: { skillsOffered: ['sql'] },
    });
    await createParticipant(t.ctx.db, p, 'mentor', {
      person: { level: 4 },
      profile: { skillsOffered: ['figma'] },
    });
    const senior = await createParticipant(t.ctx.db, p, 'mentor', {
      person: { level: 8 },
      profile: { skillsOffered: ['sql'] },
    });
    const browse = (await get(`/api/programs/${p.id}/mentors`, learner.cookie)).json();
    assert.deepEqual(
      browse.items.map((i: { name: string }) => i.name),
      ['Peer With SQL'],
      'the must-have skill and the peer level rule leave one mentor',
    );
    const refused = await request(p, senior, learner);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.details.rule, 'level');
    assert.equal((await request(p, peer, learner)).statusCode, 201);
  });

  it('refuses suggestions to non-mentees, signed-out callers, other organisations and admin-matched programs', async () => {
    assert.equal((await get(`/api/programs/${program.id}/suggestions`)).statusCode, 401);
    assert.equal((await get(`/api/programs/${program.id}/suggestions`, member)).statusCode, 403);
    assert.equal((await get(`/api/programs/${program.id}/suggestions`, mentors[0]!.cookie)).statusCode, 403);
    assert.equal((await get(`/api/programs/${program.id}/suggestions`, otherAdmin)).statusCode, 404);
    assert.equal((await get(`/api/programs/${program.id}/mentors`, otherAdmin)).statusCode, 404);
    assert.equal((await get(`/api/programs/${randomUUID()}/suggestions`, mia.cookie)).statusCode, 404);
    const adminMode = await createProgram(t.ctx.db, orgId, { matchingMode: 'admin' });
    const mentee = await createParticipant(t.ctx.db, adminMode, 'mentee');
    const refused = await get(`/api/programs/${adminMode.id}/suggestions`, mentee.cookie);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.message, /does not let mentees choose/);
  });

  it('creates a request: proposed, expiring, with history, a notification for the mentor and a queued expiry', async () => {
    const response = await request(program, mentors[0]!, mia, 'I would love to learn SQL from you');
    assert.equal(response.statusCode, 201, response.body);
    const item = response.json();
    assert.equal(item.status, 'proposed');
    assert.equal(item.direction, 'outgoing');
    assert.equal(item.other.name, 'Ana Data');
    assert.equal(item.message, 'I would love to learn SQL from you');
    assert.ok(item.explanation.summary.length > 0);
    const expected = t.clock.now.getTime() + 7 * dayMs;
    assert.equal(new Date(item.expiresAt).getTime(), expected);
    const [row] = await t.ctx.db.select().from(relationships).where(eq(relationships.id, item.id));
    assert.equal(row!.origin, 'request');
    const events = await t.ctx.db
      .select()
      .from(relationshipEvents)
      .where(eq(relationshipEvents.relationshipId, item.id));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.toStatus, 'proposed');
    const [asked] = await notesOf(mentors[0]!.person.id, 'mentoring_request');
    assert.equal(asked?.title, `Mia Mentee asks you to be their mentor in ${program.name}`);
    assert.match(
      asked!.body,
      /^“I would love to learn SQL from you” Accept, decline or ask Mia a question within 7 days/,
    );
    assert.equal(asked!.link, `/mentoring/requests#request-${item.id}`);
    const askedExtras = asked!.emailExtras as { programId: string; details: string[]; actionLabel: string };
    assert.equal(askedExtras.programId, program.id);
    assert.equal(askedExtras.actionLabel, 'Answer the request');
    assert.equal(askedExtras.details[0], 'Why Trellis suggested you:');
    // The criteria that earned most and beat neutral (one wanted skill of two is neutral).
    assert.deepEqual(askedExtras.details.slice(1), ['Seniority gap: Mentor 3 levels above']);
    const [job] = await t.ctx.db.select().from(jobs).where(eq(jobs.kind, 'expire_requests'));
    assert.equal(job!.runAt.getTime(), expected);

    const incoming = (await get('/api/me/requests', mentors[0]!.cookie)).json();
    assert.equal(incoming.total, 1);
    assert.equal(incoming.items[0].direction, 'incoming');
    assert.equal(incoming.items[0].other.name, 'Mia Mentee');
    assert.ok(incoming.items[0].score > 0);
    const outgoing = (await get('/api/me/requests?direction=outgoing', mia.cookie)).json();
    assert.equal(outgoing.total, 1);
    assert.equal((await get('/api/me/requests?direction=incoming', mia.cookie)).json().total, 0);
  });

  it('refuses a duplicate request, a request to the manager, and more than K open requests', async () => {
    const duplicate = await request(program, mentors[0]!, mia);
    assert.equal(duplicate.statusCode, 409);
    assert.match(duplicate.json().error.message, /already have an open request to this mentor/);
    const manager = await request(program, boss, mia);
    assert.equal(manager.statusCode, 409);
    assert.equal(manager.json().error.details.rule, 'manager_chain');
    assert.match(manager.json().error.message, /reporting line/);
    assert.equal((await request(program, mentors[1]!, mia)).statusCode, 201, 'second of K = 2');
    const third = await request(program, mentors[2]!, mia);
    assert.equal(third.statusCode, 409);
    assert.match(third.json().error.message, /2 open requests/);
    const suggestions = (await get(`/api/programs/${program.id}/suggestions`, mia.cookie)).json();
    assert.equal(suggestions.requestsLeft, 0);
    const requested = new Set([mentors[0]!.enrolment.id, mentors[1]!.enrolment.id]);
    assert.ok(
      suggestions.items.every((i: { enrolmentId: string }) => !requested.has(i.enrolmentId)),
      'mentors already asked are not suggested again',
    );
  });

  it('refuses bad input naming the field, and non-mentors of the program', async () => {
    const unknownField = await post(
      `/api/programs/${program.id}/requests`,
      { mentorEnrolmentId: mentors[3]!.enrolment.id, message: 'hi', extra: 1 },
      mia.cookie,
    );
    assert.equal(unknownField.statusCode, 400);
    assert.match(unknownField.json().error.message, /body\.extra/);
    const noMessage = await post(
      `/api/programs/${program.id}/requests`,
      { mentorEnrolmentId: mentors[3]!.enrolment.id },
      mia.cookie,
    );
    assert.equal(noMessage.statusCode, 400);
    assert.match(noMessage.json().error.message, /message/);
    const badId = await post(
      `/api/programs/${program.id}/requests`,
      { mentorEnrolmentId: 7, message: 'hi' },
      mia.cookie,
    );
    assert.equal(badId.statusCode, 400);
    assert.match(badId.json().error.message, /mentorEnrolmentId/);
    const notMentor = await post(
      `/api/programs/${program.id}/requests`,
      { mentorEnrolmentId: mia.enrolment.id, message: 'hi' },
      mia.cookie,
    );
    assert.equal(notMentor.statusCode, 400);
    assert.match(notMentor.json().error.message, /body\.mentorEnrolmentId/);
    const signedOut = await post(`/api/programs/${program.id}/requests`, {
      mentorEnrolmentId: mentors[3]!.enrolment.id,
      message: 'hi',
    });
    assert.equal(signedOut.statusCode, 401);
    const asMember = await post(
      `/api/programs/${program.id}/requests`,
      { mentorEnrolmentId: mentors[3]!.enrolment.id, message: 'hi' },
      member,
    );
    assert.equal(asMember.statusCode, 403);
    const otherOrg = await post(
      `/api/programs/${program.id}/requests`,
      { mentorEnrolmentId: mentors[3]!.enrolment.id, message: 'hi' },
      otherAdmin,
    );
    assert.equal(otherOrg.statusCode, 404);
  });

  it('refuses requests while the program is not taking them, and once the mentee has a mentor', async () => {
    const draft = await freshProgram({ status: 'draft' });
    // A draft does not exist for its (bulk-enrolled) members yet; a closed program exists but takes no requests.
    assert.equal((await request(draft.program, draft.mentors[0]!, draft.mentee)).statusCode, 404);
    const closed = await freshProgram({ status: 'closed' });
    const refused = await request(closed.program, closed.mentors[0]!, closed.mentee);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.message, /not taking requests while it is closed/);
    const matched = await freshProgram({ matchingMode: 'hybrid', status: 'running' });
    await createRelationshipRow(t.ctx.db, {
      organisationId: orgId,
      programId: matched.program.id,
      mentor: matched.mentors[0]!.enrolment,
      mentee: matched.mentee.enrolment,
      status: 'active',
      origin: 'match_run',
    });
    const already = await request(matched.program, matched.mentors[1]!, matched.mentee);
    assert.equal(already.statusCode, 409);
    assert.match(already.json().error.message, /already have a mentor/);
  });

  it('lets the mentor ask for more, decline with a reason code; refuses the wrong side (403) and wrong state (409)', async () => {
    const { program: p, mentee, mentors: ms } = await freshProgram();
    const id = (await request(p, ms[0]!, mentee)).json().id as string;
    const mentorCookie = ms[0]!.cookie;
    // the mentee may not accept, decline or ask; the mentor may not withdraw
    assert.equal((await post(`/api/requests/${id}/accept`, undefined, mentee.cookie)).statusCode, 403);
    assert.equal(
      (await post(`/api/requests/${id}/decline`, { reasonCode: 'timing' }, mentee.cookie)).statusCode,
      403,
    );
    assert.equal(
      (await post(`/api/requests/${id}/ask-info`, { message: 'x' }, mentee.cookie)).statusCode,
      403,
    );
    assert.equal((await post(`/api/requests/${id}/withdraw`, undefined, mentorCookie)).statusCode, 403);
    // strangers learn nothing
    assert.equal((await post(`/api/requests/${id}/accept`, undefined, ms[1]!.cookie)).statusCode, 404);
    assert.equal((await post(`/api/requests/${id}/accept`, undefined, member)).statusCode, 404);
    assert.equal((await post(`/api/requests/${id}/accept`, undefined, otherAdmin)).statusCode, 404);
    assert.equal((await post(`/api/requests/${id}/accept`, undefined)).statusCode, 401);

    const ask = await post(
      `/api/requests/${id}/ask-info`,
      { message: 'What do you want to achieve?' },
      mentorCookie,
    );
    assert.equal(ask.statusCode, 200, ask.body);
    assert.equal(ask.json().status, 'proposed');
    assert.equal(ask.json().infoRequested, 'What do you want to achieve?');
    assert.equal((await notesOf(mentee.person.id, 'request_info_requested')).length, 1);

    const badCode = await post(`/api/requests/${id}/decline`, { reasonCode: 'busy' }, mentorCookie);
    assert.equal(badCode.statusCode, 400);
    assert.match(badCode.json().error.message, /reasonCode/);
    const declined = await post(
      `/api/requests/${id}/decline`,
      { reasonCode: 'timing', reason: 'Away until May' },
      mentorCookie,
    );
    assert.equal(declined.statusCode, 200, declined.body);
    assert.equal(declined.json().status, 'declined');
    assert.equal(declined.json().reasonCode, 'timing');
    assert.equal(declined.json().reason, 'Away until May');
    assert.equal((await notesOf(mentee.person.id, 'request_declined')).length, 1);
    // nothing moves a declined request
    assert.equal((await post(`/api/requests/${id}/accept`, undefined, mentorCookie)).statusCode, 409);
    assert.equal(
      (await post(`/api/requests/${id}/decline`, { reasonCode: 'other' }, mentorCookie)).statusCode,
      409,
    );
    assert.equal((await post(`/api/requests/${id}/withdraw`, undefined, mentee.cookie)).statusCode, 409);
    assert.equal(
      (await post(`/api/requests/${id}/ask-info`, { message: 'x' }, mentorCookie)).statusCode,
      409,
    );
    // a mentor who declined is not asked again in this program
    const again = await request(p, ms[0]!, mentee);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.details.rule, 'previous_pair');
    const history = (await get(`/api/relationships/${id}`, mentee.cookie)).json();
    assert.deepEqual(
      history.events.map((e: { kind: string }) => e.kind),
      ['created', 'info_requested', 'decline'],
    );
  });

  it('lets the mentee answer the mentor’s question; the mentor is told and sees the answer', async () => {
    const { program: p, mentee, mentors: ms } = await freshProgram();
    const id = (await request(p, ms[0]!, mentee)).json().id as string;
    const answer = (body: unknown, cookie?: string) => post(`/api/requests/${id}/answer`, body, cookie);
    // Nothing to answer before the mentor asks.
    const early = await answer({ message: 'Here is more' }, mentee.cookie);
    assert.equal(early.statusCode, 409);
    assert.match(early.json().error.message, /has not asked you a question/);

    const asked = await post(
      `/api/requests/${id}/ask-info`,
      { message: 'Which skill first?' },
      ms[0]!.cookie,
    );
    assert.equal(asked.statusCode, 200, asked.body);
    assert.equal(asked.json().infoAnswer, null);
    const [question] = await notesOf(mentee.person.id, 'request_info_requested');
    assert.equal(question?.link, `/mentoring/requests#request-${id}`);
    assert.match(question!.body, /^“Which skill first\?” Answer on your requests page/);
    assert.deepEqual(question!.emailExtras, { programId: p.id, actionLabel: 'Answer the question' });

    // Who may not answer: the mentor (403), staff (403), another mentee, a colleague, another organisation (404).
    const coordinator = await createMemberPerson(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, p.id, coordinator.user.id);
    const otherMentee = await createParticipant(t.ctx.db, p, 'mentee', { person: { level: 3 } });
    const body = { message: 'SQL, then negotiation' };
    assert.equal((await answer(body, ms[0]!.cookie)).statusCode, 403);
    assert.equal((await answer(body, coordinator.cookie)).statusCode, 403);
    assert.equal((await answer(body, otherMentee.cookie)).statusCode, 404);
    assert.equal((await answer(body, member)).statusCode, 404);
    assert.equal((await answer(body, otherAdmin)).statusCode, 404);
    assert.equal((await answer(body)).statusCode, 401);
    assert.equal((await post(`/api/requests/${randomUUID()}/answer`, body, mentee.cookie)).statusCode, 404);
    // Bad input names the field, and writes nothing.
    for (const bad of [{}, { message: '   ' }, { message: 'x'.repeat(2001) }, { message: 7 }]) {
      const refused = await answer(bad, mentee.cookie);
      assert.equal(refused.statusCode, 400, JSON.stringify(bad));
      assert.match(refused.json().error.message, /body\.message/);
    }
    const extra = await answer({ ...body, urgent: true }, mentee.cookie);
    assert.equal(extra.statusCode, 400);
    assert.match(extra.json().error.message, /body\.urgent/);
    assert.equal(
      (await notesOf(ms[0]!.person.id, 'request_info_answered')).length,
      0,
      'nothing half-written',
    );

    const answered = await answer(body, mentee.cookie);
    assert.equal(answered.statusCode, 200, answered.body);
    assert.equal(answered.json().status, 'proposed');
    assert.equal(answered.json().infoRequested, 'Which skill first?');
    assert.equal(answered.json().infoAnswer, 'SQL, then negotiation');
    const [told] = await notesOf(ms[0]!.person.id, 'request_info_answered');
    assert.ok(told, 'the mentor is told');
    assert.match(told.title, /answered your question about their request$/);
    assert.equal(
      told.body,
      'You asked: “Which skill first?” They answered: “SQL, then negotiation” You can now accept or decline the request.',
    );
    assert.equal(told.link, `/mentoring/requests#request-${id}`);
    assert.deepEqual(told.emailExtras, { programId: p.id, actionLabel: 'Answer the request' });
    // The mentor sees the answer with the request.
    const incoming = (await get('/api/me/requests?direction=incoming', ms[0]!.cookie)).json();
    const seen = incoming.items.find((i: { id: string }) => i.id === id);
    assert.equal(seen.infoAnswer, 'SQL, then negotiation');
    // One answer per question; a new question opens a new answer.
    const twice = await answer({ message: 'And more' }, mentee.cookie);
    assert.equal(twice.statusCode, 409);
    assert.match(twice.json().error.message, /already answered/);
    await post(`/api/requests/${id}/ask-info`, { message: 'When can you start?' }, ms[0]!.cookie);
    const reopened = (await get('/api/me/requests?direction=outgoing', mentee.cookie))
      .json()
      .items.find((i: { id: string }) => i.id === id);
    assert.equal(reopened.infoRequested, 'When can you start?');
    assert.equal(reopened.infoAnswer, null);
    assert.equal((await answer({ message: 'Next month' }, mentee.cookie)).statusCode, 200);
    const history = (await get(`/api/relationships/${id}`, mentee.cookie)).json();
    assert.deepEqual(
      history.events.map((e: { kind: string }) => e.kind),
      ['created', 'info_requested', 'info_answered', 'info_requested', 'info_answered'],
    );
    // Once the request is closed, there is nothing to answer.
    await post(`/api/requests/${id}/ask-info`, { message: 'One more?' }, ms[0]!.cookie);
    await post(`/api/requests/${id}/decline`, { reasonCode: 'timing' }, ms[0]!.cookie);
    const closed = await answer(body, mentee.cookie);
    assert.equal(closed.statusCode, 409);
    assert.match(closed.json().error.message, /declined request cannot be answered/);
  });

  it('tells both sides of an accepted request who, why and the first step; a declined mentee where to look next', async () => {
    const { program: p, mentee, mentors: ms } = await freshProgram();
    const id = (await request(p, ms[0]!, mentee)).json().id as string;
    const names = (await get(`/api/relationships/${id}`, mentee.cookie)).json();
    assert.equal((await post(`/api/requests/${id}/accept`, undefined, ms[0]!.cookie)).statusCode, 200);
    const [accepted] = await notesOf(mentee.person.id, 'request_accepted');
    assert.equal(
      accepted?.title,
      `${names.mentor.name} accepted your request: they are your mentor in ${p.name}`,
    );
    assert.match(
      accepted!.body,
      /agree when you will first meet\. Your mentoring agreement is ready to sign/,
    );
    assert.equal(accepted!.link, `/mentoring/relationships/${id}`);
    const details = (accepted!.emailExtras as { details: string[] }).details;
    assert.equal(details[0], 'Why you were matched:');
    const [started] = await notesOf(ms[0]!.person.id, 'relationship_started');
    assert.equal(started?.title, `You are mentoring ${names.mentee.name} in ${p.name}`);
    assert.equal(started!.link, `/mentoring/relationships/${id}`);

    const other = await freshProgram();
    const declinedId = (await request(other.program, other.mentors[0]!, other.mentee)).json().id as string;
    await post(
      `/api/requests/${declinedId}/decline`,
      { reasonCode: 'no_capacity' },
      other.mentors[0]!.cookie,
    );
    const [declined] = await notesOf(other.mentee.person.id, 'request_declined');
    assert.match(declined!.body, /^“No capacity right now” You can ask another mentor/);
    assert.equal(declined!.link, `/mentoring/programs/${other.program.id}/mentors`);
    assert.deepEqual(declined!.emailExtras, {
      programId: other.program.id,
      actionLabel: 'Find another mentor',
    });
  });

  it('tells the mentee of an expired request who to ask next, never the mentor who let it expire', async () => {
    const { program: p, mentee, mentors: ms } = await freshProgram({ requestExpiryDays: 2 });
    const id = (await request(p, ms[0]!, mentee)).json().id as string;
    t.clock.advance(2 * dayMs + 1000);
    try {
      assert.equal(await expireDueRequests(t.ctx, orgId), 1);
    } finally {
      t.clock.advance(-(2 * dayMs + 1000));
    }
    const people = (await get(`/api/relationships/${id}`, mentee.cookie)).json();
    const [expired] = await notesOf(mentee.person.id, 'request_expired');
    assert.equal(
      expired?.title,
      `Your request to ${people.mentor.name} in ${p.name} expired without an answer`,
    );
    const suggested = await t.ctx.db
      .select({ name: personTable.name })
      .from(personTable)
      .where(inArray(personTable.id, [ms[1]!.person.id, ms[2]!.person.id]));
    const [a, b] = suggested.map((row) => row.name);
    assert.match(expired!.body, /^You can ask another mentor now\. Suggested for you: /);
    assert.ok(expired!.body.includes(a!) && expired!.body.includes(b!), expired!.body);
    assert.ok(!expired!.body.includes(people.mentor.name), 'not the mentor who let it expire');
    assert.equal(expired!.link, `/mentoring/programs/${p.id}/mentors`);
    const extras = expired!.emailExtras as { details: string[]; actionLabel: string; programId: string };
    assert.deepEqual(extras.details.slice(1).sort(), [a, b].sort());
    assert.equal(extras.actionLabel, 'Ask another mentor');
    const [mentorTold] = await notesOf(ms[0]!.person.id, 'request_expired');
    assert.equal(mentorTold?.emailStatus, null, 'the mentor is told in the app only');
  });

  it('lets the mentee withdraw; the mentor is told; program staff may accept on the mentor’s behalf', async () => {
    const { program: p, mentee, mentors: ms } = await freshProgram();
    const first = (await request(p, ms[0]!, mentee)).json().id as string;
    const withdrawn = await post(`/api/requests/${first}/withdraw`, undefined, mentee.cookie);
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    assert.equal(withdrawn.json().status, 'withdrawn');
    assert.equal((await notesOf(ms[0]!.person.id, 'request_withdrawn')).length, 1);
    assert.equal((await post(`/api/requests/${first}/withdraw`, undefined, mentee.cookie)).statusCode, 409);
    // a withdrawn request may be sent again
    const second = (await request(p, ms[0]!, mentee)).json().id as string;
    const coordinator = await createMemberPerson(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, p.id, coordinator.user.id);
    const accepted = await post(`/api/requests/${second}/accept`, undefined, coordinator.cookie);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, 'active');
    assert.equal((await notesOf(mentee.person.id, 'request_accepted')).length, 1);
  });

  it('withdraws the mentee’s other open requests when one is accepted', async () => {
    const { program: p, mentee, mentors: ms } = await freshProgram({ maxOpenRequests: 3 });
    const ids: string[] = [];
    for (const mentor of ms) ids.push((await request(p, mentor, mentee)).json().id);
    const accepted = await post(`/api/requests/${ids[1]}/accept`, undefined, ms[1]!.cookie);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(await statusOf(ids[1]!), 'active');
    assert.equal(await statusOf(ids[0]!), 'withdrawn');
    assert.equal(await statusOf(ids[2]!), 'withdrawn');
    const events = await t.ctx.db
      .select()
      .from(relationshipEvents)
      .where(eq(relationshipEvents.relationshipId, ids[0]!));
    const withdrawal = events.find((e) => e.toStatus === 'withdrawn')!;
    assert.equal(withdrawal.actorUserId, null);
    assert.equal((withdrawal.details as { actor: string }).actor, 'system');
    assert.equal((await notesOf(ms[0]!.person.id, 'request_withdrawn')).length, 1);
    assert.equal((await notesOf(ms[2]!.person.id, 'request_withdrawn')).length, 1);
    // the withdrawn mentors can no longer accept
    assert.equal((await post(`/api/requests/${ids[0]}/accept`, undefined, ms[0]!.cookie)).statusCode, 409);
    const mine = (await get('/api/me/relationships', mentee.cookie)).json();
    assert.equal(mine.total, 1);
    assert.equal(mine.items[0].partner.personId, ms[1]!.person.id);
    assert.equal(mine.items[0].myRole, 'mentee');
    // and the mentee cannot ask anyone else now
    const another = await createParticipant(t.ctx.db, p, 'mentor');
    const refused = await request(p, another, mentee);
    assert.equal(refused.statusCode, 409);
  });

  it('stops suggesting a mentor as soon as their last place is taken, and offers them again when it frees up', async () => {
    const p = await createProgram(t.ctx.db, orgId, { matchingMode: 'self_select', suggestionCount: 5 });
    const only = await createParticipant(t.ctx.db, p, 'mentor', { person: { level: 6 }, capacity: 1 });
    const spare = await createParticipant(t.ctx.db, p, 'mentor', { person: { level: 6 } });
    const first = await createParticipant(t.ctx.db, p, 'mentee', { person: { level: 3 } });
    const second = await createParticipant(t.ctx.db, p, 'mentee', { person: { level: 3 } });
    const suggested = async (who: Participant) =>
      (await get(`/api/programs/${p.id}/suggestions`, who.cookie))
        .json()
        .items.map((i: { enrolmentId: string }) => i.enrolmentId) as string[];
    assert.ok((await suggested(first)).includes(only.enrolment.id));
    const id = (await request(p, only, second)).json().id as string;
    assert.equal((await post(`/api/requests/${id}/accept`, undefined, only.cookie)).statusCode, 200);
    assert.deepEqual(await suggested(first), [spare.enrolment.id]);
    const card = (await get(`/api/programs/${p.id}/mentors`, first.cookie))
      .json()
      .items.find((i: { enrolmentId: string }) => i.enrolmentId === only.enrolment.id);
    assert.equal(card.hasSpareCapacity, false);
    assert.equal((await request(p, only, first)).statusCode, 409);
    const ended = await post(`/api/relationships/${id}/end`, { reason: 'Moved away' }, only.cookie);
    assert.equal(ended.statusCode, 200, ended.body);
    assert.ok((await suggested(first)).includes(only.enrolment.id), 'a freed place is offered again');
  });

  it('expires unanswered requests when the queued job runs at the deadline', async () => {
    const { program: p, mentee, mentors: ms } = await freshProgram({ requestExpiryDays: 3 });
    const id = (await request(p, ms[0]!, mentee)).json().id as string;
    const runner = startJobRunner(t.ctx, { pollIntervalMs: 10, handlers: builtInJobHandlers });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await statusOf(id), 'proposed', 'not before the deadline');
      t.clock.advance(3 * dayMs + 1000);
      const deadline = Date.now() + 15_000;
      while ((await statusOf(id)) !== 'expired' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await runner.stop();
    }
    const jobRows = await t.ctx.db.select().from(jobs).where(eq(jobs.kind, 'expire_requests'));
    assert.equal(
      await statusOf(id),
      'expired',
      `jobs: ${JSON.stringify(jobRows.filter((j) => j.status !== 'queued'))}`,
    );
    assert.equal((await notesOf(mentee.person.id, 'request_expired')).length, 1);
    const events = await t.ctx.db
      .select()
      .from(relationshipEvents)
      .where(eq(relationshipEvents.relationshipId, id))
      .orderBy(relationshipEvents.id);
    assert.equal(events.at(-1)!.toStatus, 'expired');
    assert.equal(events.at(-1)!.actorUserId, null);
    // Sessions live in wall-clock time: step back before calling the API again.
    t.clock.advance(-(3 * dayMs + 1000));
    assert.equal((await post(`/api/requests/${id}/accept`, undefined, ms[0]!.cookie)).statusCode, 409);
    assert.equal(await expireDueRequests(t.ctx), 0, 'running again changes nothing');
  });
});
