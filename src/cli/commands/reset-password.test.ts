import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { type Database, openDatabase } from '../../server/db/client.ts';
import { auditLog, organisations, outbox, sessions, users } from '../../server/db/schema.ts';
import { hashPassword } from '../../server/lib/passwords.ts';
import { hashToken, newToken } from '../../server/lib/tokens.ts';
import { pgliteTemplateDir, prepareTemplate } from '../../server/testing/test-database.ts';
import { runResetPassword } from './reset-password.ts';

// The command runs on the embedded store in a data folder of its own, as an operator would run it.
describe('trellis reset-password', () => {
  let dir: string;
  let dataDir: string;
  const env = () => ({
    TRELLIS_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://trellis.acme.test',
  });
  const run = async (options: { email: string; org?: string }) => {
    const out = { stdout: '', stderr: '' };
    const sink = (key: 'stdout' | 'stderr') =>
      ({
        write: (text: string) => {
          out[key] += text;
          return true;
        },
      }) as unknown as NodeJS.WritableStream;
    const code = await runResetPassword(options, {
      env: env(),
      stdout: sink('stdout'),
      stderr: sink('stderr'),
    });
    return { code, ...out };
  };
  async function withDatabase<T>(use: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      return await use(database);
    } finally {
      await database.close();
    }
  }

  before(async () => {
    const saved = process.env.TEST_DB_KIND;
    delete process.env.TEST_DB_KIND;
    await prepareTemplate(false);
    if (saved !== undefined) process.env.TEST_DB_KIND = saved;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-cli-reset-'));
    dataDir = path.join(dir, 'data');
    fs.cpSync(pgliteTemplateDir, dataDir, { recursive: true });
    await withDatabase(async ({ db }) => {
      const [acme] = await db.insert(organisations).values({ name: 'Acme', slug: 'acme' }).returning();
      await db.insert(organisations).values({ name: 'Other', slug: 'other' });
      const [ada] = await db
        .insert(users)
        .values({
          organisationId: acme!.id,
          email: 'ada@acme.test',
          name: 'Ada',
          role: 'admin',
          status: 'active',
          passwordHash: await hashPassword('forgotten passphrase'),
        })
        .returning();
      await db.insert(sessions).values({
        tokenHash: hashToken(newToken()),
        userId: ada!.id,
        organisationId: acme!.id,
        expiresAt: new Date(Date.now() + 3_600_000),
      });
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses, changing nothing, while a server holds the data folder', async () => {
    fs.writeFileSync(path.join(dataDir, 'trellis.lock'), String(process.ppid));
    try {
      const result = await run({ email: 'ada@acme.test' });
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(`in use by the running Trellis server \\(pid ${process.ppid}\\)`),
      );
      assert.match(result.stderr, /Stop the server first/);
      assert.equal(result.stdout, '');
    } finally {
      fs.rmSync(path.join(dataDir, 'trellis.lock'), { force: true });
    }
    await withDatabase(async ({ db }) => {
      assert.equal((await db.select().from(sessions)).length, 1, 'nobody was signed out');
      assert.equal((await db.select().from(auditLog)).length, 0);
    });
  });

  it('names what is wrong: a bad email, an unknown account, an organisation that does not match', async () => {
    const bad = await run({ email: 'not-an-email' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^trellis: --email: not an email address/);
    const unknown = await run({ email: 'nobody@acme.test' });
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, 'trellis: no account with the email nobody@acme.test\n');
    const elsewhere = await run({ email: 'ada@acme.test', org: 'other' });
    assert.equal(elsewhere.code, 1);
    assert.equal(
      elsewhere.stderr,
      'trellis: no account with the email ada@acme.test in the organisation other\n',
    );
    const noOrg = await run({ email: 'ada@acme.test', org: 'nope' });
    assert.equal(noOrg.code, 1);
    assert.match(noOrg.stderr, /no organisation with the slug nope/);
  });

  it('prints a one-time link that works once; the account is signed out, told, and the reset audited', async () => {
    const result = await run({ email: 'Ada@Acme.test', org: 'acme' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Ada <ada@acme\.test> \(Acme\) is signed out everywhere/);
    const url = result.stdout.match(/https:\/\/trellis\.acme\.test\/reset-password\/([A-Za-z0-9_-]{40,})/);
    assert.ok(url, result.stdout);
    const token = url[1]!;

    await withDatabase(async (database) => {
      const { db } = database;
      assert.equal((await db.select().from(sessions)).length, 0, 'signed out everywhere');
      const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'user.password_reset'));
      assert.equal(entry?.actorUserId, null);
      assert.deepEqual(entry?.details, { by: 'command line', delivery: 'link' });
      const [notice] = await db.select().from(outbox).where(eq(outbox.toAddress, 'ada@acme.test'));
      assert.equal(notice?.kind, 'password_reset_notice');
      assert.ok(!notice!.textBody.includes(token), 'the owner is told, without the link');

      const { app } = await buildApp({
        config: loadConfig({ ...env(), JOBS_ENABLED: 'false' }),
        database,
        logger: false,
      });
      try {
        const confirm = () =>
          app.inject({
            method: 'POST',
            url: '/api/auth/password-reset/confirm',
            payload: { token, password: 'a remembered passphrase' },
          });
        assert.equal((await confirm()).statusCode, 204);
        assert.equal((await confirm()).statusCode, 410, 'it works once');
        const signIn = await app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { email: 'ada@acme.test', password: 'a remembered passphrase' },
        });
        assert.equal(signIn.statusCode, 200);
      } finally {
        await app.close();
      }
    });
  });
});
