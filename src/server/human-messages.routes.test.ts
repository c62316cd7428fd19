import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPerson, createTwoOrganisations } from './testing/factories.ts';
import { createProgram } from './testing/program-factories.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';

// What a person reads when the API refuses a form (issue 13 §7): the field is named by its path for programs
// (`details.issues[].path`), and the message at that field is written for people — no zod wording, no field names.

describe('refusals are worded for people', () => {
  let t: TestApp;
  let admin: string;
  let orgId: string;

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    admin = two.admin.cookie;
    orgId = two.org.id;
  });
  after(async () => t.close());

  const issuesOf = (body: { error: { details: { issues: { path: string; message: string }[] } } }) =>
    Object.fromEntries(body.error.details.issues.map((issue) => [issue.path, issue.message]));

  it('the first-run form: lengths and the email address, not "Too small: expected string to have >=2 characters"', async () => {
    const fresh = await createTestApp();
    try {
      const response = await fresh.app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { organisationName: 'A', adminName: '', email: 'ada', password: 'short' },
      });
      assert.equal(response.statusCode, 400);
      const body = response.json();
      assert.equal(body.error.code, 'validation_failed');
      assert.deepEqual(issuesOf(body), {
        'body.organisationName': 'must be at least 2 characters',
        'body.adminName': 'is required',
        'body.email': 'must be an email address, like name@example.com',
        'body.password': 'must be at least 10 characters',
      });
      assert.equal(body.error.message, 'body.organisationName: must be at least 2 characters');
      const status = await fresh.app.inject({ method: 'GET', url: '/api/setup' });
      assert.deepEqual(status.json(), { needsSetup: true }, 'nothing was created');
    } finally {
      await fresh.close();
    }
  });

  it('program dates in the wrong order name the other date in words, not "enrolmentOpensOn"', async () => {
    const program = await createProgram(t.ctx.db, orgId, { name: 'Dates', status: 'draft' });
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/programs/${program.id}`,
      headers: { cookie: admin },
      payload: {
        startsOn: '2027-03-01',
        endsOn: '2027-02-01',
        enrolmentOpensOn: '2027-01-20',
        enrolmentClosesOn: '2027-01-10',
      },
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(issuesOf(response.json()), {
      'body.endsOn': 'must not be before the start date',
      'body.enrolmentClosesOn': 'must not be before enrolment opens',
    });
  });

  it('a manager conflict is reported at the manager field', async () => {
    const person = await createPerson(t.ctx.db, orgId, { name: 'Noor Self' });
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/people/${person.id}`,
      headers: { cookie: admin },
      payload: { managerId: person.id },
    });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(issuesOf(response.json()), { 'body.managerId': 'a person cannot manage themselves' });
  });
});
