import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { people, sessions } from './db/schema.ts';
import { hashToken, newToken } from './lib/tokens.ts';
import { createReadCache } from './read-cache.ts';
import { createPerson, createSignedInUser, createTwoOrganisations } from './testing/factories.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';
import { type TestDatabase, testDbKind } from './testing/test-database.ts';

/**
 * The read cache (decision 039) as callers see it: a repeated read is answered without running the route again,
 * and nothing it keeps outlives a write, a session or a second of the clock. On PostgreSQL other test files write to
 * other databases of the same server at the same time, which moves the data version too (it is the server's), so
 * whether a read was answered from the cache is only asserted on PGlite; what callers see is asserted on both.
 */
describe('read cache', () => {
  let t: TestApp;
  let orgs: Awaited<ReturnType<typeof createTwoOrganisations>>;
  let person: Awaited<ReturnType<typeof createPerson>>;
  const onPglite = testDbKind === 'pglite';

  before(async () => {
    t = await createTestApp();
    orgs = await createTwoOrganisations(t.ctx.db);
    person = await createPerson(t.ctx.db, orgs.org.id, { name: 'Ada Before' });
  });
  after(async () => t.close());
  beforeEach(() => t.clock.advance(5_000));

  const nameSeen = async (cookie: string) => {
    const response = await t.call('GET', `/api/people/${person.id}`, cookie);
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { name: string }).name;
  };

  it('answers a repeated read from the cache with the same answer and headers', async () => {
    const first = await t.call('GET', `/api/people/${person.id}`, orgs.admin.cookie);
    const hits = t.readCache.stats().answerHits;
    const second = await t.call('GET', `/api/people/${person.id}`, orgs.admin.cookie);
    assert.equal(second.statusCode, 200);
    assert.equal(second.body, first.body);
    assert.equal(second.headers['content-type'], first.headers['content-type']);
    assert.equal(second.headers['content-security-policy'], first.headers['content-security-policy']);
    if (onPglite) assert.equal(t.readCache.stats().answerHits, hits + 1);
  });

  it('shows a write through the API at once, to the writer and to everyone else', async () => {
    const otherAdmin = await createSignedInUser(t.ctx.db, orgs.org.id, { role: 'admin' });
    assert.equal(await nameSeen(orgs.admin.cookie), 'Ada Before');
    assert.equal(await nameSeen(orgs.admin.cookie), 'Ada Before');
    const patched = await t.call('PATCH', `/api/people/${person.id}`, otherAdmin.cookie, {
      name: 'Ada After',
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(await nameSeen(orgs.admin.cookie), 'Ada After');
    assert.equal(await nameSeen(otherAdmin.cookie), 'Ada After');
  });

  it('shows a write made outside any request at once (the job runner here; another process on PostgreSQL)', async () => {
    assert.equal(await nameSeen(orgs.admin.cookie), 'Ada After');
    await t.ctx.db.update(people).set({ name: 'Ada Job' }).where(eq(people.id, person.id));
    assert.equal(await nameSeen(orgs.admin.cookie), 'Ada Job');
    const url = (t.database as TestDatabase).url;
    if (!url) return;
    // PostgreSQL: a second pool is another process as far as the server knows.
    assert.equal(await nameSeen(orgs.admin.cookie), 'Ada Job');
    const other = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await other.query('update people set name = $1 where id = $2', ['Ada Elsewhere', person.id]);
    } finally {
      await other.end();
    }
    assert.equal(await nameSeen(orgs.admin.cookie), 'Ada Elsewhere');
  });

  it("never gives one caller's answer to another, nor to another session of the same account", async () => {
    const member = orgs.member;
    const me = async (cookie: string) =>
      (await t.call('GET', '/api/auth/me', cookie)).json() as { email: string };
    assert.equal((await me(orgs.admin.cookie)).email, orgs.admin.user.email);
    assert.equal((await me(member.cookie)).email, member.user.email);
    assert.equal((await me(orgs.admin.cookie)).email, orgs.admin.user.email);
    assert.equal((await me(member.cookie)).email, member.user.email);
    const otherOrg = await t.call('GET', `/api/people/${person.id}`, orgs.otherAdmin.cookie);
    assert.equal(otherOrg.statusCode, 404);
    // A second session of the admin's account gets its own entry, never the first session's.
    const token = newToken();
    await t.ctx.db.insert(sessions).values({
      tokenHash: hashToken(token),
      userId: orgs.admin.user.id,
      organisationId: orgs.org.id,
      expiresAt: new Date(t.clock.now.getTime() + 3_600_000),
    });
    await t.call('GET', `/api/people/${person.id}`, orgs.admin.cookie);
    const before = t.readCache.stats();
    const second = await t.call('GET', `/api/people/${person.id}`, `trellis_session=${token}`);
    assert.equal(second.statusCode, 200);
    if (onPglite) {
      assert.equal(t.readCache.stats().answerHits, before.answerHits, 'a miss');
      assert.equal(t.readCache.stats().answers, before.answers + 1);
    }
  });

  it('refuses at once a caller whose role, account or session ended since their last read', async () => {
    const admin = await createSignedInUser(t.ctx.db, orgs.org.id, { role: 'admin' });
    const mailbox = async () => (await t.call('GET', '/api/mailbox', admin.cookie)).statusCode;
    assert.equal(await mailbox(), 200);
    assert.equal(await mailbox(), 200);
    const demoted = await t.call('PATCH', `/api/users/${admin.user.id}`, orgs.admin.cookie, {
      role: 'member',
    });
    assert.equal(demoted.statusCode, 200, demoted.body);
    assert.equal(await mailbox(), 403);

    const member = await createSignedInUser(t.ctx.db, orgs.org.id);
    const meStatus = async () => (await t.call('GET', '/api/auth/me', member.cookie)).statusCode;
    assert.equal(await meStatus(), 200);
    assert.equal(await meStatus(), 200);
    const disabled = await t.call('PATCH', `/api/users/${member.user.id}`, orgs.admin.cookie, {
      status: 'disabled',
    });
    assert.equal(disabled.statusCode, 200, disabled.body);
    assert.equal(await meStatus(), 401);

    const leaving = await createSignedInUser(t.ctx.db, orgs.org.id);
    assert.equal((await t.call('GET', '/api/auth/me', leaving.cookie)).statusCode, 200);
    assert.equal((await t.call('GET', '/api/auth/me', leaving.cookie)).statusCode, 200);
    assert.equal((await t.call('POST', '/api/auth/sign-out', leaving.cookie)).statusCode, 204);
    assert.equal((await t.call('GET', '/api/auth/me', leaving.cookie)).statusCode, 401);
  });

  it('keeps no refusal, no missing page and no answer of a route that reads memory', async () => {
    const missing = `/api/people/${randomUUID()}`;
    const hits = t.readCache.stats().answerHits;
    assert.equal((await t.call('GET', missing, orgs.admin.cookie)).statusCode, 404);
    assert.equal((await t.call('GET', missing, orgs.admin.cookie)).statusCode, 404);
    assert.equal((await t.call('GET', '/api/mailbox', orgs.member.cookie)).statusCode, 403);
    assert.equal((await t.call('GET', '/api/mailbox', orgs.member.cookie)).statusCode, 403);
    assert.equal((await t.call('GET', '/api/people/imports', orgs.admin.cookie)).statusCode, 200);
    assert.equal((await t.call('GET', '/api/people/imports', orgs.admin.cookie)).statusCode, 200);
    assert.equal(t.readCache.stats().answerHits, hits);
  });
  it('keeps nothing past its second of the clock, nor past the session going idle', async () => {
    const member = await createSignedInUser(t.ctx.db, orgs.org.id);
    const me = () => t.call('GET', '/api/auth/me', member.cookie);
    assert.equal((await me()).statusCode, 200);
    const hits = t.readCache.stats().answerHits;
    assert.equal((await me()).statusCode, 200);
    t.clock.advance(1_000);
    assert.equal((await me()).statusCode, 200);
    if (onPglite) assert.equal(t.readCache.stats().answerHits, hits + 1, 'only the read within the second');
    // Idle for longer than the limit, with the session and the answer kept a moment before: signed out.
    assert.equal((await me()).statusCode, 200);
    t.clock.advance(t.config.sessionIdleMinutes * 60_000 + 1);
    assert.equal((await me()).statusCode, 401);
  });
});

describe('read cache, with a data version the test moves', () => {
  const actor = {
    userId: 'u1',
    organisationId: 'o1',
    role: 'member' as const,
    personId: null,
    email: 'a@example.com',
    name: 'A',
  };
  const setup = (options: { maxAnswers?: number; maxBytes?: number } = {}) => {
    let version = 0;
    const cache = createReadCache({ dataVersion: async () => String(version), ...options });
    return { cache, write: () => (version += 1) };
  };
  const answer = (version: string, body = '{"a":1}') => ({
    version,
    at: 0,
    validUntil: 1000,
    headers: { 'content-type': 'application/json' },
    body,
  });

  it('keeps no answer when something was written while it was computed', async () => {
    const { cache, write } = setup();
    const before = (await cache.version())!;
    write();
    assert.equal(await cache.keep('k', answer(before)), false);
    assert.equal(cache.answer('k', (await cache.version())!, 10), undefined);
    const now = (await cache.version())!;
    assert.equal(await cache.keep('k', answer(now)), true);
    assert.equal(cache.answer('k', now, 10)?.body, '{"a":1}');
    assert.equal(cache.answer('k', now, 1000), undefined, 'not at or after validUntil');
  });

  it('keeps no session whose reading wrote (recording its use), and keeps it the next time', async () => {
    const { cache, write } = setup();
    let resolves = 0;
    const resolve = async () => {
      resolves += 1;
      if (resolves === 1) write();
      return { actor, validUntil: new Date(5000) };
    };
    // A session is kept once a later reading comes back; the request does not wait for it.
    const settled = () => new Promise((resolve) => setImmediate(resolve));
    assert.equal((await cache.session('h', 0, resolve))?.actor.userId, 'u1');
    await settled();
    await cache.session('h', 1, resolve);
    await settled();
    await cache.session('h', 2, resolve);
    assert.equal(resolves, 2);
    assert.equal(cache.stats().sessionHits, 1);
    assert.equal(
      await cache.session('h', 5000, resolve).then((s) => s?.validUntil),
      5000,
      'expired: read again',
    );
    assert.equal(resolves, 3);
  });

  it('serves nothing and keeps nothing when the version cannot be read', async () => {
    const cache = createReadCache({
      dataVersion: async () => {
        throw new Error('down');
      },
    });
    assert.equal(await cache.version(), null);
    const session = await cache.session('h', 0, async () => ({ actor, validUntil: new Date(5000) }));
    assert.equal(session?.version, null);
    assert.equal(cache.stats().sessions, 0);
  });

  it('stays within its bounds, the least recently used answer going first', async () => {
    const { cache } = setup({ maxAnswers: 2 });
    const v = (await cache.version())!;
    await cache.keep('a', answer(v));
    await cache.keep('b', answer(v));
    cache.answer('a', v, 1);
    await cache.keep('c', answer(v));
    assert.ok(cache.answer('a', v, 1));
    assert.equal(cache.answer('b', v, 1), undefined);
    assert.ok(cache.answer('c', v, 1));
    const bySize = setup({ maxBytes: 40 });
    const w = (await bySize.cache.version())!;
    await bySize.cache.keep('x', answer(w, 'x'.repeat(30)));
    await bySize.cache.keep('y', answer(w, 'y'.repeat(30)));
    assert.equal(bySize.cache.stats().answers, 1);
    assert.ok(bySize.cache.stats().bytes <= 40);
  });
});

describe('read cache turned off (READ_CACHE=false)', () => {
  it('reads the database for every request', async () => {
    const t = await createTestApp({ READ_CACHE: 'false' });
    try {
      const { admin } = await createTwoOrganisations(t.ctx.db);
      for (let i = 0; i < 3; i += 1)
        assert.equal((await t.call('GET', '/api/auth/me', admin.cookie)).statusCode, 200);
      assert.deepEqual(t.readCache.stats(), {
        answers: 0,
        sessions: 0,
        bytes: 0,
        answerHits: 0,
        sessionHits: 0,
      });
    } finally {
      await t.close();
    }
  });
});
