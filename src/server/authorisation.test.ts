import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { routeAccess } from './route-access.ts';
import { createTwoOrganisations } from './testing/factories.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';

// Every API route, refused as the access table says: signed out → 401 on anything not public, member → 403 on admin
// routes, whatever the request carries. Per-feature tests cover another organisation's ids (404).
describe('authorisation of every API route', () => {
  let t: TestApp;
  let member: string;
  before(async () => {
    t = await createTestApp();
    member = (await createTwoOrganisations(t.ctx.db)).member.cookie;
  });
  after(() => t.close());

  const fill = (url: string) => url.replace(':id', randomUUID()).replace(':token', 'x'.repeat(43));
  const call = (method: string, url: string, cookie?: string) =>
    t.app.inject({
      method: method as 'GET',
      url: fill(url),
      headers: cookie ? { cookie } : {},
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    });

  it('classifies every route in the access table, and the table names no route that does not exist', () => {
    const served = t.apiRoutes.map((route) => `${route.method} ${route.url}`);
    const unclassified = served.filter((key) => !(key in routeAccess));
    assert.deepEqual(unclassified, [], 'add these routes to src/server/route-access.ts');
    const stale = Object.keys(routeAccess).filter((key) => !served.includes(key));
    assert.deepEqual(stale, [], 'these routes are in the access table but not served');
  });

  it('answers 401 to a signed-out caller on every route that is not public', async () => {
    for (const route of t.apiRoutes) {
      if (routeAccess[`${route.method} ${route.url}`] === 'public') continue;
      const response = await call(route.method, route.url);
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}: ${response.body}`);
      assert.equal(response.json().error.code, 'unauthenticated');
    }
  });

  it('answers 403 to a member on every admin route', async () => {
    for (const route of t.apiRoutes) {
      if (routeAccess[`${route.method} ${route.url}`] !== 'admin') continue;
      const response = await call(route.method, route.url, member);
      assert.equal(response.statusCode, 403, `${route.method} ${route.url}: ${response.body}`);
      assert.equal(response.json().error.code, 'forbidden');
    }
  });

  it('never answers 5xx to a signed-out caller or a member, whatever the route', async () => {
    for (const route of t.apiRoutes) {
      for (const cookie of [undefined, member]) {
        const response = await call(route.method, route.url, cookie);
        assert.ok(
          response.statusCode < 500,
          `${route.method} ${route.url}: ${response.statusCode} ${response.body}`,
        );
      }
    }
  });
});
