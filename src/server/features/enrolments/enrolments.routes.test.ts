import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { enrolments, notifications, relationships } from '../../db/schema.ts';
import { createPerson, createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import {
  addCoordinator,
  createProgram,
  createQuestion,
  createSkills,
} from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { loadMatchingProfiles } from './enrolment-profiles.service.ts';

describe('enrolments API', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let otherAdmin: string;
  let coordinator: string;
  let outsider: string;
  const people: Record<string, { id: string; cookie: string; email: string }> = {};

  const get = (url: string, cookie = admin) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (method: 'POST' | 'PATCH', url: string, payload: unknown, cookie = admin) =>
    t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const csv = (url: string, text: string, cookie = admin) =>
    t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'text/csv' }, payload: text });
  const statusOf = async (id: string) =>
    (await t.ctx.db.select().from(enrolments).where(eq(enrolments.id, id)))[0]?.status;
  /** The person's notices of one kind about one program, oldest first. */
  const noticesOf = async (person: string, kind: string, programId: string) =>
    (
      await t.ctx.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.personId, people[person]!.id), eq(notifications.kind, kind)))
        .orderBy(notifications.createdAt)
    ).filter((n) => (n.emailExtras as { programId?: string } | null)?.programId === programId);

  before(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const two = await createTwoOrganisations(db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    otherAdmin = two.otherAdmin.cookie;
    for (const name of [
      'mentorA',
      'mentorB',
      'menteeA',
      'menteeB',
      'menteeC',
      'menteeD',
      'coord',
      'outsider',
    ]) {
      const person = await createPerson(db, orgId, { name, email: `${name.toLowerCase()}@acme.example` });
      const { cookie } = await createSignedInUser(db, orgId, { personId: person.id });
      people[name] = { id: person.id, cookie, email: person.email };
    }
    coordinator = people.coord!.cookie;
    outsider = people.outsider!.cookie;
    await createSkills(db, orgId, ['Leadership', 'Public speaking', 'Negotiation']);
  });
  after(async () => t.close());

  async function newProgram(overrides: Parameters<typeof createProgram>[2] = {}) {
    const program = await createProgram(t.ctx.db, orgId, { status: 'enrolling', ...overrides });
    const users = await t.ctx.db.query.users.findFirst({
      where: (u, { eq: equals }) => equals(u.personId, people.coord!.id),
    });
    await addCoordinator(t.ctx.db, orgId, program.id, users!.id);
    return program;
  }

  it('enrols with a profile checked against the vocabulary and answers checked against the form', async () => {
    const program = await newProgram();
    const area = await createQuestion(t.ctx.db, orgId, program.id, {
      kind: 'single_choice',
      options: ['Engineering', 'Sales'],
      required: true,
    });
    const confidence = await createQuestion(t.ctx.db, orgId, program.id, {
      kind: 'scale',
      options: ['1', '2', '3', '4', '5'],
      audience: 'mentee',
    });
    const url = `/api/programs/${program.id}/enrolments`;
    const mentor = people.mentorA!.cookie;

    const unknownSkill = await send(
      'POST',
      url,
      {
        role: 'mentor',
        profile: { skillsOffered: ['leadership', 'Juggling'] },
        answers: { [area.id]: 'Sales' },
      },
      mentor,
    );
    assert.equal(unknownSkill.statusCode, 400);
    assert.match(unknownSkill.json().error.message, /body\.profile\.skillsOffered\[1\].*Juggling/);

    const missing = await send('POST', url, { role: 'mentor', profile: {} }, mentor);
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.details.issues[0].path, `body.answers.${area.id}`);

    const badOption = await send('POST', url, { role: 'mentor', answers: { [area.id]: 'Legal' } }, mentor);
    assert.equal(badOption.statusCode, 400);
    assert.match(badOption.json().error.message, /must be one of: Engineering, Sales/);

    const notForMentors = await send(
      'POST',
      url,
      { role: 'mentor', answers: { [area.id]: 'Sales', [confidence.id]: 3 } },
      mentor,
    );
    assert.equal(notForMentors.statusCode, 400);
    assert.match(notForMentors.json().error.message, new RegExp(`body.answers.${confidence.id}`));

    const menteeField = await send(
      'POST',
      url,
      { role: 'mentor', profile: { skillsWanted: ['Leadership'] }, answers: { [area.id]: 'Sales' } },
      mentor,
    );
    assert.equal(menteeField.statusCode, 400);
    assert.match(menteeField.json().error.message, /body\.profile\.skillsWanted: only for mentees/);

    const tooMany = await send(
      'POST',
      url,
      { role: 'mentor', profile: { capacity: 21 }, answers: { [area.id]: 'Sales' } },
      mentor,
    );
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.json().error.message, /capacity/);
    const unknownField = await send('POST', url, { role: 'mentor', profile: { shoeSize: 9 } }, mentor);
    assert.equal(unknownField.statusCode, 400);
    assert.match(unknownField.json().error.message, /shoeSize/);

    const created = await send(
      'POST',
      url,
      {
        role: 'mentor',
        profile: {
          skillsOffered: ['leadership', ' public  speaking '],
          goals: 'Help new managers',
          learningStyle: 'visual',
          meetingMode: 'video',
          languages: ['English'],
          availability: 'Tuesdays',
          avoidPersonIds: [people.menteeD!.id],
        },
        answers: { [area.id]: 'sales' },
      },
      mentor,
    );
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.equal(body.status, 'approved');
    assert.equal(body.capacity, 2, 'the program default');
    assert.deepEqual(body.profile.skillsOffered, ['Leadership', 'Public speaking']);
    assert.deepEqual(body.answers, { [area.id]: 'Sales' });
    assert.equal(body.person.name, 'mentorA');

    const both = await send('POST', url, { role: 'mentee', answers: { [area.id]: 'Sales' } }, mentor);
    assert.equal(both.statusCode, 409);
    assert.match(both.json().error.message, /one role per program/);
    const again = await send('POST', url, { role: 'mentor', answers: { [area.id]: 'Sales' } }, mentor);
    assert.equal(again.statusCode, 409);

    const mentee = await send(
      'POST',
      url,
      {
        role: 'mentee',
        profile: {
          skillsWanted: ['Negotiation'],
          targetFunction: 'Product',
          departmentPreference: 'different',
          preferredMentorIds: [people.mentorA!.id],
        },
        answers: { [area.id]: 'Engineering', [confidence.id]: 4 },
      },
      people.menteeA!.cookie,
    );
    assert.equal(mentee.statusCode, 201, mentee.body);
    assert.equal(mentee.json().answers[confidence.id], '4');
    const profiles = await loadMatchingProfiles(t.ctx.db, orgId, program.id);
    assert.equal(profiles.mentors[0]!.capacity, 2);
    assert.deepEqual(profiles.mentees[0]!.preferredMentorIds, [people.mentorA!.id]);
    assert.equal(profiles.mentees[0]!.answers[confidence.id], '4');

    // A mentor in this program may be a mentee in another.
    const other = await newProgram();
    const elsewhere = await send('POST', `/api/programs/${other.id}/enrolments`, { role: 'mentee' }, mentor);
    assert.equal(elsewhere.statusCode, 201, elsewhere.body);
    const mine = (await get('/api/me/enrolments', mentor)).json().items;
    assert.deepEqual(mine.map((e: { role: string }) => e.role).sort(), ['mentee', 'mentor']);
  });

  it('opens self-enrolment only while enrolling; staff may enrol someone at other times', async () => {
    const program = await newProgram({ status: 'matching' });
    const url = `/api/programs/${program.id}/enrolments`;
    const self = await send('POST', url, { role: 'mentee' }, people.menteeB!.cookie);
    assert.equal(self.statusCode, 409);
    assert.match(self.json().error.message, /not open for enrolment/);
    const byOther = await send(
      'POST',
      url,
      { role: 'mentee', personId: people.menteeB!.id },
      people.menteeA!.cookie,
    );
    assert.equal(byOther.statusCode, 403);
    const byStaff = await send('POST', url, { role: 'mentor', personId: people.menteeB!.id }, coordinator);
    assert.equal(byStaff.statusCode, 201, byStaff.body);
    // Enrolled by staff: they learn it from us, with what comes next.
    const [told] = await noticesOf('menteeB', 'enrolment.approved', program.id);
    assert.equal(told?.title, `You are enrolled as a mentor in ${program.name}`);
    assert.match(told!.body, /^Next: program staff match you with mentees/);
    assert.equal(told!.link, '/mentoring');
    const closed = await newProgram({ status: 'closed' });
    const late = await send('POST', `/api/programs/${closed.id}/enrolments`, {
      role: 'mentor',
      personId: people.menteeB!.id,
    });
    assert.equal(late.statusCode, 409);
    const foreign = await send('POST', url, { role: 'mentee' }, otherAdmin);
    assert.equal(foreign.statusCode, 404);
  });

  it('waitlists mentees beyond the mentors’ places and promotes them in enrolment order', async () => {
    const program = await newProgram();
    const url = `/api/programs/${program.id}/enrolments`;
    const enrol = async (who: string, role: 'mentor' | 'mentee', profile: object = {}) => {
      const response = await send('POST', url, { role, profile }, people[who]!.cookie);
      assert.equal(response.statusCode, 201, response.body);
      t.clock.advance(1000);
      return response.json();
    };
    const early = await enrol('menteeA', 'mentee');
    assert.equal(early.status, 'waitlisted', 'no mentor places yet');
    const [waiting] = await noticesOf('menteeA', 'enrolment.waitlisted', program.id);
    assert.equal(waiting?.title, `You are on the waitlist for ${program.name}`);
    assert.match(waiting!.body, /We will tell you as soon as a place opens/);
    const mentor = await enrol('mentorA', 'mentor', { capacity: 1 });
    assert.equal(await statusOf(early.id), 'approved', 'a mentor’s places promote the waitlist');
    const [promoted] = await noticesOf('menteeA', 'enrolment.promoted', program.id);
    assert.equal(promoted?.title, `A mentor place opened in ${program.name}: you are in`);
    assert.match(promoted!.body, /now enrolled as a mentee\. Next: program staff match you with a mentor/);
    assert.equal(promoted!.link, '/mentoring');
    const second = await enrol('menteeB', 'mentee');
    const third = await enrol('menteeC', 'mentee');
    assert.equal(second.status, 'waitlisted');
    assert.equal(third.status, 'waitlisted');
    const detail = (await get(`/api/programs/${program.id}`)).json();
    assert.equal(detail.counts.waitlisted, 2);
    assert.equal(detail.counts.mentorCapacity, 1);

    const raised = await send(
      'PATCH',
      `/api/enrolments/${mentor.id}`,
      { profile: { capacity: 2 } },
      people.mentorA!.cookie,
    );
    assert.equal(raised.statusCode, 200, raised.body);
    assert.equal(await statusOf(second.id), 'approved', 'first waitlisted first');
    assert.equal(await statusOf(third.id), 'waitlisted');
    const note = await t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.personId, people.menteeB!.id), eq(notifications.kind, 'enrolment.promoted')),
      );
    assert.equal(note.length, 1);

    const withdrawn = await send(
      'POST',
      `/api/enrolments/${early.id}/withdraw`,
      undefined,
      people.menteeA!.cookie,
    );
    assert.equal(withdrawn.statusCode, 200);
    assert.equal(withdrawn.json().status, 'withdrawn');
    assert.equal(await statusOf(third.id), 'approved', 'a mentee leaving frees a place');
    assert.equal(
      (await send('POST', `/api/enrolments/${early.id}/withdraw`, undefined, people.menteeA!.cookie))
        .statusCode,
      409,
    );
    const profiles = await loadMatchingProfiles(t.ctx.db, orgId, program.id);
    assert.deepEqual(
      profiles.mentees.map((m) => m.personId).sort(),
      [people.menteeB!.id, people.menteeC!.id].sort(),
      'withdrawn enrolments drop from matching',
    );
    const back = await send('POST', url, { role: 'mentee' }, people.menteeA!.cookie);
    assert.equal(back.statusCode, 201, 'enrolling again after withdrawing');
    assert.equal(back.json().id, early.id);
    assert.equal(back.json().status, 'waitlisted');
  });

  it('queues enrolments for approval when the program requires it; staff approve or reject', async () => {
    const program = await newProgram({ requiresApproval: true });
    const url = `/api/programs/${program.id}/enrolments`;
    const mentor = (
      await send('POST', url, { role: 'mentor', profile: { capacity: 1 } }, people.mentorB!.cookie)
    ).json();
    const menteeA = (await send('POST', url, { role: 'mentee' }, people.menteeC!.cookie)).json();
    const menteeB = (await send('POST', url, { role: 'mentee' }, people.menteeD!.cookie)).json();
    assert.equal(mentor.status, 'pending_approval');
    assert.equal(menteeA.status, 'pending_approval');

    const foreignProgram = await createProgram(t.ctx.db, orgId);
    const otherCoordinator = await createSignedInUser(t.ctx.db, orgId);
    await addCoordinator(t.ctx.db, orgId, foreignProgram.id, otherCoordinator.user.id);
    for (const [cookie, expected] of [
      [people.menteeC!.cookie, 403],
      [otherCoordinator.cookie, 403],
      [otherAdmin, 404],
    ] as const) {
      assert.equal(
        (await send('POST', `/api/enrolments/${menteeA.id}/approve`, undefined, cookie)).statusCode,
        expected,
      );
      assert.equal(
        (await send('POST', `/api/enrolments/${menteeA.id}/reject`, {}, cookie)).statusCode,
        expected,
      );
    }
    const first = await send('POST', `/api/enrolments/${menteeA.id}/approve`, undefined, coordinator);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().status, 'waitlisted', 'no approved mentor yet');
    assert.equal(
      (await send('POST', `/api/enrolments/${mentor.id}/approve`, undefined, coordinator)).json().status,
      'approved',
    );
    assert.equal(await statusOf(menteeA.id), 'approved', 'approving a mentor promotes the waitlist');
    const rejected = await send(
      'POST',
      `/api/enrolments/${menteeB.id}/reject`,
      { reason: 'Not eligible yet' },
      coordinator,
    );
    assert.equal(rejected.json().status, 'rejected');
    // Each person hears what became of their enrolment.
    const [waitlisted] = await noticesOf('menteeC', 'enrolment.waitlisted', program.id);
    assert.equal(
      waitlisted?.title,
      `Your enrolment in ${program.name} was approved: you are on the waitlist`,
    );
    assert.equal((await noticesOf('menteeC', 'enrolment.promoted', program.id)).length, 1);
    const [approvedMentor] = await noticesOf('mentorB', 'enrolment.approved', program.id);
    assert.equal(approvedMentor?.title, `Your enrolment in ${program.name} was approved`);
    const [notAccepted] = await noticesOf('menteeD', 'enrolment.rejected', program.id);
    assert.equal(notAccepted?.title, `Your enrolment in ${program.name} was not accepted`);
    assert.equal(notAccepted!.body, '“Not eligible yet” Questions? Ask the program’s coordinators.');
    assert.deepEqual(notAccepted!.emailExtras, { programId: program.id, actionLabel: 'See your programs' });
    assert.equal(
      (await send('POST', `/api/enrolments/${menteeB.id}/approve`, undefined, coordinator)).statusCode,
      409,
    );

    const list = await get(`/api/programs/${program.id}/enrolments?role=mentee&status=approved`, coordinator);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((e: { id: string }) => e.id),
      [menteeA.id],
    );
    assert.equal(list.json().items[0].person.name, 'menteeC');
    const search = await get(`/api/programs/${program.id}/enrolments?q=MENTORB`, coordinator);
    assert.equal(search.json().total, 1);
    assert.equal((await get(`/api/programs/${program.id}/enrolments`, outsider)).statusCode, 403);
    assert.equal((await get(`/api/programs/${program.id}/enrolments`, otherAdmin)).statusCode, 404);
    assert.equal(
      (await get(`/api/programs/${program.id}/enrolments?status=maybe`, coordinator)).statusCode,
      400,
    );
  });

  it('lets only the person or staff edit or withdraw an enrolment', async () => {
    const program = await newProgram();
    const created = (
      await send('POST', `/api/programs/${program.id}/enrolments`, { role: 'mentor' }, people.mentorB!.cookie)
    ).json();
    const url = `/api/enrolments/${created.id}`;
    assert.equal((await send('PATCH', url, { profile: { goals: 'x' } }, outsider)).statusCode, 403);
    assert.equal((await send('POST', `${url}/withdraw`, undefined, outsider)).statusCode, 403);
    assert.equal((await send('PATCH', url, { profile: { goals: 'x' } }, otherAdmin)).statusCode, 404);
    assert.equal((await get(url, otherAdmin)).statusCode, 404);
    const edited = await send('PATCH', url, { profile: { goals: 'Grow leaders' } }, coordinator);
    assert.equal(edited.statusCode, 200);
    assert.equal(edited.json().profile.goals, 'Grow leaders');
    const unknown = await send(
      'PATCH',
      url,
      { profile: { avoidPersonIds: ['00000000-0000-4000-8000-000000000000'] } },
      people.mentorB!.cookie,
    );
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /body\.profile\.avoidPersonIds\[0\]/);
    assert.equal((await send('POST', `${url}/withdraw`, undefined, coordinator)).json().status, 'withdrawn');
    assert.equal(
      (await send('PATCH', url, { profile: { goals: 'y' } }, people.mentorB!.cookie)).statusCode,
      409,
    );
  });

  it('withdraws a leaving mentee’s open requests and tells the mentor', async () => {
    const program = await newProgram();
    const url = `/api/programs/${program.id}/enrolments`;
    const mentor = (await send('POST', url, { role: 'mentor' }, people.mentorA!.cookie)).json();
    const mentee = (await send('POST', url, { role: 'mentee' }, people.menteeD!.cookie)).json();
    const [request] = await t.ctx.db
      .insert(relationships)
      .values({
        organisationId: orgId,
        programId: program.id,
        mentorEnrolmentId: mentor.id,
        menteeEnrolmentId: mentee.id,
        mentorPersonId: people.mentorA!.id,
        menteePersonId: people.menteeD!.id,
        status: 'proposed',
        origin: 'request',
      })
      .returning();
    const left = await send(
      'POST',
      `/api/enrolments/${mentee.id}/withdraw`,
      undefined,
      people.menteeD!.cookie,
    );
    assert.equal(left.statusCode, 200, left.body);
    const [after] = await t.ctx.db.select().from(relationships).where(eq(relationships.id, request!.id));
    assert.equal(after!.status, 'withdrawn');
    const told = await t.ctx.db
      .select()
      .from(notifications)
      .where(
        and(eq(notifications.personId, people.mentorA!.id), eq(notifications.kind, 'request_withdrawn')),
      );
    assert.equal(told.length, 1);
  });

  it('gives the last mentor place to exactly one of several mentees enrolling at once', async () => {
    const program = await newProgram();
    const url = `/api/programs/${program.id}/enrolments`;
    assert.equal(
      (await send('POST', url, { role: 'mentor', profile: { capacity: 1 } }, people.mentorB!.cookie))
        .statusCode,
      201,
    );
    const responses = await Promise.all(
      ['menteeA', 'menteeB', 'menteeC', 'menteeD'].map((who) =>
        send('POST', url, { role: 'mentee' }, people[who]!.cookie),
      ),
    );
    assert.deepEqual(
      responses.map((response) => response.statusCode),
      [201, 201, 201, 201],
    );
    const statuses = responses.map((response) => response.json().status).sort();
    assert.deepEqual(statuses, ['approved', 'waitlisted', 'waitlisted', 'waitlisted']);
  });

  it('enrols directory people in bulk, all or nothing', async () => {
    const program = await newProgram({ mentorDefaultCapacity: 1 });
    const url = `/api/programs/${program.id}/enrolments/bulk`;
    const bad = await send('POST', url, {
      role: 'mentee',
      personIds: [people.menteeA!.id, '00000000-0000-4000-8000-000000000000'],
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /body\.personIds\[1\]/);
    assert.equal((await get(`/api/programs/${program.id}/enrolments`)).json().total, 0, 'nothing written');
    assert.equal(
      (await send('POST', url, { role: 'mentee', personIds: [people.menteeA!.id] }, outsider)).statusCode,
      403,
    );

    const mentors = await send('POST', url, {
      role: 'mentor',
      personIds: [people.mentorA!.id, people.mentorB!.id],
    });
    assert.deepEqual(mentors.json(), { created: 2, waitlisted: 0, pendingApproval: 0, skipped: 0 });
    const mentees = await send('POST', url, {
      role: 'mentee',
      personIds: [people.menteeA!.id, people.menteeB!.id, people.menteeC!.id],
    });
    assert.equal(mentees.statusCode, 200, mentees.body);
    assert.deepEqual(mentees.json(), { created: 3, waitlisted: 1, pendingApproval: 0, skipped: 0 });
    const waiting = (await get(`/api/programs/${program.id}/enrolments?status=waitlisted`)).json().items;
    assert.equal(waiting[0].personId, people.menteeC!.id, 'the last given waits');
    const firstPage = (await get(`/api/programs/${program.id}/enrolments?role=mentee&pageSize=2`)).json();
    assert.deepEqual(
      { shown: firstPage.items.length, total: firstPage.total, program: firstPage.items[0].programName },
      { shown: 2, total: 3, program: program.name },
    );
    const pastTheEnd = (
      await get(`/api/programs/${program.id}/enrolments?role=mentee&page=9&pageSize=2`)
    ).json();
    assert.deepEqual({ items: pastTheEnd.items, total: pastTheEnd.total }, { items: [], total: 3 });

    const conflict = await send('POST', url, {
      role: 'mentor',
      personIds: [people.menteeD!.id, people.menteeA!.id],
    });
    assert.equal(conflict.statusCode, 400);
    assert.match(conflict.json().error.message, /body\.personIds\[1\]: already enrolled as mentee/);
    assert.equal(
      (await get(`/api/programs/${program.id}/enrolments?role=mentor`)).json().total,
      2,
      'nothing written',
    );
    const repeat = await send('POST', url, {
      role: 'mentee',
      personIds: [people.menteeA!.id, people.menteeD!.id],
    });
    assert.deepEqual(repeat.json(), { created: 1, waitlisted: 1, pendingApproval: 0, skipped: 1 });
  });

  it('imports enrolments from a CSV with line-numbered errors, all or nothing', async () => {
    const program = await newProgram();
    const url = `/api/programs/${program.id}/enrolments/import`;
    const bad = [
      'email,role,capacity,skills,learning style',
      `${people.mentorA!.email},mentor,3,Leadership|Negotiation,visual`,
      `${people.menteeA!.email},mentee,2,Leadership,`,
      'nobody@acme.example,mentee,,,',
      `${people.menteeB!.email},boss,,,`,
      `${people.menteeC!.email},mentee,,Juggling,telepathy`,
    ].join('\n');
    const refused = await csv(url, bad);
    assert.equal(refused.statusCode, 400, refused.body);
    const paths = refused.json().error.details.issues.map((issue: { path: string }) => issue.path);
    assert.deepEqual(paths, [
      'line 3.capacity',
      'line 4.email',
      'line 5.role',
      'line 6.learningStyle',
      'line 6.skills',
    ]);
    assert.equal((await get(`/api/programs/${program.id}/enrolments`)).json().total, 0, 'nothing written');

    const empty = await csv(url, '');
    assert.equal(empty.statusCode, 400, empty.body);
    const unclosed = await csv(url, `email,role\n"${people.menteeA!.email},mentee\n`);
    assert.equal(unclosed.statusCode, 400, unclosed.body);
    assert.match(unclosed.json().error.message, /^line 2/);
    const json = await send('POST', url, { rows: [] });
    assert.equal(json.statusCode, 400, json.body);
    const header = await csv(url, 'mail,role\nx@y.z,mentor\n');
    assert.equal(header.statusCode, 400);
    assert.match(header.json().error.message, /line 1: “mail” is not a column Trellis reads/);
    assert.equal((await csv(url, 'email,role\n', outsider)).statusCode, 403);
    assert.equal((await csv(url, 'email,role\n', otherAdmin)).statusCode, 404);

    const good = [
      'Email,Role,Capacity,Skills,Goals,Target function,Languages,Learning style,Meeting mode,Department preference',
      `${people.mentorA!.email},mentor,3,leadership;negotiation,Help people grow,,English|French,visual,video,`,
      `${people.menteeA!.email.toUpperCase()},Mentee,,Public speaking,"Lead a team, soon",Product,English,auditory,in person,different`,
    ].join('\r\n');
    const imported = await csv(url, good);
    assert.equal(imported.statusCode, 200, imported.body);
    assert.deepEqual(imported.json(), { created: 2, waitlisted: 0, pendingApproval: 0, skipped: 0 });
    const profiles = await loadMatchingProfiles(t.ctx.db, orgId, program.id);
    assert.equal(profiles.mentors[0]!.capacity, 3);
    assert.deepEqual(profiles.mentors[0]!.skillsOffered, ['Leadership', 'Negotiation']);
    assert.deepEqual(profiles.mentors[0]!.languages, ['English', 'French']);
    const mentee = profiles.mentees[0]!;
    assert.deepEqual(mentee.skillsWanted, ['Public speaking']);
    assert.equal(mentee.goals, 'Lead a team, soon');
    assert.equal(mentee.targetFunction, 'Product');
    assert.equal(mentee.meetingMode, 'in_person');
    assert.equal(mentee.departmentPreference, 'different');

    // A spreadsheet's Windows-1252 export reads the same as UTF-8 (é is one byte there, € is 0x80).
    const windows1252 = { '€': 0x80, '’': 0x92, '—': 0x97 } as Record<string, number>;
    const latin = Buffer.from(
      [
        ...`email,role,goals\r\n${people.menteeB!.email},mentee,Carrière à l’étranger — budget 5 000 €\r\n`,
      ].map((char) => windows1252[char] ?? char.charCodeAt(0)),
    );
    const windows = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: admin, 'content-type': 'text/csv' },
      payload: latin,
    });
    assert.equal(windows.statusCode, 200, windows.body);
    assert.deepEqual(windows.json(), { created: 1, waitlisted: 0, pendingApproval: 0, skipped: 0 });
    const withLatin = await loadMatchingProfiles(t.ctx.db, orgId, program.id);
    const latinMentee = withLatin.mentees.find((m) => m.personId === people.menteeB!.id)!;
    assert.equal(latinMentee.goals, 'Carrière à l’étranger — budget 5 000 €');
  });
});
