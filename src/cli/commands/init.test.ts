import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { type Database, openDatabase } from '../../server/db/client.ts';
import { organisations, people, users } from '../../server/db/schema.ts';
import { verifyPassword } from '../../server/lib/passwords.ts';
import {
  createTestDatabase,
  pgliteTemplateDir,
  prepareTemplate,
  type TestDatabase,
  testDbKind,
} from '../../server/testing/test-database.ts';
import { type InitOptions, runInit } from './init.ts';

const root = path.resolve(import.meta.dirname, '../../..');
// main.ts imports every command; until they all exist, run a program with only `init` registered.
const mainRuns = ['demo', 'import', 'match', 'solve', 'serve'].every((name) =>
  fs.existsSync(path.join(root, 'src/cli/commands', `${name}.ts`)),
);
const initOnly = `
  const { Command } = await import('commander');
  const { registerInitCommand } = await import('./src/cli/commands/init.ts');
  const program = new Command().name('trellis');
  registerInitCommand(program);
  await program.parseAsync(process.argv.slice(1), { from: 'user' });
`;

function trellis(args: string[], env: Record<string, string | undefined>) {
  const nodeArgs = mainRuns
    ? ['--import', 'tsx', 'src/cli/main.ts', ...args]
    : ['--import', 'tsx', '--input-type=module', '-e', initOnly, '--', ...args];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: undefined, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const password = 'the first admin passphrase';
let dataDir: string;
let testDatabase: TestDatabase | null = null;
let env: Record<string, string>;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-init-'));
  if (testDbKind === 'postgres') {
    testDatabase = await createTestDatabase();
    env = { TRELLIS_DATA_DIR: dataDir, DATABASE_URL: testDatabase.url! };
  } else {
    // A copy of the migrated template starts in a second instead of five.
    await prepareTemplate(false);
    fs.cpSync(pgliteTemplateDir, dataDir, { recursive: true });
    env = { TRELLIS_DATA_DIR: dataDir };
  }
});
after(async () => {
  await testDatabase?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** runInit in this process, with its output captured. */
async function initInProcess(options: InitOptions, extraEnv: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runInit(options, {
    env: { LOG_LEVEL: 'silent', TRELLIS_ADMIN_PASSWORD: password, ...env, ...extraEnv },
    stdin: { isTTY: false } as NodeJS.ReadStream,
    stdout: sink((text) => {
      stdout += text;
    }),
    stderr: sink((text) => {
      stderr += text;
    }),
  });
  return { code, stdout, stderr };
}

async function withDatabase<T>(use: (database: Database) => Promise<T>): Promise<T> {
  if (testDatabase) return use(testDatabase);
  const database = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

describe('trellis init', () => {
  // Refusals that need no second process run in this one (each spawn costs seconds of TypeScript loading).
  test('refuses without a password when there is no terminal to ask in', async () => {
    const result = await initInProcess(
      { org: 'Acme', adminEmail: 'ada@acme.test' },
      { TRELLIS_ADMIN_PASSWORD: '' },
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /TRELLIS_ADMIN_PASSWORD/);
  });

  test('refuses a bad email or a short password, naming what is wrong', async () => {
    const badEmail = await initInProcess({ org: 'Acme', adminEmail: 'not-an-email' });
    assert.equal(badEmail.code, 1);
    assert.match(badEmail.stderr, /--admin-email/);
    const shortPassword = await initInProcess(
      { org: 'Acme', adminEmail: 'ada@acme.test' },
      { TRELLIS_ADMIN_PASSWORD: 'short' },
    );
    assert.equal(shortPassword.code, 1);
    assert.match(shortPassword.stderr, /password: must be at least 10 characters/);
  });

  test('refuses, changing nothing, while a server holds the data folder', {
    skip: testDbKind === 'postgres' && 'the data folder lock is for the embedded database',
  }, async () => {
    // This test process is alive, so its pid in the lock file stands for a running server.
    const lockFile = path.join(dataDir, 'trellis.lock');
    fs.writeFileSync(lockFile, String(process.pid));
    try {
      const result = await trellis(['init', '--org', 'Acme', '--admin-email', 'ada@acme.test'], {
        ...env,
        TRELLIS_ADMIN_PASSWORD: password,
      });
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr.trim(),
        `trellis: the data folder ${fs.realpathSync(dataDir)} is in use by a running Trellis server (pid ${process.pid}). ` +
          'Stop it first, or run the first-run setup in the browser.',
      );
      assert.equal(fs.readFileSync(lockFile, 'utf8'), String(process.pid), 'the lock is left alone');
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
    assert.equal((await withDatabase((database) => database.db.select().from(organisations))).length, 0);
  });

  test('creates the organisation and an admin who can sign in; a second run is refused', async () => {
    const result = await trellis(
      ['init', '--org', 'Acme Mentoring', '--admin-email', 'Ada@Acme.test', '--admin-name', 'Ada Lovelace'],
      { ...env, TRELLIS_ADMIN_PASSWORD: password },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created the organisation Acme Mentoring with Ada Lovelace <ada@acme\.test>/);

    const again = await initInProcess({ org: 'Other', adminEmail: 'eve@acme.test' });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already set up/);

    await withDatabase(async ({ db }) => {
      const orgs = await db.select().from(organisations);
      assert.deepEqual(
        orgs.map((org) => [org.name, org.slug]),
        [['Acme Mentoring', 'acme-mentoring']],
      );
      const [admin, ...others] = await db.select().from(users);
      assert.equal(others.length, 0);
      assert.equal(admin!.email, 'ada@acme.test');
      assert.equal(admin!.role, 'admin');
      assert.equal(admin!.status, 'active');
      assert.ok(await verifyPassword(password, admin!.passwordHash!));
      const [person] = await db.select().from(people);
      assert.equal(person!.id, admin!.personId);
    });
  });
});
