import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, careerEvents, people } from '../../db/schema.ts';
import { createPerson, createTwoOrganisations } from '../../testing/factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('career events import API', () => {
  let t: TestApp;
  let orgId: string;
  let otherOrgId: string;
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let ana: { id: string };
  let bea: { id: string };

  const post = (csv: string, query = '', cookie = admin) =>
    t.app.inject({
      method: 'POST',
      url: `/api/people/imports/career-events${query}`,
      headers: { cookie, 'content-type': 'text/csv' },
      payload: csv,
    });
  const eventsOf = async (organisationId = orgId) =>
    t.ctx.db
      .select()
      .from(careerEvents)
      .where(eq(careerEvents.organisationId, organisationId))
      .orderBy(careerEvents.effectiveOn, careerEvents.kind);

  const good = [
    'hris_id,email,event,date,from,to,exit_type',
    'H1,,promotion,2023-04-01,3,4,',
    ',bea@acme.test,exit,2024-09-30,,,voluntary',
    'H1,ana@acme.test,pay_change,2024-01-01,,,',
    ',bea@acme.test,rehire,2025-01-06,,,',
  ].join('\n');

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    otherOrgId = two.other.id;
    admin = two.admin.cookie;
    member = two.member.cookie;
    otherAdmin = two.otherAdmin.cookie;
    ana = await createPerson(t.ctx.db, orgId, { hrisId: 'H1', email: 'ana@acme.test', level: 4 });
    bea = await createPerson(t.ctx.db, orgId, { hrisId: 'H2', email: 'bea@acme.test' });
    // Another organisation's person with the same HRIS id must never be matched.
    await createPerson(t.ctx.db, otherOrgId, { hrisId: 'H9', email: 'zed@other.test' });
  });
  after(() => t.close());

  it('previews (dry run) without writing, then imports, and a second import of the same file writes nothing', async () => {
    const preview = await post(good, '?dryRun=true&fileName=history.csv');
    assert.equal(preview.statusCode, 200, preview.body);
    const checked = preview.json();
    assert.equal(checked.kind, 'career_events');
    assert.equal(checked.status, 'succeeded');
    assert.deepEqual([checked.created, checked.updated, checked.unchanged], [4, 0, 0]);
    assert.equal((await eventsOf()).length, 0, 'a dry run writes nothing');

    const imported = await post(good, '?fileName=history.csv');
    assert.equal(imported.statusCode, 201, imported.body);
    assert.deepEqual([imported.json().created, imported.json().unchanged], [4, 0]);
    const events = await eventsOf();
    assert.deepEqual(
      events.map((e) => [e.personId, e.kind, e.effectiveOn, e.fromValue, e.toValue, e.exitType, e.source]),
      [
        [ana.id, 'promotion', '2023-04-01', '3', '4', null, 'csv'],
        [ana.id, 'pay_change', '2024-01-01', null, null, null, 'csv'],
        [bea.id, 'exit', '2024-09-30', null, null, 'voluntary', 'csv'],
        [bea.id, 'hire', '2025-01-06', null, null, null, 'csv'],
      ],
    );
    assert.ok(events.every((e) => e.importId === imported.json().id));

    const again = await post(good);
    assert.equal(again.statusCode, 201);
    assert.deepEqual([again.json().created, again.json().updated, again.json().unchanged], [0, 0, 4]);
    const afterAgain = await eventsOf();
    assert.equal(afterAgain.length, 4);
    assert.ok(
      afterAgain.every((e) => e.importId === imported.json().id),
      'rows the second import did not change keep the import that wrote them',
    );

    // A corrected value for the same person, event and day updates that event instead of adding one.
    const corrected = await post(
      ['email,event,date,exit_type', 'bea@acme.test,exit,2024-09-30,involuntary'].join('\n'),
    );
    assert.deepEqual([corrected.json().created, corrected.json().updated], [0, 1]);
    const exits = (await eventsOf()).filter((e) => e.kind === 'exit');
    assert.deepEqual(
      exits.map((e) => e.exitType),
      ['involuntary'],
    );

    const audit = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organisationId, orgId), eq(auditLog.action, 'career_events.imported')));
    assert.equal(audit.length, 3, 'each committed import is audited, dry runs are not');
  });

  it('rejects a file with bad rows: every error with its line and column, nothing written', async () => {
    const before = (await eventsOf()).length;
    const csv = [
      'hris_id,email,event,date,from,to,exit_type',
      'H404,,promotion,2023-01-01,1,2,', // line 2: unknown person
      'H1,,promotion,2023-02-30,1,2,', // line 3: not a date
      'H1,,sabbatical,2023-03-01,,,', // line 4: unknown kind
      'H1,,promotion,2023-03-02,2,3,voluntary', // line 5: exit type on a promotion
      'H1,,exit,2099-01-01,,,', // line 6: in the future
      'H9,,exit,2023-01-01,,,', // line 7: another organisation's person
      'H1,,promotion,2023-05-01,5,4,', // line 8: a promotion to a lower level
      'H2,,job_change,2023-06-01,,,', // line 9: fine on its own
    ].join('\n');
    const response = await post(csv);
    assert.equal(response.statusCode, 422, response.body);
    const result = response.json().error.details;
    assert.equal(result.status, 'rejected');
    assert.deepEqual(
      result.errors.map((e: { line: number; field: string }) => [e.line, e.field]),
      [
        [2, 'hris_id'],
        [3, 'date'],
        [4, 'event'],
        [5, 'exit_type'],
        [6, 'date'],
        [7, 'hris_id'],
        [8, 'to'],
      ],
    );
    assert.match(result.errors[1].message, /"2023-02-30" is not a date/);
    assert.match(result.errors[2].message, /"sabbatical" is not a known event/);
    assert.equal((await eventsOf()).length, before, 'nothing written, not even the good row');

    const dryRun = await post(csv, '?dryRun=true');
    assert.equal(dryRun.statusCode, 200);
    assert.equal(dryRun.json().errorCount, 7);
  });

  it('answers 400 naming the missing column or the unreadable file, and never 5xx', async () => {
    const noDate = await post('hris_id,event\nH1,promotion');
    assert.equal(noDate.statusCode, 400, noDate.body);
    assert.equal(noDate.json().error.details.issues[0].path, 'file.date');
    const noPerson = await post('event,date\npromotion,2023-01-01');
    assert.equal(noPerson.statusCode, 400);
    assert.equal(noPerson.json().error.details.issues[0].path, 'file.hris_id');
    const badQuery = await post('hris_id,event,date\nH1,exit,2023-01-01', '?dryRun=maybe');
    assert.equal(badQuery.statusCode, 400);
    assert.match(JSON.stringify(badQuery.json().error), /dryRun/);
    const unreadable = await post('hris_id,event,date\n"H1,exit,2023-01-01');
    assert.equal(unreadable.statusCode, 400);
  });

  it('lists career imports apart from people imports, and shows one import to its organisation only', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/people/imports?kind=career_events',
      headers: { cookie: admin },
    });
    assert.equal(list.statusCode, 200);
    const items = list.json().items as { kind: string; id: string }[];
    assert.ok(items.length >= 3 && items.every((item) => item.kind === 'career_events'));
    const people = await t.app.inject({
      method: 'GET',
      url: '/api/people/imports?kind=people',
      headers: { cookie: admin },
    });
    assert.equal(people.json().total, 0);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/people/imports/${items[0]!.id}`,
      headers: { cookie: otherAdmin },
    });
    assert.equal(detail.statusCode, 404);
    const otherList = await t.app.inject({
      method: 'GET',
      url: '/api/people/imports?kind=career_events',
      headers: { cookie: otherAdmin },
    });
    assert.equal(otherList.json().total, 0);
  });

  it("shows a person's career history to admins only, and another organisation's person is a 404", async () => {
    const url = `/api/people/${ana.id}/career-events`;
    const mine = await t.app.inject({ method: 'GET', url, headers: { cookie: admin } });
    assert.equal(mine.statusCode, 200, mine.body);
    assert.deepEqual(
      mine
        .json()
        .items.map((e: { kind: string; fromValue: string; toValue: string }) => [
          e.kind,
          e.fromValue,
          e.toValue,
        ]),
      [
        ['promotion', '3', '4'],
        ['pay_change', null, null],
      ],
    );
    assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url, headers: { cookie: member } })).statusCode, 403);
    assert.equal(
      (await t.app.inject({ method: 'GET', url, headers: { cookie: otherAdmin } })).statusCode,
      404,
    );
  });

  it('refuses the import to the signed out (401) and members (403); another organisation cannot reach our people', async () => {
    const csv = 'hris_id,event,date\nH1,exit,2023-01-01';
    const count = (await eventsOf()).length;
    assert.equal(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/people/imports/career-events',
          headers: { 'content-type': 'text/csv' },
          payload: csv,
        })
      ).statusCode,
      401,
    );
    assert.equal((await post(csv, '', member)).statusCode, 403);
    const other = await post(csv, '', otherAdmin);
    assert.equal(other.statusCode, 422, 'H1 is not a person of the other organisation');
    assert.equal(other.json().error.details.errors[0].field, 'hris_id');
    assert.equal((await eventsOf()).length, count);
    assert.equal((await eventsOf(otherOrgId)).length, 0);
  });
});

describe('career events derived from people imports', () => {
  let t: TestApp;
  let admin: string;
  let orgId: string;

  const importPeople = (csv: string, query: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/people/imports${query}`,
      headers: { cookie: admin, 'content-type': 'text/csv' },
      payload: csv,
    });
  const events = async () =>
    t.ctx.db
      .select()
      .from(careerEvents)
      .where(eq(careerEvents.organisationId, orgId))
      .orderBy(careerEvents.kind);

  before(async () => {
    t = await createTestApp();
    const two = await createTwoOrganisations(t.ctx.db);
    orgId = two.org.id;
    admin = two.admin.cookie;
  });
  after(() => t.close());

  const header = 'Employee ID,Full Name,Work Email,Job Title,Department,Level,Hire Date,Status';
  const first = [
    header,
    'E1,Ana Pereira,ana@acme.test,Engineer,Engineering,3,2020-01-06,active',
    'E2,Bea Nakamura,bea@acme.test,Designer,Design,4,2019-05-01,active',
    'E3,Carl Mensah,carl@acme.test,Analyst,Finance,5,2018-02-01,active',
    'E4,Dana Ivanova,dana@acme.test,Writer,Marketing,2,2021-03-01,active',
  ].join('\n');
  const second = [
    header + ',Exit Type',
    'E1,Ana Pereira,ana@acme.test,Senior Engineer,Engineering,4,2020-01-06,active,', // promotion
    'E2,Bea Nakamura,bea@acme.test,Designer,Product,4,2019-05-01,active,', // department change
    'E3,Carl Mensah,carl@acme.test,Analyst,Finance,5,2018-02-01,terminated,voluntary', // exit
    'E4,Dana Ivanova,dana@acme.test,Editor,Marketing,1,2021-03-01,active,', // level down (title follows the level)
  ].join('\n');

  it('writes no event for new people, then one event per change on the effective date; re-running changes nothing', async () => {
    const one = await importPeople(first, '?effectiveOn=2024-01-31');
    assert.equal(one.statusCode, 201, one.body);
    assert.equal(one.json().effectiveOn, '2024-01-31');
    assert.equal((await events()).length, 0, 'new people are hired on their hire date: no event');

    const check = await importPeople(second, '?effectiveOn=2024-06-30&dryRun=true');
    assert.equal(check.json().careerEvents, 4, 'the check says how many events the import implies');
    assert.equal((await events()).length, 0);

    const two = await importPeople(second, '?effectiveOn=2024-06-30');
    assert.equal(two.statusCode, 201, two.body);
    const written = await events();
    const byEmail = new Map(
      (await t.ctx.db.select().from(people).where(eq(people.organisationId, orgId))).map((p) => [
        p.id,
        p.email,
      ]),
    );
    assert.deepEqual(
      written.map((e) => [
        byEmail.get(e.personId),
        e.kind,
        e.effectiveOn,
        e.fromValue,
        e.toValue,
        e.exitType,
      ]),
      [
        ['bea@acme.test', 'department_change', '2024-06-30', 'Design', 'Product', null],
        ['carl@acme.test', 'exit', '2024-06-30', null, null, 'voluntary'],
        ['dana@acme.test', 'level_change', '2024-06-30', '2', '1', null],
        ['ana@acme.test', 'promotion', '2024-06-30', '3', '4', null],
      ],
    );
    assert.ok(written.every((e) => e.source === 'people_import' && e.importId === two.json().id));

    const rerun = await importPeople(second, '?effectiveOn=2024-06-30');
    assert.equal(rerun.statusCode, 201);
    assert.equal(rerun.json().careerEvents, 0);
    assert.equal(rerun.json().unchanged, 4);
    assert.equal((await events()).length, 4, 're-running the second import changes nothing');
  });

  it('refuses an effective date that is not a date or lies in the future (400 naming the field)', async () => {
    const bad = await importPeople(first, '?effectiveOn=2024-13-01');
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(JSON.stringify(bad.json().error), /effectiveOn/);
    const future = await importPeople(first, '?effectiveOn=2999-01-01');
    assert.equal(future.statusCode, 400);
  });

  it('keeps stated demographics (only the columns given; blank is not stated) and shows them to no member', async () => {
    const csv = [
      'Employee ID,Full Name,Work Email,Gender,Age Band,Caring Responsibilities',
      'E1,Ana Pereira,ana@acme.test,Woman,25-34,',
      'E2,Bea Nakamura,bea@acme.test,,,Yes',
    ].join('\n');
    const response = await importPeople(csv, '');
    assert.equal(response.statusCode, 201, response.body);
    const rows = await t.ctx.db.select().from(people).where(eq(people.organisationId, orgId));
    const ana = rows.find((p) => p.email === 'ana@acme.test')!;
    const bea = rows.find((p) => p.email === 'bea@acme.test')!;
    assert.deepEqual(ana.demographics, { gender: 'Woman', ageBand: '25-34' });
    assert.deepEqual(bea.demographics, { caringResponsibilities: 'Yes' });
    // A later file without those columns keeps them; a blank cell in a given column withdraws the answer.
    await importPeople('Employee ID,Full Name,Work Email,Gender\nE1,Ana Pereira,ana@acme.test,', '');
    const after = (await t.ctx.db.select().from(people).where(eq(people.id, ana.id)))[0]!;
    assert.deepEqual(after.demographics, { ageBand: '25-34' });

    const { createSignedInUser } = await import('../../testing/factories.ts');
    const memberUser = await createSignedInUser(t.ctx.db, orgId, { role: 'member' });
    for (const url of [`/api/people/${ana.id}`, '/api/people?pageSize=100']) {
      const seen = await t.app.inject({ method: 'GET', url, headers: { cookie: memberUser.cookie } });
      assert.equal(seen.statusCode, 200);
      assert.doesNotMatch(seen.body, /25-34|demographics/, `${url} shows no demographics to a member`);
    }
  });

  it('refuses an exit type on a person the file keeps active (row error naming the column)', async () => {
    const csv = [
      'Employee ID,Full Name,Work Email,Status,Exit Type',
      'E1,Ana Pereira,ana@acme.test,active,voluntary',
    ].join('\n');
    const response = await importPeople(csv, '');
    assert.equal(response.statusCode, 422);
    assert.deepEqual(
      response.json().error.details.errors.map((e: { line: number; field: string }) => [e.line, e.field]),
      [[2, 'exitType']],
    );
  });
});
