import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPerson, createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { addCoordinator, createProgram, enrolPerson } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('programs API', () => {
  let t: TestApp;
  let orgId: string;
  let admin: string;
  let member: string;
  let memberPersonId: string;
  let coordinator: string;
  let coordinatorUserId: string;
  let otherAdmin: string;
  let ownProgramId: string;
  let othersProgramId: string;

  const get = (url: string, cookie = admin) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, cookie = admin) =>
    t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  before(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const two = await createTwoOrganisations(db);
    orgId = two.org.id;
    admin = two.admin.cookie;
    otherAdmin = two.otherAdmin.cookie;
    const person = await createPerson(db, orgId, { name: 'Mia Member' });
    memberPersonId = person.id;
    member = (await createSignedInUser(db, orgId, { personId: person.id })).cookie;
    const coord = await createSignedInUser(db, orgId);
    coordinator = coord.cookie;
    coordinatorUserId = coord.user.id;
    ownProgramId = (await createProgram(db, orgId, { name: 'Coordinated', status: 'draft' })).id;
    othersProgramId = (await createProgram(db, orgId, { name: 'Not mine', status: 'enrolling' })).id;
    await addCoordinator(db, orgId, ownProgramId, coordinatorUserId);
  });
  after(async () => t.close());

  it('lets an admin create a program with every setting, in draft, and seeds the skills vocabulary', async () => {
    const skillsBefore = await get('/api/skills', member);
    assert.equal(skillsBefore.json().items.length, 0);
    const created = await send('POST', '/api/programs', {
      name: 'Engineering mentoring 2027',
      description: 'Grow engineers',
      goals: 'Retention',
      type: 'group',
      matchingMode: 'hybrid',
      startsOn: '2027-01-10',
      endsOn: '2027-07-10',
      enrolmentOpensOn: '2026-12-01',
      enrolmentClosesOn: '2026-12-20',
      meetingCadence: 'monthly',
      relationshipMonths: 6,
      mentorDefaultCapacity: 4,
      requiresApproval: true,
      maxOpenRequests: 3,
      requestExpiryDays: 10,
      suggestionCount: 6,
      criteria: { weights: { skills: 'must' } },
      agreementTemplate: { confidentiality: 'What is said stays here' },
      surveySchedule: { checkInDays: 30 },
    });
    assert.equal(created.statusCode, 201, created.body);
    const program = created.json();
    assert.equal(program.status, 'draft');
    assert.equal(program.type, 'group');
    assert.equal(program.mentorDefaultCapacity, 4);
    assert.equal(program.requiresApproval, true);
    assert.deepEqual(program.criteria, { weights: { skills: 'must' } });
    assert.equal(program.canManage, true);
    assert.deepEqual(program.allowedTransitions, ['enrolling']);
    assert.deepEqual(program.counts.mentors, 0);
    const skills = (await get('/api/skills', member)).json().items;
    assert.ok(skills.length >= 20);
    assert.ok(skills.some((skill: { name: string }) => skill.name === 'Leadership'));
  });

  it('refuses bad settings naming the field', async () => {
    const unknown = await send('POST', '/api/programs', { name: 'X', colour: 'red' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /colour/);
    const wrongType = await send('POST', '/api/programs', { name: 'X', type: 'mentoring' });
    assert.equal(wrongType.statusCode, 400);
    assert.match(wrongType.json().error.message, /type/);
    const dates = await send('POST', '/api/programs', {
      name: 'X',
      startsOn: '2027-02-01',
      endsOn: '2027-01-01',
    });
    assert.equal(dates.statusCode, 400);
    assert.match(dates.json().error.message, /body\.endsOn/);
    const criteria = await send('POST', '/api/programs', {
      name: 'X',
      criteria: { weights: { shoeSize: 'high' } },
    });
    assert.equal(criteria.statusCode, 400);
    assert.match(criteria.json().error.message, /body\.criteria\.weights\.shoeSize/);
    const capacity = await send('PATCH', `/api/programs/${ownProgramId}`, { mentorDefaultCapacity: 0 });
    assert.equal(capacity.statusCode, 400);
    assert.match(capacity.json().error.message, /mentorDefaultCapacity/);
  });

  it('refuses program staff actions to members, coordinators of other programs and other organisations', async () => {
    const cases: [string, 'GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown?][] = [
      ['patch', 'PATCH', `/api/programs/${othersProgramId}`, { name: 'Hijacked' }],
      ['transition', 'POST', `/api/programs/${othersProgramId}/transitions`, { to: 'matching' }],
      ['coordinators', 'GET', `/api/programs/${othersProgramId}/coordinators`],
      [
        'question',
        'POST',
        `/api/programs/${othersProgramId}/questions`,
        { kind: 'short_text', label: 'Anything else?' },
      ],
      ['order', 'POST', `/api/programs/${othersProgramId}/questions/order`, { ids: [] }],
    ];
    for (const [name, method, url, payload] of cases) {
      const call = (cookie: string) =>
        method === 'GET' ? get(url, cookie) : send(method, url, payload, cookie);
      assert.equal((await call(member)).statusCode, 403, `member ${name}`);
      assert.equal((await call(coordinator)).statusCode, 403, `coordinator of another program ${name}`);
      assert.equal((await call(otherAdmin)).statusCode, 404, `other organisation ${name}`);
    }
    assert.equal((await send('POST', '/api/programs', { name: 'Mine' }, coordinator)).statusCode, 403);
    assert.equal(
      (await send('DELETE', `/api/programs/${ownProgramId}`, undefined, coordinator)).statusCode,
      403,
    );
    const assign = await send(
      'POST',
      `/api/programs/${ownProgramId}/coordinators`,
      { userId: coordinatorUserId },
      coordinator,
    );
    assert.equal(assign.statusCode, 403);
    assert.equal((await get(`/api/programs/${othersProgramId}`, otherAdmin)).statusCode, 404);
    assert.equal((await get(`/api/programs/${ownProgramId}/questions`, otherAdmin)).statusCode, 404);
  });

  it('lets a coordinator manage their own program: settings, form and lifecycle', async () => {
    const patched = await send(
      'PATCH',
      `/api/programs/${ownProgramId}`,
      { description: 'Ours' },
      coordinator,
    );
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().description, 'Ours');
    assert.equal(patched.json().canManage, true);
    const coordinators = await get(`/api/programs/${ownProgramId}/coordinators`, coordinator);
    assert.deepEqual(
      coordinators.json().items.map((c: { userId: string }) => c.userId),
      [coordinatorUserId],
    );
  });

  it('moves along the lifecycle only by allowed transitions; closed is final', async () => {
    const program = await createProgram(t.ctx.db, orgId, { status: 'draft' });
    const to = (status: string) =>
      send('POST', `/api/programs/${program.id}/transitions`, { to: status }, coordinator);
    await addCoordinator(t.ctx.db, orgId, program.id, coordinatorUserId);
    const skip = await to('running');
    assert.equal(skip.statusCode, 409);
    assert.equal(
      skip.json().error.message,
      'This program is “Draft”, so it cannot move to “Running”: next it can move to “Enrolling”.',
    );
    for (const status of ['enrolling', 'matching', 'enrolling', 'matching', 'running']) {
      const moved = await to(status);
      assert.equal(moved.statusCode, 200, `${status}: ${moved.body}`);
      assert.equal(moved.json().status, status);
    }
    assert.equal((await to('matching')).statusCode, 409);
    assert.equal((await to('closed')).statusCode, 200);
    for (const status of ['draft', 'enrolling', 'running']) assert.equal((await to(status)).statusCode, 409);
    assert.equal(
      (await to('running')).json().error.message,
      'This program is closed, and a closed program cannot be opened again.',
    );
    assert.equal((await to('nowhere')).statusCode, 400);
    const edit = await send('PATCH', `/api/programs/${program.id}`, { name: 'Late edit' }, coordinator);
    assert.equal(edit.statusCode, 409);
  });

  it('lists what each caller may see, with counts and whether they manage it', async () => {
    const db = t.ctx.db;
    const running = await createProgram(db, orgId, { name: 'Running one', status: 'running' });
    const hidden = await createProgram(db, orgId, { name: 'Hidden draft', status: 'draft' });
    const enrolledDraft = await createProgram(db, orgId, { name: 'Enrolled matching', status: 'matching' });
    await enrolPerson(db, {
      organisationId: orgId,
      programId: enrolledDraft.id,
      personId: memberPersonId,
      role: 'mentee',
    });
    const mentorPerson = await createPerson(db, orgId);
    await enrolPerson(db, {
      organisationId: orgId,
      programId: running.id,
      personId: mentorPerson.id,
      role: 'mentor',
      capacity: 3,
    });
    await enrolPerson(db, {
      organisationId: orgId,
      programId: running.id,
      personId: memberPersonId,
      role: 'mentee',
    });

    const names = async (cookie: string) =>
      (await get('/api/programs?pageSize=200', cookie)).json().items.map((p: { name: string }) => p.name);
    const memberSees = await names(member);
    assert.ok(memberSees.includes('Running one'));
    assert.ok(memberSees.includes('Not mine'));
    assert.ok(memberSees.includes('Enrolled matching'));
    assert.ok(!memberSees.includes('Hidden draft'));
    assert.ok(!memberSees.includes('Coordinated'));
    const coordinatorSees = await names(coordinator);
    assert.ok(coordinatorSees.includes('Coordinated'));
    assert.ok((await names(admin)).includes('Hidden draft'));
    assert.equal((await names(otherAdmin)).length, 0);

    const list = (await get('/api/programs?pageSize=200', member)).json();
    const runningItem = list.items.find((p: { name: string }) => p.name === 'Running one');
    assert.deepEqual(
      {
        mentors: runningItem.counts.mentors,
        mentees: runningItem.counts.mentees,
        cap: runningItem.counts.mentorCapacity,
      },
      { mentors: 1, mentees: 1, cap: 3 },
    );
    assert.equal(runningItem.canManage, false);
    const coordinatorList = (await get('/api/programs?pageSize=200', coordinator)).json().items as {
      name: string;
      canManage: boolean;
    }[];
    assert.equal(coordinatorList.find((p) => p.name === 'Coordinated')?.canManage, true);
    assert.equal(coordinatorList.find((p) => p.name === 'Running one')?.canManage, false);
    const paged = (await get('/api/programs?page=1&pageSize=2', admin)).json();
    assert.equal(paged.items.length, 2);
    assert.ok(paged.total >= 5);
    const pastTheEnd = (await get('/api/programs?page=500&pageSize=2', admin)).json();
    assert.deepEqual({ items: pastTheEnd.items, total: pastTheEnd.total }, { items: [], total: paged.total });
    assert.equal(
      (await get('/api/programs?status=draft', admin))
        .json()
        .items.every((p: { status: string }) => p.status === 'draft'),
      true,
    );

    const detail = (await get(`/api/programs/${running.id}`, member)).json();
    assert.equal(detail.canManage, false);
    assert.deepEqual(detail.allowedTransitions, []);
    assert.equal(detail.myEnrolments.length, 1);
    assert.equal(detail.myEnrolments[0].role, 'mentee');
    assert.equal((await get(`/api/programs/${hidden.id}`, member)).statusCode, 404);
    assert.equal((await get(`/api/programs/${hidden.id}`, admin)).statusCode, 200);
  });

  it('assigns and removes coordinators (admin only; users of the organisation only)', async () => {
    const program = await createProgram(t.ctx.db, orgId);
    const user = await createSignedInUser(t.ctx.db, orgId);
    const added = await send('POST', `/api/programs/${program.id}/coordinators`, { userId: user.user.id });
    assert.equal(added.statusCode, 200, added.body);
    assert.equal(added.json().items.length, 1);
    assert.equal(
      (await send('PATCH', `/api/programs/${program.id}`, { goals: 'x' }, user.cookie)).statusCode,
      200,
    );
    const foreign = await send('POST', `/api/programs/${program.id}/coordinators`, {
      userId: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.json().error.message, /body\.userId/);
    const removed = await send('DELETE', `/api/programs/${program.id}/coordinators/${user.user.id}`);
    assert.equal(removed.statusCode, 204);
    assert.equal(
      (await send('PATCH', `/api/programs/${program.id}`, { goals: 'y' }, user.cookie)).statusCode,
      403,
    );
    assert.equal(
      (await send('DELETE', `/api/programs/${program.id}/coordinators/${user.user.id}`)).statusCode,
      404,
    );
  });

  it('builds the enrolment form: kinds, scale, matching only for choice questions, reorder', async () => {
    const base = `/api/programs/${ownProgramId}/questions`;
    const choice = await send(
      'POST',
      base,
      {
        kind: 'single_choice',
        label: 'Area',
        options: ['Engineering', 'Sales'],
        useInMatching: true,
        required: true,
      },
      coordinator,
    );
    assert.equal(choice.statusCode, 201, choice.body);
    const scale = await send(
      'POST',
      base,
      { kind: 'scale', label: 'Confidence', options: [], scale: { min: 1, max: 5 }, audience: 'mentee' },
      coordinator,
    );
    assert.equal(scale.statusCode, 201, scale.body);
    assert.deepEqual(scale.json().options, ['1', '2', '3', '4', '5']);
    const text = await send('POST', base, { kind: 'long_text', label: 'Tell us more' }, coordinator);
    assert.equal(text.statusCode, 201);

    const textMatching = await send(
      'POST',
      base,
      { kind: 'short_text', label: 'Why', useInMatching: true },
      coordinator,
    );
    assert.equal(textMatching.statusCode, 400);
    assert.match(textMatching.json().error.message, /body\.useInMatching/);
    const scaleMatching = await send(
      'PATCH',
      `${base}/${scale.json().id}`,
      { useInMatching: true },
      coordinator,
    );
    assert.equal(scaleMatching.statusCode, 400);
    assert.match(scaleMatching.json().error.message, /body\.useInMatching/);
    const oneOption = await send(
      'POST',
      base,
      { kind: 'multiple_choice', label: 'Pick', options: ['Only'] },
      coordinator,
    );
    assert.equal(oneOption.statusCode, 400);
    assert.match(oneOption.json().error.message, /body\.options/);
    const textOptions = await send(
      'POST',
      base,
      { kind: 'short_text', label: 'Pick', options: ['a', 'b'] },
      coordinator,
    );
    assert.equal(textOptions.statusCode, 400);
    const badKind = await send('POST', base, { kind: 'essay', label: 'Pick' }, coordinator);
    assert.equal(badKind.statusCode, 400);
    assert.match(badKind.json().error.message, /kind/);

    const edited = await send(
      'PATCH',
      `${base}/${text.json().id}`,
      { label: 'Anything else?', required: true },
      coordinator,
    );
    assert.equal(edited.statusCode, 200);
    assert.equal(edited.json().label, 'Anything else?');
    const toChoice = await send('PATCH', `${base}/${text.json().id}`, { kind: 'single_choice' }, coordinator);
    assert.equal(toChoice.statusCode, 400, 'a choice question needs options');

    const ids = [text.json().id, choice.json().id, scale.json().id];
    const ordered = await send('POST', `${base}/order`, { ids }, coordinator);
    assert.equal(ordered.statusCode, 200, ordered.body);
    assert.deepEqual(
      ordered.json().items.map((q: { id: string }) => q.id),
      ids,
    );
    const partial = await send('POST', `${base}/order`, { ids: ids.slice(1) }, coordinator);
    assert.equal(partial.statusCode, 400);
    // The program is still a draft: its form is the staff's until it opens (a member gets 404).
    assert.equal((await get(base, member)).statusCode, 404);
    const listed = await get(base, coordinator);
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(
      listed.json().items.map((q: { id: string }) => q.id),
      ids,
    );
    assert.equal((await send('DELETE', `${base}/${text.json().id}`, undefined, coordinator)).statusCode, 204);
    assert.equal((await send('DELETE', `${base}/${text.json().id}`, undefined, coordinator)).statusCode, 404);
    assert.equal((await get(base, coordinator)).json().items.length, 2);
  });

  it('deletes a program without relationships (admin)', async () => {
    const program = await createProgram(t.ctx.db, orgId);
    assert.equal(
      (await send('DELETE', `/api/programs/${program.id}`, undefined, otherAdmin)).statusCode,
      404,
    );
    assert.equal((await send('DELETE', `/api/programs/${program.id}`)).statusCode, 204);
    assert.equal((await get(`/api/programs/${program.id}`)).statusCode, 404);
  });

  it('curates the skills vocabulary (admin), members read it', async () => {
    const created = await send('POST', '/api/skills', { name: 'Kubernetes', category: 'Technical' });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await send('POST', '/api/skills', { name: ' kubernetes ' })).statusCode, 409);
    assert.equal((await send('POST', '/api/skills', { name: 'Go' }, member)).statusCode, 403);
    assert.equal((await send('POST', '/api/skills', { name: '' })).statusCode, 400);
    assert.ok(
      (await get('/api/skills', member)).json().items.some((s: { name: string }) => s.name === 'Kubernetes'),
    );
    assert.equal((await get('/api/skills', otherAdmin)).json().items.length, 0);
    assert.equal(
      (await send('DELETE', `/api/skills/${created.json().id}`, undefined, otherAdmin)).statusCode,
      404,
    );
    assert.equal((await send('DELETE', `/api/skills/${created.json().id}`)).statusCode, 204);
  });
});
