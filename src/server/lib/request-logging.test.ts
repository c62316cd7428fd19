import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { createWorkspaceFixture, type WorkspaceFixture } from '../testing/workspace-factories.ts';
import { urlForLog } from './request-logging.ts';

// What the server's log shows of a request: never a one-time token, a session cookie, a search term, an email or the
// text of a note, whatever the answer (2xx, 4xx, validation error, 5xx from a failed query).
describe('request and error logs', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let fixture: WorkspaceFixture;
  const lines: string[] = [];
  const logged = () => lines.join('');

  before(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ TRELLIS_DATA_DIR: '.tmp/unused', LOG_LEVEL: 'info', JOBS_ENABLED: 'false' });
    const built = await buildApp({ config, database, logStream: { write: (line) => lines.push(line) } });
    app = built.app;
    // A failure deep in the database, carrying a value a person typed, as a 5xx would.
    app.get('/test/failing-query', async (request) => {
      const { value } = request.query as { value: string };
      return built.ctx.db.execute(sql`select ${value}::uuid as id`);
    });
    await app.ready();
    fixture = await createWorkspaceFixture(database.db);
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  const token = 'Tk9UX0FfUkVBTF9UT0tFTl9idXRfbG9uZ19lbm91Z2hfMTIzNDU2';

  it('redacts one-time tokens in paths and never prints cookies or authorization headers', async () => {
    const cookie = fixture.mentor.cookie;
    for (const url of [
      `/api/auth/invitations/${token}`,
      `/invitations/${token}`,
      `/reset-password/${token}`,
    ]) {
      const response = await app.inject({
        method: 'GET',
        url,
        headers: { cookie, authorization: 'Bearer s3cr3t-bearer-value' },
      });
      assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
    }
    const text = logged();
    assert.match(text, /"url":"\/api\/auth\/invitations\/\[redacted\]"/);
    assert.match(text, /"url":"\/invitations\/\[redacted\]"/);
    assert.match(text, /"url":"\/reset-password\/\[redacted\]"/);
    assert.doesNotMatch(text, new RegExp(token));
    assert.doesNotMatch(text, new RegExp(cookie.split('=')[1]!));
    assert.doesNotMatch(text, /s3cr3t-bearer-value/);
  });

  it('keeps ids and numbers of a query string but not search terms, emails or tokens', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/people?q=ada.lovelace%40example.com&page=2&managerId=${fixture.program.id}&token=${token}`,
      headers: { cookie: fixture.admin.cookie },
    });
    assert.ok(response.statusCode < 500);
    const text = logged();
    assert.match(
      text,
      new RegExp(
        `"url":"/api/people\\?q=\\[redacted\\]&page=2&managerId=${fixture.program.id}&token=\\[redacted\\]"`,
      ),
    );
    assert.doesNotMatch(text, /lovelace/);
  });

  it('logs no value of a refused request: a note body with a NUL, an unknown field, a bad email', async () => {
    const noteText = 'my very private reflection about my mentor';
    const url = `/api/relationships/${fixture.relationship.id}/notes`;
    const nul = await app.inject({
      method: 'POST',
      url,
      headers: { cookie: fixture.mentee.cookie },
      payload: { body: `${noteText}\u0000`, visibility: 'private' },
    });
    assert.equal(nul.statusCode, 400, nul.body);
    assert.deepEqual(
      nul.json().error.details.issues.map((issue: { path: string }) => issue.path),
      ['body.body'],
    );
    const unknown = await app.inject({
      method: 'POST',
      url,
      headers: { cookie: fixture.mentee.cookie },
      payload: { body: noteText, visibility: 'private', mood: noteText },
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
    const email = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'not-an-email-grace.hopper', password: 'correct horse battery staple' },
    });
    assert.equal(email.statusCode, 400, email.body);
    const text = logged();
    assert.doesNotMatch(text, /private reflection/);
    assert.doesNotMatch(text, /grace\.hopper|horse battery/);
  });

  it('logs a failed query with its SQL and error code, without the values it carried', async () => {
    const secret = 'dana@example.com wrote this';
    const response = await app.inject({
      method: 'GET',
      url: `/test/failing-query?value=${encodeURIComponent(secret)}`,
    });
    assert.equal(response.statusCode, 500);
    assert.doesNotMatch(response.body, /dana/);
    const errorLine = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'unhandled error');
    assert.ok(errorLine, 'the 5xx is logged');
    assert.match(errorLine.err.message, /Failed query: select \$1::uuid as id/);
    assert.equal(errorLine.err.cause.code, '22P02');
    assert.doesNotMatch(logged(), /dana/);
  });

  it('redacts long path segments that are not ids, and leaves ordinary paths alone', () => {
    assert.equal(urlForLog(`/api/programs/${'a'.repeat(60)}`), '/api/programs/[redacted]');
    assert.equal(
      urlForLog('/api/programs/0b8f4c1e-8d1a-4c47-9a55-2f3b3c1d2e4f/enrolments?page=1&status=active'),
      '/api/programs/0b8f4c1e-8d1a-4c47-9a55-2f3b3c1d2e4f/enrolments?page=1&status=[redacted]',
    );
    assert.equal(urlForLog('/assets/index-B7xk2.js'), '/assets/index-B7xk2.js');
  });
});
