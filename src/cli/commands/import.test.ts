import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../server/db/client.ts';
import { careerEvents, organisations, people } from '../../server/db/schema.ts';
import { pgliteTemplateDir, prepareTemplate } from '../../server/testing/test-database.ts';
import { runDemo } from './demo.ts';
import { runImportCareerEvents, runImportPeople } from './import.ts';

// The commands run on the embedded store in a data folder of their own, as a person would run them.
describe('trellis import people / trellis demo', () => {
  let dir: string;
  let dataDir: string;
  const env = () => ({ TRELLIS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        env: env(),
        stdout: {
          write: (text: string) => {
            out.stdout += text;
            return true;
          },
        } as unknown as NodeJS.WritableStream,
        stderr: {
          write: (text: string) => {
            out.stderr += text;
            return true;
          },
        } as unknown as NodeJS.WritableStream,
      },
    };
  };
  const file = (name: string, text: string) => {
    const full = path.join(dir, name);
    fs.writeFileSync(full, text);
    return full;
  };
  const peopleCount = async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      return (await database.db.select().from(people)).length;
    } finally {
      await database.close();
    }
  };

  before(async () => {
    const saved = process.env.TEST_DB_KIND;
    delete process.env.TEST_DB_KIND;
    await prepareTemplate(false);
    if (saved !== undefined) process.env.TEST_DB_KIND = saved;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-cli-import-'));
    dataDir = path.join(dir, 'data');
    fs.cpSync(pgliteTemplateDir, dataDir, { recursive: true });
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await database.db.insert(organisations).values({ name: 'Acme', slug: 'acme' });
    await database.close();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a file into the only organisation and prints the counts', async () => {
    const csv = file(
      'hris.csv',
      ['Employee ID,Name,Email,Manager ID', 'E2,Bea,bea@acme.test,E1', 'E1,Ana,ana@acme.test,'].join('\n'),
    );
    const { out, io: streams } = io();
    assert.equal(await runImportPeople(csv, {}, streams), 0, out.stderr);
    assert.match(out.stdout, /2 rows into Acme: 2 created, 0 updated, 0 unchanged/);
    const again = io();
    assert.equal(await runImportPeople(csv, { org: 'acme' }, again.io), 0);
    assert.match(again.out.stdout, /0 created, 0 updated, 2 unchanged/);
  });

  it('prints every row error with its line and exits 1, writing nothing', async () => {
    const csv = file(
      'bad.csv',
      ['Name,Email,Level', 'Cy,cy@acme.test,3', 'Di,not-an-email,4', 'Ed,ed@acme.test,high'].join('\n'),
    );
    const { out, io: streams } = io();
    assert.equal(await runImportPeople(csv, {}, streams), 1);
    assert.match(out.stderr, /rejected: 2 row error/);
    assert.match(out.stderr, /line 3 \(email\)/);
    assert.match(out.stderr, /line 4 \(level\)/);
    assert.equal(await peopleCount(), 2);
  });

  it('honours --dry-run and --mapping, and names a bad flag', async () => {
    const csv = file('fr.csv', ['Nom;Courriel', 'Zoé;zoe@acme.test'].join('\n'));
    const dry = io();
    assert.equal(
      await runImportPeople(csv, { dryRun: true, mapping: '{"name":"Nom","email":"Courriel"}' }, dry.io),
      0,
      dry.out.stderr,
    );
    assert.match(dry.out.stdout, /Dry run .* 1 created/);
    assert.equal(await peopleCount(), 2);
    const bad = io();
    assert.equal(await runImportPeople(csv, { mapping: '{oops' }, bad.io), 1);
    assert.match(bad.out.stderr, /--mapping/);
    const unknownOrg = io();
    assert.equal(await runImportPeople(csv, { org: 'nope' }, unknownOrg.io), 1);
    assert.match(unknownOrg.out.stderr, /no organisation with the slug "nope"/);
  });

  it('refuses to touch a data folder held by a running server, pointing at the web import', async () => {
    fs.writeFileSync(path.join(dataDir, 'trellis.lock'), String(process.ppid));
    try {
      const csv = file('one.csv', ['Name,Email', 'Flo,flo@acme.test'].join('\n'));
      const { out, io: streams } = io();
      assert.equal(await runImportPeople(csv, {}, streams), 1);
      assert.match(out.stderr, new RegExp(`in use by the running Trellis server \\(pid ${process.ppid}\\)`));
      assert.match(out.stderr, /POST \/api\/people\/imports/);
      const demo = io();
      assert.equal(await runDemo(demo.io), 1);
      assert.match(demo.out.stderr, /in use by the running Trellis server/);
    } finally {
      fs.rmSync(path.join(dataDir, 'trellis.lock'), { force: true });
    }
    assert.equal(await peopleCount(), 2);
  });

  it('imports career events (dry run first), idempotently, and prints row errors with their lines', async () => {
    const eventCount = async () => {
      const database = await openDatabase({ kind: 'pglite', dataDir });
      try {
        return (await database.db.select().from(careerEvents)).length;
      } finally {
        await database.close();
      }
    };
    const csv = file(
      'history.csv',
      [
        'hris_id,email,event,date,from,to,exit_type',
        'E1,,promotion,2022-03-01,4,5,',
        ',bea@acme.test,pay_change,2023-01-01,,,',
      ].join('\n'),
    );
    const dry = io();
    assert.equal(await runImportCareerEvents(csv, { dryRun: true }, dry.io), 0, dry.out.stderr);
    assert.match(dry.out.stdout, /Dry run .* 2 new, 0 corrected, 0 already recorded/);
    assert.equal(await eventCount(), 0);
    const real = io();
    assert.equal(await runImportCareerEvents(csv, {}, real.io), 0, real.out.stderr);
    assert.match(real.out.stdout, /2 career events into Acme: 2 new/);
    const again = io();
    assert.equal(await runImportCareerEvents(csv, {}, again.io), 0);
    assert.match(again.out.stdout, /0 new, 0 corrected, 2 already recorded/);
    assert.equal(await eventCount(), 2);
    const bad = io();
    const badFile = file(
      'bad-history.csv',
      'hris_id,event,date\nE1,promotion,2022-13-01\nE7,exit,2022-01-01\n',
    );
    assert.equal(await runImportCareerEvents(badFile, {}, bad.io), 1);
    assert.match(bad.out.stderr, /line 2 \(date\)/);
    assert.match(bad.out.stderr, /line 3 \(hris_id\): "hris_id": no person with the HRIS id "E7"/);
    assert.equal(await eventCount(), 2);
  });

  it('adds a demo organisation beside the real one, prints its sign-in, and refuses a second', async () => {
    const first = io();
    assert.equal(await runDemo(first.io), 0, first.out.stderr);
    assert.match(first.out.stdout, /360 people/);
    assert.match(first.out.stdout, /email: {4}admin@demo\.trellis\.local/);
    assert.match(first.out.stdout, /password: \S{10,}/);
    const second = io();
    assert.equal(await runDemo(second.io), 1);
    assert.match(second.out.stderr, /already exists/);
    const several = io();
    assert.equal(await runImportPeople(file('x.csv', 'Name,Email\nGil,gil@acme.test\n'), {}, several.io), 1);
    assert.match(several.out.stderr, /several organisations: choose one with --org/);
  });

  it('reads a Windows-1252 export and a UTF-8 one with a byte-order mark, as the web import does', async () => {
    const namesOf = async (emails: string[]) => {
      const database = await openDatabase({ kind: 'pglite', dataDir });
      try {
        const rows = await database.db
          .select({ name: people.name, email: people.email, department: people.department })
          .from(people);
        return rows
          .filter((row) => emails.includes(row.email))
          .sort((a, b) => a.email.localeCompare(b.email));
      } finally {
        await database.close();
      }
    };
    // What Excel writes with "CSV (comma delimited)" on a Western-European Windows: ë = 0xEB, ü = 0xFC.
    const windows1252 = path.join(dir, 'excel.csv');
    fs.writeFileSync(
      windows1252,
      Buffer.from('Name,Email,Department\r\nZo\xEB M\xFCller,zoe.muller@acme.test,R\xE9seau\r\n', 'latin1'),
    );
    const excel = io();
    assert.equal(await runImportPeople(windows1252, { org: 'acme' }, excel.io), 0, excel.out.stderr);
    assert.deepEqual(await namesOf(['zoe.muller@acme.test']), [
      { name: 'Zoë Müller', email: 'zoe.muller@acme.test', department: 'Réseau' },
    ]);

    const withBom = path.join(dir, 'bom.csv');
    fs.writeFileSync(
      withBom,
      `\ufeffName,Email\nJosé Ñúñez,jose@acme.test\nZoë Müller,zoe.muller@acme.test\n`,
    );
    const bom = io();
    assert.equal(await runImportPeople(withBom, { org: 'acme' }, bom.io), 0, bom.out.stderr);
    assert.match(bom.out.stdout, /2 rows into Acme: 1 created, 0 updated, 1 unchanged/);
    assert.deepEqual(
      (await namesOf(['jose@acme.test', 'zoe.muller@acme.test'])).map((row) => row.name),
      ['José Ñúñez', 'Zoë Müller'],
    );
  });
});
