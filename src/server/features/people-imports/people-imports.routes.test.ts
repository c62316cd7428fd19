import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { and, count, eq } from 'drizzle-orm';
import { jobs, people } from '../../db/schema.ts';
import { createPerson, createTwoOrganisations } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { importPeopleIntoOrganisation } from './people-imports.service.ts';

const header =
  'Employee ID,Full Name,Work Email,Job Title,Department,Level,Manager Email,Location,Time Zone,Languages,Hire Date';
// Managers appear after their reports on purpose: row order must not matter.
const company = [
  header,
  'E4,Dana Ivanova,dana@acme.test,Software Engineer,Engineering,3,carl@acme.test,Berlin,Europe/Berlin,"German, English",2023-02-01',
  'E3,Carl Mensah,carl@acme.test,Engineering Manager,Engineering,6,bea@acme.test,Berlin,Europe/Berlin,English,2019-06-10',
  'E2,Bea Nakamura,bea@acme.test,VP Engineering,Engineering,9,ana@acme.test,London,Europe/London,English;Japanese,2016-01-04',
  'E1,Ana Pereira,ana@acme.test,Chief Executive Officer,Executive,10,,London,Europe/London,"English, Portuguese",2014-03-03',
].join('\n');

describe('people import API', () => {
  let t: TestApp;
  let orgId: string;
  let otherOrgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;

  const post = (csv: string, query = '', cookie = admin, url = '/api/people/imports') =>
    t.app.inject({
      method: 'POST',
      url: `${url}${query}`,
      headers: { cookie, 'content-type': 'text/csv' },
      payload: csv,
    });
  const peopleCount = async (organisationId = orgId) =>
    Number(
      (
        (await t.ctx.db
          .select({ n: count() })
          .from(people)
          .where(eq(people.organisationId, organisationId))) as [{ n: number }]
      )[0].n,
    );
  const personByEmail = async (email: string) =>
    (
      await t.ctx.db
        .select()
        .from(people)
        .where(and(eq(people.organisationId, orgId), eq(people.email, email)))
    )[0];

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    otherOrgId = two.other.id;
    admin = two.admin.cookie;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
  });
  after(() => t.close());

  it('imports an HRIS file with managers in any order and builds the reporting line', async () => {
    const response = await post(company, '?fileName=hris.csv');
    assert.equal(response.statusCode, 201, response.body);
    const result = response.json();
    assert.equal(result.status, 'succeeded');
    assert.deepEqual([result.created, result.updated, result.unchanged, result.totalRows], [4, 0, 0, 4]);
    assert.equal(result.mapping.managerEmail, 'Manager Email');
    const dana = await personByEmail('dana@acme.test');
    assert.deepEqual(dana!.languages, ['German', 'English']);
    assert.equal(dana!.hireDate, '2023-02-01');
    const detail = (
      await t.app.inject({ method: 'GET', url: `/api/people/${dana!.id}`, headers: { cookie: member } })
    ).json();
    assert.deepEqual(
      detail.managerChain.map((p: { name: string }) => p.name),
      ['Carl Mensah', 'Bea Nakamura', 'Ana Pereira'],
    );
  });

  it('is idempotent: a re-import creates nothing, and changed rows count as updated', async () => {
    const again = (await post(company)).json();
    assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 4]);
    assert.equal(await peopleCount(), 4);
    // Email case changes and a new title: matched by HRIS id, updated in place.
    const changed = company
      .replace('DANA@acme.test', 'x')
      .replace('dana@acme.test,Software Engineer', 'DANA@ACME.test,Senior Software Engineer');
    const result = (await post(changed)).json();
    assert.deepEqual([result.created, result.updated, result.unchanged], [0, 1, 3]);
    assert.equal((await personByEmail('dana@acme.test'))!.title, 'Senior Software Engineer');
    // Matched by email when the file has no HRIS id column; moving Dana under Bea is an update.
    const byEmail = ['Name,Email,Manager Email', 'Dana Ivanova,dana@acme.test,bea@acme.test'].join('\n');
    const moved = (await post(byEmail)).json();
    assert.deepEqual([moved.created, moved.updated, moved.unchanged], [0, 1, 0]);
    const bea = await personByEmail('bea@acme.test');
    assert.equal((await personByEmail('dana@acme.test'))!.managerId, bea!.id);
    assert.equal(
      (await personByEmail('dana@acme.test'))!.title,
      'Senior Software Engineer',
      'unmapped columns are kept',
    );
    assert.equal(await peopleCount(), 4);
  });

  it('links to managers already in the organisation, by email or HRIS id', async () => {
    const csv = ['Name,Email,Supervisor ID', 'Eli Novak,eli@acme.test,E3'].join('\n');
    assert.equal((await post(csv)).statusCode, 201);
    const carl = await personByEmail('carl@acme.test');
    assert.equal((await personByEmail('eli@acme.test'))!.managerId, carl!.id);
  });

  it('rejects the whole file on any bad row, listing every error with its line, and writes nothing', async () => {
    const before = await peopleCount();
    const csv = [
      header,
      'N1,Fay Good,fay@acme.test,Analyst,Finance,3,ana@acme.test,London,Europe/London,,2024-01-01',
      'N2,No Email,,Analyst,Finance,3,,London,,,',
      'N3,Bad Email,bad@,Analyst,Finance,3,,London,,,',
      'N1,Dup Id,dup@acme.test,Analyst,Finance,3,,London,,,',
      'N5,Dup Email,FAY@acme.test,Analyst,Finance,3,,London,,,',
      'N6,Ghost Boss,ghost@acme.test,Analyst,Finance,3,nobody@acme.test,London,,,',
      'N7,Word Level,word@acme.test,Analyst,Finance,senior,,London,,,',
      'N8,Bad Zone,zone@acme.test,Analyst,Finance,3,,London,Europe/Atlantis,,',
      'N9,Bad Date,date@acme.test,Analyst,Finance,3,,London,,,2024-13-01',
      '"N10","Multi',
      'Line Name",multi@acme.test,Analyst,Finance,3,cyc2@acme.test,London,,,',
      'N11,Cycle Two,cyc2@acme.test,Analyst,Finance,3,multi@acme.test,London,,,',
    ].join('\n');
    const response = await post(csv);
    assert.equal(response.statusCode, 422, response.body);
    const body = response.json();
    assert.equal(body.error.code, 'validation_failed');
    const result = body.error.details;
    assert.equal(result.status, 'rejected');
    const lines = (field: string) =>
      result.errors.filter((e: { field: string }) => e.field === field).map((e: { line: number }) => e.line);
    assert.deepEqual(lines('email'), [3, 4, 6]);
    assert.deepEqual(lines('hrisId'), [5]);
    assert.deepEqual(lines('managerEmail'), [7]);
    assert.deepEqual(lines('level'), [8]);
    assert.deepEqual(lines('timeZone'), [9]);
    assert.deepEqual(lines('hireDate'), [10]);
    assert.deepEqual(lines('manager'), [11, 13]);
    const cycle = result.errors.find((e: { line: number }) => e.line === 11);
    assert.match(cycle.message, /line 11 → line 13 → line 11/);
    assert.match(result.errors.find((e: { line: number }) => e.line === 5).message, /also on line 2/);
    assert.equal(result.errorCount, result.errors.length);
    assert.equal(await peopleCount(), before, 'nothing written');
    assert.equal(await personByEmail('fay@acme.test'), undefined);
    const stored = (
      await t.app.inject({
        method: 'GET',
        url: `/api/people/imports/${result.id}`,
        headers: { cookie: admin },
      })
    ).json();
    assert.equal(stored.status, 'rejected');
    assert.equal(stored.errors.length, result.errors.length);
  });

  it('dry-runs: reports counts or errors and writes nothing', async () => {
    const before = await peopleCount();
    const csv = [header, 'D1,Gus Dry,gus@acme.test,Analyst,Finance,3,ana@acme.test,London,,,'].join('\n');
    const response = await post(csv, '?dryRun=true');
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(
      [response.json().status, response.json().created, response.json().dryRun],
      ['succeeded', 1, true],
    );
    const bad = await post(`${csv}\nD2,Bad,bad,,,,,,,,`, '?dryRun=true');
    assert.equal(bad.statusCode, 200);
    assert.equal(bad.json().status, 'rejected');
    assert.deepEqual(
      bad.json().errors.map((e: { line: number }) => e.line),
      [3],
    );
    assert.equal(await peopleCount(), before);
  });

  it('uses an explicit mapping for headers it cannot guess', async () => {
    const csv = [
      'Matricule;Nom complet;Courriel;Responsable',
      'F1;Hélène Roy;helene@acme.test;ana@acme.test',
    ].join('\n');
    const unmapped = await post(csv);
    assert.equal(unmapped.statusCode, 400);
    assert.match(unmapped.json().error.message, /mapping\.email/);
    const mapping = encodeURIComponent(
      JSON.stringify({
        hrisId: 'Matricule',
        name: 'Nom complet',
        email: 'Courriel',
        managerEmail: 'Responsable',
      }),
    );
    const response = await post(csv, `?mapping=${mapping}`);
    assert.equal(response.statusCode, 201, response.body);
    const helene = await personByEmail('helene@acme.test');
    assert.equal(helene!.hrisId, 'F1');
    assert.equal(helene!.managerId, (await personByEmail('ana@acme.test'))!.id);
  });

  it('accepts a multipart upload with mapping and dry-run fields', async () => {
    const boundary = '----trellis';
    const csv = ['Mail,Who', 'ivy@acme.test,Ivy Chen'].join('\r\n');
    const part = (name: string, value: string, file?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${value}\r\n`;
    const payload =
      part('mapping', JSON.stringify({ email: 'Mail', name: 'Who' })) +
      part('dryRun', 'false') +
      part('file', csv, 'people.csv') +
      `--${boundary}--\r\n`;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/people/imports',
      headers: { cookie: admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().fileName, 'people.csv');
    assert.ok(await personByEmail('ivy@acme.test'));
  });

  it('previews headers, the automatic mapping and the first rows, storing nothing', async () => {
    const rows = Array.from({ length: 15 }, (_, i) => `P${i},Person ${i},p${i}@acme.test`);
    const response = await post(
      ['Worker ID,Preferred Name,Favourite Food', ...rows].join('\n'),
      '',
      admin,
      '/api/people/imports/preview',
    );
    assert.equal(response.statusCode, 200, response.body);
    const preview = response.json();
    assert.deepEqual(preview.mapping, { hrisId: 'Worker ID', name: 'Preferred Name' });
    assert.deepEqual(preview.missingRequired, ['email']);
    assert.deepEqual(preview.unmappedHeaders, ['Favourite Food']);
    assert.equal(preview.sampleRows.length, 10);
    assert.deepEqual(preview.sampleRows[0], {
      'Worker ID': 'P0',
      'Preferred Name': 'Person 0',
      'Favourite Food': 'p0@acme.test',
    });
    assert.equal(preview.totalRows, 15);
  });

  it('answers 400 naming the line of unreadable CSV, and the field of bad options, never 5xx', async () => {
    const broken = await post('Name,Email\nA,a@acme.test\n"B,b@acme.test\n');
    assert.equal(broken.statusCode, 400);
    assert.match(broken.json().error.message, /line 3/);
    const badMapping = await post(company, '?mapping={not json');
    assert.equal(badMapping.statusCode, 400);
    assert.match(badMapping.json().error.message, /querystring\.mapping/);
    const unknownField = await post(company, `?mapping=${encodeURIComponent('{"salary":"Pay"}')}`);
    assert.equal(unknownField.statusCode, 400);
    assert.match(unknownField.json().error.message, /mapping/);
    const badFlag = await post(company, '?dryRun=maybe');
    assert.equal(badFlag.statusCode, 400);
    assert.match(badFlag.json().error.message, /querystring\.dryRun/);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/people/imports',
      headers: { cookie: admin },
      payload: { csv: company },
    });
    assert.equal(json.statusCode, 415);
    const empty = await post('');
    assert.equal(empty.statusCode, 400);
    const noRows = await post('Email,Name\n');
    assert.equal(noRows.statusCode, 201);
    assert.equal(noRows.json().totalRows, 0);
  });

  it('runs in the background with wait=false, showing progress until it finishes', async () => {
    const rows = Array.from(
      { length: 1200 },
      (_, i) => `B${i},Bulk ${i},bulk${i}@acme.test,${i === 0 ? '' : `B${Math.floor(i / 2)}`}`,
    );
    const csv = ['Employee ID,Name,Email,Manager ID', ...rows].join('\n');
    t.clock.advance(60_000); // the history is newest first
    const started = await post(csv, '?wait=false&fileName=bulk.csv');
    assert.equal(started.statusCode, 202, started.body);
    assert.equal(started.json().status, 'running');
    assert.equal(started.json().totalRows, 1200);
    let state = started.json();
    for (let i = 0; i < 500 && state.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = (
        await t.app.inject({
          method: 'GET',
          url: `/api/people/imports/${state.id}`,
          headers: { cookie: admin },
        })
      ).json();
      assert.ok(state.processedRows <= state.totalRows);
    }
    assert.equal(state.status, 'succeeded');
    assert.deepEqual([state.processedRows, state.created], [1200, 1200]);
    // 1,200 new people: the embedded database is analysed within a minute (PostgreSQL's autovacuum does it there).
    const maintenance = await t.ctx.db
      .select({ runAt: jobs.runAt })
      .from(jobs)
      .where(and(eq(jobs.kind, 'database_maintenance'), eq(jobs.status, 'queued')));
    if (t.ctx.dbKind === 'pglite') {
      assert.equal(maintenance.length, 1);
      assert.ok(maintenance[0]!.runAt.getTime() - t.ctx.now().getTime() <= 60_000);
    } else assert.deepEqual(maintenance, []);
    const history = (
      await t.app.inject({ method: 'GET', url: '/api/people/imports?pageSize=2', headers: { cookie: admin } })
    ).json();
    assert.equal(history.items[0].fileName, 'bulk.csv');
    assert.equal(history.pageSize, 2);
    assert.ok(history.total >= 5);
  });

  it('reports progress to a listener as batches are written', async () => {
    const rows = Array.from({ length: 11_000 }, (_, i) => `pg${i}@acme.test,Progress ${i}`);
    const seen: number[] = [];
    const result = await importPeopleIntoOrganisation(
      t.ctx,
      orgId,
      null,
      { csv: ['Email,Name', ...rows].join('\n') },
      (processed, total) => {
        assert.equal(total, 11_000);
        seen.push(processed);
      },
    );
    assert.equal(result.created, 11_000);
    assert.ok(seen.length >= 3, `progress reported ${seen.length} times`);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      seen,
      'progress never goes back',
    );
    assert.equal(seen.at(-1), 11_000);
  });

  it('keeps organisations apart: same emails elsewhere are other people; ids of another organisation are 404', async () => {
    const response = await post(company, '', otherAdmin);
    assert.equal(response.statusCode, 201);
    assert.equal(response.json().created, 4, 'the other organisation gets its own people');
    assert.equal(await peopleCount(otherOrgId), 4);
    const mine = (
      await t.app.inject({ method: 'GET', url: '/api/people/imports?pageSize=1', headers: { cookie: admin } })
    ).json().items[0];
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/api/people/imports/${mine.id}`,
      headers: { cookie: otherAdmin },
    });
    assert.equal(foreign.statusCode, 404);
    const theirs = (
      await t.app.inject({ method: 'GET', url: '/api/people/imports', headers: { cookie: otherAdmin } })
    ).json();
    assert.equal(theirs.total, 1);
    // A manager in another organisation is unknown here.
    await createPerson(t.ctx.db, otherOrgId, {
      name: 'Far Boss',
      email: 'farboss@other.test',
      hrisId: 'FAR',
    });
    const linked = await post(['Name,Email,Manager ID', 'Kim Lee,kim@acme.test,FAR'].join('\n'));
    assert.equal(linked.statusCode, 422);
    assert.match(linked.json().error.details.errors[0].message, /unknown manager/);
  });

  it('answers 401 signed out and 403 to a member on every import route', async () => {
    const routes: [string, string][] = [
      ['POST', '/api/people/imports'],
      ['POST', '/api/people/imports/preview'],
      ['GET', '/api/people/imports'],
      ['GET', `/api/people/imports/${randomUUID()}`],
    ];
    for (const [method, url] of routes) {
      for (const [cookie, status] of [
        [undefined, 401],
        [member, 403],
      ] as const) {
        const response = await t.app.inject({
          method: method as 'GET',
          url,
          headers: {
            ...(cookie ? { cookie } : {}),
            ...(method === 'POST' ? { 'content-type': 'text/csv' } : {}),
          },
          ...(method === 'POST' ? { payload: company } : {}),
        });
        assert.equal(response.statusCode, status, `${method} ${url}`);
      }
    }
  });
});
