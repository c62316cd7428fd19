import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, notifications, relationships } from '../../db/schema.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import {
  createMemberPerson,
  createParticipant,
  createRelationshipRow,
} from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

type Participant = Awaited<ReturnType<typeof createParticipant>>;

describe('relationship lifecycle API', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let coordinator: string;
  let program: Awaited<ReturnType<typeof createProgram>>;
  let mentor: Participant;
  let mentor2: Participant;
  let mentee: Participant;

  const get = (url: string, cookie?: string) =>
    t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const post = (url: string, payload: unknown, cookie?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: cookie ? { cookie } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const activePair = async (m: Participant = mentor, e: Participant = mentee) =>
    createRelationshipRow(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      mentor: m.enrolment,
      mentee: e.enrolment,
      status: 'active',
      origin: 'match_run',
      expiresAt: null,
      // before anything the API does, on the clock the app sees
      createdAt: new Date(t.clock.now.getTime() - 1000),
    });
  const notesOf = (personId: string, kind: string) =>
    t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.personId, personId), eq(notifications.kind, kind)));

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    program = await createProgram(t.ctx.db, orgId, { status: 'running', name: 'Grow 2026' });
    const staff = await createMemberPerson(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, program.id, staff.user.id);
    coordinator = staff.cookie;
    mentor = await createParticipant(t.ctx.db, program, 'mentor', {
      person: { name: 'Maya Mentor', level: 7 },
    });
    mentor2 = await createParticipant(t.ctx.db, program, 'mentor', {
      person: { name: 'Noah Mentor', level: 7 },
    });
    mentee = await createParticipant(t.ctx.db, program, 'mentee', {
      person: { name: 'Ivy Mentee', level: 3 },
    });
  });
  after(() => t.close());

  it('shows the pair and staff a relationship with its history; hides it from everyone else', async () => {
    const row = await activePair();
    for (const [cookie, role] of [
      [mentor.cookie, 'mentor'],
      [mentee.cookie, 'mentee'],
      [coordinator, 'staff'],
      [admin, 'staff'],
    ] as const) {
      const response = await get(`/api/relationships/${row.id}`, cookie);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.viewerRole, role);
      assert.equal(body.program.name, 'Grow 2026');
      assert.equal(body.mentor.name, 'Maya Mentor');
      assert.equal(body.events.length, 1);
    }
    assert.deepEqual((await get(`/api/relationships/${row.id}`, mentee.cookie)).json().availableActions, [
      'complete',
      'end_early',
    ]);
    assert.equal((await get(`/api/relationships/${row.id}`)).statusCode, 401);
    assert.equal(
      (await get(`/api/relationships/${row.id}`, member)).statusCode,
      404,
      'a colleague learns nothing',
    );
    assert.equal(
      (await get(`/api/relationships/${row.id}`, mentor2.cookie)).statusCode,
      404,
      'another mentor',
    );
    assert.equal(
      (await get(`/api/relationships/${row.id}`, otherAdmin)).statusCode,
      404,
      'another organisation',
    );
    assert.equal((await get(`/api/relationships/${randomUUID()}`, admin)).statusCode, 404);
    assert.equal((await get('/api/relationships/not-a-uuid', admin)).statusCode, 400);
    await t.ctx.db.delete(relationships).where(eq(relationships.id, row.id));
  });

  it('lists my mentors and mentees, current and past, from my side', async () => {
    const row = await activePair();
    const mine = (await get('/api/me/relationships', mentor.cookie)).json();
    assert.equal(mine.total, 1);
    assert.equal(mine.items[0].myRole, 'mentor');
    assert.equal(mine.items[0].partner.name, 'Ivy Mentee');
    const theirs = (await get('/api/me/relationships?state=current', mentee.cookie)).json();
    assert.equal(theirs.items[0].partner.name, 'Maya Mentor');
    assert.equal((await get('/api/me/relationships?state=past', mentee.cookie)).json().total, 0);
    assert.equal((await get('/api/me/relationships', member)).json().total, 0);
    const bad = await get('/api/me/relationships?state=old', mentee.cookie);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /state/);
    await t.ctx.db.delete(relationships).where(eq(relationships.id, row.id));
  });

  it('completes an active relationship (either side); both are told what comes next; a completed one cannot move', async () => {
    const row = await activePair();
    const done = await post(`/api/relationships/${row.id}/complete`, {}, mentee.cookie);
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'completed');
    assert.ok(done.json().endedAt);
    const [toMentor] = await notesOf(mentor.person.id, 'relationship_completed');
    assert.equal(toMentor?.title, 'Ivy Mentee marked your mentoring relationship as completed');
    assert.match(toMentor!.body, /closing survey is open/);
    assert.equal(toMentor!.link, `/mentoring/relationships/${row.id}`);
    const extras = toMentor!.emailExtras as { programId: string; details: string[]; actionLabel: string };
    assert.equal(extras.programId, program.id);
    assert.equal(extras.actionLabel, 'Fill in the closing survey');
    assert.ok(extras.details.some((line) => /partner never sees your answers/.test(line)));
    const [toMentee] = await notesOf(mentee.person.id, 'relationship_completed');
    assert.equal(toMentee?.title, 'You marked your mentoring relationship with Maya Mentor as completed');
    assert.match(toMentee!.body, /What happens next/);
    assert.equal((await post(`/api/relationships/${row.id}/complete`, {}, mentor.cookie)).statusCode, 409);
    assert.equal(
      (await post(`/api/relationships/${row.id}/end`, { reason: 'x' }, mentor.cookie)).statusCode,
      409,
    );
    const past = (await get('/api/me/relationships?state=past', mentor.cookie)).json();
    assert.equal(past.total, 1);
    const detail = (await get(`/api/relationships/${row.id}`, mentor.cookie)).json();
    assert.deepEqual(
      detail.events.map((e: { kind: string; actor: string }) => `${e.kind}:${e.actor}`),
      ['created:system', 'complete:mentee'],
    );
    assert.deepEqual(detail.availableActions, []);
  });

  it('ends a relationship early with a reason (mentor or staff); the reason is required and named', async () => {
    const row = await activePair();
    const noReason = await post(`/api/relationships/${row.id}/end`, {}, mentor.cookie);
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.json().error.message, /body\.reason/);
    const blank = await post(`/api/relationships/${row.id}/end`, { reason: '   ' }, mentor.cookie);
    assert.equal(blank.statusCode, 400);
    const wrongType = await post(`/api/relationships/${row.id}/end`, { reason: 5 }, mentor.cookie);
    assert.equal(wrongType.statusCode, 400);
    assert.match(wrongType.json().error.message, /reason/);
    const unknown = await post(
      `/api/relationships/${row.id}/end`,
      { reason: 'x', when: 'now' },
      mentor.cookie,
    );
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /body\.when/);
    assert.equal((await post(`/api/relationships/${row.id}/end`, { reason: 'x' }, member)).statusCode, 404);
    assert.equal(
      (await post(`/api/relationships/${row.id}/end`, { reason: 'x' }, otherAdmin)).statusCode,
      404,
    );
    assert.equal((await post(`/api/relationships/${row.id}/end`, { reason: 'x' })).statusCode, 401);
    const ended = await post(`/api/relationships/${row.id}/end`, { reason: 'Moved teams' }, mentor.cookie);
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json().status, 'ended_early');
    assert.equal(ended.json().reason, 'Moved teams');
    const [endedNote] = await notesOf(mentee.person.id, 'relationship_ended');
    assert.equal(endedNote?.title, 'Maya Mentor ended your mentoring relationship early');
    assert.match(endedNote!.body, /^“Moved teams” What happens next/);
    assert.equal(endedNote!.dedupeKey, `relationship:${row.id}:end_early:mentee`);

    const another = await activePair(mentor2);
    const byStaff = await post(
      `/api/relationships/${another.id}/end`,
      { reason: 'Program paused' },
      coordinator,
    );
    assert.equal(byStaff.statusCode, 200, byStaff.body);
    for (const [person, partner] of [
      [mentor2, 'Ivy Mentee'],
      [mentee, 'Noah Mentor'],
    ] as const) {
      const notes = (await notesOf(person.person.id, 'relationship_ended')).filter(
        (n) => n.relationshipId === another.id,
      );
      assert.deepEqual(
        notes.map((n) => n.title),
        [`Program staff ended your mentoring relationship with ${partner} early`],
        'staff ending it tells both',
      );
    }
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, another.id));
    assert.equal(audit[0]!.action, 'relationship.ended_early');
  });

  it('refuses lifecycle moves on a proposed request (409) and request moves on a relationship from a match run (404)', async () => {
    const proposed = await createRelationshipRow(t.ctx.db, {
      organisationId: orgId,
      programId: program.id,
      mentor: mentor.enrolment,
      mentee: mentee.enrolment,
    });
    assert.equal(
      (await post(`/api/relationships/${proposed.id}/complete`, {}, mentor.cookie)).statusCode,
      409,
    );
    assert.equal(
      (await post(`/api/relationships/${proposed.id}/end`, { reason: 'x' }, mentee.cookie)).statusCode,
      409,
    );
    await t.ctx.db.delete(relationships).where(eq(relationships.id, proposed.id));
    const published = await activePair();
    assert.equal(
      (await post(`/api/requests/${published.id}/accept`, undefined, mentor.cookie)).statusCode,
      404,
    );
    await t.ctx.db.delete(relationships).where(eq(relationships.id, published.id));
  });

  it('lets staff reassign a mentee to another mentor in one step, checked for capacity and rules', async () => {
    const fresh = await createProgram(t.ctx.db, orgId, { status: 'running' });
    const boss = await createParticipant(t.ctx.db, fresh, 'mentor', { person: { level: 9 } });
    const first = await createParticipant(t.ctx.db, fresh, 'mentor', { person: { level: 7 } });
    const second = await createParticipant(t.ctx.db, fresh, 'mentor', { person: { level: 7 }, capacity: 1 });
    const junior = await createParticipant(t.ctx.db, fresh, 'mentor', { person: { level: 3 } });
    const learner = await createParticipant(t.ctx.db, fresh, 'mentee', {
      person: { level: 3, managerId: boss.person.id },
    });
    const other = await createParticipant(t.ctx.db, fresh, 'mentee', { person: { level: 3 } });
    const current = await createRelationshipRow(t.ctx.db, {
      organisationId: orgId,
      programId: fresh.id,
      mentor: first.enrolment,
      mentee: learner.enrolment,
      status: 'active',
      origin: 'match_run',
    });
    const url = `/api/relationships/${current.id}/reassign`;
    const body = (mentorEnrolmentId: string) => ({ mentorEnrolmentId, reason: 'Poor first meeting' });

    assert.equal(
      (await post(url, body(second.enrolment.id), learner.cookie)).statusCode,
      403,
      'one side may not',
    );
    assert.equal((await post(url, body(second.enrolment.id), member)).statusCode, 404);
    assert.equal((await post(url, body(second.enrolment.id), otherAdmin)).statusCode, 404);
    const noReason = await post(url, { mentorEnrolmentId: second.enrolment.id }, admin);
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.json().error.message, /body\.reason/);
    const manager = await post(url, body(boss.enrolment.id), admin);
    assert.equal(manager.statusCode, 409);
    assert.equal(manager.json().error.details.rule, 'manager_chain');
    const level = await post(url, body(junior.enrolment.id), admin);
    assert.equal(level.statusCode, 409);
    assert.equal(level.json().error.details.rule, 'level');
    const notMentor = await post(url, body(other.enrolment.id), admin);
    assert.equal(notMentor.statusCode, 400);
    assert.match(notMentor.json().error.message, /body\.mentorEnrolmentId/);
    // the second mentor's one place is taken: refused, and nothing changes
    const filler = await createRelationshipRow(t.ctx.db, {
      organisationId: orgId,
      programId: fresh.id,
      mentor: second.enrolment,
      mentee: other.enrolment,
      status: 'active',
      origin: 'match_run',
    });
    const full = await post(url, body(second.enrolment.id), admin);
    assert.equal(full.statusCode, 409);
    assert.match(full.json().error.message, /mentor is full/);
    const [unchanged] = await t.ctx.db.select().from(relationships).where(eq(relationships.id, current.id));
    assert.equal(unchanged!.status, 'active', 'nothing half-written');
    await t.ctx.db.delete(relationships).where(eq(relationships.id, filler.id));

    const moved = await post(url, body(second.enrolment.id), admin);
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().ended.status, 'ended_early');
    assert.equal(moved.json().ended.reason, 'Poor first meeting');
    assert.equal(moved.json().created.status, 'active');
    assert.equal(moved.json().created.origin, 'reassignment');
    assert.equal(moved.json().created.mentor.enrolmentId, second.enrolment.id);
    const createdId = moved.json().created.id as string;
    const secondName = moved.json().created.mentor.name as string;
    const learnerName = moved.json().created.mentee.name as string;
    // The mentee: their new mentor, why, and the first step, linking to the new workspace.
    const [newMentor] = await notesOf(learner.person.id, 'relationship_reassigned');
    assert.equal(newMentor?.title, `Your new mentor in ${fresh.name} is ${secondName}`);
    assert.match(newMentor!.body, /agree when you will first meet/);
    assert.equal(newMentor!.link, `/mentoring/relationships/${createdId}`);
    const reasons = (newMentor!.emailExtras as { details: string[] }).details;
    assert.equal(reasons[0], 'Why you were matched:');
    assert.ok(reasons.length >= 2);
    // The mentor they leave: what happened and what comes next.
    const [left] = await notesOf(first.person.id, 'relationship_reassigned');
    assert.equal(left?.title, `Program staff paired ${learnerName} with another mentor`);
    assert.match(left!.body, /^“Poor first meeting” What happens next/);
    assert.equal(left!.link, `/mentoring/relationships/${current.id}`);
    // The new mentor: their mentee, the same reasons.
    const [started] = await notesOf(second.person.id, 'relationship_started');
    assert.equal(started?.title, `You have a new mentee in ${fresh.name}: ${learnerName}`);
    assert.deepEqual((started!.emailExtras as { details: string[] }).details, reasons);
    assert.equal((await post(url, body(second.enrolment.id), admin)).statusCode, 409, 'already ended');
    const history = (await get(`/api/relationships/${moved.json().created.id}`, learner.cookie)).json();
    assert.equal(history.events[0].kind, 'reassigned');
  });

  it('allows every move to each actor the state machine allows, through the API', async () => {
    const cases: {
      from: 'proposed' | 'active';
      url: string;
      body?: unknown;
      who: () => string;
      to: string;
    }[] = [
      { from: 'proposed', url: 'requests/:id/accept', who: () => mentor.cookie, to: 'active' },
      { from: 'proposed', url: 'requests/:id/accept', who: () => admin, to: 'active' },
      {
        from: 'proposed',
        url: 'requests/:id/decline',
        body: { reasonCode: 'not_a_fit' },
        who: () => mentor.cookie,
        to: 'declined',
      },
      {
        from: 'proposed',
        url: 'requests/:id/decline',
        body: { reasonCode: 'other', reason: 'x' },
        who: () => coordinator,
        to: 'declined',
      },
      { from: 'proposed', url: 'requests/:id/withdraw', who: () => mentee.cookie, to: 'withdrawn' },
      { from: 'proposed', url: 'requests/:id/withdraw', who: () => coordinator, to: 'withdrawn' },
      {
        from: 'active',
        url: 'relationships/:id/complete',
        body: {},
        who: () => mentor.cookie,
        to: 'completed',
      },
      {
        from: 'active',
        url: 'relationships/:id/complete',
        body: { note: 'Great' },
        who: () => admin,
        to: 'completed',
      },
      {
        from: 'active',
        url: 'relationships/:id/end',
        body: { reason: 'Left' },
        who: () => mentee.cookie,
        to: 'ended_early',
      },
    ];
    for (const move of cases) {
      const row = await createRelationshipRow(t.ctx.db, {
        organisationId: orgId,
        programId: program.id,
        mentor: mentor.enrolment,
        mentee: mentee.enrolment,
        status: move.from,
        origin: 'request',
        createdAt: new Date(t.clock.now.getTime() - 1000),
      });
      const response = await post(`/api/${move.url.replace(':id', row.id)}`, move.body, move.who());
      assert.equal(response.statusCode, 200, `${move.url} → ${response.body}`);
      const [after] = await t.ctx.db.select().from(relationships).where(eq(relationships.id, row.id));
      assert.equal(after!.status, move.to, move.url);
      await t.ctx.db.delete(relationships).where(eq(relationships.id, row.id));
    }
  });

  it('lists a program’s relationships for staff only, paginated and filtered by status', async () => {
    const url = `/api/programs/${program.id}/relationships`;
    const all = await get(url, coordinator);
    assert.equal(all.statusCode, 200, all.body);
    assert.ok(all.json().total >= 3);
    const ended = (await get(`${url}?status=ended_early`, admin)).json();
    assert.ok(ended.items.length >= 2);
    assert.ok(ended.items.every((item: { status: string }) => item.status === 'ended_early'));
    const paged = (await get(`${url}?pageSize=1`, admin)).json();
    assert.equal(paged.items.length, 1);
    assert.equal(paged.total, all.json().total);
    const second = (await get(`${url}?pageSize=1&page=2`, admin)).json();
    assert.notEqual(second.items[0].id, paged.items[0].id, 'the next page shows the next relationship');
    const pastTheEnd = (await get(`${url}?pageSize=1&page=500`, admin)).json();
    assert.deepEqual({ items: pastTheEnd.items, total: pastTheEnd.total }, { items: [], total: paged.total });
    assert.equal((await get(url, member)).statusCode, 403, 'a member who is not staff');
    assert.equal((await get(url, mentor.cookie)).statusCode, 403, 'a mentor of the program is not staff');
    assert.equal((await get(url, otherAdmin)).statusCode, 404);
    assert.equal((await get(url)).statusCode, 401);
    const bad = await get(`${url}?status=happy`, admin);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /status/);
  });
});
