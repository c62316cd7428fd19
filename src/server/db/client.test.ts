import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it, mock } from 'node:test';
import { sql } from 'drizzle-orm';
import { pgliteTemplateDir, prepareTemplate } from '../testing/test-database.ts';
import { openDatabase } from './client.ts';

// An acknowledged commit on the embedded database must be on the disk, not in the operating system's cache: a power
// cut or a host crash right after "saved" must not lose it. PostgreSQL asks for that with fsync(); these tests count
// the fsync calls that reach Node (and so the kernel) while rows are committed one by one.
describe('commits on the embedded database', {
  skip: process.env.TEST_DB_KIND === 'postgres' ? 'embedded-store behaviour' : false,
}, () => {
  const folders: string[] = [];
  after(() => {
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });
  const copyOfTemplate = async () => {
    await prepareTemplate(false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-durable-'));
    folders.push(dir);
    fs.cpSync(pgliteTemplateDir, dir, { recursive: true });
    return dir;
  };
  const commitRows = async (dataDir: string, durable: boolean | undefined, rows: number) => {
    const database = await openDatabase({
      kind: 'pglite',
      dataDir,
      ...(durable === undefined ? {} : { durable }),
    });
    await database.db.execute(sql`create table if not exists durability_probe (n integer)`);
    const fsync = mock.method(fs, 'fsyncSync');
    try {
      for (let n = 0; n < rows; n++)
        await database.db.execute(sql`insert into durability_probe values (${n})`);
      return fsync.mock.callCount();
    } finally {
      fsync.mock.restore();
      await database.close();
    }
  };

  it('syncs every commit to the disk by default (the server and the command line)', async () => {
    const dir = await copyOfTemplate();
    const syncs = await commitRows(dir, undefined, 25);
    assert.ok(syncs >= 25, `25 commits, ${syncs} fsync calls`);
    const reopened = await openDatabase({ kind: 'pglite', dataDir: dir });
    const counted = (await reopened.db.execute(
      sql`select count(*)::int as n from durability_probe`,
    )) as unknown as {
      rows: { n: number }[];
    };
    const [row] = counted.rows;
    await reopened.close();
    assert.equal(row!.n, 25);
  });

  it('leaves syncing off only when asked (tests, which throw their folder away)', async () => {
    assert.equal(await commitRows(await copyOfTemplate(), false, 25), 0);
  });

  it('syncs a data folder it has just created, files and folders, before the first commit', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-durable-new-')), 'data');
    folders.push(path.dirname(dir));
    const fsync = mock.method(fs, 'fsyncSync');
    try {
      const database = await openDatabase({ kind: 'pglite', dataDir: dir });
      await database.close();
    } finally {
      fsync.mock.restore();
    }
    const files = fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile());
    assert.ok(
      fsync.mock.callCount() >= files.length,
      `${files.length} files, ${fsync.mock.callCount()} fsync calls`,
    );
  });
});
