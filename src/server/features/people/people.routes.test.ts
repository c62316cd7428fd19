import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, users } from '../../db/schema.ts';
import {
  createOrganisation,
  createPerson,
  createSignedInUser,
  createTwoOrganisations,
} from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('people directory API', () => {
  let t: TestApp;
  let org: { id: string };
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let adminPersonId: string;
  const ids: Record<string, string> = {};

  const get = (url: string, cookie = member) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, cookie = admin) =>
    t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    org = two.org;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    const db = t.ctx.db;
    const p = (key: string, values: Parameters<typeof createPerson>[2]) =>
      createPerson(db, org.id, values).then((row) => {
        ids[key] = row.id;
        return row;
      });
    await p('ceo', {
      name: 'Grace Okafor',
      email: 'grace.okafor@acme.test',
      title: 'Chief Executive Officer',
      department: 'Executive',
      jobFunction: 'Leadership',
      level: 10,
      location: 'London',
    });
    await p('vp', {
      name: 'Hiro Tanaka',
      email: 'hiro.tanaka@acme.test',
      title: 'VP Engineering',
      department: 'Engineering',
      jobFunction: 'Software Engineering',
      level: 9,
      location: 'Berlin',
      managerId: ids.ceo,
    });
    await p('mgr', {
      name: 'Amara Singh',
      email: 'amara.singh@acme.test',
      title: 'Engineering Manager',
      department: 'Engineering',
      jobFunction: 'Software Engineering',
      level: 6,
      location: 'Berlin',
      managerId: ids.vp,
    });
    await p('ic1', {
      name: 'Bruno Costa',
      email: 'bruno.costa@acme.test',
      title: 'Senior Software Engineer',
      department: 'Engineering',
      jobFunction: 'Software Engineering',
      level: 4,
      location: 'São Paulo',
      managerId: ids.mgr,
      hireDate: '2019-04-01',
    });
    await p('ic2', {
      name: 'Chloé Martin',
      email: 'chloe.martin@acme.test',
      title: 'Software Engineer',
      department: 'Engineering',
      jobFunction: 'Software Engineering',
      level: 3,
      location: 'Berlin',
      managerId: ids.mgr,
      hireDate: '2022-09-15',
    });
    await p('sales', {
      name: 'Diego Ramírez',
      email: 'diego.ramirez@acme.test',
      title: 'Account Executive',
      department: 'Sales',
      jobFunction: 'Sales',
      level: 4,
      location: 'New York',
      managerId: ids.ceo,
    });
    await p('gone', {
      name: 'Eve Former',
      email: 'eve.former@acme.test',
      title: 'Designer',
      department: 'Design',
      level: 3,
      location: 'London',
      status: 'inactive',
      managerId: ids.ceo,
    });
    await p('hr', {
      name: 'Fatima Haddad',
      email: 'fatima.haddad@acme.test',
      title: 'Head of People',
      department: 'People',
      level: 9,
      location: 'London',
      managerId: ids.ceo,
    });
    adminPersonId = ids.hr!;
    admin = (await createSignedInUser(db, org.id, { role: 'admin', personId: adminPersonId })).cookie;
    // Someone in another organisation with a name that must never show up here.
    await createPerson(db, two.other.id, {
      name: 'Grace Elsewhere',
      email: 'grace@other.test',
      department: 'Engineering',
    });
  });
  after(() => t.close());

  describe('listing', () => {
    it('lists active people of my organisation only, sorted by name, with a total', async () => {
      const response = await get('/api/people');
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.total, 7);
      assert.deepEqual(
        body.items.map((item: { name: string }) => item.name),
        [
          'Amara Singh',
          'Bruno Costa',
          'Chloé Martin',
          'Diego Ramírez',
          'Fatima Haddad',
          'Grace Okafor',
          'Hiro Tanaka',
        ],
      );
    });

    it('finds people by a name prefix, a title word, several words, and part of an email', async () => {
      const names = async (q: string) =>
        (await get(`/api/people?q=${encodeURIComponent(q)}`))
          .json()
          .items.map((i: { name: string }) => i.name);
      assert.deepEqual(await names('gra'), ['Grace Okafor']);
      assert.deepEqual(await names('engineer'), [
        'Amara Singh',
        'Bruno Costa',
        'Chloé Martin',
        'Hiro Tanaka',
      ]);
      assert.deepEqual(await names('soft eng sen'), ['Bruno Costa']);
      assert.deepEqual(await names('ramirez@acme'), ['Diego Ramírez']);
      assert.deepEqual(await names('TANAKA'), ['Hiro Tanaka']);
      assert.deepEqual(await names("o'brien & | !"), []);
    });

    it('filters by department, level, location, job function and manager', async () => {
      const names = async (query: string) =>
        (await get(`/api/people?${query}`)).json().items.map((i: { name: string }) => i.name);
      assert.deepEqual(await names('department=Engineering&level=4'), ['Bruno Costa']);
      assert.deepEqual(await names('location=Berlin'), ['Amara Singh', 'Chloé Martin', 'Hiro Tanaka']);
      assert.deepEqual(await names(`managerId=${ids.mgr}`), ['Bruno Costa', 'Chloé Martin']);
      assert.deepEqual(await names('jobFunction=Sales'), ['Diego Ramírez']);
    });

    it('hides deactivated people unless asked, and sorts and pages as asked', async () => {
      assert.deepEqual(
        (await get('/api/people?status=inactive')).json().items.map((i: { name: string }) => i.name),
        ['Eve Former'],
      );
      assert.equal((await get('/api/people?status=all')).json().total, 8);
      const byLevel = (await get('/api/people?sort=level&order=desc&pageSize=3')).json();
      assert.deepEqual(
        byLevel.items.map((i: { level: number }) => i.level),
        [10, 9, 9],
      );
      assert.equal(byLevel.total, 7);
      const page3 = (await get('/api/people?pageSize=3&page=3')).json();
      assert.deepEqual(
        page3.items.map((i: { name: string }) => i.name),
        ['Hiro Tanaka'],
      );
      const byHire = (await get('/api/people?sort=hireDate')).json();
      assert.deepEqual(
        byHire.items.slice(0, 2).map((i: { name: string }) => i.name),
        ['Bruno Costa', 'Chloé Martin'],
      );
    });

    it('names the bad query parameter', async () => {
      for (const [query, field] of [
        ['sort=salary', 'querystring.sort'],
        ['pageSize=1000', 'querystring.pageSize'],
        ['level=high', 'querystring.level'],
        ['managerId=42', 'querystring.managerId'],
        ['colour=red', 'querystring.colour'],
      ]) {
        const response = await get(`/api/people?${query}`);
        assert.equal(response.statusCode, 400, query);
        assert.match(response.json().error.message, new RegExp(field!.replace('.', '\\.')), response.body);
      }
    });

    it('offers the distinct values of active people for the filters', async () => {
      const facets = (await get('/api/people/facets')).json();
      assert.deepEqual(facets.departments, ['Engineering', 'Executive', 'People', 'Sales']);
      assert.deepEqual(facets.levels, [3, 4, 6, 9, 10]);
      assert.ok(facets.locations.includes('São Paulo'));
      assert.ok(!facets.departments.includes('Design'), 'deactivated people do not add filter values');
    });
  });

  describe('one person', () => {
    it('shows the manager chain up to the top and the direct reports', async () => {
      const response = await get(`/api/people/${ids.mgr}`);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.manager.name, 'Hiro Tanaka');
      assert.deepEqual(
        body.managerChain.map((p: { name: string }) => p.name),
        ['Hiro Tanaka', 'Grace Okafor'],
      );
      assert.deepEqual(
        body.directReports.map((p: { name: string }) => p.name),
        ['Bruno Costa', 'Chloé Martin'],
      );
      assert.equal(body.hasAccount, false);
      assert.equal((await get(`/api/people/${ids.hr}`)).json().hasAccount, true);
    });

    it('stops walking up when stored data holds a cycle', async () => {
      const a = await createPerson(t.ctx.db, org.id, { name: 'Loop A' });
      const b = await createPerson(t.ctx.db, org.id, { name: 'Loop B', managerId: a.id });
      await send('PATCH', `/api/people/${a.id}`, {}); // touch: nothing changes
      const { people } = await import('../../db/schema.ts');
      await t.ctx.db.update(people).set({ managerId: b.id }).where(eq(people.id, a.id));
      const body = (await get(`/api/people/${a.id}`)).json();
      assert.deepEqual(
        body.managerChain.map((p: { name: string }) => p.name),
        ['Loop B'],
      );
      await t.ctx.db.update(people).set({ status: 'inactive', managerId: null }).where(eq(people.id, a.id));
      await t.ctx.db.update(people).set({ status: 'inactive' }).where(eq(people.id, b.id));
    });

    it('answers 404 for an unknown id and for another organisation’s person', async () => {
      assert.equal((await get(`/api/people/${randomUUID()}`)).statusCode, 404);
      const response = await get(`/api/people/${ids.mgr}`, otherAdmin);
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'not_found');
      assert.equal((await get('/api/people/not-a-uuid')).statusCode, 400);
    });
  });

  describe('admin changes', () => {
    it('creates a person, refuses a duplicate email, and a manager from another organisation', async () => {
      const created = await send('POST', '/api/people', {
        name: 'Ingrid Larsen',
        email: 'Ingrid.Larsen@Acme.test',
        title: 'Product Designer',
        department: 'Design',
        level: 3,
        managerId: ids.ceo,
        timeZone: 'Europe/Oslo',
        languages: ['Norwegian', 'English'],
        hireDate: '2024-01-08',
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().email, 'ingrid.larsen@acme.test');
      ids.ingrid = created.json().id;
      const duplicate = await send('POST', '/api/people', {
        name: 'Other Ingrid',
        email: 'ingrid.larsen@acme.test',
      });
      assert.equal(duplicate.statusCode, 409);
      assert.match(duplicate.json().error.message, /email/);
      const otherOrg = await createOrganisation(t.ctx.db);
      const foreign = await createPerson(t.ctx.db, otherOrg.id);
      const response = await send('POST', '/api/people', {
        name: 'X',
        email: 'x@acme.test',
        managerId: foreign.id,
      });
      assert.equal(response.statusCode, 400);
      assert.match(response.json().error.message, /body\.managerId/);
    });

    it('names the bad field of a body, refuses unknown fields and malformed JSON, never 5xx', async () => {
      const cases: [unknown, RegExp][] = [
        [{ name: 'A' }, /body\.email/],
        [{ name: 'A', email: 'not-an-email' }, /body\.email/],
        [{ name: 'A', email: 'a@acme.test', level: 'senior' }, /body\.level/],
        [{ name: 'A', email: 'a@acme.test', timeZone: 'Mars/Olympus' }, /body\.timeZone/],
        [{ name: 'A', email: 'a@acme.test', hireDate: '2024-02-30' }, /body\.hireDate/],
        [{ name: 'A', email: 'a@acme.test', salary: 10 }, /body\.salary/],
      ];
      for (const [payload, field] of cases) {
        const response = await send('POST', '/api/people', payload);
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        assert.match(response.json().error.message, field, response.body);
      }
      const malformed = await t.app.inject({
        method: 'POST',
        url: '/api/people',
        headers: { cookie: admin, 'content-type': 'application/json' },
        payload: '{"name": "A",',
      });
      assert.equal(malformed.statusCode, 400);
      const huge = await t.app.inject({
        method: 'PATCH',
        url: `/api/people/${ids.ic1}`,
        headers: { cookie: admin, 'content-type': 'application/json' },
        payload: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }),
      });
      assert.equal(huge.statusCode, 413);
    });

    it('edits a person and refuses a manager change that would make a cycle', async () => {
      const edited = await send('PATCH', `/api/people/${ids.ic1}`, { title: 'Staff Engineer', level: 5 });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.equal(edited.json().title, 'Staff Engineer');
      const cycle = await send('PATCH', `/api/people/${ids.vp}`, { managerId: ids.ic1 });
      assert.equal(cycle.statusCode, 409, cycle.body);
      assert.match(cycle.json().error.message, /cycle/);
      const self = await send('PATCH', `/api/people/${ids.vp}`, { managerId: ids.vp });
      assert.equal(self.statusCode, 409);
      assert.equal((await get(`/api/people/${ids.vp}`)).json().manager.name, 'Grace Okafor');
      const moved = await send('PATCH', `/api/people/${ids.ic2}`, { managerId: ids.vp });
      assert.equal(moved.json().managerId, ids.vp);
      const taken = await send('PATCH', `/api/people/${ids.ic2}`, { email: 'bruno.costa@acme.test' });
      assert.equal(taken.statusCode, 409);
    });

    it('deactivates and reactivates; deactivated people leave the default list', async () => {
      const off = await send('POST', `/api/people/${ids.sales}/deactivate`);
      assert.equal(off.statusCode, 200, off.body);
      assert.equal(off.json().status, 'inactive');
      const names = (await get('/api/people?q=diego')).json().items;
      assert.equal(names.length, 0);
      const on = await send('POST', `/api/people/${ids.sales}/reactivate`);
      assert.equal(on.json().status, 'active');
      assert.equal((await get('/api/people?q=diego')).json().items.length, 1);
    });

    it('exports everything stored about a person', async () => {
      const response = await get(`/api/people/${ids.hr}/export`, admin);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.person.email, 'fatima.haddad@acme.test');
      assert.equal(body.manager.name, 'Grace Okafor');
      assert.ok(body.account, 'the account is part of the export');
      assert.ok(body.auditTrail.some((entry: { action: string }) => entry.action === 'person.exported'));
      assert.equal((await get(`/api/people/${ids.hr}/export`, member)).statusCode, 403);
    });

    it('erases a person: placeholders, reports moved up, account deleted, audited', async () => {
      const user = await createSignedInUser(t.ctx.db, org.id, { personId: ids.mgr });
      const response = await send('DELETE', `/api/people/${ids.mgr}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().reportsMoved, 1);
      const erased = (await get(`/api/people/${ids.mgr}`, admin)).json();
      assert.equal(erased.name, 'Erased person');
      assert.equal(erased.email, `erased-${ids.mgr}@invalid`);
      assert.equal(erased.status, 'erased');
      assert.equal(erased.title, null);
      assert.equal(erased.managerId, null);
      assert.equal(erased.hasAccount, false);
      assert.equal((await get(`/api/people/${ids.ic1}`)).json().manager.name, 'Hiro Tanaka');
      const accounts = await t.ctx.db.select().from(users).where(eq(users.id, user.user.id));
      assert.equal(accounts.length, 0);
      assert.equal((await get('/api/auth/me', user.cookie)).statusCode, 401);
      const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, ids.mgr!));
      assert.ok(audit.some((entry) => entry.action === 'person.erased'));
      assert.ok(
        !JSON.stringify(audit).includes('amara'),
        'the audit log keeps no personal data of the erased',
      );
      assert.equal((await get('/api/people?q=amara&status=all')).json().total, 0);
      assert.equal((await send('PATCH', `/api/people/${ids.mgr}`, { name: 'Back' })).statusCode, 409);
      assert.equal(
        (await send('DELETE', `/api/people/${ids.hr}`)).statusCode,
        409,
        'an admin cannot erase themselves',
      );
    });
  });

  describe('access', () => {
    const idRoutes: [string, string][] = [
      ['GET', '/api/people/:id'],
      ['PATCH', '/api/people/:id'],
      ['POST', '/api/people/:id/deactivate'],
      ['POST', '/api/people/:id/reactivate'],
      ['DELETE', '/api/people/:id'],
      ['GET', '/api/people/:id/export'],
    ];
    const call = (method: string, url: string, cookie?: string) =>
      t.app.inject({
        method: method as 'GET',
        url,
        headers: cookie ? { cookie } : {},
        ...(method === 'PATCH' ? { payload: { title: 'Hacked' } } : {}),
      });

    it('answers 401 signed out and 403 to a member on admin routes', async () => {
      for (const [method, url] of [
        ...idRoutes,
        ['GET', '/api/people'],
        ['GET', '/api/people/facets'],
        ['POST', '/api/people'],
      ]) {
        const response = await call(method!, url!.replace(':id', ids.ic1!));
        assert.equal(response.statusCode, 401, `${method} ${url}`);
      }
      for (const [method, url] of [...idRoutes.slice(1), ['POST', '/api/people']]) {
        const response = await call(method!, url!.replace(':id', ids.ic1!), member);
        assert.equal(response.statusCode, 403, `${method} ${url}`);
      }
    });

    it('answers 404 to another organisation’s admin on every route with an id, and changes nothing', async () => {
      for (const [method, url] of idRoutes) {
        const response = await call(method, url.replace(':id', ids.ic1!), otherAdmin);
        assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
      }
      const still = (await get(`/api/people/${ids.ic1}`)).json();
      assert.equal(still.status, 'active');
      assert.notEqual(still.title, 'Hacked');
      const list = (await get('/api/people', otherAdmin)).json();
      assert.ok(list.items.every((item: { email: string }) => !item.email.endsWith('@acme.test')));
    });
  });
});
