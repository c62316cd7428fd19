import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPerson, createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { notifyPeople } from './notifications.service.ts';

describe('notifications', () => {
  let t: TestApp;
  let ada: { cookie: string; personId: string };
  let bob: { cookie: string; personId: string };
  let orgId: string;
  before(async () => {
    t = await createTestApp();
    const { org } = await createTwoOrganisations(t.ctx.db);
    orgId = org.id;
    for (const name of ['ada', 'bob'] as const) {
      const person = await createPerson(t.ctx.db, org.id, { name });
      const { cookie } = await createSignedInUser(t.ctx.db, org.id, { personId: person.id });
      if (name === 'ada') ada = { cookie, personId: person.id };
      else bob = { cookie, personId: person.id };
    }
  });
  after(() => t.close());

  it('shows a person only their own notifications, once per dedupe key, newest first', async () => {
    const note = {
      organisationId: orgId,
      kind: 'match_published',
      title: 'You have a mentor',
      dedupeKey: 'k1',
    };
    assert.equal(await notifyPeople(t.ctx.db, [{ ...note, personId: ada.personId }]), 1);
    assert.equal(
      await notifyPeople(t.ctx.db, [{ ...note, personId: ada.personId }]),
      0,
      'same key twice is one',
    );
    await notifyPeople(t.ctx.db, [{ ...note, personId: ada.personId, title: 'Second', dedupeKey: 'k2' }]);
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/notifications',
      headers: { cookie: ada.cookie },
    });
    assert.equal(mine.statusCode, 200);
    assert.deepEqual(
      mine.json().items.map((n: { title: string }) => n.title),
      ['Second', 'You have a mentor'],
    );
    assert.equal(mine.json().unread, 2);
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/api/notifications',
      headers: { cookie: bob.cookie },
    });
    assert.equal(theirs.json().total, 0);
  });

  it('marks read only the caller’s notifications', async () => {
    const bobsView = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: bob.cookie },
      payload: {},
    });
    assert.equal(bobsView.statusCode, 204);
    let mine = await t.app.inject({
      method: 'GET',
      url: '/api/notifications',
      headers: { cookie: ada.cookie },
    });
    assert.equal(mine.json().unread, 2, 'bob marking all read does not touch ada’s');
    await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: ada.cookie },
      payload: {},
    });
    mine = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: ada.cookie } });
    assert.equal(mine.json().unread, 0);
  });

  it('names the field of bad input', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie: ada.cookie },
      payload: { ids: ['nope'] },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error.message, /ids/);
  });
});
