import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../db/client.ts';
import { migrationsFolder, runMigrations } from '../db/migrate.ts';

/**
 * Tests get a fresh, migrated database per file, copied from a template made once per run:
 * PGlite by copying a data folder (creating one costs ~5 s, copying ~0.5 s), PostgreSQL by CREATE DATABASE … TEMPLATE.
 * `scripts/test.mjs` prepares the templates; a test file run on its own makes one on first use.
 */
export const testDbKind: 'pglite' | 'postgres' =
  process.env.TEST_DB_KIND === 'postgres' ? 'postgres' : 'pglite';

const repoTmp = path.resolve(import.meta.dirname, '../../../.tmp');
export const pgliteTemplateDir =
  process.env.TRELLIS_TEST_TEMPLATE_DIR ?? path.join(repoTmp, 'pglite-template');
const postgresTemplateName = process.env.TRELLIS_TEST_PG_TEMPLATE ?? 'trellis_test_template';

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB_KIND=postgres needs TEST_DATABASE_URL');
  return url;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Which migrations a template holds: a template made before a new migration is rebuilt, not reused. */
function migrationsFingerprint(): string {
  const journal = fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8');
  return createHash('sha256').update(journal).digest('hex').slice(0, 16);
}

/** Create the migrated template for the current kind (reused when `fresh` is false and it is up to date). */
export async function prepareTemplate(fresh = true): Promise<void> {
  const fingerprint = migrationsFingerprint();
  if (testDbKind === 'pglite') {
    const marker = path.join(pgliteTemplateDir, 'trellis-migrations.txt');
    if (!fresh && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === fingerprint) return;
    fs.rmSync(pgliteTemplateDir, { recursive: true, force: true });
    const database = await openDatabase({ kind: 'pglite', dataDir: pgliteTemplateDir, durable: false });
    await runMigrations(database);
    await database.close();
    fs.writeFileSync(marker, fingerprint);
    return;
  }
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    const existing = await client.query(
      'select shobj_description(oid, $2) as fingerprint from pg_database where datname = $1',
      [postgresTemplateName, 'pg_database'],
    );
    if (!fresh && existing.rows[0]?.fingerprint === fingerprint) return;
    await client.query(`drop database if exists ${postgresTemplateName} with (force)`);
    await client.query(`create database ${postgresTemplateName}`);
    await client.query(`comment on database ${postgresTemplateName} is '${fingerprint}'`);
  } finally {
    await client.end();
  }
  const database = await openDatabase({
    kind: 'postgres',
    url: withDatabase(adminUrl(), postgresTemplateName),
    poolSize: 1,
  });
  await runMigrations(database);
  await database.close();
}

export interface TestDatabase extends Database {
  /** PostgreSQL only: the database's URL, for a second pool on it (e.g. two job runners in separate pools). */
  url: string | null;
}

/** A fresh migrated database for one test file; close() throws it away. */
export async function createTestDatabase(): Promise<TestDatabase> {
  await prepareTemplate(false);
  if (testDbKind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-test-'));
    fs.cpSync(pgliteTemplateDir, dir, { recursive: true });
    // Durable commits cost an fsync each; a test's folder is thrown away (the durability tests open their own).
    const database = await openDatabase({ kind: 'pglite', dataDir: dir, durable: false });
    return {
      ...database,
      url: null,
      close: async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `trellis_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name} template ${postgresTemplateName}`);
  await admin.end();
  const url = withDatabase(adminUrl(), name);
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 5 });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: adminUrl() });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
