import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOrganisation } from '../../testing/factories.ts';
import { createTestApp, sessionCookieFrom, type TestApp } from '../../testing/test-app.ts';
import { createDemoOrganisation } from './demo.service.ts';

describe('demo organisation', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('creates the demo organisation on an empty instance and signs its admin in', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/setup/demo' });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.equal(body.peopleCount, 360);
    assert.equal(body.me.role, 'admin');
    assert.equal(body.me.organisation.isDemo, true);
    assert.equal(body.credentials.email, 'admin@demo.trellis.local');
    assert.ok(body.credentials.password.length >= 10);
    const cookie = sessionCookieFrom(response);
    const directory = (
      await t.app.inject({ method: 'GET', url: '/api/people?pageSize=1', headers: { cookie } })
    ).json();
    assert.equal(directory.total, 360);
    const me = (
      await t.app.inject({ method: 'GET', url: `/api/people/${body.me.personId}`, headers: { cookie } })
    ).json();
    assert.equal(me.title, 'Head of People');
    assert.equal(me.managerChain.length, 1, 'the Head of People reports to the chief executive');
    assert.ok(me.directReports.length > 0);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: body.credentials,
    });
    assert.equal(signIn.statusCode, 200, 'the printed credentials work');
  });

  it('refuses once the instance has an organisation (409), and the CLI path refuses a second demo', async () => {
    const again = await t.app.inject({ method: 'POST', url: '/api/setup/demo' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'conflict');
    await assert.rejects(createDemoOrganisation(t.ctx, { emptyInstanceOnly: false }), /already exists/);
  });

  it('lets the CLI add a demo organisation beside a real one', async () => {
    const other = await createTestApp();
    try {
      await createOrganisation(other.ctx.db, { name: 'Real Co' });
      const refused = await other.app.inject({ method: 'POST', url: '/api/setup/demo' });
      assert.equal(refused.statusCode, 409);
      const demo = await createDemoOrganisation(other.ctx, { emptyInstanceOnly: false });
      assert.equal(demo.peopleCount, 360);
      assert.equal(demo.organisation.isDemo, true);
    } finally {
      await other.close();
    }
  });
});
