import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { routeAccess } from '../../route-access.ts';
import { createTwoOrganisations } from '../../testing/factories.ts';
import {
  addCoordinator,
  createProgram,
  createQuestion,
  enrolPerson,
} from '../../testing/program-factories.ts';
import { createMemberPerson } from '../../testing/relationship-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

/**
 * A valid request for each program route that needs one, so the answer comes from the program's access rule and
 * not from body validation. A route missing here is sent `{}`: if that is not valid, the walk fails with a 400 and
 * names it, so a new program route cannot slip past the draft rule unnoticed.
 */
const requests: Record<string, { query?: string; body?: unknown; contentType?: string }> = {
  'PATCH /api/programs/:id': { body: { description: 'Changed' } },
  'POST /api/programs/:id/transitions': { body: { to: 'enrolling' } },
  'POST /api/programs/:id/questions': { body: { kind: 'short_text', label: 'Why?' } },
  'POST /api/programs/:id/questions/order': { body: { ids: [] } },
  'PATCH /api/programs/:id/questions/:questionId': { body: { label: 'Why now?' } },
  'POST /api/programs/:id/enrolments': { body: { role: 'mentee', profile: {}, answers: {} } },
  'POST /api/programs/:id/enrolments/bulk': { body: { personIds: [randomUUID()], role: 'mentee' } },
  'POST /api/programs/:id/enrolments/import': {
    body: 'email,role\nsomeone@example.com,mentee\n',
    contentType: 'text/csv',
  },
  'POST /api/programs/:id/enrolments/import/preview': {
    body: 'email,role\nsomeone@example.com,mentee\n',
    contentType: 'text/csv',
  },
  'POST /api/programs/:id/enrolments/decisions': { body: { action: 'approve', filter: {} } },
  'POST /api/programs/:id/launch-email/preview': { body: { audience: { kind: 'everyone' } } },
  'POST /api/programs/:id/launch-email': { body: { audience: { kind: 'everyone' } } },
  'POST /api/programs/:id/requests': { body: { mentorEnrolmentId: randomUUID(), message: 'Hello' } },
  'PUT /api/programs/:id/flash/settings': { body: { monthlyCap: 2, timeZone: 'UTC' } },
  'POST /api/programs/:id/flash/slots': { body: { startsAt: '2099-01-05T10:00' } },
  'POST /api/programs/:id/flash/patterns': { body: { weekday: 0, startTime: '10:00' } },
  'POST /api/programs/:id/groups': {
    body: { mentorEnrolmentId: randomUUID(), name: 'A group', menteeEnrolmentIds: [randomUUID()] },
  },
  'POST /api/programs/:id/groups/open': { body: { name: 'A group' } },
  'PUT /api/programs/:id/criteria': { body: {} },
  'POST /api/programs/:id/criteria/preview': { body: {} },
  'POST /api/programs/:id/match-runs': { body: { mode: 'optimal' } },
  'GET /api/programs/:id/match-runs/compare': { query: `?a=${randomUUID()}&b=${randomUUID()}` },
  'POST /api/programs/:id/match-runs/:runId/edits': {
    body: { action: 'unmatch', menteeEnrolmentId: randomUUID() },
  },
  'PUT /api/programs/:id/agreement-template': {
    body: {
      content: {
        goals: 'Grow',
        meetingFrequency: 'monthly',
        communicationModes: [],
        confidentiality: 'Kept between us',
        groundRules: 'Be on time',
        endDate: null,
      },
    },
  },
  'POST /api/programs/:id/resources': {
    body: { title: 'A reading', kind: 'guide', url: 'https://example.com' },
  },
};

describe('a draft program is hidden from everyone but its staff', () => {
  let t: TestApp;
  let member: string;
  let coordinator: string;
  let admin: string;
  let draft: { id: string; organisationId: string };
  before(async () => {
    t = await createTestApp();
    const orgs = await createTwoOrganisations(t.ctx.db);
    const memberPerson = await createMemberPerson(t.ctx.db, orgs.org.id);
    member = memberPerson.cookie;
    admin = orgs.admin.cookie;
    draft = await createProgram(t.ctx.db, orgs.org.id, { name: 'Secret pilot', status: 'draft' });
    // Staff may enrol people while preparing the draft; that does not show it to them yet.
    await enrolPerson(t.ctx.db, {
      organisationId: orgs.org.id,
      programId: draft.id,
      personId: memberPerson.person.id,
      role: 'mentee',
    });
    await createQuestion(t.ctx.db, orgs.org.id, draft.id, { label: 'Which secret area?' });
    const coordinatorUser = await createMemberPerson(t.ctx.db, orgs.org.id);
    await addCoordinator(t.ctx.db, orgs.org.id, draft.id, coordinatorUser.user.id);
    coordinator = coordinatorUser.cookie;
  });
  after(() => t.close());

  const programRoutes = () =>
    Object.entries(routeAccess)
      .map(([key, access]) => ({ key, access, method: key.split(' ')[0]!, url: key.split(' ')[1]! }))
      .filter(({ url }) => url === '/api/programs/:id' || url.startsWith('/api/programs/:id/'));

  const call = (key: string, method: string, url: string, cookie: string) => {
    const request = requests[key] ?? {};
    const filled = url.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? draft.id : randomUUID()));
    const body = request.body ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
    return t.app.inject({
      method: method as 'GET',
      url: filled + (request.query ?? ''),
      headers: { cookie, ...(request.contentType ? { 'content-type': request.contentType } : {}) },
      ...(body === undefined ? {} : { payload: body as string }),
    });
  };

  it('answers 404 to a member on every /api/programs/:id… route, reads and writes alike', async () => {
    const routes = programRoutes().filter((route) => route.access === 'member');
    assert.ok(routes.length >= 30, `only ${routes.length} program routes found in the access table`);
    const wrong: string[] = [];
    for (const route of routes) {
      const response = await call(route.key, route.method, route.url, member);
      if (response.statusCode !== 404) wrong.push(`${route.key}: ${response.statusCode} ${response.body}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('leaves the draft out of a member’s program list, even one enrolled in it', async () => {
    const listed = await t.call('GET', '/api/programs?pageSize=100', member);
    assert.equal(listed.statusCode, 200);
    assert.ok(!listed.json().items.some((program: { id: string }) => program.id === draft.id));
    const forAdmin = await t.call('GET', '/api/programs?pageSize=100', admin);
    assert.ok(forAdmin.json().items.some((program: { id: string }) => program.id === draft.id));
  });

  it('answers 403 to a member on the admin-only program routes, as for any id (the existence is not revealed)', async () => {
    for (const route of programRoutes().filter((r) => r.access === 'admin')) {
      const response = await call(route.key, route.method, route.url, member);
      assert.equal(response.statusCode, 403, `${route.key}: ${response.body}`);
    }
  });

  it('leaves the draft to its staff: the admin and the coordinator read it and its enrolment form', async () => {
    for (const cookie of [admin, coordinator]) {
      const program = await t.call('GET', `/api/programs/${draft.id}`, cookie);
      assert.equal(program.statusCode, 200);
      assert.equal(program.json().name, 'Secret pilot');
      const questions = await t.call('GET', `/api/programs/${draft.id}/questions`, cookie);
      assert.equal(questions.statusCode, 200);
      assert.equal(questions.json().items[0].label, 'Which secret area?');
    }
  });

  it('shows the program to members once it opens', async () => {
    await t.call('POST', `/api/programs/${draft.id}/transitions`, admin, { to: 'enrolling' });
    assert.equal((await t.call('GET', `/api/programs/${draft.id}/questions`, member)).statusCode, 200);
    const listed = await t.call('GET', '/api/programs?pageSize=100', member);
    assert.ok(listed.json().items.some((program: { id: string }) => program.id === draft.id));
  });
});
